import { DataSource } from 'typeorm';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccessLogEntity } from '../../src/audit/access-log.entity';
import { accessLogQueries } from '../../src/audit/access-log.queries';
import { offlineSqlServer, parameterCount, parseTransactSql } from './mssql-dialect';

const ROW: AccessLogEntity = {
  id: '00000000-0000-0000-0000-000000000000',
  at: '2026-11-23T10:00:00.000Z',
  kind: 'read',
  tenantId: 'brugge',
  clientId: 'c'.repeat(32),
  method: 'GET',
  path: '/ims/oneroster/v1p1/users',
  route: '/ims/oneroster/v1p1/users',
  filter: "status='active'",
  status: 200,
  durationMs: 12,
  pageOffset: 0,
  pageLimit: 5000,
  total: 50000,
  records: 5000,
  firstId: 'usr-000001',
  lastId: 'usr-005000',
  servedIds: 'AAAA',
};

describe('the access log on SQL Server (built offline, parsed as T-SQL)', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await offlineSqlServer();
  });

  it('writes a full batch of 100 rows in one INSERT under the 2,100-parameter limit', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ ...ROW, id: `${i}`.padStart(36, '0') }));
    const [sql] = accessLogQueries.insert(dataSource, rows).getQueryAndParameters();
    expect(() => parseTransactSql(sql)).not.toThrow();
    expect(parameterCount(sql)).toBe(1800);
  });

  it('prunes, narrows a sourcedId to ranges and reads the page reads in single valid statements', () => {
    const statements = [
      accessLogQueries.prune(dataSource, ROW.at),
      accessLogQueries.ranges(dataSource, 'brugge', '0000', '9999'),
      accessLogQueries.pageReads(dataSource, 'brugge', ROW.at),
    ].map((query) => query.getQueryAndParameters()[0]);
    for (const sql of statements) expect(() => parseTransactSql(sql), sql).not.toThrow();
    expect(statements[0]).toBe('DELETE FROM "access_log" WHERE "at" < @0');
    expect(statements[1]).toMatch(/"log"\."first_id" IS NOT NULL AND "log"\."at" BETWEEN @1 AND @2/);
  });
});
