import { InvalidFilterFieldError } from '../errors/oneroster.errors';

export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

export interface FilterPredicate {
  field: string;
  operator: FilterOperator;
  value: string;
}

/** A parsed `filter`: predicates joined by one logical operator (a single predicate has logic AND). */
export interface FilterExpression {
  logic: 'AND' | 'OR';
  predicates: FilterPredicate[];
}

const MAX_PREDICATES = 50;
const MAX_LENGTH = 20_000;
const FIELD = /[A-Za-z][A-Za-z0-9_.]*/y;
const OPERATOR = /\s*(!=|>=|<=|=|>|<|~)\s*/y;
const CONNECTIVE = /\s+(AND|OR)\s+/y;
const SPACE_TO_END = /\s*$/y;
/**
 * What may follow a closing quote: the end, or a connective and the start of the next predicate
 * (matched in any case here, so that a lower-case `and` is reported rather than read as text).
 */
const NEXT_PREDICATE = /\s+(?:AND|OR)\s+[A-Za-z][A-Za-z0-9_.]*\s*(?:!=|>=|<=|=|>|<|~)\s*['‘’]/iy;
/**
 * Microsoft's SDS documentation writes filter values in typographic single quotes (`status=’active’`), which
 * are read like straight ones: a value opened by ‘ or ’ is closed by either.
 */
const TYPOGRAPHIC_SINGLE = '‘’';
const OTHER_QUOTES = /[“”‚‛]/;

class Cursor {
  position = 0;
  constructor(readonly text: string) {}

  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found) this.position = pattern.lastIndex;
    return found;
  }

  lookingAt(pattern: RegExp, from: number): boolean {
    pattern.lastIndex = from;
    return pattern.test(this.text);
  }

  fail(message: string): never {
    throw new InvalidFilterFieldError(`filter: ${message} at position ${this.position}`);
  }
}

/**
 * Reads a quoted value; the cursor stands on its opening quote. Inside a value a doubled closing quote
 * (`''`) is one. A lone closing quote closes the value only when the rest of the filter is blank or is
 * ` AND `/` OR ` and the next predicate; any other lone one belongs to the value, so
 * `familyName='O'Brien'` reads O'Brien.
 */
function readValue(cursor: Cursor): string {
  const { text } = cursor;
  const closers = text[cursor.position] === "'" ? "'" : TYPOGRAPHIC_SINGLE;
  let value = '';
  let i = cursor.position + 1;
  while (i < text.length) {
    const quote = nextOf(text, closers, i);
    if (quote < 0) break;
    value += text.slice(i, quote);
    if (text[quote + 1] === text[quote]) {
      value += text[quote];
      i = quote + 2;
    } else if (cursor.lookingAt(SPACE_TO_END, quote + 1) || cursor.lookingAt(NEXT_PREDICATE, quote + 1)) {
      cursor.position = quote + 1;
      return value;
    } else {
      value += text[quote];
      i = quote + 1;
    }
  }
  return cursor.fail('the value has no closing quote');
}

/** The first position at or after `from` holding one of `chars`, or -1. */
function nextOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i])) return i;
  return -1;
}

function readPredicate(cursor: Cursor): FilterPredicate {
  const field = cursor.match(FIELD)?.[0];
  if (!field) cursor.fail('expected a field name');
  const operator = cursor.match(OPERATOR)?.[1] as FilterOperator | undefined;
  if (!operator) cursor.fail(`expected an operator (= != > >= < <= ~) after "${field}"`);
  const next = cursor.text[cursor.position];
  if (next !== "'" && !(next && TYPOGRAPHIC_SINGLE.includes(next))) {
    if (next && OTHER_QUOTES.test(next)) cursor.fail("values take single quotes (' or ‘…’), not double ones");
    cursor.fail(`expected a value in single quotes after "${field}${operator}"`);
  }
  return { field, operator, value: readValue(cursor) };
}

/**
 * Parses a OneRoster 1.1 `filter` (OneRoster 1.1 REST binding, filtering; docs/api.md): `field op 'value'` predicates joined by
 * ` AND ` or ` OR ` (upper case, one of them per expression). Throws InvalidFilterFieldError,
 * and nothing else, for any input it cannot read. Fields are not checked here.
 */
export function parseFilter(input: string): FilterExpression {
  if (input.length > MAX_LENGTH) throw new InvalidFilterFieldError(`filter: longer than ${MAX_LENGTH} characters`);
  const cursor = new Cursor(input);
  cursor.match(/\s*/y);
  const predicates = [readPredicate(cursor)];
  let logic: 'AND' | 'OR' | undefined;
  while (!cursor.lookingAt(SPACE_TO_END, cursor.position)) {
    const connective = cursor.match(CONNECTIVE)?.[1] as 'AND' | 'OR' | undefined;
    if (!connective) {
      if (cursor.lookingAt(/\s+(and|or)\s/iy, cursor.position)) cursor.fail('AND and OR must be written in upper case');
      cursor.fail("expected ' AND ' or ' OR ' or the end of the filter");
    }
    if (logic && connective !== logic) cursor.fail('AND and OR cannot be mixed in one filter');
    logic = connective;
    if (predicates.length === MAX_PREDICATES) cursor.fail(`more than ${MAX_PREDICATES} predicates`);
    predicates.push(readPredicate(cursor));
  }
  return { logic: logic ?? 'AND', predicates };
}

/** Writes an expression back as a filter string (quotes in values doubled); parseFilter reads it back. */
export function formatFilter(expression: FilterExpression): string {
  return expression.predicates
    .map(({ field, operator, value }) => `${field}${operator}'${value.replace(/'/g, "''")}'`)
    .join(` ${expression.logic} `);
}
