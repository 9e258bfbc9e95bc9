/** What kind of mistake a UsageError is; the admin API answers 400, 404 or 409 for it. */
export type UsageProblem = 'invalid' | 'not-found' | 'conflict';

/** A mistake of the person at the CLI (bad option, unknown id): shown as one line, exit code 1, no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly problem: UsageProblem = 'invalid',
  ) {
    super(message);
  }
}
