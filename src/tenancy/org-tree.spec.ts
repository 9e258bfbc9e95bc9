import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrgNode, resolveOrgScope, unmatchedReferences } from './org-tree';

const org = (sourcedId: string, parentSourcedId: string | null = null, identifier: string | null = null): OrgNode => ({
  sourcedId,
  parentSourcedId,
  identifier,
});
const BOARD = [
  org('district'),
  org('school-1', 'district', '012345'),
  org('site-1a', 'school-1', '012345-2'),
  org('site-1a-annex', 'site-1a'),
  org('school-2', 'district', '067890'),
];
const resolve = (included: string[], excluded: string[] = [], allOrgs = false) =>
  [...resolveOrgScope(BOARD, { allOrgs, included, excluded })].sort();

describe('resolveOrgScope', () => {
  it('includes a named org with all its descendants, by sourcedId or identifier', () => {
    expect(resolve(['school-1'])).toEqual(['school-1', 'site-1a', 'site-1a-annex']);
    expect(resolve(['067890'])).toEqual(['school-2']);
    expect(resolve(['district'])).toEqual(BOARD.map((o) => o.sourcedId).sort());
  });

  it("lets an exclusion win over an inclusion above it, with the excluded org's descendants", () => {
    expect(resolve(['district'], ['012345-2'])).toEqual(['district', 'school-1', 'school-2']);
    expect(resolve(['site-1a'], ['school-1'])).toEqual([]);
  });

  it('covers every org with allOrgs, and nothing for unknown references', () => {
    expect(resolve([], [], true)).toHaveLength(BOARD.length);
    expect(resolve(['nope'])).toEqual([]);
    expect(unmatchedReferences(BOARD, ['nope', '012345', 'school-2'])).toEqual(['nope']);
  });

  it('terminates on a cycle in bad data', () => {
    const cyclic = [org('a', 'b'), org('b', 'a')];
    expect([...resolveOrgScope(cyclic, { allOrgs: false, included: ['a'], excluded: [] })].sort()).toEqual(['a', 'b']);
  });

  it('never returns an excluded org or one outside the named subtrees, for any tree', () => {
    const trees = fc
      .array(fc.nat(20), { maxLength: 30 })
      .map((parents) => parents.map((p, i) => org(`o${i}`, p < i ? `o${p}` : null)));
    fc.assert(
      fc.property(trees, fc.array(fc.nat(30)), fc.array(fc.nat(30)), (orgs, inc, exc) => {
        const included = inc.map((i) => `o${i}`);
        const excluded = exc.map((i) => `o${i}`);
        const scope = resolveOrgScope(orgs, { allOrgs: false, included, excluded });
        const parentOf = new Map(orgs.map((o) => [o.sourcedId, o.parentSourcedId]));
        const ancestry = (id: string) => {
          const chain = [];
          for (let at: string | null | undefined = id; at; at = parentOf.get(at)) chain.push(at);
          return chain;
        };
        for (const id of scope) {
          expect(ancestry(id).some((a) => included.includes(a))).toBe(true);
          expect(ancestry(id).some((a) => excluded.includes(a))).toBe(false);
        }
      }),
    );
  });
});
