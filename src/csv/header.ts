import { FileSpec } from './file-spec';
import { ImportProblem } from './import-problem';

export interface HeaderCheck {
  columns: Map<string, number>;
  errors: ImportProblem[];
  warnings: ImportProblem[];
}

/**
 * Checks a file's header against the 1.1 columns: found by name in any order (a warning when the
 * order differs), a renamed 1.0 column or a missing one is an error, `metadata.*` is kept, and
 * other extension columns are ignored with a warning.
 */
export function checkHeader(spec: FileSpec, header: string[]): HeaderCheck {
  const file = `${spec.file}.csv`;
  const errors: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const columns = new Map<string, number>();
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (columns.has(name)) errors.push({ file, line: 1, column: name, reason: 'the column appears twice' });
    columns.set(name, index);
  });
  for (const column of spec.columns) {
    if (columns.has(column)) continue;
    const oldName = Object.entries(spec.renamed).find(([old, now]) => now === column && columns.has(old))?.[0];
    const reason = oldName
      ? `column '${oldName}' is not OneRoster 1.1: it is called '${column}' there`
      : `the required 1.1 column '${column}' is missing (every column must be present, even if empty)`;
    errors.push({ file, line: 1, column, reason });
  }
  const known = spec.columns.filter((column) => columns.has(column));
  if (errors.length === 0 && known.some((column, i) => header[i]?.trim() !== column)) {
    warnings.push({ file, line: 1, reason: 'columns are not in the 1.1 order; they are read by name' });
  }
  const extra = [...columns.keys()].filter(
    (name) => !spec.columns.includes(name) && !name.startsWith('metadata.') && !(name in spec.renamed),
  );
  if (extra.length > 0) warnings.push({ file, line: 1, reason: `extension column(s) ignored: ${extra.join(', ')}` });
  return { columns, errors, warnings };
}
