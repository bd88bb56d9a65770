/** A problem with how the runtime was invoked or configured; shown to the user without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A compile problem in a project source, reported as `file:line:column: message`. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Formats a diagnostic the way compilers and editors expect (columns are 1-based). */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}
