import { stringify } from 'csv-stringify/sync';
import { guardFormula } from '../usernames/review-csv';
import { HealthReport, ReportLine } from './health-report';
import { reportHtml } from './report-html';

export const REPORT_FORMATS = ['csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CSV_COLUMNS: [string, keyof ReportLine][] = [
  ['school', 'school'],
  ['collection', 'collection'],
  ['sourcedId', 'sourcedId'],
  ['severity', 'severity'],
  ['rule', 'rule'],
  ['field', 'field'],
  ['value', 'value'],
  ['effect', 'effect'],
  ['what to do', 'fix'],
  ['source', 'source'],
];

/** The report as a file: CSV (UTF-8 with BOM for Excel, one line per breach), JSON, or one self-contained HTML page. */
export function formatReport(report: HealthReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'html') return reportHtml(report);
  const rows = report.lines.map((line) => CSV_COLUMNS.map(([, key]) => guardFormula(line[key])));
  return '\uFEFF' + stringify([CSV_COLUMNS.map(([title]) => title), ...rows], { record_delimiter: '\r\n' });
}

/** A few lines for the terminal: the totals and each school's. */
export function reportSummary(report: HealthReport): string {
  const { errors, warnings } = report.totals;
  if (errors + warnings === 0) {
    const read = Object.entries(report.checked).map(([collection, n]) => `${n} ${collection}`);
    return `Tenant ${report.tenant}: nothing SDS would reject or warn about (${read.join(', ')} checked).`;
  }
  return [
    `Tenant ${report.tenant}: ${errors} error(s) (SDS drops the record), ${warnings} warning(s) (SDS drops the value).`,
    ...report.schools.map((s) => `  ${s.school}: ${s.errors} error(s), ${s.warnings} warning(s)`),
  ].join('\n');
}
