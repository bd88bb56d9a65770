/**
 * Reports what goes wrong inside the local org while a scenario runs: a failed job or an
 * uncaught exception is printed the first time its message is seen (a retry storm would
 * otherwise print the same line hundreds of times), with a count at the end.
 */
import type { LocalOrg, OrgEvent } from '../../packages/apex-runtime/src/index.ts';

export interface ProblemWatch {
  /** Failures seen, by message. */
  counts(): Map<string, number>;
  stop(): void;
}

function messageOf(event: OrgEvent): string | null {
  if (event.kind === 'job' && event.status === 'Failed')
    return `job ${event.className ?? event.jobType} failed: ${event.error ?? 'no message'}`;
  if (event.kind === 'exception') return `${event.source} exception: ${event.message}`;
  return null;
}

export function watchProblems(org: LocalOrg, log: (line: string) => void): ProblemWatch {
  const seen = new Map<string, number>();
  const stop = org.onEvent((event) => {
    const message = messageOf(event);
    if (message === null) return;
    const n = (seen.get(message) ?? 0) + 1;
    seen.set(message, n);
    if (n === 1) log(message.length > 400 ? `${message.slice(0, 400)} ...` : message);
  });
  return { counts: () => seen, stop };
}
