import { quoteCharacter, UsernameTemplateError } from './identity.errors';
import {
  ENTRA_LOCAL_PART_MAX,
  fallbackLocalPart,
  normalizeLocalPart,
  truncateLocalPart,
  validateMaxLength,
} from './upn-normalize';

/** The template used when none is configured: `evelien.poppe`. */
export const DEFAULT_USERNAME_TEMPLATE = '{firstName}.{lastName}';

const PLACEHOLDERS = ['firstName', 'lastName', 'middleName', 'birthYear', 'identifier', 'username'] as const;
const SIZED = ['firstName', 'lastName', 'middleName'] as const;
const NAMING = ['firstName', 'lastName', 'identifier', 'username'] as const;
const KNOWN_LIST = [...PLACEHOLDERS.map((name) => `{${name}}`), ...SIZED.map((name) => `{${name}:N}`)].join(', ');

/** A placeholder a username template may contain. */
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

/** One piece of a parsed template: fixed text, or a placeholder with an optional length (`{firstName:1}`). */
export type TemplatePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly name: PlaceholderName; readonly length: number | null };

/** A parsed username template; build one with `parseUsernameTemplate`. */
export interface UsernameTemplate {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
}

/** The person fields a template can use (OneRoster user, plus birthDate from demographics). */
export interface UsernamePerson {
  readonly givenName: string;
  readonly familyName: string;
  readonly middleName?: string | null;
  /** OneRoster date, `YYYY-MM-DD`. */
  readonly birthDate?: string | null;
  readonly identifier?: string | null;
  /** The SIS's login name (users.csv `username`); for `{username}`, only its part before any `@`. */
  readonly username?: string | null;
  readonly sourcedId: string;
}

/** Whether the template has a placeholder for `name`. */
export function templateUses(template: UsernameTemplate, name: PlaceholderName): boolean {
  return template.parts.some((part) => part.kind === 'placeholder' && part.name === name);
}

/** Rendering options; `maxLength` defaults to Entra's 64 and must lie between 8 and 64. */
export interface RenderUsernameOptions {
  readonly maxLength?: number;
}

/**
 * Parses a template such as `{firstName}.{lastName}` or `{firstName:1}{lastName}{birthYear}`.
 * Literal text is lower-cased and may hold only `a-z 0-9 . - _`. Throws `UsernameTemplateError`.
 */
export function parseUsernameTemplate(text: string): UsernameTemplate {
  const parts: TemplatePart[] = [];
  let index = 0;
  while (index < text.length) {
    const isPlaceholder = text[index] === '{';
    const end = isPlaceholder ? closingBrace(text, index) + 1 : literalEnd(text, index);
    parts.push(isPlaceholder ? placeholder(text, index, end) : literal(text, index, end));
    index = end;
  }
  if (!parts.some((part) => part.kind === 'placeholder' && isOneOf(part.name, NAMING))) {
    throw templateError(text, 'it needs at least one of {firstName}, {lastName}, {identifier} or {username}');
  }
  return { source: text, parts };
}

/**
 * Renders the local part (before `@`) of a person's username: each placeholder is normalised on its
 * own (`normalizeLocalPart`), then the whole is normalised again, so an empty part next to a
 * separator leaves neither `..` nor a separator at either end. When no name placeholder yields a
 * character (a name in a non-Latin script, say), the result is `fallbackLocalPart(sourcedId)`.
 * The result is never empty, matches `LOCAL_PART_PATTERN` and is at most `maxLength` long.
 */
export function renderUsername(
  template: UsernameTemplate,
  person: UsernamePerson,
  options: RenderUsernameOptions = {},
): string {
  const maxLength = validateMaxLength(options.maxLength ?? ENTRA_LOCAL_PART_MAX);
  const pieces = template.parts.map((part) => renderPart(part, person));
  const named = template.parts.some(
    (part, i) => part.kind === 'placeholder' && part.name !== 'birthYear' && pieces[i] !== '',
  );
  const localPart = normalizeLocalPart(pieces.join(''));
  return named && localPart !== ''
    ? truncateLocalPart(localPart, maxLength)
    : fallbackLocalPart(person.sourcedId, maxLength);
}

function renderPart(part: TemplatePart, person: UsernamePerson): string {
  if (part.kind === 'literal') return part.text;
  if (part.name === 'birthYear') return birthYear(person.birthDate);
  const value = normalizeLocalPart(rawValue(part.name, person) ?? '');
  return part.length === null ? value : truncateLocalPart(value, part.length);
}

function rawValue(name: Exclude<PlaceholderName, 'birthYear'>, person: UsernamePerson): string | null | undefined {
  switch (name) {
    case 'firstName':
      return person.givenName;
    case 'lastName':
      return person.familyName;
    case 'middleName':
      return person.middleName;
    case 'identifier':
      return person.identifier;
    case 'username':
      return person.username?.split('@')[0];
  }
}

function birthYear(birthDate: string | null | undefined): string {
  const match = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.exec(birthDate?.trim() ?? '');
  return match ? match[1] : '';
}

function closingBrace(text: string, open: number): number {
  const close = text.slice(open + 1).search(/[{}]/) + open + 1;
  if (close === open) throw templateError(text, `the '{' at position ${open + 1} is never closed`);
  if (text[close] === '{') {
    throw templateError(text, `'{' at position ${close + 1} inside the placeholder opened at position ${open + 1}`);
  }
  return close;
}

function literalEnd(text: string, start: number): number {
  const found = text.slice(start).search(/[{}]/);
  const end = found === -1 ? text.length : start + found;
  if (text[end] === '}') throw templateError(text, `'}' at position ${end + 1} has no matching '{'`);
  return end;
}

function literal(text: string, start: number, end: number): TemplatePart {
  const raw = text.slice(start, end);
  const bad = /[^a-zA-Z0-9._-]/u.exec(raw);
  if (bad) {
    const where = `${quoteCharacter(bad[0])} at position ${start + bad.index + 1}`;
    throw templateError(text, `${where} is not allowed outside placeholders; use a-z, 0-9, '.', '-' or '_'`);
  }
  return { kind: 'literal', text: raw.toLowerCase() };
}

function placeholder(text: string, open: number, end: number): TemplatePart {
  const body = text.slice(open + 1, end - 1);
  const colon = body.indexOf(':');
  const name = colon === -1 ? body : body.slice(0, colon);
  const length = colon === -1 ? null : body.slice(colon + 1);
  if (!isOneOf(name, PLACEHOLDERS)) throw templateError(text, `unknown placeholder {${body}}; known: ${KNOWN_LIST}`);
  if (length === null) return { kind: 'placeholder', name, length: null };
  if (!isOneOf(name, SIZED)) throw templateError(text, `{${name}} does not take a length`);
  if (!/^[1-9]\d*$/.test(length) || Number(length) > ENTRA_LOCAL_PART_MAX) {
    throw templateError(text, `the length in {${body}} must be a whole number from 1 to ${ENTRA_LOCAL_PART_MAX}`);
  }
  return { kind: 'placeholder', name, length: Number(length) };
}

function isOneOf<T extends string>(value: string, list: readonly T[]): value is T {
  return (list as readonly string[]).includes(value);
}

function templateError(text: string, problem: string): UsernameTemplateError {
  // Keeps the message on one line even when a placeholder holds a line break.
  const oneLine = problem.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, quoteCharacter);
  return new UsernameTemplateError(`Invalid username template ${JSON.stringify(text)}: ${oneLine}`);
}
