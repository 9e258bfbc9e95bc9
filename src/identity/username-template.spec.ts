import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsernameConfigError, UsernameTemplateError } from './identity.errors';
import { fallbackLocalPart, LOCAL_PART_PATTERN } from './upn-normalize';
import {
  DEFAULT_USERNAME_TEMPLATE,
  parseUsernameTemplate,
  renderUsername,
  templateUses,
  UsernamePerson,
  UsernameTemplate,
} from './username-template';

const person = (givenName: string, familyName: string, more: Partial<UsernamePerson> = {}): UsernamePerson => ({
  givenName,
  familyName,
  sourcedId: `u-${givenName}-${familyName}`,
  ...more,
});
const render = (template: string, who: UsernamePerson, maxLength?: number) =>
  renderUsername(parseUsernameTemplate(template), who, { maxLength });

const TRICKY = ['a', 'Z', '7', 'é', 'ß', 'Ł', 'ı', 'İ', '.', '-', '_', ' ', "'", '’', '@', '李', 'Ж', '😀', '\u0301'];
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 30 }),
  fc.stringMatching(/^[A-Za-zÀ-ž .'’-]{0,30}$/),
);
const anyPerson: fc.Arbitrary<UsernamePerson> = fc.record({
  givenName: anyText,
  familyName: anyText,
  middleName: fc.option(anyText),
  birthDate: fc.option(
    fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      anyText,
    ),
  ),
  identifier: fc.option(anyText),
  sourcedId: anyText,
});
const placeholderText = fc.oneof(
  fc.constantFrom('{firstName}', '{lastName}', '{middleName}', '{birthYear}', '{identifier}'),
  fc
    .tuple(fc.constantFrom('firstName', 'lastName', 'middleName'), fc.integer({ min: 1, max: 64 }))
    .map(([name, n]) => `{${name}:${n}}`),
);
const anyTemplate: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.oneof(placeholderText, fc.stringMatching(/^[a-zA-Z0-9._-]{1,4}$/)), { maxLength: 6 }),
    fc.constantFrom('{firstName}', '{lastName}', '{identifier}', '{lastName:3}'),
    fc.nat(),
  )
  .map(([parts, name, at]) => parts.toSpliced(at % (parts.length + 1), 0, name).join(''));

describe('parseUsernameTemplate', () => {
  it('parses the default template', () => {
    expect(parseUsernameTemplate(DEFAULT_USERNAME_TEMPLATE)).toEqual({
      source: '{firstName}.{lastName}',
      parts: [
        { kind: 'placeholder', name: 'firstName', length: null },
        { kind: 'literal', text: '.' },
        { kind: 'placeholder', name: 'lastName', length: null },
      ],
    });
  });

  it('reads lengths and lower-cases literals', () => {
    expect(parseUsernameTemplate('ST-{firstName:1}{lastName:12}_{birthYear}').parts).toEqual([
      { kind: 'literal', text: 'st-' },
      { kind: 'placeholder', name: 'firstName', length: 1 },
      { kind: 'placeholder', name: 'lastName', length: 12 },
      { kind: 'literal', text: '_' },
      { kind: 'placeholder', name: 'birthYear', length: null },
    ]);
  });

  it.each([
    [
      '{firstname}.{lastName}',
      'unknown placeholder {firstname}; known: {firstName}, {lastName}, {middleName}, {birthYear}, {identifier}, {username}, {firstName:N}, {lastName:N}, {middleName:N}',
    ],
    ['{}{lastName}', 'unknown placeholder {}'],
    ['{ firstName }', 'unknown placeholder { firstName }'],
    ['{firstName.{lastName}', "'{' at position 12 inside the placeholder opened at position 1"],
    ['{firstName}.{lastName', "the '{' at position 13 is never closed"],
    ['firstName}.{lastName}', "'}' at position 10 has no matching '{'"],
    ['{firstName}}', "'}' at position 12 has no matching '{'"],
    ['{firstName:0}', 'the length in {firstName:0} must be a whole number from 1 to 64'],
    ['{firstName:x}', 'the length in {firstName:x} must be a whole number from 1 to 64'],
    ['{firstName:}', 'the length in {firstName:} must be a whole number from 1 to 64'],
    ['{firstName:-1}', 'the length in {firstName:-1} must be a whole number from 1 to 64'],
    ['{firstName:1.5}', 'the length in {firstName:1.5} must be a whole number from 1 to 64'],
    ['{firstName:65}', 'the length in {firstName:65} must be a whole number from 1 to 64'],
    ['{lastName}{birthYear:2}', '{birthYear} does not take a length'],
    ['{identifier:4}', '{identifier} does not take a length'],
    ['{middleName}{birthYear}', 'it needs at least one of {firstName}, {lastName}, {identifier} or {username}'],
    ['', 'it needs at least one of {firstName}, {lastName}, {identifier} or {username}'],
    [
      '{firstName} {lastName}',
      "U+0020 at position 12 is not allowed outside placeholders; use a-z, 0-9, '.', '-' or '_'",
    ],
    ['{firstName}@{lastName}', "'@' at position 12 is not allowed"],
    ['{firstName}é{lastName}', "'é' at position 12 is not allowed"],
    ["{firstName}'{lastName}", "''' at position 12 is not allowed"],
    ['{firstName}\n', 'U+000A at position 12 is not allowed'],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseUsernameTemplate(text)).toThrow(UsernameTemplateError);
    expect(() => parseUsernameTemplate(text)).toThrow(`Invalid username template ${JSON.stringify(text)}: ${message}`);
  });

  it('keeps every error message on one line', () => {
    expect(() => parseUsernameTemplate('{first\nName}')).toThrow(/^[^\n]*U\+000A[^\n]*$/);
  });

  it('parses any generated template', () => {
    fc.assert(
      fc.property(anyTemplate, (text) => {
        expect(parseUsernameTemplate(text).source).toBe(text);
      }),
    );
  });

  it('either parses or throws UsernameTemplateError, for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyText, fc.string({ unit: fc.constantFrom('{', '}', ':', '1', 'firstName', '.', ' ') })),
        (text) => {
          try {
            parseUsernameTemplate(text);
          } catch (error) {
            expect(error).toBeInstanceOf(UsernameTemplateError);
            expect((error as Error).message).not.toContain('\n');
          }
        },
      ),
    );
  });
});

describe('renderUsername', () => {
  it('gives a template without {birthYear} the same name whatever the birth date (templateUses)', () => {
    fc.assert(
      fc.property(anyTemplate, anyPerson, (text, who) => {
        const template = parseUsernameTemplate(text);
        expect(templateUses(template, 'birthYear')).toBe(text.includes('{birthYear}'));
        if (templateUses(template, 'birthYear')) return;
        const rendered = () => renderUsername(template, { ...who, birthDate: null });
        expect(renderUsername(template, who)).toBe(rendered());
      }),
    );
  });

  it.each([
    ['Evelien', 'Poppe', 'evelien.poppe'],
    ['Jürgen', "D'Hondt", 'jurgen.dhondt'],
    ['Jürgen', 'D’Hondt', 'jurgen.dhondt'],
    ['Ann', 'Van den Broeck', 'ann.vandenbroeck'],
    ['Łukasz', 'Wiśniewski', 'lukasz.wisniewski'],
    ['Søren', 'Ærø', 'soren.aero'],
    ['Jörg', 'Straße', 'jorg.strasse'],
    ['Şükrü', 'Ağaoğlu', 'sukru.agaoglu'],
    ['François', 'Dubœuf', 'francois.duboeuf'],
    ['Anne-Marie', 'De Smet', 'anne-marie.desmet'],
    ['  Bart ', ' Swings  ', 'bart.swings'],
  ])('%s %s → %s with the default template', (givenName, familyName, expected) => {
    expect(render(DEFAULT_USERNAME_TEMPLATE, person(givenName, familyName))).toBe(expected);
  });

  it.each([
    ['{firstName:1}{lastName}', 'epoppe'],
    ['{firstName:3}.{lastName:3}', 'eve.pop'],
    ['{lastName}.{firstName}', 'poppe.evelien'],
    ['{firstName}.{middleName}.{lastName}', 'evelien.maria.poppe'],
    ['{firstName}{lastName}{birthYear}', 'evelienpoppe2011'],
    ['{firstName}.{lastName}-{identifier}', 'evelien.poppe-stb12345'],
    ['leerling.{identifier}', 'leerling.stb12345'],
    ['LL_{firstName:1}{lastName}', 'll_epoppe'],
    ['{firstName:50}', 'evelien'],
    ['{username}', 'evy.poppe'],
  ])('%s → %s', (template, expected) => {
    const evelien = person('Evelien', 'Poppe', {
      middleName: 'Maria',
      birthDate: '2011-03-04',
      identifier: 'STB 12345',
      username: 'Evy.Poppe@school.example',
    });
    expect(render(template, evelien)).toBe(expected);
  });

  it('{username} serves the SIS login name normalised, and falls back when it is blank', () => {
    expect(render('{username}', person('Jan', 'Peeters', { username: 'Jan Peeters' }))).toBe('janpeeters');
    expect(render('{username}', person('Jan', 'Peeters', { username: '' }))).toMatch(/^user-/);
  });

  it('leaves no doubled or dangling separator around an empty part', () => {
    const jan = person('Jan', 'Peeters');
    expect(render('{firstName}.{middleName}.{lastName}', jan)).toBe('jan.peeters');
    expect(render('{middleName}.{firstName}.{lastName}', jan)).toBe('jan.peeters');
    expect(render('{firstName}.{lastName}-{birthYear}', jan)).toBe('jan.peeters');
    expect(render('{lastName}_{birthYear}', jan)).toBe('peeters');
    expect(render('{firstName}.{lastName}', person('', 'Peeters'))).toBe('peeters');
    expect(render('{firstName}.{lastName}', person('Jan', '李'))).toBe('jan');
  });

  it('cuts a shortened name part at a separator', () => {
    expect(render('{firstName:5}{lastName}', person('Jean-Pierre', 'Dupont'))).toBe('jeandupont');
  });

  it.each([
    [undefined, ''],
    [null, ''],
    ['', ''],
    ['2011-3-4', ''],
    ['2011-13-01', ''],
    ['04/03/2011', ''],
    ['2011-03-04T00:00:00Z', ''],
    [' 2011-03-04 ', '2011'],
  ])('birthDate %j renders {birthYear} as %j', (birthDate, year) => {
    expect(render('{lastName}{birthYear}', person('Jan', 'Peeters', { birthDate }))).toBe(`peeters${year}`);
  });

  it('caps the length without leaving a separator at the end', () => {
    const who = person('Maximiliaan', 'Vanderstraeten-Van Oudenhove');
    expect(render(DEFAULT_USERNAME_TEMPLATE, who)).toBe('maximiliaan.vanderstraeten-vanoudenhove');
    expect(render(DEFAULT_USERNAME_TEMPLATE, who, 12)).toBe('maximiliaan');
    expect(render(DEFAULT_USERNAME_TEMPLATE, who, 26)).toBe('maximiliaan.vanderstraeten');
    expect(render(DEFAULT_USERNAME_TEMPLATE, person('A'.repeat(40), 'B'.repeat(40))).length).toBe(64);
  });

  it('falls back to user-<hash of sourcedId> when no name part survives', () => {
    const who = person('小龍', '李', { sourcedId: 'abc-1' });
    expect(render(DEFAULT_USERNAME_TEMPLATE, who)).toBe(fallbackLocalPart('abc-1'));
    expect(render(DEFAULT_USERNAME_TEMPLATE, who)).toMatch(/^user-[0-9a-f]{8}$/);
    expect(render('staff-{firstName}{birthYear}', { ...who, birthDate: '1980-01-01' })).toBe(
      fallbackLocalPart('abc-1'),
    );
    expect(render(DEFAULT_USERNAME_TEMPLATE, who, 8)).toBe(fallbackLocalPart('abc-1', 8));
    expect(render('{firstName}.{lastName}', person('Жанна', 'Іваненко', { sourcedId: 'abc-1' }))).toBe(
      fallbackLocalPart('abc-1'),
    );
  });

  it('uses the identifier when the template asks for it, even if the names do not fold', () => {
    expect(render('{lastName}{identifier}', person('小龍', '李', { identifier: 'S-0042' }))).toBe('s-0042');
  });

  it('refuses a length cap outside 8..64', () => {
    expect(() => render(DEFAULT_USERNAME_TEMPLATE, person('Jan', 'Peeters'), 65)).toThrow(UsernameConfigError);
    expect(() => render(DEFAULT_USERNAME_TEMPLATE, person('Jan', 'Peeters'), 7)).toThrow('from 8 to 64');
  });

  it('gives a non-empty, capped, valid and deterministic local part for any person and template', () => {
    fc.assert(
      fc.property(anyTemplate, anyPerson, fc.integer({ min: 8, max: 64 }), (text, who, maxLength) => {
        const template: UsernameTemplate = parseUsernameTemplate(text);
        const result = renderUsername(template, who, { maxLength });
        expect(result.length).toBeGreaterThan(0);
        expect(result.length).toBeLessThanOrEqual(maxLength);
        expect(result).toMatch(LOCAL_PART_PATTERN);
        expect(result).not.toMatch(/\.\.|^[.-]|[.-]$/);
        expect(renderUsername(parseUsernameTemplate(text), { ...who }, { maxLength })).toBe(result);
      }),
      { numRuns: 500 },
    );
  });
});
