import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.factory';
import { DEMO_TENANT } from '../../src/demo/demo-data.loader';
import { AcademicSessionEntity } from '../../src/academic-sessions/academic-session.entity';
import { ClassTermEntity } from '../../src/classes/class-term.entity';
import { ClassEntity } from '../../src/classes/class.entity';
import { EnrollmentEntity } from '../../src/enrollments/enrollment.entity';
import { OrgEntity } from '../../src/orgs/org.entity';
import { HealthReport } from '../../src/report/health-report';
import { Publisher } from '../../src/publication/publisher.service';
import { UserEntity } from '../../src/users/user.entity';
import { T0 } from '../support/factories';
import { Cli, cliOn, expectUsageError, jsonOf } from '../support/cli';
import { seedSmallBoard } from '../support/small-board';
import { startTestApp, TEST_TENANT, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * One breach of each rule a served record can break, seeded past the importer (which refuses most of them). The
 * common fields are always served right, references are what scope a record, and a session whose type or schoolYear
 * is unknown falls out of the serving calendar: the unit tests cover those rules.
 */
const SEEDED: [string, string, string][] = [
  ['org.name', 'district', ''],
  ['org.type', 'site-1a', 'scholengroep'],
  ['session.dates', 'term-1', '01/09/2026'],
  ['user.givenName', 'student-04', ''],
  ['user.familyName', 'student-05', ''],
  ['user.identifier', 'student-06', ''],
  ['user.role', 'teacher-2', 'aide'],
  ['user.grades', 'student-08', '1A'],
  ['user.email', 'student-09', 'student9@example'],
  ['user.email.case', 'teacher-1', 'Evelien.Poppe@example.org'],
  ['user.phone', 'student-10', '0470 12 34 56'],
  ['user.sms', 'student-11', '+0470123456'],
  ['user.userFlags', 'student-12', 'dyslexia'],
  ['class.title', 'class-2', ''],
  ['class.title.characters', 'class-3', 'Beeld 2A/2B: atelier'],
  ['class.terms', 'class-2', ''],
  ['class.grades', 'class-1', '1A'],
  ['enrollment.role', 'enr-teacher-2', 'aide'],
];

describe('report: every record SDS would reject or warn about, with the fix', () => {
  let t: TestApp;
  let cli: Cli;
  let dir: string;
  const report = async () => jsonOf<HealthReport>(await cli(['report', '--tenant', TEST_TENANT, '--format', 'json']));
  const found = (r: HealthReport) => r.lines.map((line) => [line.rule, line.sourcedId, line.value]);

  beforeAll(async () => {
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'health-report-'));
    cli = cliOn(t.db.url, dir);
    await seedSmallBoard(t.dataSource);
  });
  afterAll(() => t?.close());

  it('is empty for a board that keeps every rule', async () => {
    const clean = await report();
    expect(clean.lines).toEqual([]);
    expect(clean.totals).toEqual({ errors: 0, warnings: 0 });
    expect(clean.checked).toEqual({ orgs: 4, academicSessions: 4, users: 17, classes: 3, enrollments: 17 });
  });

  it('lists every seeded breach with its rule, value, effect and fix, and totals per school', async () => {
    const db = t.dataSource;
    await db.getRepository(OrgEntity).update({ sourcedId: 'district' }, { name: '' });
    await db.getRepository(OrgEntity).update({ sourcedId: 'site-1a' }, { type: 'scholengroep' as never });
    await db.getRepository(AcademicSessionEntity).update({ sourcedId: 'term-1' }, { startDate: '01/09/2026' });
    const users = db.getRepository(UserEntity);
    await users.update({ sourcedId: 'student-04' }, { givenName: '' });
    await users.update({ sourcedId: 'student-05' }, { familyName: '' });
    await users.update({ sourcedId: 'student-06' }, { identifier: null });
    await users.update({ sourcedId: 'teacher-2' }, { role: 'aide' });
    await users.update({ sourcedId: 'student-08' }, { grades: ['1A'] });
    await users.update({ sourcedId: 'student-09' }, { email: 'student9@example' });
    await users.update({ sourcedId: 'teacher-1' }, { email: 'Evelien.Poppe@example.org' });
    await users.update({ sourcedId: 'student-10' }, { phone: '0470 12 34 56' });
    await users.update({ sourcedId: 'student-11' }, { sms: '+0470123456' });
    await users.update({ sourcedId: 'student-12' }, { metadata: { 'microsoft.userFlags': 'ELL,dyslexia' } });
    const classes = db.getRepository(ClassEntity);
    await classes.update({ sourcedId: 'class-2' }, { title: '' });
    await classes.update({ sourcedId: 'class-3' }, { title: 'Beeld 2A/2B: atelier' });
    await classes.update({ sourcedId: 'class-1' }, { grades: ['1A'] });
    await db.getRepository(ClassTermEntity).delete({ classSourcedId: 'class-2' });
    await db.getRepository(EnrollmentEntity).update({ sourcedId: 'enr-teacher-2' }, { role: 'aide' as never });
    await t.app.get(Publisher).refresh(undefined, T0); // class titles and scopes derived again, as after an import

    const r = await report();
    expect(found(r).sort()).toEqual(SEEDED.map(([rule, id, value]) => [rule, id, value]).sort());
    for (const line of r.lines) {
      expect(line.fix, line.rule).not.toBe('');
      expect(line.source, line.rule).toMatch(/^https:\/\//);
      expect(line.effect).toBe(line.severity === 'error' ? 'SDS drops the record' : 'SDS drops the value');
    }
    expect(r.lines.find((line) => line.rule === 'user.grades')).toMatchObject({
      school: 'Sint-Jozefscollege',
      severity: 'warning',
      fix: expect.stringContaining('--grade-map'),
    });
    expect(r.totals.errors + r.totals.warnings).toBe(SEEDED.length);
    const perSchool = r.schools.reduce((sum, s) => sum + s.errors + s.warnings, 0);
    expect(perSchool).toBe(SEEDED.length);
    expect(r.schools.map((s) => s.school)).toEqual(expect.arrayContaining(['Sint-Jozefscollege', 'Atheneum Zuid']));
  });

  it('drops the grade breaches once a grade map covers them', async () => {
    jsonOf(await cli(['tenants', 'update', TEST_TENANT, '--grade-map', '1A=07', '--json']));
    const rules = (await report()).lines.map((line) => line.rule);
    expect(rules).not.toContain('user.grades');
    expect(rules).not.toContain('class.grades');
    expect(rules).toHaveLength(SEEDED.length - 2);
  });

  it('writes CSV (Excel: BOM, CRLF, formula-guarded) and HTML to --out, with a summary', async () => {
    const csv = join(dir, 'report.csv');
    const written = await cli(['report', '--tenant', TEST_TENANT, '--out', csv]);
    expect(written).toMatchObject({ code: 0, stdout: '' });
    expect(written.stderr).toMatch(/error\(s\).*\n {2}Atheneum Zuid: \d+ error\(s\)/);
    const text = readFileSync(csv, 'utf8');
    expect(
      text.startsWith('\uFEFFschool,collection,sourcedId,severity,rule,field,value,effect,what to do,source\r\n'),
    ).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + SEEDED.length - 2);
    const html = await cli(['report', '--tenant', TEST_TENANT, '--format', 'html']);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).not.toMatch(/<(script|link|img)\b|src=/);
  });

  it('refuses an unknown tenant or format in one line', async () => {
    expectUsageError(await cli(['report', '--tenant', 'nope']), /no tenant 'nope'/);
    expectUsageError(
      await cli(['report', '--tenant', TEST_TENANT, '--format', 'pdf']),
      /--format takes csv, json, html/,
    );
    expectUsageError(await cli(['report']), /--tenant <id> is required/);
  });
});

describe('report of the demo board', () => {
  let db: TestDatabase;
  let app: INestApplication;
  beforeAll(async () => {
    db = await createTestDatabase();
    // The demo board with its tenant, as npm start loads it on an empty database (its credentials go to stdout).
    const write = process.stdout.write;
    process.stdout.write = () => true;
    try {
      app = await createApp({ env: { DATABASE_URL: db.url, DEMO_DATA: 'true', LOG_LEVEL: 'silent' } });
    } finally {
      process.stdout.write = write;
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('is empty: the demo keeps every SDS rule', { timeout: 60_000 }, async () => {
    const cli = cliOn(db.url, mkdtempSync(join(tmpdir(), 'demo-report-')));
    const r = jsonOf<HealthReport>(await cli(['report', '--tenant', DEMO_TENANT, '--format', 'json']));
    expect(r.lines).toEqual([]);
    expect(r.checked.users).toBeGreaterThan(400);
  });
});
