import { describe, expect, it } from 'vitest';
import { refusedCharacter } from './request-text';

describe('refusedCharacter', () => {
  it('finds every C0 control, tab and line breaks included', () => {
    for (let code = 0; code < 0x20; code++) {
      expect(refusedCharacter(`ab${String.fromCharCode(code)}c`), `code ${code}`).toEqual({
        index: 2,
        codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
      });
    }
  });

  it('finds a lone high or low surrogate, not a pair', () => {
    expect(refusedCharacter('x\uD800')).toEqual({ index: 1, codePoint: 'U+D800' });
    expect(refusedCharacter('\uDC00x')).toEqual({ index: 0, codePoint: 'U+DC00' });
    expect(refusedCharacter('\uDC00\uD800')).toEqual({ index: 0, codePoint: 'U+DC00' });
    expect(refusedCharacter('😀 Zoë')).toBeUndefined();
  });

  it('lets through text a filter or id may hold: quotes, SQL, DEL, C1 controls, U+FFFD', () => {
    for (const text of ["name='O''Brien'", "' OR 1=1 --", '; DROP TABLE users', '\u007f\u0085\u009f', '\uFFFD', '']) {
      expect(refusedCharacter(text), text).toBeUndefined();
    }
  });
});
