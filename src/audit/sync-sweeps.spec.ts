import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageRead, runsOf, sweepsOf } from './sync-sweeps';

const USERS = '/ims/oneroster/v1p1/users';
const at = (minute: number) => new Date(Date.UTC(2025, 8, 1, 6, minute)).toISOString();

/** The pages of a sweep of `total` records, `limit` a page, from minute `start`. */
function pages(total: number, limit: number, start = 0, extra: Partial<PageRead> = {}): PageRead[] {
  const count = Math.max(1, Math.ceil(total / limit));
  return Array.from({ length: count }, (_, i) => ({
    at: at(start + i),
    clientId: 'sds',
    route: USERS,
    filter: null,
    status: 200,
    pageOffset: i * limit,
    total,
    records: Math.max(0, Math.min(limit, total - i * limit)),
    ...extra,
  }));
}

describe('sweepsOf', () => {
  it('sees a sweep from offset 0 to the last page as complete, and one page short as not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 300 }), (total, limit) => {
        const all = pages(total, limit);
        expect(sweepsOf(all)).toEqual([
          expect.objectContaining({
            collection: 'users',
            kind: 'full',
            pages: all.length,
            records: total,
            reachedEnd: true,
          }),
        ]);
        if (all.length > 1) expect(sweepsOf(all.slice(0, -1))[0]).toMatchObject({ reachedEnd: false });
      }),
    );
  });

  it('sees a skipped page, or a sweep whose first page it did not see, as not reaching the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.nat(), (count, pick) => {
        const all = pages(count * 10, 10);
        const skipped = pick % (count - 1);
        expect(sweepsOf(all.filter((_, i) => i !== skipped))).toEqual(
          expect.arrayContaining([expect.objectContaining({ reachedEnd: false })]),
        );
      }),
    );
  });

  it('keeps going over a refused page asked again, and tells a delta read from a full sweep', () => {
    const full = pages(30, 10);
    const refused = { ...full[1], status: 429, records: null, total: null };
    const delta = pages(5, 10, 40, { filter: "dateLastModified>'2025-08-31T00:00:00Z'" });
    const sweeps = sweepsOf([full[0], refused, ...full.slice(1), ...delta]);
    expect(sweeps.map((s) => [s.kind, s.reachedEnd, s.pages])).toEqual([
      ['full', true, 3],
      ['delta', true, 1],
    ]);
  });

  it('starts a new sweep when the client starts again at offset 0', () => {
    const first = pages(30, 10).slice(0, 2);
    const second = pages(30, 10, 10);
    expect(sweepsOf([...first, ...second]).map((s) => s.reachedEnd)).toEqual([false, true]);
  });
});

describe('runsOf', () => {
  it("groups a client's sweeps less than 30 minutes apart into one run, complete when every sweep is", () => {
    const orgs = pages(4, 10, 0, { route: '/ims/oneroster/v1p1/orgs' });
    const users = pages(30, 10, 5);
    const tomorrow = pages(30, 10, 24 * 60).slice(0, 2);
    const runs = runsOf(sweepsOf([...orgs, ...users, ...tomorrow]));
    expect(runs.map((run) => [run.kind, run.complete, run.sweeps.map((s) => s.collection)])).toEqual([
      ['full', true, ['orgs', 'users']],
      ['full', false, ['users']],
    ]);
  });
});
