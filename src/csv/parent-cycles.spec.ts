import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCycle, findParentCycles } from './parent-cycles';

const links = (pairs: Record<string, string | null>) => new Map(Object.entries(pairs));
const all = (pairs: Record<string, string | null>) => findParentCycles(links(pairs), Object.keys(pairs));

describe('findParentCycles', () => {
  it('finds none in a tree, or where a parent is unknown', () => {
    expect(all({ district: null, school: 'district', site: 'school', other: 'nowhere' })).toEqual([]);
  });

  it('finds a self-parent, a 2-cycle and a 3-cycle, each once', () => {
    expect(all({ a: 'a' })).toEqual([['a']]);
    expect(all({ a: 'b', b: 'a' })).toEqual([['a', 'b']]);
    expect(all({ a: 'b', b: 'c', c: 'a', d: 'd' })).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('leaves out what only leads into a cycle', () => {
    expect(all({ leaf: 'site', site: 'school', school: 'district', district: 'school' })).toEqual([
      ['school', 'district'],
    ]);
  });

  it('walks up from the starts only, through ids that are not starts', () => {
    const parentOf = links({
      new: 'stored-1',
      'stored-1': 'stored-2',
      'stored-2': 'new',
      'old-1': 'old-2',
      'old-2': 'old-1',
    });
    expect(findParentCycles(parentOf, ['new'])).toEqual([['new', 'stored-1', 'stored-2']]);
  });

  it('walks a long chain without recursion', () => {
    const chain = new Map(Array.from({ length: 50_000 }, (_, i) => [`o${i}`, `o${i + 1}`] as const));
    chain.set('o50000', 'o0');
    expect(findParentCycles(chain, chain.keys())[0]).toHaveLength(50_001);
  });

  it('finds exactly the ids whose walk comes back to them, each in one cycle', () => {
    const parentLinks = fc.dictionary(
      fc.integer({ min: 0, max: 20 }).map(String),
      fc.option(fc.integer({ min: 0, max: 25 }).map(String)),
    );
    fc.assert(
      fc.property(parentLinks, (pairs) => {
        const parentOf = links(pairs);
        const inCycle = (id: string) => {
          let at = parentOf.get(id);
          for (let step = 0; step < parentOf.size && at != null; step++, at = parentOf.get(at))
            if (at === id) return true;
          return false;
        };
        const members = all(pairs).flat();
        expect(new Set(members).size).toBe(members.length);
        expect(members.sort()).toEqual(Object.keys(pairs).filter(inCycle).sort());
      }),
    );
  });
});

describe('describeCycle', () => {
  it('names a self-parent, and a cycle from the member it is reported on', () => {
    expect(describeCycle(['org-1'], 'org-1')).toBe('org-1 is its own parent');
    expect(describeCycle(['district-1', 'school-2'], 'district-1')).toBe('cycle district-1 → school-2 → district-1');
    expect(describeCycle(['a', 'b', 'c'], 'b')).toBe('cycle b → c → a → b');
  });
});
