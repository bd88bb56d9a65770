/**
 * Errors `npm start` turns into one line and an exit code instead of a stack trace: a UsageError
 * is the user's to fix (bad option, taken port, malformed endpoints file) and exits with 2.
 */

/** Exit code for bad input, as the "Bad input" section asks. */
export const USAGE_EXIT_CODE = 2;

/** Input the user must change; its message says what to do next. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
