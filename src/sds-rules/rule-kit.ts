import { isListed } from './sds-values';

/** What SDS does with a breach: an error drops the whole record, a warning drops only the value. */
export type Severity = 'error' | 'warning';
export type RuleCollection = 'orgs' | 'academicSessions' | 'users' | 'classes' | 'enrollments';
/** A OneRoster record as served (JSON). */
export type ServedRecord = Record<string, unknown>;

export interface SdsRule {
  /** Stable id, e.g. `user.role`. */
  id: string;
  collection: RuleCollection;
  field: string;
  severity: Severity;
  /** What SDS requires, in a few words. */
  rule: string;
  /** Where SDS (or OneRoster, or Microsoft 365) says so. */
  source: string;
  /** What the school or the operator does about it. */
  fix: string;
  /** The offending values of one record ('' for a missing one); empty when the record keeps the rule. */
  breaches(record: ServedRecord): string[];
}

export const text = (value: unknown): string => (typeof value === 'string' ? value : '');
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const strings = (value: unknown): string[] => list(value).map(text);
export const missing = (field: string) => (record: ServedRecord) => (text(record[field]).trim() === '' ? [''] : []);
export const unlisted = (values: ReadonlySet<string>, field: string) => (record: ServedRecord) =>
  record[field] === undefined ? [] : [text(record[field])].filter((value) => !isListed(values, value));
export const refId = (value: unknown) => text((value as ServedRecord | undefined)?.sourcedId);
export const noRef = (field: string) => (record: ServedRecord) => (refId(record[field]) === '' ? [''] : []);
export const emptyRefs = (field: string) => (record: ServedRecord) =>
  list(record[field]).filter((ref) => refId(ref) !== '').length === 0 ? [''] : [];
export const optional = (field: string, ok: (value: string) => boolean) => (record: ServedRecord) => {
  const value = text(record[field]);
  return value !== '' && !ok(value) ? [value] : [];
};

/** RFC 5322 dot-atom addr-spec: the address forms SDS's RFC check takes (no quoted local parts, no comments). */
export const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** E.164: `+`, a country code not starting with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Characters SharePoint refuses in a name: a class team's site and files are named after the class. */
export const GROUP_NAME_REFUSED = /["*:<>?/\\|]/;
export const GROUP_NAME_MAX = 256;
