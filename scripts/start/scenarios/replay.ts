/**
 * `replay`: the ERP is down for 30 virtual minutes, longer than the endpoints' 5 attempts last
 * (30 s base delay, doubling), so messages are dead-lettered. After recovery every dead letter is
 * replayed through the dashboard's Apex call (ConduitDeadLetterController.replay), as an admin
 * would, and each must be delivered exactly once.
 */
import type { Scenario } from './types.ts';

export const REPLAY_OUTAGE_FROM_MS = 10_000;
export const REPLAY_OUTAGE_MS = 30 * 60_000;

export const replay: Scenario = {
  name: 'replay',
  description: 'the ERP is down for 30 minutes: messages dead-letter, then are replayed',
  faults: (_start, seed) => ({ seed, rules: [] }),
  timeline: [
    { at: REPLAY_OUTAGE_FROM_MS, action: 'down' },
    { at: REPLAY_OUTAGE_FROM_MS + REPLAY_OUTAGE_MS, action: 'up' }
  ],
  ordersSpanMs: REPLAY_OUTAGE_FROM_MS + 20_000,
  replayDeadLetters: true
};
