import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BATCH_EVERY_MS, BATCH_SIZE, batchSizeFor } from './run.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { OUTAGE_FROM_MS, OUTAGE_MS } from './scenarios/outage.ts';
import { REPLAY_OUTAGE_FROM_MS } from './scenarios/replay.ts';

/** Virtual ms after the first batch at which the last batch arrives. */
function lastBatchAt(orders: number, batchSize: number): number {
  return (Math.ceil(orders / batchSize) - 1) * BATCH_EVERY_MS;
}

describe('order batches', () => {
  it('keeps full batches when the scenario asks for no spreading', () => {
    assert.equal(batchSizeFor(1000, SCENARIOS.steady.ordersSpanMs), BATCH_SIZE);
    assert.equal(batchSizeFor(3, SCENARIOS.flaky.ordersSpanMs), 3);
  });

  it('spreads a small outage run so that orders arrive while the ERP is down', () => {
    for (const orders of [10, 50, 300]) {
      const size = batchSizeFor(orders, SCENARIOS.outage.ordersSpanMs);
      const last = lastBatchAt(orders, size);
      assert.ok(last > OUTAGE_FROM_MS, `${orders} orders: the last batch comes at ${last} ms`);
      assert.ok(last < OUTAGE_FROM_MS + OUTAGE_MS, `${orders} orders: before the recovery`);
      assert.ok(size >= 1 && size <= BATCH_SIZE);
    }
    const replaySize = batchSizeFor(50, SCENARIOS.replay.ordersSpanMs);
    assert.ok(lastBatchAt(50, replaySize) > REPLAY_OUTAGE_FROM_MS);
  });

  it('never goes below one order a batch', () => {
    assert.equal(batchSizeFor(1, SCENARIOS.outage.ordersSpanMs), 1);
  });
});
