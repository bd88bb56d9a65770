/**
 * What the project's commands (`npm run org:*`, `npm run data:load`) share about failing: an
 * error whose message is the instruction (with a stable code for `--json` and extra lines), and
 * one way to report it — the JSON error document, or the message and its detail lines.
 */

/** A failure the user can act on; its message is the instruction. */
export class CommandError extends Error {
  constructor(
    message: string,
    /** A stable name for `--json` output and tests (`NoDevHub`, `CsvInvalid`, ...). */
    readonly code: string,
    /** Extra lines shown under the instruction (deploy failures, failing rows). */
    readonly details: readonly string[] = []
  ) {
    super(message);
  }
}

/** The `--json` error document: `{ status: 1, ...extra, error: { name, message, details } }`. */
export function errorJson(error: CommandError, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      status: 1,
      ...extra,
      error: { name: error.code, message: error.message, details: error.details }
    },
    null,
    2
  );
}

/** Prints a failure: the JSON document on `out` with `--json`, else the message and details on `log`. */
export function reportError(
  error: CommandError,
  json: boolean,
  out: (line: string) => void,
  log: (line: string) => void,
  extra: Record<string, unknown> = {}
): void {
  if (json) out(errorJson(error, extra));
  else {
    log(error.message);
    error.details.forEach((d) => log(`  - ${d}`));
  }
}
