import { CheckReport, CheckResult, CheckStep } from './provider-check';

const MARK: Record<CheckResult['status'], string> = { pass: '✔', fail: '✖', warn: '⚠', skip: '○' };
const STEP: Record<CheckStep, string> = { url: 'URL', credentials: 'Credentials', data: 'Data access', sweep: 'Sweep' };

/** The report for a person: one line per result, then its reason, hint and examples, indented. */
export function formatReport(report: CheckReport): string {
  const lines = [`Checking ${report.baseUrl} (token URL ${report.tokenUrl})`];
  for (const result of report.results) {
    const count = result.status === 'warn' && result.count !== undefined ? `: ${result.count}` : '';
    lines.push(
      `${MARK[result.status]} ${STEP[result.step]}: ${result.title}${count}${result.status === 'skip' ? ' (not checked)' : ''}`,
    );
    if (result.reason && result.status !== 'skip') lines.push(`    reason: ${result.reason}`);
    else if (result.reason) lines.push(`    ${result.reason}`);
    for (const example of result.examples ?? []) lines.push(`    e.g. ${example}`);
    if (result.hint) lines.push(`    hint: ${result.hint}`);
  }
  const failures = report.results.filter((r) => r.status === 'fail').length;
  const warnings = report.results.filter((r) => r.status === 'warn').length;
  lines.push(
    report.ok
      ? `All checks passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`
      : `${failures} check${failures > 1 ? 's' : ''} failed; SDS would refuse this connection.`,
  );
  return lines.join('\n');
}
