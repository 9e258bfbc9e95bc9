import { formatPhaseLine } from '../logging/phase-timer';
import { formatProblem } from './import-problem';
import { ImportReport } from './import-report';
import { GUARDED, RemovalDiff } from './removal-guard';

const SHOWN_ERRORS = 200;
const err = (line: string) => process.stderr.write(`${line}\n`);

/** What an import did, for a person: problems on standard error, the table and the verdict. */
export function printImportReport(report: ImportReport, skipInvalid: boolean): void {
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
  if (report.diff) printRemovalDiff(report.diff);
  const verdict = verdictOf(report, skipInvalid);
  (report.applied || report.dryRun ? console.log : err)(verdict);
}

function verdictOf(report: ImportReport, skipInvalid: boolean): string {
  const unchanged = report.unchangedSince
    ? ` The bundle is the one import ${report.unchangedSince} published: nothing changed.`
    : '';
  if (report.applied) return `Imported (import ${report.importId}).${unchanged}`;
  if (report.errorCount > 0) {
    const advice = skipInvalid
      ? 'Some concern the manifest or a whole file, which --skip-invalid cannot set aside; fix those.'
      : 'Fix them, or use --skip-invalid to import the valid rows.';
    return `Rejected: ${report.errorCount} error(s); nothing was changed. ${advice}`;
  }
  if (report.dryRun) return `Dry run: nothing was changed (import ${report.importId}).${unchanged}`;
  return (
    `Held: the import would remove more of a tenant's records than the guard allows; nothing was published. ` +
    `Review it (imports show ${report.importId}), then publish it (imports approve ${report.importId}) ` +
    `or drop it (imports discard ${report.importId}).`
  );
}

/** Per tenant and collection: how many of its active records the import retires, where, and the first of them. */
export function printRemovalDiff(diff: RemovalDiff): void {
  for (const tenant of diff.tenants) {
    for (const collection of GUARDED) {
      const { active, removed, bySchool, first } = tenant.collections[collection];
      if (removed === 0) continue;
      const share = active ? ` (${((100 * removed) / active).toFixed(1)}%)` : '';
      const { percent, minimum } = tenant.threshold;
      const flag = tenant.overThreshold.includes(collection)
        ? `  OVER THE GUARD (more than ${percent}% and more than ${minimum})`
        : '';
      console.log(
        `tenant ${tenant.tenantId}: ${collection}: ${removed} of ${active} active would be removed${share}${flag}`,
      );
      for (const [school, count] of Object.entries(bySchool)) console.log(`  ${school}: ${count}`);
      if (first.length) console.log(`  first: ${first.join(', ')}`);
    }
  }
  if (diff.tenants.every((tenant) => GUARDED.every((c) => tenant.collections[c].removed === 0)))
    console.log("No tenant's active users, classes or enrollments would be removed from its view.");
}
