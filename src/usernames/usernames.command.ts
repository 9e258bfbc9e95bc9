import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { readInput, UsernameCommand, UsernameOptions } from './username-command';
import { UsernamesPreviewCommand } from './usernames-preview.command';
import { EntraReservationsService } from './entra-reservations.service';
import { UsernameChange, UsernameChangesService } from './username-changes.service';
import { UsernameReviewService } from './username-review.service';

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
