import { createHash } from 'node:crypto';
import { quoteCharacter, UsernameConfigError } from './identity.errors';
import { foldLatin } from './latin-fold';

/** Entra ID allows at most 64 characters before the `@` of a userPrincipalName (Microsoft Entra userPrincipalName rules; docs/operations.md). */
export const ENTRA_LOCAL_PART_MAX = 64;

/** The smallest accepted length cap: room for a short name plus a de-duplication number. */
export const MIN_LOCAL_PART_MAX = 8;

/**
 * The shape every generated local part has: letters and digits, with single `.`, `-` or `_`
 * separators between them. Stricter than Entra (which also allows `' ! # ^ ~`), following the
 * stricter reading of Microsoft KB 2439357, and treating `_` like the other two separators.
 */
export const LOCAL_PART_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Whether `username` is a userPrincipalName of that shape in any case, with at most one `@` and 64 characters before it. */
export function isEntraUsername(username: string): boolean {
  const [localPart, ...domain] = username.split('@');
  return (
    domain.length <= 1 && localPart.length <= ENTRA_LOCAL_PART_MAX && LOCAL_PART_PATTERN.test(localPart.toLowerCase())
  );
}

const DISALLOWED = /[^a-z0-9._-]+/g;
const SEPARATOR_RUN = /[._-]{2,}/g;
const EDGE_SEPARATORS = /^[._-]+|[._-]+$/g;
const TRAILING_SEPARATORS = /[._-]+$/;

/**
 * Normalises text to an Entra-safe local part: folds Latin diacritics, lower-cases, drops every
 * character outside `a-z 0-9 . - _` (spaces, apostrophes, other scripts, emoji), turns each run of
 * separators into its first character (`a.-b` → `a.b`) and strips separators at either end.
 * The result matches `LOCAL_PART_PATTERN` or is empty; it is not length-capped.
 */
export function normalizeLocalPart(text: string): string {
  return foldLatin(text)
    .replace(DISALLOWED, '')
    .replace(SEPARATOR_RUN, (run) => run[0])
    .replace(EDGE_SEPARATORS, '');
}

/** Cuts a normalised local part to `maxLength` without leaving a separator at the end. */
export function truncateLocalPart(localPart: string, maxLength: number): string {
  return localPart.slice(0, maxLength).replace(TRAILING_SEPARATORS, '');
}

/**
 * The local part for a person whose name yields no usable character (e.g. written in Cyrillic or
 * CJK only): `user-` and the first 8 hex digits of SHA-256(sourcedId), cut to `maxLength`.
 */
export function fallbackLocalPart(sourcedId: string, maxLength: number = ENTRA_LOCAL_PART_MAX): string {
  // The sourcedId, not the identifier: it is always present and stable, and the identifier may be a
  // national register number that must not appear in an address.
  const digest = createHash('sha256').update(sourcedId, 'utf8').digest('hex').slice(0, 8);
  return truncateLocalPart(`user-${digest}`, validateMaxLength(maxLength));
}

/** Returns `maxLength` if it is an integer from 8 to 64, and throws `UsernameConfigError` otherwise. */
export function validateMaxLength(maxLength: number): number {
  if (!Number.isInteger(maxLength) || maxLength < MIN_LOCAL_PART_MAX || maxLength > ENTRA_LOCAL_PART_MAX) {
    throw new UsernameConfigError(
      `Username maxLength must be an integer from ${MIN_LOCAL_PART_MAX} to ${ENTRA_LOCAL_PART_MAX} ` +
        `(Entra allows 64 characters before '@'), got ${String(maxLength)}`,
    );
  }
  return maxLength;
}

/**
 * Checks a user-supplied local part (the text before `@`) against the rules generated names follow.
 * Returns why it is refused, as a phrase to follow "Username …", or null when it is valid.
 */
export function isValidLocalPart(text: string, maxLength: number = ENTRA_LOCAL_PART_MAX): string | null {
  validateMaxLength(maxLength);
  if (text === '') return 'is empty';
  if (text.length > maxLength) return `is longer than ${maxLength} characters`;
  const bad = [...text].find((char) => !/[a-z0-9._-]/.test(char));
  if (bad !== undefined) return badCharacterReason(bad);
  if (/^[._-]/.test(text)) return `must not start with '${text[0]}'`;
  if (/[._-]$/.test(text)) return `must not end with '${text[text.length - 1]}'`;
  const run = /[._-]{2,}/.exec(text);
  if (run) return `must not contain '${run[0]}': use one separator at a time`;
  return null;
}

function badCharacterReason(char: string): string {
  if (char === '@') return "must not contain '@': give only the part before the domain";
  if (/[A-Z]/.test(char)) return `must be lower case (found '${char}')`;
  return `must not contain ${quoteCharacter(char)}: use only a-z, 0-9, '.', '-' and '_'`;
}
