/**
 * The progress display: one line rewritten in place on a terminal, plain lines (only when
 * something changed, at most one a second) when the output is a file or a pipe, as in CI.
 */
import type { CircuitState, MessageCounts } from './org-counts.ts';

export interface ProgressSnapshot {
  virtualMs: number;
  counts: MessageCounts;
  deadLetters: number;
  circuits: CircuitState[];
  erpUp: boolean;
}

export interface Progress {
  update(snapshot: ProgressSnapshot): void;
  /** Ends the in-place line so what follows starts on its own line. */
  end(): void;
}

export function formatProgress(s: ProgressSnapshot): string {
  const time = new Date(s.virtualMs).toISOString().slice(11, 19);
  const open = s.circuits.filter((c) => c.state !== 'CLOSED');
  const circuits =
    open.length === 0 ? 'circuits closed' : open.map((c) => `${c.endpoint} ${c.state}`).join(', ');
  const c = s.counts;
  return `[${time}] ERP ${s.erpUp ? 'up  ' : 'DOWN'} | enqueued ${c.enqueued} delivered ${c.delivered} queued ${c.queued} retrying ${c.retrying} dead-lettered ${s.deadLetters} | ${circuits}`;
}

/** Where progress goes: a terminal (rewritten in place) or anything else (plain lines). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export function createProgress(
  stream: ProgressStream = process.stdout,
  realNow: () => number = Date.now
): Progress {
  const tty = stream.isTTY === true;
  let last = '';
  let lastAt = -Infinity;
  let pending = false;
  return {
    update(snapshot) {
      const line = formatProgress(snapshot);
      if (tty) {
        stream.write(`\r${line.slice(0, (stream.columns || 160) - 1)}\x1b[K`);
        pending = true;
        return;
      }
      // Without a terminal the line must not repeat: print changes, at most one a second.
      const changed = line.slice(11) !== last.slice(11);
      if (changed && realNow() - lastAt >= 1000) {
        stream.write(`${line}\n`);
        last = line;
        lastAt = realNow();
      }
    },
    end() {
      if (tty && pending) stream.write('\n');
      pending = false;
    }
  };
}
