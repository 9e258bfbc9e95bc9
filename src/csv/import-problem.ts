/** One thing wrong with (or worth knowing about) a bundle, located as `file:line column`. */
export interface ImportProblem {
  file: string;
  line: number;
  column?: string;
  sourcedId?: string;
  reason: string;
}

export function formatProblem(problem: ImportProblem): string {
  return `${problem.file}:${problem.line}${problem.column ? ` ${problem.column}` : ''}: ${problem.reason}`;
}

/**
 * `row`: one row is at fault, and --skip-invalid can set it aside. `file`: the manifest or a whole
 * file is (missing, bad header, bulk without rows, not CSV); nothing can be applied safely, since a
 * bulk file read only in part would mark the rest of its type tobedeleted.
 */
export type ProblemScope = 'row' | 'file';

/** Keeps problems in order, up to a bound, and counts the rest: memory stays flat on a hopeless file. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  count = 0;
  /** Problems of scope `file`: they stop the import even with --skip-invalid. */
  fileLevel = 0;
  /** A file could not be read to its end: what was staged of the bundle is not all of it. */
  unreadable = false;

  constructor(private readonly keep = 10_000) {}

  add(problem: ImportProblem, scope: ProblemScope = 'row'): void {
    this.count++;
    if (scope === 'file') this.fileLevel++;
    if (this.items.length < this.keep) this.items.push(problem);
  }
}
