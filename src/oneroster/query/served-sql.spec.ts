import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Ordering, ServedExpression } from './resource';
import { latestOf } from './served-sql';

const OPERATORS: Ordering[] = ['>', '>=', '<', '<='];
/** Few distinct instants, so that ties (where > and >= differ) come up often. */
const instant = fc.constantFrom(
  '2026-08-31T22:00:00.000Z',
  '2026-09-01T00:00:00.000Z',
  '2026-09-01T08:30:00.000Z',
  '2026-09-02T00:00:00.000Z',
);

describe('latestOf', () => {
  const db = new Database(':memory:');
  afterAll(() => db.close());

  /** The served CASE compared with :since, and its term-by-term form, on one row, in SQLite. */
  function bothWays(
    expression: ServedExpression,
    operator: Ordering,
    row: { base: string; renamed: string | null; begins: string | null; switched: string; since: string },
  ) {
    const sql = `SELECT (${expression.sql}) ${operator} :since AS served, (${expression.compare!(operator, ':since', row.since)}) AS written
      FROM (SELECT :base AS base, :renamed AS renamed, :begins AS begins)`;
    return db.prepare(sql).get(row) as { served: number; written: number };
  }

  it('compares like the served latest, whatever is NULL, whatever ties, with the known instant decided in code', () => {
    fc.assert(
      fc.property(
        fc.record({
          base: instant,
          renamed: fc.option(instant, { nil: null }),
          begins: fc.option(instant, { nil: null }),
          switched: instant,
          since: instant,
        }),
        fc.constantFrom(...OPERATORS),
        (row, operator) => {
          const expression = latestOf('base', 'renamed', 'begins', {
            parameter: 'switched',
            value: row.switched,
          }) as ServedExpression;
          const { served, written } = bothWays(expression, operator, row);
          expect(written).toBe(served);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('compares like the served latest with a bounded column, leaving out terms its bound decides', () => {
    fc.assert(
      fc.property(
        fc.record({ base: instant, departed: fc.option(instant, { nil: null }), atMost: instant, since: instant }),
        fc.constantFrom(...OPERATORS),
        ({ base, departed, atMost, since }, operator) => {
          fc.pre(departed === null || departed <= atMost);
          const expression = latestOf('base', { column: 'departed', atMost }) as ServedExpression;
          const sql = `SELECT (${expression.sql}) ${operator} :since AS served, (${expression.compare!(operator, ':since', since)}) AS written
            FROM (SELECT :base AS base, :departed AS departed)`;
          const { served, written } = db.prepare(sql).get({ base, departed, since }) as Record<string, number>;
          expect(written).toBe(served);
        },
      ),
      { numRuns: 500 },
    );
    const delta = latestOf('base', { column: 'departed', atMost: '2026-09-01T00:00:00.000Z' }) as ServedExpression;
    expect(delta.compare!('>', ':since', '2026-09-02T00:00:00.000Z')).toBe('base > :since');
  });

  it('is the column itself without candidates', () => {
    expect(latestOf('usr.dateLastModified')).toBe('usr.dateLastModified');
  });

  it('writes a later-than as one term per column, each usable on its own; a known instant drops out or decides', () => {
    const changedAt = { parameter: 'usersChangedAt', value: '2026-09-01T00:00:00.000Z' };
    const expression = latestOf('usr.dateLastModified', 'assigned.renamedAt', changedAt) as ServedExpression;
    expect(expression.compare!('>', ':since', '2026-11-20T06:00:00.000Z')).toBe(
      'usr.dateLastModified > :since OR (assigned.renamedAt IS NOT NULL AND assigned.renamedAt > :since)',
    );
    expect(expression.compare!('>', ':since', '2026-08-20T06:00:00.000Z')).toBe('1 = 1');
    expect(expression.compare!('<', ':since', '2026-08-20T06:00:00.000Z')).toBe('1 = 0');
  });
});
