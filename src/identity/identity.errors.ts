/** A username setting (template or length cap) that cannot be used; the message is one line, fit for a startup log. */
export class UsernameConfigError extends Error {
  override readonly name: string = 'UsernameConfigError';
}

/** A username format template that does not parse; thrown by `parseUsernameTemplate`. */
export class UsernameTemplateError extends UsernameConfigError {
  override readonly name: string = 'UsernameTemplateError';
}

/** Quotes one character for an error message: `'x'`, or `U+000A` for spaces, controls and other invisibles. */
export function quoteCharacter(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const visible = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char);
  return visible ? `'${char}'` : `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
