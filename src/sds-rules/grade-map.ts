import { GRADE_LEVELS, isListed } from './sds-values';

/** SIS grade code → SDS grade level. */
export type GradeMap = Record<string, string>;

export class GradeMapError extends Error {}

/** The words that reset a tenant's grade map (grades served as imported). */
const RESET = new Set(['', 'default', 'none']);
const MAX_ENTRIES = 500;

/**
 * Reads `--grade-map "1=01,2=02,1A=07"` (or `default`/empty: null, no map). SIS codes are kept as written
 * (trimmed); each target must be an SDS grade level, so a map never serves a value SDS refuses.
 */
export function parseGradeMap(text: string): GradeMap | null {
  if (RESET.has(text.trim().toLowerCase())) return null;
  return gradeMapOf(
    text.split(',').map((entry, i) => {
      const [sis, sds, ...rest] = entry.split('=');
      if (sds === undefined || rest.length > 0)
        throw new GradeMapError(
          `--grade-map entry ${i + 1} '${entry.trim()}': write <SIS grade>=<SDS grade>, e.g. 1A=07`,
        );
      return [sis, sds, `entry ${i + 1}`];
    }),
  );
}

/**
 * Reads a grade map CSV: two columns, SIS grade then SDS grade, separated by `,` `;` or a tab; a first line whose
 * second cell is not an SDS grade level is a header.
 */
export function parseGradeMapCsv(content: string): GradeMap | null {
  const lines = content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line, i) => ({
      cells: line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1')),
      line: i + 1,
    }))
    .filter(({ cells }) => cells.some((cell) => cell !== ''));
  const [first] = lines;
  const body = first && !isListed(GRADE_LEVELS, first.cells[1] ?? '') ? lines.slice(1) : lines;
  return gradeMapOf(
    body.map(({ cells, line }) => {
      if (cells.length !== 2)
        throw new GradeMapError(`grade map line ${line}: give two cells, SIS grade and SDS grade`);
      return [cells[0], cells[1], `line ${line}`];
    }),
  );
}

function gradeMapOf(entries: [string, string, string][]): GradeMap {
  if (entries.length > MAX_ENTRIES) throw new GradeMapError(`a grade map holds at most ${MAX_ENTRIES} grades`);
  const map: GradeMap = {};
  for (const [rawSis, rawSds, where] of entries) {
    const [sis, sds] = [rawSis.trim(), rawSds.trim()];
    if (sis === '') throw new GradeMapError(`grade map ${where}: the SIS grade is empty`);
    if (!isListed(GRADE_LEVELS, sds))
      throw new GradeMapError(
        `grade map ${where}: '${sds}' is not an SDS grade level (IT, PR, PK, TK, KG, 01-13, PS, UG, Other, …)`,
      );
    if (Object.hasOwn(map, sis) && map[sis] !== sds)
      throw new GradeMapError(`grade map ${where}: '${sis}' is mapped twice (${map[sis]} and ${sds})`);
    map[sis] = sds;
  }
  return map;
}

/** Whether a tenant has a grade map: without one, servedGrades serves the grades as imported. */
export function hasGradeMap(map: GradeMap | null | undefined): map is GradeMap {
  return map !== null && map !== undefined;
}

/** The grades as a tenant serves them: each mapped where the map names it, else as imported; no grade twice. */
export function servedGrades(grades: readonly string[] | null, map: GradeMap | null | undefined): string[] {
  if (!grades) return [];
  if (!hasGradeMap(map)) return [...grades];
  return [...new Set(grades.map((grade) => (Object.hasOwn(map, grade) ? map[grade] : grade)))];
}

/** The map as the CLI shows it: `1=01,1A=07`. */
export function formatGradeMap(map: GradeMap | null): string {
  return map
    ? Object.entries(map)
        .map(([sis, sds]) => `${sis}=${sds}`)
        .join(',')
    : '';
}
