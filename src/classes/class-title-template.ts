import { quoteCharacter } from '../identity/identity.errors';

/** A class title template that does not parse; the message is one line, fit for a CLI or a startup log. */
export class ClassTitleTemplateError extends Error {
  override readonly name: string = 'ClassTitleTemplateError';
}

/** The longest class title served, and the longest template accepted, in code points. */
export const CLASS_TITLE_MAX_LENGTH = 256;

const PLACEHOLDERS = ['classCode', 'classTitle', 'schoolName', 'schoolYear', 'startYear'] as const;
const KNOWN_LIST = PLACEHOLDERS.map((name) => `{${name}}`).join(', ');
/** Characters that separate placeholders; left at either end of a title they dangle after an empty value. */
const DANGLING_SEPARATORS = /^[ \-–—:|/,]+|[ \-–—:|/,]+$/gu;

/** A placeholder a class title template may contain. */
export type ClassTitlePlaceholder = (typeof PLACEHOLDERS)[number];

/** One piece of a parsed template: fixed text (with `{{` and `}}` already unescaped), or a placeholder. */
export type ClassTitlePart =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'placeholder'; readonly name: ClassTitlePlaceholder };

/** A parsed class title template; build one with `parseClassTitleTemplate`. */
export interface ClassTitleTemplate {
  readonly source: string;
  readonly parts: readonly ClassTitlePart[];
}

/** The class fields a template can use. */
export interface ClassTitleValues {
  classCode: string | null;
  classTitle: string;
  schoolName: string | null;
  /** OneRoster schoolYear: the year the school year ends (2026 for 2025-26). */
  schoolYear: number | null;
}

/**
 * Parses a template such as `{classTitle} - {schoolName}`. Text outside placeholders is kept as is; `{{` and `}}`
 * stand for literal braces. Throws `ClassTitleTemplateError`.
 */
export function parseClassTitleTemplate(text: string): ClassTitleTemplate {
  const length = codePointLength(text);
  if (length > CLASS_TITLE_MAX_LENGTH) {
    throw templateError(text, `it is ${length} characters long; the most is ${CLASS_TITLE_MAX_LENGTH}`);
  }
  const parts: ClassTitlePart[] = [];
  let index = 0;
  while (index < text.length) {
    const [part, end] = partAt(text, index);
    appendPart(parts, part);
    index = end;
  }
  if (!parts.some((part) => part.kind === 'placeholder')) {
    throw templateError(text, `it has no placeholder; use at least one of ${KNOWN_LIST}`);
  }
  return { source: text, parts };
}

/**
 * Renders a class title: missing values render as nothing, whitespace runs become one space, and separators
 * left dangling at either end by an empty value are dropped, so `{classTitle} - {schoolName}` without a school
 * gives just the class title. When nothing is left the result is the class title itself. The result is at most
 * `CLASS_TITLE_MAX_LENGTH` code points, without leading or trailing whitespace.
 */
export function renderClassTitle(template: ClassTitleTemplate, values: ClassTitleValues): string {
  const rendered = template.parts.map((part) => (part.kind === 'literal' ? part.text : value(part.name, values)));
  const title = rendered.join('').replace(/\s+/gu, ' ').trim().replace(DANGLING_SEPARATORS, '');
  return truncate(title === '' ? values.classTitle.trim() : title, CLASS_TITLE_MAX_LENGTH).trim();
}

function value(name: ClassTitlePlaceholder, values: ClassTitleValues): string {
  switch (name) {
    case 'classCode':
      return values.classCode ?? '';
    case 'classTitle':
      return values.classTitle;
    case 'schoolName':
      return values.schoolName ?? '';
    case 'schoolYear':
      return schoolYearLabel(values.schoolYear);
    case 'startYear':
      return isYear(values.schoolYear) ? String(values.schoolYear - 1) : '';
  }
}

/** `2025-26` for OneRoster schoolYear 2026. */
function schoolYearLabel(schoolYear: number | null): string {
  if (!isYear(schoolYear)) return '';
  return `${schoolYear - 1}-${String(schoolYear % 100).padStart(2, '0')}`;
}

function isYear(schoolYear: number | null): schoolYear is number {
  return schoolYear !== null && Number.isSafeInteger(schoolYear) && schoolYear > 0;
}

/** The part starting at `index`, and the index just after it. */
function partAt(text: string, index: number): [ClassTitlePart, number] {
  const char = text[index];
  if ((char === '{' || char === '}') && text[index + 1] === char) return [{ kind: 'literal', text: char }, index + 2];
  if (char === '{') return placeholderAt(text, index);
  if (char === '}') {
    throw templateError(text, `'}' at position ${index + 1} has no matching '{'; write '}}' for a literal brace`);
  }
  const found = text.slice(index).search(/[{}]/);
  const end = found === -1 ? text.length : index + found;
  return [{ kind: 'literal', text: text.slice(index, end) }, end];
}

function placeholderAt(text: string, open: number): [ClassTitlePart, number] {
  const found = text.slice(open + 1).search(/[{}]/);
  const close = found === -1 ? -1 : open + 1 + found;
  if (close === -1 || text[close] === '{') {
    throw templateError(text, `the '{' at position ${open + 1} is never closed; write '{{' for a literal brace`);
  }
  const name = text.slice(open + 1, close);
  if (!isPlaceholder(name)) throw templateError(text, `unknown placeholder {${name}}; known: ${KNOWN_LIST}`);
  return [{ kind: 'placeholder', name }, close + 1];
}

/** Adds a part, joining it to a literal just before it so escaped braces do not split the text. */
function appendPart(parts: ClassTitlePart[], part: ClassTitlePart): void {
  const last = parts.at(-1);
  if (part.kind === 'literal' && last?.kind === 'literal') {
    parts[parts.length - 1] = { kind: 'literal', text: last.text + part.text };
  } else {
    parts.push(part);
  }
}

function isPlaceholder(name: string): name is ClassTitlePlaceholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

function codePointLength(text: string): number {
  return Array.from(text).length;
}

/** Cuts `text` to `max` code points, never splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  return codePointLength(text) <= max ? text : Array.from(text).slice(0, max).join('');
}

function templateError(text: string, problem: string): ClassTitleTemplateError {
  // Keeps the message on one line even when the template holds a line break.
  const oneLine = problem.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, quoteCharacter);
  return new ClassTitleTemplateError(`Invalid class title template ${JSON.stringify(text)}: ${oneLine}`);
}
