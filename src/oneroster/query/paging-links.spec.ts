import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLinkHeader } from './paging-links';

const BASE = 'https://host/ims/oneroster/v1p1/users';

function links(header: string): Record<string, string> {
  return Object.fromEntries(
    header.split(', ').map((part) => {
      const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part)!;
      return [rel, url];
    }),
  );
}

const offsetOf = (url: string) => Number(new URL(url).searchParams.get('offset'));

describe('buildLinkHeader', () => {
  it('a middle page has first, prev, next and last, keeping the other parameters encoded', () => {
    const header = buildLinkHeader({
      baseUrl: BASE,
      query: { filter: "status='active'", sort: 'familyName', orderBy: 'desc', fields: 'sourcedId,givenName' },
      offset: 200,
      limit: 100,
      total: 950,
    });
    expect(links(header)).toEqual({
      first:
        `${BASE}?filter=status%3D'active'&sort=familyName&orderBy=desc&fields=sourcedId%2CgivenName&limit=100&offset=0`.replace(
          /'/g,
          '%27',
        ),
      prev: `${BASE}?filter=status%3D%27active%27&sort=familyName&orderBy=desc&fields=sourcedId%2CgivenName&limit=100&offset=100`,
      next: `${BASE}?filter=status%3D%27active%27&sort=familyName&orderBy=desc&fields=sourcedId%2CgivenName&limit=100&offset=300`,
      last: `${BASE}?filter=status%3D%27active%27&sort=familyName&orderBy=desc&fields=sourcedId%2CgivenName&limit=100&offset=900`,
    });
  });

  it('the first page has no prev, the last page no next, an empty result first = last = 0', () => {
    expect(Object.keys(links(buildLinkHeader({ baseUrl: BASE, query: {}, offset: 0, limit: 10, total: 25 })))).toEqual([
      'first',
      'next',
      'last',
    ]);
    expect(Object.keys(links(buildLinkHeader({ baseUrl: BASE, query: {}, offset: 20, limit: 10, total: 25 })))).toEqual(
      ['first', 'prev', 'last'],
    );
    const empty = links(buildLinkHeader({ baseUrl: BASE, query: {}, offset: 0, limit: 10, total: 0 }));
    expect(Object.keys(empty)).toEqual(['first', 'last']);
    expect(offsetOf(empty.last)).toBe(0);
  });

  it('encodes spaces in values as %20', () => {
    const header = buildLinkHeader({
      baseUrl: BASE,
      query: { filter: "familyName='Van den Broeck'" },
      offset: 0,
      limit: 1,
      total: 3,
    });
    expect(header).toContain('filter=familyName%3D%27Van%20den%20Broeck%27');
  });

  it('following next from offset 0 visits every record once and ends on last', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 700 }), (total, limit) => {
        const visited: number[] = [];
        let offset = 0;
        let lastOffset: number;
        for (;;) {
          for (let i = offset; i < Math.min(offset + limit, total); i++) visited.push(i);
          const rels = links(buildLinkHeader({ baseUrl: BASE, query: {}, offset, limit, total }));
          lastOffset = offsetOf(rels.last);
          if (!rels.next) break;
          offset = offsetOf(rels.next);
        }
        expect(visited).toEqual(Array.from({ length: total }, (_, i) => i));
        expect(offset).toBe(lastOffset);
      }),
    );
  });
});
