/**
 * Each fault kind over real HTTP: what the caller sees, whether the request was applied, and
 * how scope (count, window on the ERP's clock, path, method) and the seed shape it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidFaultPlanError } from './fault-plan.ts';
import type { FaultPlanInput } from './fault-plan.ts';
import type { LocalErp } from './server.ts';
import {
  ACCOUNT_ID,
  call,
  erpFor,
  ManualClock,
  ORDER_ID,
  postOrder,
  putCustomer
} from './test/support.ts';

/** The status of each of n order posts, each under a new key and Order id. */
async function statuses(erp: LocalErp, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const reference = `801${String(i).padStart(12, '0')}AAA`;
    out.push((await postOrder(erp, reference)).status);
  }
  return out;
}

describe('unavailable', () => {
  it('answers 503 to the next N requests without applying them, then recovers', async (t) => {
    const erp = await erpFor(t, {
      requireKnownCustomer: false,
      faults: { rules: [{ kind: 'unavailable', count: 2 }] }
    });
    const first = await postOrder(erp);
    assert.equal(first.status, 503);
    assert.equal(JSON.parse(first.text).status, 503);
    assert.equal((await postOrder(erp)).status, 503);
    assert.equal(erp.stats().store.orders, 0);
    assert.equal((await postOrder(erp)).status, 201);
    assert.equal(erp.stats().faults.injected.unavailable, 2);
    assert.equal(erp.stats().faults.rules[0]?.remaining, 0);
  });

  it('follows a window on the ERP clock', async (t) => {
    const clock = new ManualClock();
    const erp = await erpFor(t, {
      now: clock.now,
      requireKnownCustomer: false,
      faults: { rules: [{ kind: 'unavailable', status: 502, forMs: 120_000 }] }
    });
    assert.deepEqual(await statuses(erp, 2), [502, 502]);
    clock.advance(120_000);
    assert.deepEqual(await statuses(erp, 1), [201]);
  });

  it('waits for activeFrom and applies only to its path prefix and methods', async (t) => {
    const clock = new ManualClock();
    const erp = await erpFor(t, {
      now: clock.now,
      faults: {
        rules: [
          {
            kind: 'unavailable',
            pathPrefix: '/api/orders',
            methods: ['POST'],
            activeFrom: clock.ms + 1000
          }
        ]
      }
    });
    assert.equal((await putCustomer(erp)).status, 201);
    assert.equal((await postOrder(erp)).status, 201);
    clock.advance(1000);
    assert.equal((await postOrder(erp, '801000000000002AAA')).status, 503);
    const read = await call(`${erp.url}/api/orders/E-1001`, 'GET', undefined, {
      'x-api-version': '2026-01'
    });
    assert.equal(read.status, 200);
    // The same key again: replayed, not faulted (PUT is out of the rule's methods).
    assert.equal((await putCustomer(erp)).headers.get('idempotent-replayed'), 'true');
  });
});

describe('rateLimited', () => {
  it('answers 429 with Retry-After in seconds', async (t) => {
    const erp = await erpFor(t, {
      faults: { rules: [{ kind: 'rateLimited', retryAfterSeconds: 30, count: 1 }] }
    });
    const answer = await putCustomer(erp);
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.get('retry-after'), '30');
    assert.equal(erp.stats().store.customers, 0);
  });

  it('answers 429 with Retry-After as an HTTP-date on the ERP clock', async (t) => {
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 12, 0, 0));
    const erp = await erpFor(t, {
      now: clock.now,
      faults: {
        rules: [{ kind: 'rateLimited', retryAfterSeconds: 90, retryAfterFormat: 'http-date' }]
      }
    });
    const answer = await putCustomer(erp);
    assert.equal(answer.headers.get('retry-after'), 'Thu, 15 Jan 2026 12:01:30 GMT');
  });
});

describe('slow', () => {
  it('applies the request but answers after the caller gave up; the retry is replayed', async (t) => {
    const erp = await erpFor(t, {
      requireKnownCustomer: false,
      faults: { rules: [{ kind: 'slow', delayMs: 60_000, count: 1 }] }
    });
    await assert.rejects(postOrder(erp, ORDER_ID, `order-${ORDER_ID}`, 100), {
      name: 'TimeoutError'
    });
    assert.equal(erp.stats().store.orders, 1);
    const retry = await postOrder(erp);
    assert.equal(retry.status, 201);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(erp.stats().idempotency.duplicatesApplied, 0);
    assert.equal(erp.stats().faults.injected.slow, 1);
  });

  it('still answers a patient caller', async (t) => {
    const erp = await erpFor(t, { faults: { rules: [{ kind: 'slow', delayMs: 20 }] } });
    assert.equal((await putCustomer(erp)).status, 201);
  });
});

describe('malformed', () => {
  it('applies the request and answers its status with a body that is not JSON', async (t) => {
    const erp = await erpFor(t, {
      requireKnownCustomer: false,
      faults: { rules: [{ kind: 'malformed', count: 1 }] }
    });
    const garbled = await postOrder(erp);
    assert.equal(garbled.status, 201);
    assert.equal(garbled.headers.get('content-type'), 'application/json');
    assert.throws(() => JSON.parse(garbled.text) as unknown, SyntaxError);
    const retry = await postOrder(erp);
    assert.equal((JSON.parse(retry.text) as { id: string }).id, 'E-1001');
    assert.equal(erp.stats().store.orders, 1);
  });
});

describe('outage', () => {
  it('drops the connection without an answer and without applying', async (t) => {
    const erp = await erpFor(t, { faults: { rules: [{ kind: 'outage', count: 1 }] } });
    await assert.rejects(putCustomer(erp), TypeError);
    assert.equal(erp.stats().store.customers, 0);
    assert.equal(erp.stats().paths[`PUT /api/customers/{key}`]?.byStatus.reset, 1);
    assert.equal((await putCustomer(erp)).status, 201);
  });

  it('refuses connections while stopped and serves the same port and data again', async (t) => {
    const erp = await erpFor(t);
    assert.equal((await putCustomer(erp)).status, 201);
    await erp.stopListening();
    await assert.rejects(putCustomer(erp), (error: TypeError) => {
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
      return true;
    });
    await erp.resumeListening();
    const again = await putCustomer(erp);
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
  });
});

describe('flaky', () => {
  const plan = (seed: number): FaultPlanInput => ({
    seed,
    rules: [{ kind: 'flaky', percent: 50 }]
  });

  it('fails the same requests for the same seed', async (t) => {
    const options = { requireKnownCustomer: false };
    const a = await statuses(await erpFor(t, { ...options, faults: plan(7) }), 20);
    const b = await statuses(await erpFor(t, { ...options, faults: plan(7) }), 20);
    assert.deepEqual(a, b);
    assert.ok(a.includes(503) && a.includes(201), `a mix of both: ${a.join(',')}`);
  });

  it('never fails at 0 % and always at 100 %', async (t) => {
    const options = { requireKnownCustomer: false };
    const never = await erpFor(t, {
      ...options,
      faults: { rules: [{ kind: 'flaky', percent: 0 }] }
    });
    assert.deepEqual(await statuses(never, 5), [201, 201, 201, 201, 201]);
    const always = await erpFor(t, {
      ...options,
      faults: { rules: [{ kind: 'flaky', percent: 100 }] }
    });
    assert.deepEqual(await statuses(always, 3), [503, 503, 503]);
  });
});

describe('the fault plan', () => {
  it('rejects a bad plan with a message naming each field to fix', async (t) => {
    const erp = await erpFor(t);
    assert.throws(
      () => erp.setFaults({ rules: [{ kind: 'slow' }, { kind: 'meteor' }] } as never),
      (error: InvalidFaultPlanError) => {
        assert.ok(error instanceof InvalidFaultPlanError);
        assert.match(error.message, /rules\.0\.delayMs/);
        assert.match(error.message, /rules\.1\.kind/);
        assert.match(error.message, /README\.md/);
        return true;
      }
    );
    await assert.rejects(
      erpFor(t, { faults: { rules: [{ kind: 'unavailable', forMs: 10, activeUntil: 5 }] } }),
      /either forMs or activeUntil/
    );
  });

  it('is replaced, read and cleared through /__erp/faults', async (t) => {
    const erp = await erpFor(t);
    const bad = await call(
      `${erp.url}/__erp/faults`,
      'POST',
      '{"rules":[{"kind":"slow","delayMs":-1}]}'
    );
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.text).detail as string, /rules\.0\.delayMs/);
    const notJson = await call(`${erp.url}/__erp/faults`, 'POST', 'rules');
    assert.equal(notJson.status, 400);
    const set = await call(
      `${erp.url}/__erp/faults`,
      'POST',
      JSON.stringify({ rules: [{ kind: 'unavailable', pathPrefix: '/api/customers' }] })
    );
    assert.equal(set.status, 200);
    assert.equal((await putCustomer(erp)).status, 503);
    const read = await call(`${erp.url}/__erp/faults`, 'GET');
    assert.equal(JSON.parse(read.text).rules.length, 1);
    await call(`${erp.url}/__erp/faults`, 'DELETE');
    assert.equal((await putCustomer(erp, ACCOUNT_ID)).status, 201);
  });
});
