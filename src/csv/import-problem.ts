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

/** Keeps problems in order, up to a bound, and counts the rest: memory stays flat on a hopeless file. */
export class ProblemList {
  readonly items: ImportProblem[] = [];
  count = 0;

  constructor(private readonly keep = 10_000) {}

  add(problem: ImportProblem): void {
    this.count++;
    if (this.items.length < this.keep) this.items.push(problem);
  }
}
