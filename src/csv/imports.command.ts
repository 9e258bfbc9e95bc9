import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { BundleImporter } from './bundle-importer';
import { printImportReport, printRemovalDiff } from './import-output';
import { ImportsService } from './imports.service';

interface ImportsOptions {
  json?: boolean;
}

abstract class ImportsSubcommand extends CommandRunner {
  @Option({ flags: '--json', description: 'print one JSON document' })
  parseJson() {
    return true;
  }
}

@SubCommand({ name: 'list', description: 'Recent imports: feed, state (applied, held, rejected, …), when' })
export class ImportListCommand extends ImportsSubcommand {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async run(_args: string[], options: ImportsOptions): Promise<void> {
    const runs = await this.imports.list();
    if (options.json) return void console.log(JSON.stringify(runs, null, 2));
    if (runs.length === 0) return void console.log('No imports yet: npm run cli -- import <bundle> [--feed <name>]');
    console.table(
      runs.map((run) => ({
        id: run.id,
        feed: run.feed,
        state: run.state,
        started: run.startedAt,
        finished: run.finishedAt ?? '',
      })),
    );
  }
}

@SubCommand({
  name: 'show',
  arguments: '<id>',
  description: 'One import: its files, and for a held one what it would remove',
})
export class ImportShowCommand extends ImportsSubcommand {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async run([id]: string[], options: ImportsOptions): Promise<void> {
    const run = await this.imports.show(id);
    if (options.json) return void console.log(JSON.stringify(run, null, 2));
    console.log(`import ${run.id}: ${run.state} (feed ${run.feed}, ${run.source})`);
    console.log(`  started ${run.startedAt}${run.finishedAt ? `, finished ${run.finishedAt}` : ''}`);
    if (run.diff) printRemovalDiff(run.diff);
  }
}

@SubCommand({ name: 'approve', arguments: '<id>', description: 'Publish a held import exactly as its diff showed' })
export class ImportApproveCommand extends ImportsSubcommand {
  constructor(private readonly importer: BundleImporter) {
    super();
  }

  async run([id]: string[], options: ImportsOptions): Promise<void> {
    const report = await this.importer.approveHeld(id);
    if (options.json) return void console.log(JSON.stringify(report, null, 2));
    printImportReport(report, false);
  }
}

@SubCommand({ name: 'discard', arguments: '<id>', description: 'Drop a held import: nothing of it is published' })
export class ImportDiscardCommand extends ImportsSubcommand {
  constructor(private readonly imports: ImportsService) {
    super();
  }

  async run([id]: string[], options: ImportsOptions): Promise<void> {
    await this.imports.discard(id);
    console.log(
      options.json ? JSON.stringify({ discarded: id }) : `Discarded import ${id}; nothing of it was published.`,
    );
  }
}

export const IMPORTS_SUBCOMMANDS = [ImportListCommand, ImportShowCommand, ImportApproveCommand, ImportDiscardCommand];

@Command({
  name: 'imports',
  description: 'Past and held imports: list, show, approve or discard',
  subCommands: IMPORTS_SUBCOMMANDS,
})
export class ImportsCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
  }
}
