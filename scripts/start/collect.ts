/** Gathers the summary from the org's data and the ERP's counters after a run. */
import { histogramPercentile, mergeApiHistograms } from './latency.ts';
import {
  circuitTransitions,
  deadLetterCounts,
  messageCounts,
  outboundRetries,
  replayedAndDelivered
} from './org-counts.ts';
import type { RunOutcome } from './run.ts';
import type { Stack } from './stack.ts';
import type { Summary } from './summary.ts';

export async function collectSummary(
  stack: Stack,
  scenario: string,
  orders: number,
  outcome: RunOutcome
): Promise<Summary> {
  const { org } = stack;
  const counts = messageCounts(org);
  const letters = deadLetterCounts(org);
  const retried = outboundRetries(org);
  const erp = await stack.erp.stats();
  const histogram = mergeApiHistograms(erp.paths);
  return {
    scenario,
    orders,
    enqueued: counts.enqueued,
    delivered: counts.delivered,
    retried,
    deadLettered: letters.total,
    stillDead: counts.dead,
    replayed: outcome.replayed,
    replayedDelivered: replayedAndDelivered(org),
    duplicatesAtErp: erp.idempotency.duplicatesApplied,
    duplicatesSuppressed: erp.idempotency.duplicatesSuppressed,
    lost: counts.enqueued - counts.delivered - counts.dead,
    p50Ms: histogramPercentile(histogram, 50),
    p95Ms: histogramPercentile(histogram, 95),
    circuitTransitions: circuitTransitions(org),
    virtualMs: outcome.virtualMs,
    realMs: outcome.realMs,
    statusCallbacks: erp.callbacks.acknowledged,
    statusCallbacksGaveUp: erp.callbacks.gaveUp,
    statusCallbacksRepeated: erp.callbacks.repeated,
    statusCallbacksReplayed: erp.callbacks.replayed,
    dashboardUrl: stack.dashboard?.url ?? null,
    orgUrl: stack.rest.url
  };
}
