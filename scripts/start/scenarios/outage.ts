/**
 * `outage`: the ERP goes hard down (connections refused) 20 virtual seconds after the orders
 * start, while batches are still arriving, and comes back 2 virtual minutes later. Conduit
 * retries with backoff, opens the circuits, probes, closes them and delivers everything, well
 * before the endpoints' 5 attempts run out.
 */
import type { Scenario } from './types.ts';

export const OUTAGE_FROM_MS = 20_000;
export const OUTAGE_MS = 120_000;

export const outage: Scenario = {
  name: 'outage',
  description: 'the ERP refuses connections for 2 minutes, then recovers',
  faults: (_start, seed) => ({ seed, rules: [] }),
  timeline: [
    { at: OUTAGE_FROM_MS, action: 'down' },
    { at: OUTAGE_FROM_MS + OUTAGE_MS, action: 'up' }
  ],
  ordersSpanMs: OUTAGE_FROM_MS + OUTAGE_MS / 2,
  replayDeadLetters: false
};
