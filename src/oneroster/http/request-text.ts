/**
 * A character no id or query parameter may hold: a C0 control (U+0000–U+001F, tab and line breaks
 * included) or a UTF-16 surrogate without its pair. PostgreSQL cannot store a NUL in text, a lone
 * surrogate is no Unicode text at all, and no OneRoster field, id or filter needs either (docs/api.md).
 * With the `u` flag, \p{Cs} matches only a surrogate that is not half of a pair.
 */
const REFUSED = /[\u0000-\u001f]|\p{Cs}/u;

/** Where `value` first holds a refused character, and which one (`U+0000`), or undefined. */
export function refusedCharacter(value: string): { index: number; codePoint: string } | undefined {
  const match = REFUSED.exec(value);
  if (!match) return undefined;
  const hex = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  return { index: match.index, codePoint: `U+${hex}` };
}
