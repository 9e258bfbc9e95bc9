import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsernameConfigError } from './identity.errors';
import {
  fallbackLocalPart,
  isValidLocalPart,
  LOCAL_PART_PATTERN,
  normalizeLocalPart,
  truncateLocalPart,
  validateMaxLength,
} from './upn-normalize';

const TRICKY = ['a', 'Z', '7', 'é', 'ß', 'Ł', 'ı', 'İ', '.', '-', '_', ' ', "'", '’', '@', '李', 'Ж', '😀', '\u0301'];
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 30 }),
);
const validLocalPart = fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,8}){0,4}$/);

describe('normalizeLocalPart', () => {
  it.each([
    ['Evelien', 'evelien'],
    ["D'Hondt", 'dhondt'],
    ['D’Hondt', 'dhondt'],
    ['Van den Broeck', 'vandenbroeck'],
    ['Anne-Marie', 'anne-marie'],
    ['Anne - Marie', 'anne-marie'],
    ['St. John', 'st.john'],
    ['jan..peeters', 'jan.peeters'],
    ['jan.-.peeters', 'jan.peeters'],
    ['jan-.peeters', 'jan-peeters'],
    ['jan__peeters', 'jan_peeters'],
    ['.-_jan_-.', 'jan'],
    ['O’Brien-Ní Dhomhnaill', 'obrien-nidhomhnaill'],
    ['jan@school.be', 'janschool.be'],
    ['Jan 2', 'jan2'],
    ['   ', ''],
    ['李小龍', ''],
    ['😀', ''],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeLocalPart(input)).toBe(expected);
  });

  it('gives the empty string or a local part matching the pattern, for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = normalizeLocalPart(text);
        if (result !== '') expect(result).toMatch(LOCAL_PART_PATTERN);
        expect(result).not.toMatch(/\.\.|^[._-]|[._-]$/);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeLocalPart(text);
        expect(normalizeLocalPart(once)).toBe(once);
      }),
    );
  });

  it('leaves a valid local part unchanged', () => {
    fc.assert(
      fc.property(validLocalPart, (localPart) => {
        expect(normalizeLocalPart(localPart)).toBe(localPart);
      }),
    );
  });
});

describe('truncateLocalPart', () => {
  it.each([
    ['evelien.poppe', 8, 'evelien'],
    ['evelien.poppe', 9, 'evelien.p'],
    ['evelien.poppe', 64, 'evelien.poppe'],
    ['anne-marie', 5, 'anne'],
  ])('%s cut to %i → %s', (input, maxLength, expected) => {
    expect(truncateLocalPart(input, maxLength)).toBe(expected);
  });

  it('never ends in a separator and never grows', () => {
    fc.assert(
      fc.property(validLocalPart, fc.integer({ min: 1, max: 64 }), (localPart, maxLength) => {
        const cut = truncateLocalPart(localPart, maxLength);
        expect(cut.length).toBeLessThanOrEqual(maxLength);
        expect(localPart.startsWith(cut)).toBe(true);
        expect(cut).toMatch(LOCAL_PART_PATTERN);
      }),
    );
  });
});

describe('fallbackLocalPart', () => {
  it('is user- and 8 hex digits of the sourcedId hash, the same every time', () => {
    const id = '0f6e3a1c-5b9d-4e2a-8c7f-1a2b3c4d5e6f';
    expect(fallbackLocalPart(id)).toMatch(/^user-[0-9a-f]{8}$/);
    expect(fallbackLocalPart(id)).toBe(fallbackLocalPart(id));
    expect(fallbackLocalPart(id)).not.toBe(fallbackLocalPart(`${id}x`));
  });

  it('fits the length cap', () => {
    expect(fallbackLocalPart('s-1', 8)).toMatch(/^user-[0-9a-f]{3}$/);
  });

  it('is a valid local part for any sourcedId and cap', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 8, max: 64 }), (sourcedId, maxLength) => {
        expect(isValidLocalPart(fallbackLocalPart(sourcedId, maxLength), maxLength)).toBeNull();
      }),
    );
  });
});

describe('validateMaxLength', () => {
  it.each([8, 20, 64])('accepts %i', (value) => {
    expect(validateMaxLength(value)).toBe(value);
  });

  it.each([0, 7, 65, 113, 12.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(() => validateMaxLength(value)).toThrow(UsernameConfigError);
    expect(() => validateMaxLength(value)).toThrow(
      `from 8 to 64 (Entra allows 64 characters before '@'), got ${value}`,
    );
  });
});

describe('isValidLocalPart', () => {
  it.each(['evelien.poppe', 'jurgen.dhondt', 'a', '007', 'anne-marie_2', 'x'.repeat(64)])('accepts %s', (text) => {
    expect(isValidLocalPart(text)).toBeNull();
  });

  it.each([
    ['', 64, 'is empty'],
    ['evelien.poppe', 12, 'is longer than 12 characters'],
    ['x'.repeat(65), 64, 'is longer than 64 characters'],
    ['Evelien.Poppe', 64, "must be lower case (found 'E')"],
    ['evelien@school.be', 64, "must not contain '@': give only the part before the domain"],
    ['jürgen', 64, "must not contain 'ü': use only a-z, 0-9, '.', '-' and '_'"],
    ['ann van', 64, "must not contain U+0020: use only a-z, 0-9, '.', '-' and '_'"],
    ["d'hondt", 64, "must not contain ''': use only a-z, 0-9, '.', '-' and '_'"],
    ['.jan', 64, "must not start with '.'"],
    ['_jan', 64, "must not start with '_'"],
    ['jan-', 64, "must not end with '-'"],
    ['jan..peeters', 64, "must not contain '..': use one separator at a time"],
    ['jan.-peeters', 64, "must not contain '.-': use one separator at a time"],
  ])('%j (max %i) → %s', (text, maxLength, reason) => {
    expect(isValidLocalPart(text, maxLength)).toBe(reason);
  });

  it('refuses a bad cap as a configuration error', () => {
    expect(() => isValidLocalPart('jan', 100)).toThrow(UsernameConfigError);
  });

  it('agrees with LOCAL_PART_PATTERN', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, validLocalPart), (text) => {
        expect(isValidLocalPart(text) === null).toBe(LOCAL_PART_PATTERN.test(text) && text.length <= 64);
      }),
    );
  });
});
