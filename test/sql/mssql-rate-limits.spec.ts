import { beforeAll, describe, expect, it } from 'vitest';
import { windowAt } from '../../src/auth/counter-store';
import { DatabaseCounters } from '../../src/auth/database-counters';
import { offlineSqlServer, parameterCount, parseTransactSql } from './mssql-dialect';

const NOW = new Date('2026-11-23T10:00:30.000Z');
const WINDOW = windowAt(NOW, 60);

describe('rate-limit counters on SQL Server (built offline, parsed as T-SQL)', () => {
  let counters: DatabaseCounters;
  beforeAll(async () => {
    counters = new DatabaseCounters(await offlineSqlServer());
  });

  it("a count adds one to the window's row in one UPDATE and reads the new points from its OUTPUT", () => {
    const [sql, parameters] = counters.incrementQuery('api-client:c1', WINDOW).getQueryAndParameters();
    expect(sql).toBe(
      'UPDATE "rate_limit_counters" SET "points" = "points" + 1 OUTPUT INSERTED."points" INTO @OutputTable' +
        ' WHERE ("counter_key" = @0 AND "window_start" = @1)',
    );
    // node-sql-parser's T-SQL grammar has no OUTPUT clause: the statement around it is parsed.
    expect(() => parseTransactSql(sql.replace(' OUTPUT INSERTED."points" INTO @OutputTable', ''))).not.toThrow();
    expect(parameters).toEqual(['api-client:c1', '2026-11-23T10:00:00.000Z']);
  });

  it('the first count of a window inserts its row; reading a count and pruning ended windows are single statements', () => {
    const statements = [
      counters.insertQuery('api-client:c1', WINDOW),
      counters.countQuery('api-client:c1', WINDOW),
      counters.pruneQuery(NOW),
    ].map((query) => query.getQueryAndParameters()[0]);
    for (const sql of statements) expect(() => parseTransactSql(sql)).not.toThrow();
    const [insert, count, prune] = statements;
    expect(insert).toMatch(
      /^INSERT INTO "rate_limit_counters"\("counter_key", "window_start", "points", "expires_at"\)/,
    );
    expect(insert).not.toMatch(/OUTPUT|MERGE/); // see DatabaseCounters.insertQuery: the primary key settles a race
    expect(parameterCount(insert)).toBe(4);
    expect(count).toMatch(/WHERE \("counter"\."counter_key" = @0 AND "counter"\."window_start" = @1\)$/);
    expect(prune).toBe('DELETE FROM "rate_limit_counters" WHERE "expires_at" <= @0');
  });
});
