import { Breach } from '../sds-rules/sds-rules';
import { RuleCollection, Severity } from '../sds-rules/rule-kit';

/** One value SDS would refuse in what a tenant is served: the record, the rule and what to do. */
export interface ReportLine {
  collection: RuleCollection;
  sourcedId: string;
  /** The school the record belongs to, by name where the tenant serves it. */
  school: string;
  rule: string;
  severity: Severity;
  field: string;
  value: string;
  /** What SDS does: drops the record (error) or the value (warning). */
  effect: string;
  fix: string;
  source: string;
}

export interface SchoolTotals {
  school: string;
  errors: number;
  warnings: number;
}

/** The data-health report of one tenant: every breach of SDS's rules in what it is served. */
export interface HealthReport {
  tenant: string;
  generatedAt: string;
  /** Active records read, per collection. */
  checked: Record<RuleCollection, number>;
  totals: { errors: number; warnings: number };
  schools: SchoolTotals[];
  lines: ReportLine[];
}

const EFFECT: Record<Severity, string> = {
  error: 'SDS drops the record',
  warning: 'SDS drops the value',
};

export function reportLine(collection: RuleCollection, sourcedId: string, school: string, breach: Breach): ReportLine {
  const { rule, value } = breach;
  return {
    collection,
    sourcedId,
    school,
    rule: rule.id,
    severity: rule.severity,
    field: rule.field,
    value,
    effect: EFFECT[rule.severity],
    fix: rule.fix,
    source: rule.source,
  };
}

/** Errors and warnings per school, by school name. */
export function schoolTotals(lines: readonly ReportLine[]): SchoolTotals[] {
  const bySchool = new Map<string, SchoolTotals>();
  for (const line of lines) {
    const totals = bySchool.get(line.school) ?? { school: line.school, errors: 0, warnings: 0 };
    if (line.severity === 'error') totals.errors++;
    else totals.warnings++;
    bySchool.set(line.school, totals);
  }
  const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return [...bySchool.values()].sort((a, b) => byName.compare(a.school, b.school));
}
