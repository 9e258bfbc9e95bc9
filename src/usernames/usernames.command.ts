import { Injectable } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { decodeFile, encodingNamed, TEXT_ENCODINGS, TextEncoding } from '../csv-text/text-decoding';
import { UsageError } from '../usage-error';
import { MATCH_TARGETS, MatchTarget } from './entra-preview';
import { EntraPreviewService } from './entra-preview.service';
import { EntraReservationsService } from './entra-reservations.service';
import { UsernameChange, UsernameChangesService } from './username-changes.service';
import { UsernameReviewService } from './username-review.service';

interface UsernameOptions {
  tenant?: string;
  output?: string;
  clearEmpty?: boolean;
  apply?: boolean;
  yes?: boolean;
  json?: boolean;
  encoding?: TextEncoding;
  entra?: string;
  out?: string;
  match?: MatchTarget;
}

/** Every usernames subcommand: --tenant (required) and --json. */
@Injectable()
abstract class UsernameCommand extends CommandRunner {
  @Option({ flags: '--tenant <id>', description: 'the tenant (school board)' })
  parseTenant(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }

  @Option({
    flags: '--encoding <encoding>',
    description: `the file read is in ${TEXT_ENCODINGS.join(', ')} (default utf-8; UTF-16 with a byte-order mark is recognised)`,
  })
  parseEncoding(value: string): TextEncoding {
    const encoding = encodingNamed(value);
    if (!encoding) throw new UsageError(`--encoding takes ${TEXT_ENCODINGS.join(', ')}, got "${value}"`);
    return encoding;
  }

  protected tenantOf(options: UsernameOptions): string {
    if (!options.tenant) throw new UsageError('--tenant <id> is required');
    return options.tenant;
  }
}

@SubCommand({
  name: 'export',
  description: 'Write the username review CSV (UTF-8 with BOM, for Excel) to --output or standard output',
})
export class UsernamesExportCommand extends UsernameCommand {
  constructor(private readonly review: UsernameReviewService) {
    super();
  }

  async run(_args: string[], options: UsernameOptions): Promise<void> {
    const csv = await this.review.export(this.tenantOf(options));
    if (!options.output) return void process.stdout.write(csv);
    await writeFile(options.output, csv, 'utf8');
    console.error(
      `Wrote ${options.output}: fill in "corrected username" where an existing account differs, then: usernames import --tenant ${options.tenant} ${options.output}`,
    );
  }

  @Option({ flags: '--output <file>', description: 'file to write (default: standard output)' })
  parseOutput(value: string) {
    return value;
  }
}

@SubCommand({
  name: 'import',
  arguments: '<file>',
  description: 'Read back a review CSV: corrections win over the format; a file with any wrong line changes nothing',
})
export class UsernamesImportCommand extends UsernameCommand {
  constructor(private readonly review: UsernameReviewService) {
    super();
  }

  async run([file]: string[], options: UsernameOptions): Promise<void> {
    const report = await this.review.import(this.tenantOf(options), await readInput(file, options.encoding), {
      clearEmpty: options.clearEmpty,
    });
    if (options.json) return void console.log(JSON.stringify(report, null, 2));
    console.log(
      `Applied: ${report.corrected} corrected, ${report.cleared} correction(s) cleared` +
        `${report.regenerated ? ` (${report.regenerated} new name(s) from the format)` : ''}, ${report.unchanged} unchanged.`,
    );
  }

  @Option({
    flags: '--clear-empty',
    description: 'an empty "corrected username" drops an earlier correction (default: keeps it)',
  })
  parseClearEmpty() {
    return true;
  }
}

@SubCommand({
  name: 'reserve',
  arguments: '<file>',
  description: 'Reserve the accounts of an Entra admin center user export; propose matches in the next review export',
})
export class UsernamesReserveCommand extends UsernameCommand {
  constructor(private readonly reservations: EntraReservationsService) {
    super();
  }

  async run([file]: string[], options: UsernameOptions): Promise<void> {
    const report = await this.reservations.reserve(this.tenantOf(options), await readInput(file, options.encoding));
    if (options.json) return void console.log(JSON.stringify(report, null, 2));
    console.log(
      `Reserved ${report.reserved} account(s); ignored ${report.otherDomains} in other domains and ${report.skippedGuests} guest(s).`,
    );
    console.log(
      `${report.proposals} correction(s) proposed in the next review export (usernames export --tenant ${options.tenant}).`,
    );
    for (const a of report.ambiguous) console.log(`  ambiguous: ${a.sourcedId} ${a.name}: ${a.accounts.join(', ')}`);
    for (const c of report.conflicts)
      console.log(
        `  conflict: ${c.sourcedId} ${c.name} has ${c.username}, an existing account of ${c.account}: correct it in the review file`,
      );
  }
}

@SubCommand({
  name: 'preview',
  description:
    "Before SDS's first run: who matches an existing Entra account, who SDS creates, whose name is a stranger's account, who collides; written as the review CSV (correct it, then usernames import)",
})
export class UsernamesPreviewCommand extends UsernameCommand {
  constructor(private readonly previews: EntraPreviewService) {
    super();
  }

  async run(_args: string[], options: UsernameOptions): Promise<void> {
    const tenant = this.tenantOf(options);
    if (!options.entra)
      throw new UsageError('--entra <users.csv> is required (Entra admin center: Users, Download users)');
    const preview = await this.previews.preview(
      tenant,
      await readInput(options.entra, options.encoding),
      options.match ?? 'upn',
    );
    const summary = Object.entries(preview.counts)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    if (options.json) return void console.log(JSON.stringify({ counts: preview.counts }, null, 2));
    if (!options.out) return void process.stdout.write(preview.csv);
    await writeFile(options.out, preview.csv, 'utf8');
    console.error(
      `${summary}.\nWrote ${options.out}: fill in "corrected username" where needed (see "SDS preview"), then: usernames import --tenant ${tenant} ${options.out}`,
    );
  }

  @Option({ flags: '--entra <file>', description: 'the Entra admin center user export (CSV)' })
  parseEntra(value: string) {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'file to write (default: standard output)' })
  parseOut(value: string) {
    return value;
  }

  @Option({
    flags: '--match <upn|mail>',
    description: "what SDS matches the username against: the account's userPrincipalName (default) or its mail",
  })
  parseMatch(value: string): MatchTarget {
    if (!(MATCH_TARGETS as readonly string[]).includes(value))
      throw new UsageError(`--match takes ${MATCH_TARGETS.join(' or ')}, got "${value}"`);
    return value as MatchTarget;
  }
}

@SubCommand({
  name: 'changes',
  description: 'List who would get another username because their name changed; --apply renames them',
})
export class UsernamesChangesCommand extends UsernameCommand {
  constructor(private readonly changes: UsernameChangesService) {
    super();
  }

  async run(_args: string[], options: UsernameOptions): Promise<void> {
    const tenant = this.tenantOf(options);
    const changed = options.apply
      ? await this.changes.apply(tenant)
      : (await this.changes.plan(tenant)).filter(isRename);
    if (options.json) return void console.log(JSON.stringify({ applied: !!options.apply, changes: changed }, null, 2));
    printChanges(changed);
    console.log(
      options.apply
        ? `Renamed ${changed.length} person(s).`
        : changed.length
          ? 'Nothing changed: run again with --apply to rename them.'
          : 'Nobody would get another name.',
    );
  }

  @Option({ flags: '--apply', description: 'rename the people listed' })
  parseApply() {
    return true;
  }
}

@SubCommand({
  name: 'regenerate',
  description:
    "Show every generated username before and after the tenant's current format; applies only when confirmed",
})
export class UsernamesRegenerateCommand extends UsernameCommand {
  constructor(private readonly changes: UsernameChangesService) {
    super();
  }

  async run(_args: string[], options: UsernameOptions): Promise<void> {
    const tenant = this.tenantOf(options);
    const plan = await this.changes.plan(tenant);
    const renames = plan.filter(isRename);
    if (options.json && !options.yes)
      return void console.log(JSON.stringify({ applied: false, changes: plan }, null, 2));
    if (!options.json) printChanges(plan);
    if (renames.length === 0) return void console.log('Every generated username already follows the format.');
    if (!(options.yes || (await confirm(`Rename ${renames.length} of ${plan.length} people? [y/N] `)))) {
      return void console.log('Nothing changed. (Run with --yes to apply without asking.)');
    }
    const applied = await this.changes.apply(tenant);
    console.log(
      options.json
        ? JSON.stringify({ applied: true, changes: applied }, null, 2)
        : `Renamed ${applied.length} person(s).`,
    );
  }

  @Option({ flags: '--yes', description: 'apply without asking' })
  parseYes() {
    return true;
  }
}

@Command({
  name: 'usernames',
  description: 'Review, correct and reserve the usernames served to School Data Sync',
  subCommands: [
    UsernamesExportCommand,
    UsernamesImportCommand,
    UsernamesReserveCommand,
    UsernamesPreviewCommand,
    UsernamesChangesCommand,
    UsernamesRegenerateCommand,
  ],
})
export class UsernamesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}

export const USERNAME_COMMANDS = [
  UsernamesCommand,
  UsernamesExportCommand,
  UsernamesImportCommand,
  UsernamesReserveCommand,
  UsernamesPreviewCommand,
  UsernamesChangesCommand,
  UsernamesRegenerateCommand,
];

const isRename = (change: UsernameChange) => change.before !== change.after;

function printChanges(changes: UsernameChange[]) {
  for (const c of changes)
    console.log(`${c.sourcedId}\t${c.role}\t${c.name}\t${c.before}${isRename(c) ? ` → ${c.after}` : ' (unchanged)'}`);
}

/** The file's bytes, or its text when its encoding is declared (the readers check undeclared bytes as UTF-8). */
async function readInput(file: string | undefined, encoding?: TextEncoding): Promise<Buffer | string> {
  if (!file) throw new UsageError('give the CSV file to read');
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return encoding && encoding !== 'utf-8' ? decodeFile(bytes, encoding) : bytes;
}

/** Asks on a terminal; without one (a script, CI) the answer is no. */
async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
