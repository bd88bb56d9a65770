/**
 * `flaky`: the ERP answers 503 to a seeded 20 % of requests, rate-limits a few with 429 and
 * Retry-After, and answers twice after the callout timeout (the order is applied, the answer
 * comes too late, the retry must be replayed by its Idempotency-Key, not applied again).
 */
import type { Scenario } from './types.ts';

/** Beyond the ERP endpoints' 10 s Timeout_Ms__c: the slow answers are real time. */
export const SLOW_MS = 10_500;

export const flaky: Scenario = {
  name: 'flaky',
  description: 'seeded 20 % 503s, some 429 with Retry-After, 2 answers after the timeout',
  faults: (start, seed) => ({
    seed,
    rules: [
      { kind: 'rateLimited', retryAfterSeconds: 45, count: 6, activeFrom: start + 5_000 },
      { kind: 'slow', delayMs: SLOW_MS, count: 2, pathPrefix: '/api/orders', activeFrom: start },
      { kind: 'flaky', percent: 20, activeFrom: start }
    ]
  }),
  timeline: [],
  ordersSpanMs: 0,
  replayDeadLetters: false
};
