/**
 * Per-path traffic counters: requests, responses by status (or `reset` for a connection the
 * ERP dropped), and a latency histogram with fixed buckets — enough for p50/p95 estimates
 * without keeping every sample.
 */

/** Upper bounds (ms, inclusive) of the latency buckets; the last bucket is unbounded. */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000
];

/** A latency histogram. */
export interface LatencyHistogram {
  /** `le` is the bucket's upper bound in ms; null for the unbounded last bucket. */
  readonly buckets: readonly { readonly le: number | null; readonly count: number }[];
  readonly count: number;
  readonly sumMs: number;
  readonly maxMs: number;
}

/** Counters of one `METHOD /template`. */
export interface PathStats {
  readonly requests: number;
  /** Keyed by status code, or `reset` for a dropped connection. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly replayed: number;
  readonly latencyMs: LatencyHistogram;
}

interface MutablePath {
  requests: number;
  byStatus: Record<string, number>;
  replayed: number;
  counts: number[];
  sumMs: number;
  maxMs: number;
}

/** Records requests and reports them. */
export class TrafficStats {
  private readonly paths = new Map<string, MutablePath>();

  /** Records one finished exchange. */
  record(routeKey: string, outcome: number | 'reset', latencyMs: number, replayed: boolean): void {
    let path = this.paths.get(routeKey);
    if (path === undefined) {
      path = {
        requests: 0,
        byStatus: {},
        replayed: 0,
        counts: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0),
        sumMs: 0,
        maxMs: 0
      };
      this.paths.set(routeKey, path);
    }
    path.requests += 1;
    const status = String(outcome);
    path.byStatus[status] = (path.byStatus[status] ?? 0) + 1;
    if (replayed) path.replayed += 1;
    const bucket = LATENCY_BUCKETS_MS.findIndex((le) => latencyMs <= le);
    const index = bucket === -1 ? LATENCY_BUCKETS_MS.length : bucket;
    path.counts[index] = (path.counts[index] ?? 0) + 1;
    path.sumMs += latencyMs;
    path.maxMs = Math.max(path.maxMs, latencyMs);
  }

  /** A copy of every path's counters. */
  snapshot(): Record<string, PathStats> {
    const out: Record<string, PathStats> = {};
    for (const [key, path] of this.paths) {
      out[key] = {
        requests: path.requests,
        byStatus: { ...path.byStatus },
        replayed: path.replayed,
        latencyMs: {
          buckets: path.counts.map((count, i) => ({ le: LATENCY_BUCKETS_MS[i] ?? null, count })),
          count: path.requests,
          sumMs: Math.round(path.sumMs * 1000) / 1000,
          maxMs: Math.round(path.maxMs * 1000) / 1000
        }
      };
    }
    return out;
  }
}
