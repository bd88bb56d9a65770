/**
 * The bulk routes ConduitBatchSync calls for ErpCustomerSync, over real HTTP:
 * `PUT /api/customers:batch` and `GET /api/customers?keys=...`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, conduitHeaders, erpFor } from './test/support.ts';
import type { Target } from './test/support.ts';

/** Fake Salesforce Account ids, 001 then a counter. */
const accountId = (n: number): string => `001${String(n).padStart(12, '0')}AAA`;

function customers(count: number, from = 1): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    salesforceId: accountId(from + i),
    name: `Customer ${from + i}`,
    accountNumber: null,
    city: 'Lyon',
    country: 'FR'
  }));
}

function putBatch(erp: Target, items: unknown, key = 'sync-run-0'): ReturnType<typeof call> {
  return call(`${erp.url}/api/customers:batch`, 'PUT', JSON.stringify(items), conduitHeaders(key));
}

function readKeys(erp: Target, keys: string[]): ReturnType<typeof call> {
  return call(
    `${erp.url}/api/customers?keys=${encodeURIComponent(keys.join(','))}`,
    'GET',
    undefined,
    conduitHeaders('unused')
  );
}

interface Results {
  results: { salesforceId: string; id: string; status: string }[];
}

describe('PUT /api/customers:batch', () => {
  it('upserts every customer by salesforceId and says which were created or updated', async (t) => {
    const erp = await erpFor(t);
    const first = await putBatch(erp, customers(2));
    assert.equal(first.status, 200);
    assert.deepEqual((JSON.parse(first.text) as Results).results, [
      { salesforceId: accountId(1), id: 'C-1001', status: 'created' },
      { salesforceId: accountId(2), id: 'C-1002', status: 'created' }
    ]);
    const second = await putBatch(erp, customers(2, 2), 'sync-run-1');
    assert.deepEqual(
      (JSON.parse(second.text) as Results).results.map((r) => [r.id, r.status]),
      [
        ['C-1002', 'updated'],
        ['C-1003', 'created']
      ]
    );
    assert.equal(erp.stats().store.customers, 3);
  });

  it('takes 2,000 customers and refuses 2,001', async (t) => {
    const erp = await erpFor(t, { maxBodyBytes: 4 * 1024 * 1024 });
    assert.equal((await putBatch(erp, customers(2000))).status, 200);
    const tooMany = await putBatch(erp, customers(2001), 'sync-run-big');
    assert.equal(tooMany.status, 422);
    assert.match(JSON.parse(tooMany.text).detail as string, /at most 2000/);
  });

  it('refuses a batch with invalid items, naming each by pointer, and applies nothing', async (t) => {
    const erp = await erpFor(t);
    const items = customers(5);
    items[1] = { ...items[1], name: '' };
    items[3] = { name: 'No id' };
    const answer = await putBatch(erp, items);
    assert.equal(answer.status, 422);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
    const body = JSON.parse(answer.text) as { detail: string; errors: { pointer: string }[] };
    assert.deepEqual(
      body.errors.map((e) => e.pointer),
      ['/1/name', '/3/salesforceId']
    );
    assert.match(body.detail, /Nothing was applied/);
    assert.equal(erp.stats().store.customers, 0);
  });

  it('refuses a body that is not a JSON array, and a write without Idempotency-Key', async (t) => {
    const erp = await erpFor(t);
    assert.equal((await putBatch(erp, { salesforceId: accountId(1) })).status, 422);
    const noKey = await call(`${erp.url}/api/customers:batch`, 'PUT', '[]', {
      'x-api-version': '2026-01'
    });
    assert.equal(noKey.status, 400);
    assert.match(JSON.parse(noKey.text).detail as string, /Idempotency-Key/);
  });

  it('replays a retried chunk without applying it again, and refuses its key on another chunk', async (t) => {
    const erp = await erpFor(t);
    const first = await putBatch(erp, customers(3));
    const retry = await putBatch(erp, customers(3));
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(retry.text, first.text);
    const reused = await putBatch(erp, customers(3, 10));
    assert.equal(reused.status, 422);
    const read = await readKeys(erp, ['C-1001']);
    assert.equal(
      (JSON.parse(read.text) as { customers: { version: number }[] }).customers[0]?.version,
      1
    );
    assert.equal(erp.stats().idempotency.duplicatesSuppressed, 1);
    assert.equal(erp.stats().idempotency.keyReuseRejected, 1);
  });
});

describe('GET /api/customers?keys=', () => {
  it('reads customers by ERP or Salesforce id and leaves unknown keys out', async (t) => {
    const erp = await erpFor(t);
    await putBatch(erp, customers(3));
    const answer = await readKeys(erp, ['C-1001', accountId(3), 'C-9999', accountId(99)]);
    assert.equal(answer.status, 200);
    const body = JSON.parse(answer.text) as { customers: { id: string; salesforceId: string }[] };
    assert.deepEqual(
      body.customers.map((c) => [c.id, c.salesforceId]),
      [
        ['C-1001', accountId(1)],
        ['C-1003', accountId(3)]
      ]
    );
  });

  it('takes literal commas as well as %2C', async (t) => {
    const erp = await erpFor(t);
    await putBatch(erp, customers(2));
    const answer = await call(`${erp.url}/api/customers?keys=C-1001,C-1002`, 'GET', undefined, {
      'x-api-version': '2026-01'
    });
    assert.equal((JSON.parse(answer.text) as { customers: unknown[] }).customers.length, 2);
  });

  it('answers 400 without keys and with more than 100', async (t) => {
    const erp = await erpFor(t);
    const none = await call(`${erp.url}/api/customers`, 'GET', undefined, {
      'x-api-version': '2026-01'
    });
    assert.equal(none.status, 400);
    assert.match(JSON.parse(none.text).detail as string, /\?keys=/);
    const many = await readKeys(
      erp,
      Array.from({ length: 101 }, (_, i) => accountId(i))
    );
    assert.equal(many.status, 400);
    assert.match(JSON.parse(many.text).detail as string, /at most 100/);
  });
});
