// npm run audit [-- --if-available]: the known advisories against the production dependencies (`npm audit
// --omit=dev`). Fails on a high or critical one unless scripts/audit-allowlist.json lists it with a reason and a review
// of the last 180 days (docs/upgrading.md#supply-chain).
//
// Fails closed: when the registry's advisory endpoint does not answer, nothing was checked, and that is a failure.
// --if-available turns that one case into a loud warning, for a machine whose registry mirror has no audit endpoint
// (.ci/run); findings still fail there. --report <file> reads a saved `npm audit --json` instead of running it, and
// --allowlist <file> reads another allow-list (both for the tests).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const BLOCKING_SEVERITIES = new Set(['high', 'critical']);
const REVIEW_VALID_DAYS = 180;
const DAY_MS = 24 * 60 * 60 * 1000;

const { values: options } = parseArgs({
  options: {
    'if-available': { type: 'boolean', default: false },
    report: { type: 'string' },
    allowlist: { type: 'string', default: fileURLToPath(new URL('audit-allowlist.json', import.meta.url)) },
  },
});

/** `npm audit --omit=dev --json`, or the saved report; undefined with the reason when there is no audit result. */
function readAudit() {
  const text = options.report
    ? readFileSync(options.report, 'utf8')
    : spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout;
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return { unavailable: 'npm audit printed no JSON report' };
  }
  if (!report.vulnerabilities) return { unavailable: report.message ?? report.error?.summary ?? 'no audit result' };
  return { report };
}

/** The high and critical advisories of the report, once each, keyed by their GHSA id (or URL). */
function blockingAdvisories(report) {
  const advisories = new Map();
  for (const vulnerability of Object.values(report.vulnerabilities)) {
    for (const via of vulnerability.via) {
      if (typeof via !== 'object' || !BLOCKING_SEVERITIES.has(via.severity)) continue;
      const id = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0] ?? via.url ?? String(via.source);
      advisories.set(id, { id, severity: via.severity, name: via.name, title: via.title, url: via.url });
    }
  }
  return [...advisories.values()];
}

/** The allow-list's entries, each either valid or with what is wrong with it. */
function readAllowlist() {
  const { advisories = [] } = JSON.parse(readFileSync(options.allowlist, 'utf8'));
  return advisories.map((entry) => ({ ...entry, problem: entryProblem(entry) }));
}

function entryProblem({ id, reason, reviewed }) {
  if (!id || !reason || !reviewed) return 'needs an id, a reason and a reviewed date';
  const reviewedAt = Date.parse(reviewed);
  if (Number.isNaN(reviewedAt)) return `reviewed is not a date: ${reviewed}`;
  if (Date.now() - reviewedAt > REVIEW_VALID_DAYS * DAY_MS)
    return `reviewed ${reviewed}, more than ${REVIEW_VALID_DAYS} days ago`;
  return undefined;
}

function main() {
  const { report, unavailable } = readAudit();
  if (unavailable) {
    const line = `npm audit could not check the production dependencies (${unavailable}): no advisory was checked`;
    if (!options['if-available']) return fail(`${line}; failing closed (--if-available warns instead)`);
    return console.warn(`WARNING: ${line}. The supply-chain check did NOT run here.`);
  }
  const allowlist = readAllowlist();
  const invalid = allowlist.filter((entry) => entry.problem);
  const allowed = new Set(allowlist.filter((entry) => !entry.problem).map((entry) => entry.id));
  const advisories = blockingAdvisories(report);
  const blocking = advisories.filter((advisory) => !allowed.has(advisory.id));
  const stale = allowlist.filter((entry) => !advisories.some((advisory) => advisory.id === entry.id));

  const total = report.metadata?.vulnerabilities?.total ?? 0;
  console.log(
    `npm audit --omit=dev: ${total} advisories, ${advisories.length} high or critical, ${blocking.length} not allowed`,
  );
  for (const a of blocking) console.log(`  ${a.severity} ${a.id} in ${a.name}: ${a.title} (${a.url})`);
  for (const e of invalid) console.log(`  allow-list entry ${e.id ?? '(no id)'} ignored: ${e.problem}`);
  for (const e of stale) console.log(`  allow-list entry ${e.id} is no longer reported: remove it`);
  if (blocking.length > 0) fail(`high or critical advisories not in ${options.allowlist}: update, or review and allow`);
}

function fail(message) {
  console.error(message);
  process.exitCode = 1;
}

main();
