import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignmentOrder,
  AssignmentCandidate,
  MAX_SUFFIX_ATTEMPTS,
  nextFreeUsername,
  UsernamePool,
  withSuffix,
} from './dedupe';
import { UsernameConfigError } from './identity.errors';
import { LOCAL_PART_PATTERN } from './upn-normalize';

const validBase = fc.stringMatching(/^[a-z0-9]{1,12}(?:[._-][a-z0-9]{1,12}){0,4}$/);

describe('withSuffix', () => {
  it.each([
    ['bart.swings', 1, 64, 'bart.swings'],
    ['bart.swings', 2, 64, 'bart.swings2'],
    ['bart.swings', 3, 64, 'bart.swings3'],
    ['bart.swings', 12, 64, 'bart.swings12'],
    ['bart.swings', 2, 11, 'bart.swing2'],
    ['bart.swings', 2, 9, 'bart.swi2'],
    ['bart.swings', 2, 8, 'bart.sw2'],
    ['bart.swings', 10, 8, 'bart.s10'],
    ['bart.swings', 1, 8, 'bart.swi'],
    ['bartje.swings', 2, 8, 'bartje2'],
    ['bartje.swings', 10, 9, 'bartje10'],
    ['bartje-swings', 100, 10, 'bartje100'],
    ['a', 9999999, 8, 'a9999999'],
  ])('%s #%i within %i → %s', (base, n, maxLength, expected) => {
    expect(withSuffix(base, n, maxLength)).toBe(expected);
  });

  it('refuses what cannot give a valid name', () => {
    expect(() => withSuffix('bart.swings', 0)).toThrow('positive integer, got 0');
    expect(() => withSuffix('bart.swings', 1.5)).toThrow('positive integer, got 1.5');
    expect(() => withSuffix('bart', 10_000_000, 8)).toThrow('Username suffix 10000000 does not fit in 8 characters');
    expect(() => withSuffix('Bart.Swings', 2)).toThrow('Username base "Bart.Swings" must be lower case');
    expect(() => withSuffix('', 2)).toThrow('Username base "" is empty');
    expect(() => withSuffix('bart', 2, 100)).toThrow(UsernameConfigError);
  });

  it('fits the cap, ends with the number, keeps a prefix of the base and stays valid', () => {
    fc.assert(
      fc.property(
        validBase,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 8, max: 64 }),
        (base, n, max) => {
          const candidate = withSuffix(base, n, max);
          expect(candidate.length).toBeLessThanOrEqual(max);
          expect(candidate).toMatch(LOCAL_PART_PATTERN);
          const stem = n === 1 ? candidate : candidate.slice(0, -String(n).length);
          if (n >= 2) expect(candidate.endsWith(String(n))).toBe(true);
          expect(base.startsWith(stem)).toBe(true);
          expect(stem).not.toMatch(/[._-]$/);
        },
      ),
    );
  });
});

describe('nextFreeUsername', () => {
  it('returns the base when it is free, then the first free number', () => {
    const taken = new Set(['bart.swings', 'bart.swings2', 'bart.swings4']);
    expect(nextFreeUsername('evelien.poppe', (c) => taken.has(c))).toBe('evelien.poppe');
    expect(nextFreeUsername('bart.swings', (c) => taken.has(c))).toBe('bart.swings3');
  });

  it('offers lower-case candidates, so a lower-cased taken set compares case-insensitively', () => {
    const existing = ['Bart.Swings', 'BART.SWINGS2'];
    const taken = new Set(existing.map((name) => name.toLowerCase()));
    expect(nextFreeUsername('bart.swings', (c) => taken.has(c))).toBe('bart.swings3');
  });

  it('counts past cut bases under a tight cap', () => {
    const taken = new Set(['bartswin', 'bartswi2', 'bartswi3']);
    expect(nextFreeUsername('bartswings', (c) => taken.has(c), 8)).toBe('bartswi4');
  });

  it('gives up after MAX_SUFFIX_ATTEMPTS', () => {
    expect(() => nextFreeUsername('bart', () => true)).toThrow(`after ${MAX_SUFFIX_ATTEMPTS} attempts`);
  });

  it('never returns a taken name, and returns the first free candidate', () => {
    fc.assert(
      fc.property(
        validBase,
        fc.integer({ min: 8, max: 64 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 })),
        fc.array(validBase),
        (base, max, takenNumbers, others) => {
          const taken = new Set([...takenNumbers.map((n) => withSuffix(base, n, max)), ...others]);
          const result = nextFreeUsername(base, (c) => taken.has(c), max);
          expect(taken.has(result)).toBe(false);
          const n = Array.from({ length: 40 }, (_, i) => i + 1).find((i) => withSuffix(base, i, max) === result);
          for (let earlier = 1; earlier < (n ?? 0); earlier++)
            expect(taken.has(withSuffix(base, earlier, max))).toBe(true);
        },
      ),
    );
  });
});

describe('UsernamePool', () => {
  it('hands out bart.swings, bart.swings2, … and skips names taken before', () => {
    const pool = new UsernamePool();
    pool.add('bart.swings2');
    expect([1, 2, 3].map(() => pool.claim('bart.swings'))).toEqual(['bart.swings', 'bart.swings3', 'bart.swings4']);
  });

  it('hands out exactly what nextFreeUsername gives against the growing set of taken names', () => {
    const base = fc.constantFrom('bart.swings', 'bartswings', 'bart.swin', 'ann');
    // Taken from outside between claims: a numbered form of a base, or anything else.
    const step = fc.oneof(
      fc.record({ claim: base }),
      fc.record({ addNumbered: base, n: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ add: validBase }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.integer({ min: 8, max: 64 }), (steps, max) => {
        const pool = new UsernamePool();
        const taken = new Set<string>();
        const take = (name: string) => (pool.add(name), taken.add(name));
        for (const s of steps) {
          if ('claim' in s) {
            const expected = nextFreeUsername(s.claim, (c) => taken.has(c), max);
            expect(pool.claim(s.claim, max)).toBe(expected);
            taken.add(expected);
          } else take('add' in s ? s.add : withSuffix(s.addNumbered, s.n, max));
        }
      }),
    );
  });
});

describe('assignmentOrder', () => {
  const p = (role: string, sourcedId: string): AssignmentCandidate => ({ role, sourcedId });

  it('puts staff first, then students, then everyone else, each by sourcedId', () => {
    const people = [
      p('guardian', 'a'),
      p('student', 'b'),
      p('student', 'a'),
      p('aide', 'z'),
      p('teacher', 'm'),
      p('parent', '0'),
      p('administrator', 'n'),
      p('proctor', 'a'),
      p('relative', 'b'),
      p('Teacher', 'c'),
    ];
    expect([...people].sort(assignmentOrder).map((x) => `${x.role}:${x.sourcedId}`)).toEqual([
      'proctor:a',
      'teacher:m',
      'administrator:n',
      'aide:z',
      'student:a',
      'student:b',
      'parent:0',
      'guardian:a',
      'relative:b',
      'Teacher:c',
    ]);
  });

  it('compares sourcedIds by code units, not by locale', () => {
    const ids = ['b', 'B', 'a', 'Z', 'é', 'e', '10', '9', '😀', '\uffff'];
    const sorted = ids
      .map((id) => p('student', id))
      .sort(assignmentOrder)
      .map((x) => x.sourcedId);
    expect(sorted).toEqual(['10', '9', 'B', 'Z', 'a', 'b', 'e', 'é', '😀', '\uffff']);
  });

  it('gives the same order whatever order the import arrives in', () => {
    const candidate = fc.record({
      role: fc.constantFrom('teacher', 'administrator', 'aide', 'proctor', 'student', 'guardian', 'parent', 'x'),
      sourcedId: fc.string({ unit: 'binary', maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { selector: (c) => c.sourcedId, maxLength: 30 }),
        fc.nat(),
        (people, seed) => {
          const shuffled = people
            .map((person, i) => ({ person, key: (i * 7919 + seed) % 1_000_003 }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.person);
          expect([...shuffled].sort(assignmentOrder)).toEqual([...people].sort(assignmentOrder));
        },
      ),
    );
  });
});
