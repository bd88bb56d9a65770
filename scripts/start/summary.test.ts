import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogramPercentile, mergeApiHistograms } from './latency.ts';
import type { PathStats } from '../local-erp/index.ts';
import { brokenInvariants, formatSummary } from './summary.ts';
import type { Summary } from './summary.ts';

const good: Summary = {
  scenario: 'outage',
  orders: 2,
  enqueued: 4,
  delivered: 3,
  retried: 5,
  deadLettered: 1,
  stillDead: 1,
  replayed: 0,
  replayedDelivered: 0,
  duplicatesAtErp: 0,
  duplicatesSuppressed: 1,
  lost: 0,
  p50Ms: 1.5,
  p95Ms: 4,
  circuitTransitions: [
    'ERP_Orders: CLOSED->OPEN',
    'ERP_Orders: OPEN->HALF_OPEN',
    'ERP_Orders: OPEN->HALF_OPEN'
  ],
  virtualMs: 180_000,
  realMs: 2_000,
  statusCallbacks: 2,
  statusCallbacksGaveUp: 0,
  statusCallbacksRepeated: 1,
  statusCallbacksReplayed: 1,
  dashboardUrl: 'http://dashboard.invalid:4200/',
  orgUrl: 'http://org.invalid:4100'
};

describe('the summary', () => {
  it('holds when every message is delivered or dead and nothing was applied twice', () => {
    assert.deepEqual(brokenInvariants(good), []);
    const text = formatSummary(good);
    assert.match(text, /invariants: hold/);
    assert.match(text, /OPEN->HALF_OPEN ×2/);
    assert.match(text, /dashboard: http:\/\/dashboard\.invalid:4200\//);
    assert.match(text, /2 acknowledged; 1 sent twice, 1 answered from the idempotency ledger/);
  });

  it('names each broken invariant', () => {
    const broken = brokenInvariants({
      ...good,
      delivered: 2,
      lost: 1,
      duplicatesAtErp: 2,
      replayed: 3,
      replayedDelivered: 1,
      statusCallbacksRepeated: 3
    });
    assert.deepEqual(broken, [
      'delivered (2) + dead (1) != enqueued (4)',
      '1 message(s) lost',
      '2 duplicate(s) applied at the ERP',
      '2 replayed dead letter(s) not delivered',
      "2 repeated status report(s) not answered from Salesforce's idempotency ledger"
    ]);
    assert.match(formatSummary({ ...good, lost: 1 }), /invariants BROKEN: 1 message\(s\) lost/);
  });
});

describe('latency percentiles from the ERP histogram', () => {
  const path = (counts: number[], maxMs: number): PathStats => ({
    requests: counts.reduce((a, b) => a + b, 0),
    byStatus: {},
    replayed: 0,
    latencyMs: {
      buckets: [1, 2, 5, null].map((le, i) => ({ le, count: counts[i] })),
      count: counts.reduce((a, b) => a + b, 0),
      sumMs: 0,
      maxMs
    }
  });

  it('adds the /api paths only and interpolates inside the bucket', () => {
    const merged = mergeApiHistograms({
      'POST /api/orders': path([2, 0, 0, 0], 1),
      'PUT /api/customers/{key}': path([0, 2, 0, 0], 2),
      'GET /__erp/stats': path([0, 0, 0, 9], 40)
    });
    assert.equal(merged.count, 4);
    // Rank 2 of 4 is the top of the first bucket; rank 3.8 is 90 % into the second.
    assert.equal(histogramPercentile(merged, 50), 1);
    assert.equal(histogramPercentile(merged, 95), 1.9);
  });

  it('gives null without calls and refuses a percentile out of range', () => {
    assert.equal(histogramPercentile(mergeApiHistograms({}), 50), null);
    assert.throws(() => histogramPercentile(mergeApiHistograms({}), 0), /above 0 and at most 100/);
  });
});
