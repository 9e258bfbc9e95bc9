import fc from 'fast-check';

/** Text a caller might send on purpose or by accident: SQL, quoting, LIKE wildcards, placeholders. */
const SQL_FRAGMENTS = [
  "' OR 1=1 --",
  '; DROP TABLE users',
  "'; DROP TABLE users; --",
  '" OR ""="',
  "\\'",
  "''",
  '%',
  '_',
  '$1',
  ':id',
  '?',
  '1; SELECT pg_sleep(5)',
  "' UNION SELECT secret_hash FROM api_clients --",
];

/** Written into a URL as they are: broken, overlong and encoded-twice escapes, a lone surrogate's bytes. */
const RAW_ESCAPES = ['%', '%0', '%ZZ', '%00', '%2F', '%252F', '%ED%A0%80', '%C0%80', '%E0%A4%A', '%FF', '+', '..'];

const FIELDS = ['sourcedId', 'status', 'dateLastModified', 'name', 'givenName', 'role', 'title', 'school.sourcedId'];
const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '~', '=='];

/** Sizes of long values: 100 KB passes no HTTP server's request-line limit; 2 KB reaches the application. */
const LONG_LENGTHS = [100_000, 2_000];

const control = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** A piece of text any database stores: unicode, SQL, quoting. */
const storablePiece = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.constantFrom(...SQL_FRAGMENTS),
  fc.constantFrom('é', 'Zoë', '😀', '\u200b', '\ufeff', '\u202e', 'İ', 'ß', '\uFFFD', '\u007f', '\u0085'),
);

/** One piece of generated text; several are joined into a value. */
const piece = fc.oneof(
  storablePiece,
  fc.string({ unit: 'binary', maxLength: 12 }),
  control,
  fc.constant('\u0000'),
  loneSurrogate,
);

const joined = (pieces: string[]) => pieces.join('');

/** Generated text, unencoded. */
export const text = fc.array(piece, { minLength: 1, maxLength: 4 }).map(joined);

export const storableText = fc.array(storablePiece, { minLength: 1, maxLength: 3 }).map(joined);

/** A filter shaped like the grammar: fields mostly real ones, operators and values as `value` makes them. */
function filterOf(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const field = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: value });
  return fc
    .array(fc.tuple(field, fc.constantFrom(...OPERATORS), value), { minLength: 1, maxLength: 2 })
    .chain((clauses) =>
      fc
        .constantFrom(' AND ', ' OR ')
        .map((join) => clauses.map(([name, op, quoted]) => `${name}${op}'${quoted.replace(/'/g, "''")}'`).join(join)),
    );
}

/** Mostly a filter that reaches the database, with SQL and unicode in its values; else one with anything in it. */
const filterText = fc.oneof({ weight: 3, arbitrary: filterOf(storableText) }, { weight: 1, arbitrary: filterOf(text) });

/** The UTF-8 escapes a browser would send for a surrogate code unit on its own (WTF-8): no valid UTF-8. */
function escapeSurrogate(code: number): string {
  const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  return bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
}

/** Percent-encodes text for a path segment or query value; encodeURIComponent throws on a lone surrogate. */
export function encode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    out += code >= 0xd800 && code <= 0xdfff ? escapeSurrogate(code) : encodeURIComponent(char);
  }
  return out;
}

const longValue = fc
  .tuple(fc.constantFrom(...LONG_LENGTHS), fc.constantFrom('x', '\u0000', "'", 'é'))
  .map(([length, unit]) => encode(unit.repeat(length)));

/** A URL component as sent: mostly encoded generated text, sometimes raw escapes, sometimes a long value. */
export const urlComponent = fc.oneof(
  { weight: 4, arbitrary: text.map(encode) },
  { weight: 3, arbitrary: storableText.map(encode) },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...RAW_ESCAPES), { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: longValue },
);

/** Values for the list query parameters that pass their parsing, but for an unknown field or a filter value. */
const PLAUSIBLE: Record<string, fc.Arbitrary<string>> = {
  limit: fc.constantFrom('1', '5', '100000', ' 7 '),
  offset: fc.constantFrom('0', '3'),
  filter: filterText.map(encode),
  sort: fc.constantFrom(...FIELDS),
  orderBy: fc.constantFrom('asc', 'desc'),
  fields: fc.constantFrom('sourcedId', 'sourcedId,,status', 'status,dateLastModified'),
};

export const QUERY_PARAMETERS = Object.keys(PLAUSIBLE);

/** Some of the list query parameters, encoded, by name. */
export const plausibleQuery = fc.record(PLAUSIBLE, { requiredKeys: [] });
