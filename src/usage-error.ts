/** A mistake of the person at the CLI (bad option, unknown id): shown as one line, exit code 1, no stack. */
export class UsageError extends Error {}
