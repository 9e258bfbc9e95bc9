import { Command, CommandRunner, Option } from 'nest-commander';
import { encodingNamed, TEXT_ENCODINGS, TextEncoding } from '../csv-text/text-decoding';
import { UsageError } from '../usage-error';
import { BundleImporter } from './bundle-importer';
import { printImportReport } from './import-output';
import { ImportReport } from './import-report';
import { ImportProgress } from './import-progress';

interface ImportCommandOptions {
  feed?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  rejected?: string;
  encoding?: TextEncoding;
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
        dryRun: options.dryRun,
        skipInvalid: options.skipInvalid,
        rejectedCsvPath: options.rejected,
        encoding: options.encoding,
        onProgress: (event) => progress.update(event),
      });
    } finally {
      progress.stop();
    }
    printImportReport(report, options.skipInvalid ?? false);
    if (!report.applied && !(report.dryRun && report.errorCount === 0)) process.exitCode = 1;
  }

  @Option({
    flags: '--feed <name>',
    description:
      'the feed (one SIS export) this bundle speaks for; a bulk file only retires its own feed (default: default)',
  })
  parseFeed(value: string): string {
    return value;
  }

  @Option({
    flags: '--dry-run',
    description: 'check the bundle and print what it would change and retire per tenant; change nothing',
  })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--skip-invalid', description: 'import the valid rows; write the rejected ones to a CSV' })
  parseSkipInvalid(): boolean {
    return true;
  }

  @Option({
    flags: '--encoding <encoding>',
    description: `the bundle's files are in ${TEXT_ENCODINGS.join(', ')} (default utf-8; UTF-16 with a byte-order mark is recognised)`,
  })
  parseEncoding(value: string): TextEncoding {
    const encoding = encodingNamed(value);
    if (!encoding) throw new UsageError(`--encoding takes ${TEXT_ENCODINGS.join(', ')}, got "${value}"`);
    return encoding;
  }

  @Option({
    flags: '--rejected <path>',
    description: 'where --skip-invalid writes the rejected rows (default rejected-<time>.csv)',
  })
  parseRejected(value: string): string {
    return value;
  }
}
