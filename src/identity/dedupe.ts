import { ENTRA_LOCAL_PART_MAX, isValidLocalPart, truncateLocalPart, validateMaxLength } from './upn-normalize';

/** How many numbers `nextFreeUsername` tries before it gives up. */
export const MAX_SUFFIX_ATTEMPTS = 100_000;

/**
 * The n-th candidate for a base local part: `base` for n = 1, then `base2`, `base3`, …
 * The base is cut (never the number) so the whole fits in `maxLength`, and a cut base never ends in
 * a separator before the number. Throws a RangeError if `base` is not a valid local part, `n` is not a
 * positive integer or its digits leave no room for the base.
 */
export function withSuffix(base: string, n: number, maxLength: number = ENTRA_LOCAL_PART_MAX): string {
  validateMaxLength(maxLength);
  const problem = isValidLocalPart(base, ENTRA_LOCAL_PART_MAX);
  if (problem !== null) throw new RangeError(`Username base ${JSON.stringify(base)} ${problem}`);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Username suffix must be a positive integer, got ${n}`);
  const digits = n === 1 ? '' : String(n);
  if (digits.length >= maxLength) throw new RangeError(`Username suffix ${n} does not fit in ${maxLength} characters`);
  return truncateLocalPart(base, maxLength - digits.length) + digits;
}

/**
 * The first of `withSuffix(base, 1)`, `withSuffix(base, 2)`, … that `isTaken` refuses.
 * Candidates are lower case, so `isTaken` must compare case-insensitively (store taken names lower-cased).
 * Throws after `MAX_SUFFIX_ATTEMPTS` taken candidates.
 */
export function nextFreeUsername(
  base: string,
  isTaken: (candidate: string) => boolean,
  maxLength: number = ENTRA_LOCAL_PART_MAX,
): string {
  return firstFree(base, isTaken, maxLength, 1).name;
}

/** The first candidate from the `from`-th on that `isTaken` refuses, with its number. */
function firstFree(
  base: string,
  isTaken: (candidate: string) => boolean,
  maxLength: number,
  from: number,
): { n: number; name: string } {
  for (let n = from; n <= MAX_SUFFIX_ATTEMPTS; n++) {
    const name = withSuffix(base, n, maxLength);
    if (!isTaken(name)) return { n, name };
  }
  throw new RangeError(`No free username for ${JSON.stringify(base)} after ${MAX_SUFFIX_ATTEMPTS} attempts`);
}

/**
 * The names taken in one domain, handing out free ones as `nextFreeUsername` would. It remembers
 * where each base's search stopped: names are only ever added, so every earlier candidate is still
 * taken, and the 2,000 people a large board may have under one common name cost 2,000 tries in
 * all, not 2,000²/2.
 */
export class UsernamePool {
  private readonly taken = new Set<string>();
  private readonly resumeAt = new Map<string, number>();

  /** Takes `name` (lower case, as handed out). */
  add(name: string): void {
    this.taken.add(name);
  }

  /** The first free candidate for `base`, now taken. */
  claim(base: string, maxLength: number = ENTRA_LOCAL_PART_MAX): string {
    const key = `${maxLength}|${base}`;
    const { n, name } = firstFree(
      base,
      (candidate) => this.taken.has(candidate),
      maxLength,
      this.resumeAt.get(key) ?? 1,
    );
    this.resumeAt.set(key, n + 1);
    this.taken.add(name);
    return name;
  }
}

/** What `assignmentOrder` needs of a person: the OneRoster 1.1 user role and sourcedId. */
export interface AssignmentCandidate {
  readonly role: string;
  readonly sourcedId: string;
}

const STAFF_ROLES: readonly string[] = ['teacher', 'administrator', 'aide', 'proctor'];

/**
 * Orders the people of one import before usernames are handed out, so a re-run gives everyone the
 * same name: staff (teacher, administrator, aide, proctor) first, then students, then everyone else
 * (guardians, parents, relatives, unknown roles); within a group by sourcedId, compared by UTF-16
 * code units so the order does not depend on the locale. Staff go first so that, when a teacher and
 * a student share a name, the teacher (whose address parents and colleagues write to) keeps the plain one.
 * Only people who have no username yet should be ordered and assigned; existing names are kept.
 */
export function assignmentOrder(a: AssignmentCandidate, b: AssignmentCandidate): number {
  return roleRank(a.role) - roleRank(b.role) || compareCodeUnits(a.sourcedId, b.sourcedId);
}

function roleRank(role: string): number {
  if (STAFF_ROLES.includes(role)) return 0;
  return role === 'student' ? 1 : 2;
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
