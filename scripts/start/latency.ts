/**
 * Percentiles of the local ERP's latency histograms (real milliseconds, request received to
 * answer sent), estimated as Conduit's Percentiles class and Prometheus' histogram_quantile do:
 * find the bucket where the rank falls and interpolate linearly inside it. Conduit's own
 * Conduit_Metric__c durations are measured on the virtual clock, so at 120x a 2 ms call shows as
 * 240 ms; the ERP's histogram is the real figure.
 */
import type { LatencyHistogram, PathStats } from '../local-erp/index.ts';

/** Adds the histograms of every `/api` path (the ERP API, not its admin endpoints). */
export function mergeApiHistograms(paths: Readonly<Record<string, PathStats>>): LatencyHistogram {
  let buckets: { le: number | null; count: number }[] = [];
  let count = 0;
  let sumMs = 0;
  let maxMs = 0;
  for (const [key, path] of Object.entries(paths)) {
    if (!key.includes(' /api')) continue;
    const h = path.latencyMs;
    if (buckets.length === 0) buckets = h.buckets.map((b) => ({ le: b.le, count: 0 }));
    h.buckets.forEach((b, i) => (buckets[i].count += b.count));
    count += h.count;
    sumMs += h.sumMs;
    maxMs = Math.max(maxMs, h.maxMs);
  }
  return { buckets, count, sumMs, maxMs };
}

/** The p-th percentile (0 < p ≤ 100) in ms, or null for an empty histogram. */
export function histogramPercentile(h: LatencyHistogram, p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new Error(`A percentile is above 0 and at most 100, got ${p}`);
  const total = h.buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let below = 0;
  let lower = 0;
  for (const bucket of h.buckets) {
    const upper = bucket.le ?? Math.max(h.maxMs, lower);
    if (bucket.count > 0 && below + bucket.count >= rank) {
      const value = lower + ((upper - lower) * (rank - below)) / bucket.count;
      return Math.round(Math.min(value, h.maxMs || value) * 100) / 100;
    }
    below += bucket.count;
    lower = upper;
  }
  return Math.round(h.maxMs * 100) / 100;
}
