import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OTHER_FILES = ['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs'];

/**
 * Writes a OneRoster delta bundle (users.csv in delta mode, everything else absent) that renames
 * `count` students of the board, spread evenly over it: what a SIS sends after a day of edits.
 */
export function writeRenameDelta(boardDir: string, deltaDir: string, count: number): void {
  const rows = parse(readFileSync(join(boardDir, 'users.csv')), { columns: true }) as Record<string, string>[];
  const students = rows.filter((row) => row.role === 'student');
  const now = new Date().toISOString();
  const step = Math.max(1, Math.floor(students.length / count));
  const renamed = students
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((row) => ({ ...row, status: 'active', dateLastModified: now, familyName: `${row.familyName}-Renamed` }));
  mkdirSync(deltaDir, { recursive: true });
  writeFileSync(join(deltaDir, 'users.csv'), stringify(renamed, { header: true, columns: Object.keys(rows[0]) }));
  const manifest = [
    ['propertyName', 'value'],
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.1'],
    ...OTHER_FILES.map((file) => [`file.${file}`, 'absent']),
    ['file.users', 'delta'],
    ['source.systemName', 'bench'],
  ];
  writeFileSync(join(deltaDir, 'manifest.csv'), stringify(manifest));
}
