/**
 * Status callbacks: after accepting an order the ERP reports its status to Salesforce at
 * `POST {baseUrl}/conduit/v1/order-status` (OrderStatusApiV1) with `{erpId, status}` and an
 * Idempotency-Key per order and status, retrying on its own schedule. Nothing happens on its
 * own: `tick()` sends what is due on the injected clock, so a scenario's virtual clock drives
 * the retries; the server may call `tick()` from a timer.
 */
import { randomBytes } from 'node:crypto';
import type { OrderStatus } from './erp-store.ts';

/** How callbacks are sent. */
export interface CallbackPolicy {
  /** Where Salesforce's Apex REST resources are served, e.g. `http://127.0.0.1:8080/services/apexrest`. */
  readonly baseUrl: string;
  /** The resource below baseUrl. */
  readonly path: string;
  /** Statuses reported for each order, in order; each after the previous one is acknowledged. */
  readonly statuses: readonly OrderStatus[];
  /** Attempts per status before giving up. */
  readonly maxAttempts: number;
  /** First retry delay; doubles per attempt. */
  readonly baseDelayMs: number;
  /** Cap of the retry delay and of a Retry-After. */
  readonly maxDelayMs: number;
  /** Per-attempt timeout, in real ms (it bounds a real socket). */
  readonly timeoutMs: number;
  /** Callbacks in flight at once. */
  readonly concurrency: number;
  /** Extra request headers, e.g. an Authorization the receiver needs. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Sends every n-th acknowledged report once more, with the same Idempotency-Key, as an ERP
   * does when an acknowledgement is lost on the way back (at-least-once delivery); 0 never does.
   */
  readonly repeatEvery: number;
}

/** Defaults of everything but baseUrl. */
export const DEFAULT_CALLBACK_POLICY: Omit<CallbackPolicy, 'baseUrl'> = {
  path: '/conduit/v1/order-status',
  statuses: ['ACCEPTED'],
  maxAttempts: 8,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 5000,
  concurrency: 4,
  headers: {},
  repeatEvery: 0
};

/** Counters, cumulative (from stats) or of one tick. */
export interface CallbackCounts {
  /** Attempts made. */
  readonly sent: number;
  /** Attempts answered 2xx. */
  readonly acknowledged: number;
  /** Attempts that failed and were scheduled again. */
  readonly retried: number;
  /** Statuses refused with a 4xx that retrying cannot fix; not retried. */
  readonly rejected: number;
  /** Statuses dropped after maxAttempts. */
  readonly gaveUp: number;
  /** Acknowledged reports sent once more with the same key (`repeatEvery`). */
  readonly repeated: number;
  /** Of those, the ones the receiver answered as replays (`Idempotent-Replayed: true`). */
  readonly replayed: number;
}

/** Cumulative counters and the queue. */
export interface CallbackStats extends CallbackCounts {
  readonly enabled: boolean;
  /** Orders with statuses still to report. */
  readonly pending: number;
  /** When the next report is due on the ERP's clock (a scenario may jump its clock there). */
  readonly nextDueAt: number | null;
}

interface Pending {
  readonly erpId: string;
  readonly traceId: string;
  next: number;
  attempts: number;
  dueAt: number;
  inFlight: boolean;
}

type Outcome = 'acknowledged' | 'retry' | 'rejected';

/**
 * Retried: server errors, 408/425/429, and 404 and 409 — the order may not carry its ERP id in
 * Salesforce yet (the create's callback records it after delivery), and 409 is a key still in
 * flight there.
 */
const RETRYABLE_4XX = new Set([404, 408, 409, 425, 429]);
const TRACEPARENT = /^00-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
export const ZERO_CALLBACK_COUNTS: CallbackCounts = {
  sent: 0,
  acknowledged: 0,
  retried: 0,
  rejected: 0,
  gaveUp: 0,
  repeated: 0,
  replayed: 0
};
const ZERO = ZERO_CALLBACK_COUNTS;

/** The trace id of a W3C traceparent, or a new one, so callbacks join the order's trace. */
export function traceIdOf(traceparent: string | undefined): string {
  return TRACEPARENT.exec(traceparent ?? '')?.[1] ?? randomBytes(16).toString('hex');
}

/** Seconds or an HTTP-date, as ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The queue of status reports and their delivery. */
export class StatusCallbacks {
  private readonly queue: Pending[] = [];
  private readonly totals: Record<keyof CallbackCounts, number> = { ...ZERO };
  /** Acknowledged reports so far, for `repeatEvery`. */
  private acknowledgedSoFar = 0;

  constructor(
    private readonly policy: CallbackPolicy,
    private readonly now: () => number,
    private readonly onAcknowledged: (erpId: string, status: OrderStatus) => void = () => undefined
  ) {}

  /** Queues the statuses of a new order, due at once. */
  enqueue(erpId: string, traceparent?: string): void {
    if (this.policy.statuses.length === 0) return;
    this.queue.push({
      erpId,
      traceId: traceIdOf(traceparent),
      next: 0,
      attempts: 0,
      dueAt: this.now(),
      inFlight: false
    });
  }

  /** When the next queued report is due on the clock, or null when none is queued. */
  nextDueAt(): number | null {
    const due = this.queue.filter((p) => !p.inFlight).map((p) => p.dueAt);
    return due.length === 0 ? null : Math.min(...due);
  }

  /** Sends every report due now, at most `concurrency` at once; resolves when all are answered. */
  async tick(): Promise<CallbackCounts> {
    const at = this.now();
    const due = this.queue.filter((p) => !p.inFlight && p.dueAt <= at);
    const counts: Record<keyof CallbackCounts, number> = { ...ZERO };
    const worker = async (): Promise<void> => {
      for (let item = due.shift(); item !== undefined; item = due.shift()) {
        await this.attempt(item, counts);
      }
    };
    await Promise.all(Array.from({ length: this.policy.concurrency }, () => worker()));
    return counts;
  }

  /** Cumulative counters. */
  stats(): CallbackStats {
    return {
      enabled: true,
      pending: this.queue.length,
      nextDueAt: this.nextDueAt(),
      ...this.totals
    };
  }

  private async attempt(
    item: Pending,
    counts: Record<keyof CallbackCounts, number>
  ): Promise<void> {
    const status = this.policy.statuses[item.next];
    if (status === undefined) return;
    // Totals move as attempts end, so stats read during a long tick are current.
    const count = (key: keyof CallbackCounts): void => {
      counts[key] += 1;
      this.totals[key] += 1;
    };
    item.inFlight = true;
    item.attempts += 1;
    count('sent');
    const { outcome, retryAfter } = await this.send(item, status);
    item.inFlight = false;
    if (outcome === 'acknowledged') {
      count('acknowledged');
      this.onAcknowledged(item.erpId, status);
      this.acknowledgedSoFar += 1;
      if (this.policy.repeatEvery > 0 && this.acknowledgedSoFar % this.policy.repeatEvery === 0) {
        // The receiver must recognise the key and answer with what it answered the first time.
        count('repeated');
        if ((await this.send(item, status)).replayed) count('replayed');
      }
      this.advance(item);
    } else if (outcome === 'rejected') {
      count('rejected');
      this.advance(item);
    } else if (item.attempts >= this.policy.maxAttempts) {
      count('gaveUp');
      this.advance(item);
    } else {
      count('retried');
      const backoff = this.policy.baseDelayMs * 2 ** (item.attempts - 1);
      item.dueAt = this.now() + Math.min(this.policy.maxDelayMs, retryAfter ?? backoff);
    }
  }

  /** Moves to the order's next status, or drops the order when all are done. */
  private advance(item: Pending): void {
    item.next += 1;
    item.attempts = 0;
    item.dueAt = this.now();
    if (item.next >= this.policy.statuses.length) {
      this.queue.splice(this.queue.indexOf(item), 1);
    }
  }

  private async send(
    item: Pending,
    status: OrderStatus
  ): Promise<{ outcome: Outcome; retryAfter: number | null; replayed?: boolean }> {
    try {
      const response = await fetch(`${this.policy.baseUrl}${this.policy.path}`, {
        method: 'POST',
        headers: {
          ...this.policy.headers,
          'content-type': 'application/json',
          'idempotency-key': `erp-status-${item.erpId}-${status}`,
          traceparent: `00-${item.traceId}-${randomBytes(8).toString('hex')}-01`
        },
        body: JSON.stringify({ erpId: item.erpId, status }),
        signal: AbortSignal.timeout(this.policy.timeoutMs)
      });
      // Drain the body so the keep-alive connection can be reused.
      await response.arrayBuffer();
      if (response.ok)
        return {
          outcome: 'acknowledged',
          retryAfter: null,
          replayed: response.headers.get('idempotent-replayed') === 'true'
        };
      if (response.status >= 500 || RETRYABLE_4XX.has(response.status)) {
        return {
          outcome: 'retry',
          retryAfter: retryAfterMs(response.headers.get('retry-after'), this.now())
        };
      }
      return { outcome: 'rejected', retryAfter: null };
    } catch {
      // A timeout or a refused/reset connection: the receiver may be down, try again later.
      return { outcome: 'retry', retryAfter: null };
    }
  }
}
