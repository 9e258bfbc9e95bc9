import { Command, CommandRunner, Option } from 'nest-commander';
import { writeFile } from 'node:fs/promises';
import { UsageError } from '../usage-error';
import { HealthReportService } from './health-report.service';
import { formatReport, REPORT_FORMATS, ReportFormat, reportSummary } from './report-formats';

interface ReportOptions {
  tenant?: string;
  format?: ReportFormat;
  out?: string;
}

@Command({
  name: 'report',
  description:
    'Data-health report of a tenant: every record School Data Sync would reject (error) or whose value it would drop (warning), with the rule, the value and what to do, plus totals per school',
})
export class ReportCommand extends CommandRunner {
  constructor(private readonly reports: HealthReportService) {
    super();
  }

  async run(_args: string[], options: ReportOptions): Promise<void> {
    if (!options.tenant) throw new UsageError('--tenant <id> is required');
    const report = await this.reports.report(options.tenant);
    const text = formatReport(report, options.format ?? 'csv');
    if (!options.out) return void process.stdout.write(text);
    await writeFile(options.out, text, 'utf8');
    console.error(`${reportSummary(report)}\nWrote ${options.out}.`);
  }

  @Option({ flags: '--tenant <id>', description: 'the tenant (school board)' })
  parseTenant(value: string) {
    return value;
  }

  @Option({ flags: '--format <format>', description: `${REPORT_FORMATS.join(', ')} (default csv)` })
  parseFormat(value: string): ReportFormat {
    if (!(REPORT_FORMATS as readonly string[]).includes(value))
      throw new UsageError(`--format takes ${REPORT_FORMATS.join(', ')}, got "${value}"`);
    return value as ReportFormat;
  }

  @Option({ flags: '--out <file>', description: 'file to write (default: standard output); prints a summary' })
  parseOut(value: string) {
    return value;
  }
}
