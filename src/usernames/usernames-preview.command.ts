import { SubCommand, Option } from 'nest-commander';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../usage-error';
import { MATCH_TARGETS, MatchTarget } from './entra-preview';
import { EntraPreviewService } from './entra-preview.service';
import { readInput, UsernameCommand, UsernameOptions } from './username-command';

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
