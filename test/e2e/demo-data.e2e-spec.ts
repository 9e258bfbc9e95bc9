import { parse } from 'csv-parse/sync';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILE_SPECS } from '../../src/csv/readers';
import { ROSTER_FILES } from '../../src/csv/manifest';
import { generateBoard } from '../../src/demo/board-generator';
import { BundleImporter } from '../../src/csv/bundle-importer';
import { startTestApp } from '../support/test-app';

type Row = Record<string, string>;
const TODAY = new Date('2026-11-22T09:00:00Z');

function readRows(dir: string, file: string): Row[] {
  return parse(readFileSync(join(dir, `${file}.csv`)), { columns: true, bom: true });
}

describe('the seeded board generator', () => {
  let dir: string;
  let rows: Record<string, Row[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'board-'));
    await generateBoard(dir, { students: 2000, seed: 42, today: TODAY });
    rows = Object.fromEntries(ROSTER_FILES.map((file) => [file, readRows(dir, file)]));
  });

  it('is deterministic: the same seed writes the same bytes', async () => {
    const again = mkdtempSync(join(tmpdir(), 'board-'));
    await generateBoard(again, { students: 2000, seed: 42, today: TODAY });
    for (const file of readdirSync(dir))
      expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file)))).toBe(true);
    const other = mkdtempSync(join(tmpdir(), 'board-'));
    await generateBoard(other, { students: 2000, seed: 43, today: TODAY });
    expect(readFileSync(join(other, 'users.csv')).equals(readFileSync(join(dir, 'users.csv')))).toBe(false);
  });

  it('writes every file with the exact 1.1 header, and a manifest declaring them bulk', () => {
    for (const file of ROSTER_FILES) {
      const header = readFileSync(join(dir, `${file}.csv`), 'utf8').split('\n')[0];
      expect(header).toBe(FILE_SPECS[file].columns.join(','));
    }
    const manifest = readFileSync(join(dir, 'manifest.csv'), 'utf8');
    expect(manifest).toContain('oneroster.version,1.1');
    expect(manifest).toContain('file.enrollments,bulk');
    expect(manifest).toContain('file.lineItems,absent');
  });

  it('has the proportions of a real board', () => {
    const students = rows.users.filter((u) => u.role === 'student');
    const staff = rows.users.filter((u) => ['teacher', 'administrator', 'proctor'].includes(u.role));
    expect(students).toHaveLength(2000);
    expect(staff.length / students.length).toBeGreaterThan(0.1);
    expect(staff.length / students.length).toBeLessThan(0.16);
    const studentEnrollments = rows.enrollments.filter((e) => e.role === 'student');
    expect(studentEnrollments.length / students.length).toBe(8);
    expect(rows.users.some((u) => u.role === 'parent' && u.agentSourcedIds)).toBe(true);
    expect(rows.orgs.filter((o) => o.type === 'district')).toHaveLength(1);
    expect(
      rows.orgs.some(
        (o) => o.type === 'school' && rows.orgs.some((p) => p.sourcedId === o.parentSourcedId && p.type === 'school'),
      ),
    ).toBe(true);
    expect(rows.academicSessions.map((s) => [s.type, s.schoolYear])).toEqual([
      ['schoolYear', '2027'],
      ['term', '2027'],
      ['term', '2027'],
    ]);
  });

  it('gives every student a homeroom and every class exactly one primary teacher', () => {
    const homerooms = new Set(rows.classes.filter((c) => c.classType === 'homeroom').map((c) => c.sourcedId));
    const withHomeroom = new Set(
      rows.enrollments.filter((e) => homerooms.has(e.classSourcedId)).map((e) => e.userSourcedId),
    );
    for (const student of rows.users.filter((u) => u.role === 'student'))
      expect(withHomeroom.has(student.sourcedId)).toBe(true);
    const primaries = new Map<string, number>();
    for (const e of rows.enrollments.filter((e) => e.role === 'teacher' && e.primary === 'true')) {
      primaries.set(e.classSourcedId, (primaries.get(e.classSourcedId) ?? 0) + 1);
    }
    expect(rows.classes.every((c) => primaries.get(c.sourcedId) === 1)).toBe(true);
  });

  it('plants exact duplicate names, the review example, diacritics, and a few future enrollments', () => {
    const named = (given: string, family: string) =>
      rows.users.filter((u) => u.givenName === given && u.familyName === family);
    expect(named('Bart', 'Swings').filter((u) => u.role === 'student').length).toBeGreaterThanOrEqual(2);
    expect(named('Lotte', 'Maes').filter((u) => u.role === 'teacher').length).toBeGreaterThanOrEqual(2);
    expect(named('Evelien', 'Poppe')).not.toHaveLength(0);
    expect(rows.users.some((u) => /[^\x00-\x7f]/.test(u.givenName + u.familyName))).toBe(true);
    expect(rows.users.some((u) => u.familyName.includes("'"))).toBe(true);
    expect(rows.enrollments.some((e) => e.beginDate > '2026-11-22')).toBe(true);
  });

  it('defines every sourcedId it refers to', () => {
    const ids = (file: string) => new Set(rows[file].map((r) => r.sourcedId));
    const [orgs, sessions, courses, classes, users] = ['orgs', 'academicSessions', 'courses', 'classes', 'users'].map(
      ids,
    );
    const list = (value: string) => (value ? value.split(',') : []);
    for (const u of rows.users) {
      list(u.orgSourcedIds).forEach((id) => expect(orgs.has(id)).toBe(true));
      list(u.agentSourcedIds).forEach((id) => expect(users.has(id)).toBe(true));
    }
    for (const c of rows.classes) {
      expect(courses.has(c.courseSourcedId) && orgs.has(c.schoolSourcedId)).toBe(true);
      list(c.termSourcedIds).forEach((id) => expect(sessions.has(id)).toBe(true));
    }
    for (const e of rows.enrollments) expect(classes.has(e.classSourcedId) && users.has(e.userSourcedId)).toBe(true);
  });

  it('imports cleanly: no errors, every row applied', async () => {
    const t = await startTestApp();
    try {
      const report = await t.app.get(BundleImporter).importBundle(dir);
      expect(report.errors).toEqual([]);
      expect(report.applied).toBe(true);
      expect(report.files.enrollments.inserted).toBe(rows.enrollments.length);
    } finally {
      await t.close();
    }
  });
});
