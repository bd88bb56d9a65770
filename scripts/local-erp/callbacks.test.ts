/**
 * Status callbacks against a small receiver standing in for Salesforce: the request shape,
 * retries on the ERP's clock, Retry-After, giving up, and what is never retried.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterMs, traceIdOf } from './callbacks.ts';
import type { LocalErpOptions } from './server.ts';
import { call, erpFor, ManualClock, postOrder, receiver, TRACE_ID } from './test/support.ts';
import type { Script } from './test/support.ts';

/** A local ERP with callbacks to a receiver answering `script`, and one order created. */
async function withOrder(
  t: Parameters<typeof erpFor>[0],
  script: Script[],
  callbacks: LocalErpOptions['callbacks'] = {}
) {
  const clock = new ManualClock();
  const sf = await receiver(t, script);
  const erp = await erpFor(t, {
    now: clock.now,
    requireKnownCustomer: false,
    callbackBaseUrl: sf.baseUrl,
    callbacks: { baseDelayMs: 1000, ...callbacks }
  });
  assert.equal((await postOrder(erp)).status, 201);
  return { clock, sf, erp };
}

describe('status callbacks', () => {
  it('posts {erpId, status} with an Idempotency-Key and the order trace to OrderStatusApiV1', async (t) => {
    const { sf, erp } = await withOrder(t, []);
    assert.equal(sf.received.length, 0, 'nothing is sent before a tick');
    assert.deepEqual(await erp.tick(), {
      sent: 1,
      acknowledged: 1,
      retried: 0,
      rejected: 0,
      gaveUp: 0,
      repeated: 0,
      replayed: 0
    });
    const [request] = sf.received;
    assert.equal(request?.method, 'POST');
    assert.equal(request?.url, '/services/apexrest/conduit/v1/order-status');
    assert.deepEqual(JSON.parse(request?.body ?? ''), { erpId: 'E-1001', status: 'ACCEPTED' });
    assert.equal(request?.headers['content-type'], 'application/json');
    assert.equal(request?.headers['idempotency-key'], 'erp-status-E-1001-ACCEPTED');
    assert.match(
      String(request?.headers.traceparent),
      new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`)
    );
    assert.equal(erp.stats().callbacks.pending, 0);
  });

  it('retries 503, 404 and 429 on the ERP clock with backoff and Retry-After, same key', async (t) => {
    const { clock, sf, erp } = await withOrder(t, [
      { status: 503 },
      { status: 404 },
      { status: 429, headers: { 'retry-after': '30' } }
    ]);
    assert.equal((await erp.tick()).retried, 1);
    assert.equal(erp.stats().callbacks.nextDueAt, clock.ms + 1000);
    assert.equal((await erp.tick()).sent, 0, 'not due before the backoff');
    clock.advance(1000);
    assert.equal((await erp.tick()).retried, 1);
    clock.advance(1999);
    assert.equal((await erp.tick()).sent, 0, 'the second retry waits 2 s');
    clock.advance(1);
    assert.equal((await erp.tick()).retried, 1);
    clock.advance(29_999);
    assert.equal((await erp.tick()).sent, 0, 'Retry-After wins over the 4 s backoff');
    clock.advance(1);
    assert.equal((await erp.tick()).acknowledged, 1);
    assert.deepEqual(
      new Set(sf.received.map((r) => r.headers['idempotency-key'])),
      new Set(['erp-status-E-1001-ACCEPTED'])
    );
    const stats = erp.stats().callbacks;
    assert.deepEqual(stats, {
      enabled: true,
      pending: 0,
      nextDueAt: null,
      sent: 4,
      acknowledged: 1,
      retried: 3,
      rejected: 0,
      gaveUp: 0,
      repeated: 0,
      replayed: 0
    });
  });

  it('retries a timeout and gives up after maxAttempts', async (t) => {
    const { clock, erp } = await withOrder(t, ['hang', { status: 500 }], {
      timeoutMs: 50,
      maxAttempts: 2
    });
    assert.equal((await erp.tick()).retried, 1);
    clock.advance(1000);
    assert.equal((await erp.tick()).gaveUp, 1);
    assert.equal(erp.stats().callbacks.pending, 0);
  });

  it('does not retry a refusal that retrying cannot fix', async (t) => {
    const { erp, sf } = await withOrder(t, [{ status: 400 }]);
    assert.equal((await erp.tick()).rejected, 1);
    assert.equal((await erp.tick()).sent, 0);
    assert.equal(sf.received.length, 1);
  });

  it('sends every n-th acknowledged report once more with the same key, and counts replays', async (t) => {
    const { erp, sf } = await withOrder(
      t,
      [
        { status: 200 },
        { status: 200, headers: { 'idempotent-replayed': 'true' } },
        { status: 200 },
        { status: 200 }
      ],
      { statuses: ['ACCEPTED', 'SHIPPED'], repeatEvery: 1 }
    );
    const first = await erp.tick();
    assert.deepEqual([first.acknowledged, first.repeated, first.replayed], [1, 1, 1]);
    const second = await erp.tick();
    assert.deepEqual(
      [second.acknowledged, second.repeated, second.replayed],
      [1, 1, 0],
      'a repeat answered without the replay header is counted apart'
    );
    assert.deepEqual(
      sf.received.map((r) => r.headers['idempotency-key']),
      [
        'erp-status-E-1001-ACCEPTED',
        'erp-status-E-1001-ACCEPTED',
        'erp-status-E-1001-SHIPPED',
        'erp-status-E-1001-SHIPPED'
      ]
    );
    assert.deepEqual([erp.stats().callbacks.repeated, erp.stats().callbacks.replayed], [2, 1]);
  });

  it('reports each status in turn and records it on the order', async (t) => {
    const { erp, sf } = await withOrder(t, [], { statuses: ['ACCEPTED', 'SHIPPED'] });
    await erp.tick();
    await erp.tick();
    assert.deepEqual(
      sf.received.map((r) => (JSON.parse(r.body) as { status: string }).status),
      ['ACCEPTED', 'SHIPPED']
    );
    const order = await call(`${erp.url}/api/orders/E-1001`, 'GET', undefined, {
      'x-api-version': '2026-01'
    });
    assert.equal((JSON.parse(order.text) as { status: string }).status, 'SHIPPED');
  });

  it('queues nothing for a replayed create, and is ticked through /__erp/callbacks/tick', async (t) => {
    const { erp, sf } = await withOrder(t, []);
    await postOrder(erp);
    const ticked = await call(`${erp.url}/__erp/callbacks/tick`, 'POST');
    assert.equal(ticked.status, 200);
    assert.equal((JSON.parse(ticked.text) as { sent: number }).sent, 1);
    assert.equal(sf.received.length, 1);
  });

  it('sends from a real timer when intervalMs is set', async (t) => {
    const { sf } = await withOrder(t, [], { intervalMs: 5 });
    // Polls for the outcome; the test asserts that the timer sends, not how fast.
    for (let waited = 0; sf.received.length === 0 && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(sf.received.length, 1);
  });

  it('is off without a callbackBaseUrl', async (t) => {
    const erp = await erpFor(t, { requireKnownCustomer: false });
    await postOrder(erp);
    assert.equal((await erp.tick()).sent, 0);
    assert.equal(erp.stats().callbacks.enabled, false);
    const ticked = await call(`${erp.url}/__erp/callbacks/tick`, 'POST');
    assert.equal(ticked.status, 409);
    assert.match(JSON.parse(ticked.text).detail as string, /callbackBaseUrl/);
  });
});

describe('callback helpers', () => {
  it('reads Retry-After as seconds or an HTTP-date', () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 0);
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs('Thu, 15 Jan 2026 12:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Thu, 15 Jan 2026 11:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), null);
    assert.equal(retryAfterMs(null, now), null);
  });

  it('keeps the trace id of a valid traceparent and makes one otherwise', () => {
    assert.equal(traceIdOf(`00-${TRACE_ID}-00f067aa0ba902b7-01`), TRACE_ID);
    assert.match(traceIdOf('garbage'), /^[0-9a-f]{32}$/);
    assert.notEqual(traceIdOf(undefined), traceIdOf(undefined));
  });
});
