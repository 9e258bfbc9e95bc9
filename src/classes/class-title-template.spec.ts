import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLASS_TITLE_MAX_LENGTH,
  ClassTitleTemplateError,
  ClassTitleValues,
  parseClassTitleTemplate,
  renderClassTitle,
} from './class-title-template';

const values = (more: Partial<ClassTitleValues> = {}): ClassTitleValues => ({
  classCode: '5WEa',
  classTitle: 'Wiskunde 5a',
  schoolName: 'Sint-Jozefscollege',
  schoolYear: 2026,
  ...more,
});
const render = (template: string, more: Partial<ClassTitleValues> = {}) =>
  renderClassTitle(parseClassTitleTemplate(template), values(more));
const codePoints = (text: string) => Array.from(text).length;
const errorOf = (action: () => unknown): Error => {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
};

const TRICKY = [
  'a',
  'Z',
  '7',
  'é',
  '李',
  '😀',
  '\u0301',
  ' ',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  '-',
  '–',
  '—',
  ':',
  '|',
  '/',
  ',',
  '{',
  '}',
  '.',
];
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('x', '😀', ' '), minLength: 200, maxLength: 400 }),
);
const anyValues: fc.Arbitrary<ClassTitleValues> = fc.record({
  classCode: fc.option(anyText),
  classTitle: anyText,
  schoolName: fc.option(anyText),
  schoolYear: fc.option(fc.oneof(fc.integer({ min: 1900, max: 2200 }), fc.integer())),
});
const placeholderText = fc.constantFrom('{classCode}', '{classTitle}', '{schoolName}', '{schoolYear}', '{startYear}');
const literalText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...TRICKY.filter((char) => char !== '{' && char !== '}')), maxLength: 6 }),
  fc.constantFrom(' - ', ' | ', ' (', ')', '{{', '}}', ', '),
);
const anyTemplate: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.oneof(placeholderText, literalText), { maxLength: 8 }), placeholderText, fc.nat())
  .map(([parts, placeholder, at]) => parts.toSpliced(at % (parts.length + 1), 0, placeholder).join(''));

describe('parseClassTitleTemplate', () => {
  it('splits a template into literals and placeholders', () => {
    expect(parseClassTitleTemplate('{classTitle} - {schoolName}')).toEqual({
      source: '{classTitle} - {schoolName}',
      parts: [
        { kind: 'placeholder', name: 'classTitle' },
        { kind: 'literal', text: ' - ' },
        { kind: 'placeholder', name: 'schoolName' },
      ],
    });
  });

  it('unescapes doubled braces into the surrounding literal', () => {
    expect(parseClassTitleTemplate('{{x}} {classCode}{{{startYear}}}').parts).toEqual([
      { kind: 'literal', text: '{x} ' },
      { kind: 'placeholder', name: 'classCode' },
      { kind: 'literal', text: '{' },
      { kind: 'placeholder', name: 'startYear' },
      { kind: 'literal', text: '}' },
    ]);
  });

  it('accepts every placeholder and any literal text', () => {
    const template = 'Klas {classCode}: {classTitle} — {schoolName} ({schoolYear}, {startYear}) 李 😀';
    expect(parseClassTitleTemplate(template).parts.filter((part) => part.kind === 'placeholder')).toHaveLength(5);
  });

  it.each([
    [
      '{classTitel}',
      /unknown placeholder \{classTitel\}; known: \{classCode\}, \{classTitle\}, \{schoolName\}, \{schoolYear\}, \{startYear\}/,
    ],
    ['{ classTitle }', /unknown placeholder \{ classTitle \}/],
    ['{}', /unknown placeholder \{\}/],
    ['{classTitle:10}', /unknown placeholder \{classTitle:10\}/],
    ['{classTitle', /the '\{' at position 1 is never closed/],
    ['{classTitle} - {school{schoolName}', /the '\{' at position 16 is never closed/],
    ['{classTitle} }', /'\}' at position 14 has no matching '\{'/],
    ['{classTitle}}', /'\}' at position 13 has no matching '\{'/],
    ['Wiskunde', /no placeholder; use at least one of \{classCode\}/],
    ['{{classTitle}}', /no placeholder/],
    ['', /no placeholder/],
  ])('rejects %j', (template, problem) => {
    const error = errorOf(() => parseClassTitleTemplate(template));
    expect(error).toBeInstanceOf(ClassTitleTemplateError);
    expect(error.name).toBe('ClassTitleTemplateError');
    expect(error.message).toContain(`Invalid class title template ${JSON.stringify(template)}: `);
    expect(error.message).toMatch(problem);
  });

  it('rejects a template longer than the title limit, counted in code points', () => {
    const longest = `{classTitle}${'😀'.repeat(CLASS_TITLE_MAX_LENGTH - 12)}`;
    expect(parseClassTitleTemplate(longest).source).toBe(longest);
    expect(() => parseClassTitleTemplate(`${longest}x`)).toThrow(/257 characters long; the most is 256/);
  });

  it('keeps its messages on one line', () => {
    const error = errorOf(() => parseClassTitleTemplate('{class\nTitle}'));
    expect(error.message).toContain('{classU+000ATitle}');
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
  });
});

describe('renderClassTitle', () => {
  it.each([
    ['{classTitle}', 'Wiskunde 5a'],
    ['{classTitle} - {schoolName}', 'Wiskunde 5a - Sint-Jozefscollege'],
    ['{classCode} {classTitle} ({schoolYear})', '5WEa Wiskunde 5a (2025-26)'],
    ['{classTitle} {startYear}', 'Wiskunde 5a 2025'],
    ['{{{classCode}}} {classTitle}', '{5WEa} Wiskunde 5a'],
    ['Klas – {classTitle} · 李', 'Klas – Wiskunde 5a · 李'],
  ])('renders %j as %j', (template, title) => {
    expect(render(template)).toBe(title);
  });

  it('writes the school year as start year and two-digit end year', () => {
    expect(render('{schoolYear}', { schoolYear: 2000 })).toBe('1999-00');
    expect(render('{schoolYear}', { schoolYear: 2101 })).toBe('2100-01');
    expect(render('{classTitle} {schoolYear}', { schoolYear: null })).toBe('Wiskunde 5a');
  });

  it('drops a separator left dangling by an empty value', () => {
    expect(render('{classTitle} - {schoolName}', { schoolName: null })).toBe('Wiskunde 5a');
    expect(render('{classTitle} - {schoolName}', { schoolName: '  ' })).toBe('Wiskunde 5a');
    expect(render('{schoolName} | {classTitle}', { schoolName: '' })).toBe('Wiskunde 5a');
    expect(render('{classCode}: {classTitle} / {schoolYear}', { classCode: null, schoolYear: null })).toBe(
      'Wiskunde 5a',
    );
    expect(render('{classTitle} — {schoolName}, {schoolYear}', { schoolName: null, schoolYear: null })).toBe(
      'Wiskunde 5a',
    );
  });

  it('keeps a separator between two empty values in the middle', () => {
    expect(render('{classCode} - {schoolName} - {classTitle}', { schoolName: null })).toBe('5WEa - - Wiskunde 5a');
  });

  it('collapses whitespace runs, line breaks included, and trims', () => {
    expect(render('  {classTitle}\t\t{classCode}  ', { classTitle: ' Frans \n 3b ' })).toBe('Frans 3b 5WEa');
  });

  it('falls back to the class title when nothing else is left', () => {
    expect(render('{schoolName}', { schoolName: null })).toBe('Wiskunde 5a');
    expect(render('{classCode} - {schoolName}', { classCode: '', schoolName: null, classTitle: ' - ' })).toBe('-');
  });

  it('is empty only when the class title is blank and nothing else renders', () => {
    expect(render('{classTitle} - {schoolName}', { classTitle: ' ', schoolName: null })).toBe('');
  });

  it('cuts to 256 code points without splitting a surrogate pair, then trims', () => {
    const emoji = render('{classTitle}', { classTitle: '😀'.repeat(300) });
    expect(emoji).toBe('😀'.repeat(CLASS_TITLE_MAX_LENGTH));
    expect(emoji).toHaveLength(2 * CLASS_TITLE_MAX_LENGTH);
    const spaced = render('{classTitle}', { classTitle: `${'x'.repeat(CLASS_TITLE_MAX_LENGTH - 1)} tail` });
    expect(spaced).toBe('x'.repeat(CLASS_TITLE_MAX_LENGTH - 1));
  });

  it('gives a short, trimmed title, non-empty when the class title is not blank', () => {
    fc.assert(
      fc.property(anyTemplate, anyValues, (template, classValues) => {
        const title = renderClassTitle(parseClassTitleTemplate(template), classValues);
        expect(codePoints(title)).toBeLessThanOrEqual(CLASS_TITLE_MAX_LENGTH);
        expect(title).toBe(title.trim());
        if (classValues.classTitle.trim() !== '') expect(title).not.toBe('');
      }),
      { numRuns: 500 },
    );
  });

  it('parses any generated template', () => {
    fc.assert(
      fc.property(anyTemplate, (template) => {
        expect(parseClassTitleTemplate(template).source).toBe(template);
      }),
    );
  });
});
