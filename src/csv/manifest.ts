import { parse } from 'csv-parse/sync';
import { ImportProblem } from './import-problem';

export type FileMode = 'bulk' | 'delta' | 'absent';

/** The rostering files we import, in the order they are read (references point backwards); see APPLY_ORDER. */
export const ROSTER_FILES = [
  'orgs',
  'academicSessions',
  'courses',
  'classes',
  'users',
  'enrollments',
  'demographics',
] as const;
export type RosterFile = (typeof ROSTER_FILES)[number];

/** Gradebook and resources files: allowed by the spec, not used by a rostering provider. */
export const IGNORED_FILES = ['categories', 'lineItems', 'results', 'resources', 'classResources', 'courseResources'];

export interface Manifest {
  modes: Record<RosterFile, FileMode>;
  problems: ImportProblem[];
}

const MODES: FileMode[] = ['bulk', 'delta', 'absent'];

/** Reads manifest.csv (OneRoster 1.1 CSV binding, manifest; docs/csv-import.md): versions and the mode of every file. */
export function readManifest(text: string, filesPresent: readonly string[]): Manifest {
  const problems: ImportProblem[] = [];
  const error = (line: number, column: string, reason: string) =>
    problems.push({ file: 'manifest.csv', line, column, reason });
  const rows: string[][] = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true });
  const header = rows[0]?.map((h) => h.trim());
  if (header?.[0] !== 'propertyName' || header?.[1] !== 'value')
    error(1, 'propertyName', 'the header must be propertyName,value');
  const properties = new Map<string, { value: string; line: number }>();
  rows
    .slice(1)
    .forEach((row, i) => properties.set((row[0] ?? '').trim(), { value: (row[1] ?? '').trim(), line: i + 2 }));

  const version = properties.get('oneroster.version');
  if (version?.value !== '1.1') {
    error(
      version?.line ?? 1,
      'oneroster.version',
      `this service imports OneRoster 1.1 bundles, the manifest says ${version ? `'${version.value}'` : 'nothing'}`,
    );
  }
  const modes = {} as Record<RosterFile, FileMode>;
  for (const file of ROSTER_FILES) {
    const entry = properties.get(`file.${file}`);
    const mode = (entry?.value.toLowerCase() ?? 'absent') as FileMode;
    const present = filesPresent.includes(`${file}.csv`);
    if (!MODES.includes(mode)) {
      error(entry!.line, `file.${file}`, `must be bulk, delta or absent, not '${entry!.value}'`);
      modes[file] = 'absent';
      continue;
    }
    modes[file] = mode;
    if (mode !== 'absent' && !present)
      error(entry!.line, `file.${file}`, `declared ${mode} but ${file}.csv is not in the bundle`);
    if (mode === 'absent' && present) {
      error(
        entry?.line ?? 1,
        `file.${file}`,
        `${file}.csv is in the bundle but the manifest declares it absent (or does not name it)`,
      );
    }
  }
  return { modes, problems };
}
