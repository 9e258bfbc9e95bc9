import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassEntity } from '../../src/classes/class.entity';
import { breachesOf } from '../../src/sds-rules/sds-rules';
import { RuleCollection } from '../../src/sds-rules/rule-kit';
import { UserEntity } from '../../src/users/user.entity';
import { Cli, cliOn, expectUsageError, jsonOf } from '../support/cli';
import { seedSmallBoard } from '../support/small-board';
import { API, startTestApp, TEST_TENANT, TestApp } from '../support/test-app';

type Served = { sourcedId: string; grades: string[]; dateLastModified: string };

describe('grade map: SIS grades served as SDS grade levels, per tenant', () => {
  let t: TestApp;
  let cli: Cli;
  const served = async (collection: 'users' | 'classes', query = '') =>
    (await t.http.get(`${API}/${collection}?limit=100${query}`).expect(200)).body[collection] as Served[];
  const gradesOf = async (collection: 'users' | 'classes') =>
    Object.fromEntries((await served(collection)).filter((r) => r.grades.length).map((r) => [r.sourcedId, r.grades]));
  const gradeBreaches = async (collection: RuleCollection & ('users' | 'classes')) =>
    (await served(collection)).flatMap((record) =>
      breachesOf(collection, record)
        .filter((breach) => breach.rule.id.endsWith('.grades'))
        .map((breach) => `${record.sourcedId}: ${breach.value}`),
    );

  beforeAll(async () => {
    t = await startTestApp();
    cli = cliOn(t.db.url, mkdtempSync(join(tmpdir(), 'grade-map-')));
    await seedSmallBoard(t.dataSource);
    // Flemish secondary schools number their years 1A, 1B (first year), 2A …
    const users = t.dataSource.getRepository(UserEntity);
    await users.update({ sourcedId: 'student-01' }, { grades: ['1A'] });
    await users.update({ sourcedId: 'student-02' }, { grades: ['1B', '07'] });
    await users.update({ sourcedId: 'student-11' }, { grades: ['2A'] });
    const classes = t.dataSource.getRepository(ClassEntity);
    await classes.update({ sourcedId: 'class-1' }, { grades: ['1A', '1B'] });
    await classes.update({ sourcedId: 'class-3' }, { grades: ['2A'] });
  });
  afterAll(() => t?.close());

  it('without a map serves the SIS grades, each breach of the grade rule as imported', async () => {
    expect(await gradeBreaches('users')).toEqual(['student-01: 1A', 'student-02: 1B', 'student-11: 2A']);
    expect(await gradeBreaches('classes')).toEqual(['class-1: 1A', 'class-1: 1B', 'class-3: 2A']);
  });

  it('tenants update --grade-map turns every breach into a served SDS grade level', async () => {
    const before = new Date().toISOString();
    const tenant = jsonOf<{ gradeMap: Record<string, string> }>(
      await cli(['tenants', 'update', TEST_TENANT, '--grade-map', '1A=07, 1B=07,2A=08', '--json']),
    );
    expect(tenant.gradeMap).toEqual({ '1A': '07', '1B': '07', '2A': '08' });
    expect(await gradeBreaches('users')).toEqual([]);
    expect(await gradeBreaches('classes')).toEqual([]);
    expect(await gradesOf('users')).toMatchObject({ 'student-01': ['07'], 'student-02': ['07'], 'student-11': ['08'] });
    expect(await gradesOf('classes')).toEqual({ 'class-1': ['07'], 'class-3': ['08'] });
    // Delta sync sees the changed grades.
    const changed = await served('users', `&filter=${encodeURIComponent(`dateLastModified>'${before}'`)}`);
    expect(changed.map((user) => user.sourcedId)).toEqual(expect.arrayContaining(['student-01', 'student-11']));
  });

  it('leaves an unmapped grade as imported, to be reported, never guessed', async () => {
    jsonOf(await cli(['tenants', 'update', TEST_TENANT, '--grade-map', '1A=07', '--json']));
    expect(await gradeBreaches('users')).toEqual(['student-02: 1B', 'student-11: 2A']);
    expect((await gradesOf('users'))['student-02']).toEqual(['1B', '07']);
  });

  it('reads the map from a CSV, and default removes it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'grade-map-csv-')), 'map.csv');
    writeFileSync(file, '\uFEFFSIS grade;SDS grade\r\n1A;07\r\n1B;07\r\n2A;08\r\n');
    jsonOf(await cli(['tenants', 'update', TEST_TENANT, '--grade-map-file', file, '--json']));
    expect(await gradeBreaches('users')).toEqual([]);
    const reset = jsonOf<{ gradeMap: unknown }>(
      await cli(['tenants', 'update', TEST_TENANT, '--grade-map', 'default', '--json']),
    );
    expect(reset.gradeMap).toBeNull();
    expect(await gradeBreaches('users')).toHaveLength(3);
  });

  it('refuses a map to a value SDS does not list, in one line', async () => {
    expectUsageError(
      await cli(['tenants', 'update', TEST_TENANT, '--grade-map', '1A=7B']),
      /'7B' is not an SDS grade level/,
    );
    expectUsageError(
      await cli(['tenants', 'update', TEST_TENANT, '--grade-map', '1A=07', '--grade-map-file', 'x.csv']),
      /cannot read x.csv|not both/,
    );
  });
});
