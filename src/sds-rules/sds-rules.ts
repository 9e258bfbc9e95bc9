import { CLASS_RULES, ENROLLMENT_RULES } from './class-rules';
import { ORG_RULES, SESSION_RULES } from './org-rules';
import { RuleCollection, SdsRule, ServedRecord } from './rule-kit';
import { USER_RULES } from './user-rules';

/**
 * School Data Sync's rules, written down once: the data-health report checks what a tenant is served
 * against them, `check` what any provider serves. Each rule names its source.
 */
export const SDS_RULES: readonly SdsRule[] = [
  ...ORG_RULES,
  ...SESSION_RULES,
  ...USER_RULES,
  ...CLASS_RULES,
  ...ENROLLMENT_RULES,
];

/** One broken rule of one record: the value ('' when missing) and the rule it breaks. */
export interface Breach {
  rule: SdsRule;
  value: string;
}

/** Every breach of `record`, a record of `collection` as served, in rule order. */
export function breachesOf(collection: RuleCollection, record: ServedRecord): Breach[] {
  return SDS_RULES.filter((rule) => rule.collection === collection).flatMap((rule) =>
    rule.breaches(record).map((value) => ({ rule, value })),
  );
}
