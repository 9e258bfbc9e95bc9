import { Command, CommandRunner, Option } from 'nest-commander';
import { formatPhaseLine } from '../logging/phase-timer';
import { BundleImporter } from './bundle-importer';
import { formatProblem } from './import-problem';
import { ImportReport } from './import-report';
import { ImportProgress } from './import-progress';

const SHOWN_ERRORS = 200;

interface ImportCommandOptions {
  feed?: string;
  skipInvalid?: boolean;
  rejected?: string;
}

@Command({
  name: 'import',
  arguments: '<source>',
  description: 'Import a OneRoster 1.1 CSV bundle (a folder or a .zip holding manifest.csv and the CSV files)',
})
export class ImportCommand extends CommandRunner {
  constructor(private readonly importer: BundleImporter) {
    super();
  }

  async run([source]: string[], options: ImportCommandOptions): Promise<void> {
    const progress = new ImportProgress(process.stderr);
    let report: ImportReport;
    try {
      report = await this.importer.importBundle(source, {
        feed: options.feed,
        skipInvalid: options.skipInvalid,
        rejectedCsvPath: options.rejected,
        onProgress: (event) => progress.update(event),
      });
    } finally {
      progress.stop();
    }
    this.print(report, options.skipInvalid ?? false);
    if (!report.applied) process.exitCode = 1;
  }

  private print(report: ImportReport, skipInvalid: boolean) {
    const err = (line: string) => process.stderr.write(`${line}\n`);
    for (const warning of report.warnings) err(`warning: ${formatProblem(warning)}`);
    for (const error of report.errors.slice(0, SHOWN_ERRORS)) err(`error: ${formatProblem(error)}`);
    if (report.errorCount > SHOWN_ERRORS) {
      err(
        `… and ${report.errorCount - SHOWN_ERRORS} more errors${report.rejectedCsvPath ? ` (all in ${report.rejectedCsvPath})` : ''}`,
      );
    }
    const rows = Object.entries(report.files).map(([file, s]) => ({
      file,
      mode: s.mode,
      rows: s.rows,
      rejected: s.rejected,
      inserted: s.inserted ?? 0,
      updated: s.updated ?? 0,
      unchanged: s.unchanged ?? 0,
      tobedeleted: s.deleted ?? 0,
    }));
    if (rows.length > 0) console.table(rows);
    if (report.phaseSeconds) console.log(formatPhaseLine(report.phaseSeconds));
    if (report.rejectedCsvPath) err(`rejected rows and reasons written to ${report.rejectedCsvPath}`);
    const advice = skipInvalid
      ? 'Some concern the manifest or a whole file, which --skip-invalid cannot set aside; fix those.'
      : 'Fix them, or use --skip-invalid to import the valid rows.';
    const verdict = report.applied
      ? `Imported (import ${report.importId}).`
      : `Rejected: ${report.errorCount} error(s); nothing was changed. ${advice}`;
    (report.applied ? console.log : err)(verdict);
  }

  @Option({
    flags: '--feed <name>',
    description:
      'the feed (one SIS export) this bundle speaks for; a bulk file only retires its own feed (default: default)',
  })
  parseFeed(value: string): string {
    return value;
  }

  @Option({ flags: '--skip-invalid', description: 'import the valid rows; write the rejected ones to a CSV' })
  parseSkipInvalid(): boolean {
    return true;
  }

  @Option({
    flags: '--rejected <path>',
    description: 'where --skip-invalid writes the rejected rows (default rejected-<time>.csv)',
  })
  parseRejected(value: string): string {
    return value;
  }
}
