/**
 * The server around the API: stats per path, the listening errors a CLI turns into exit code
 * 2, the admin endpoints' edges and closing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LocalErpPortInUseError, LocalErpStartError } from './errors.ts';
import { startLocalErp } from './server.ts';
import type { LocalErpStats } from './server.ts';
import { call, conduitHeaders, erpFor, postOrder, putCustomer } from './test/support.ts';

describe('stats', () => {
  it('counts requests per path template, by status, with a latency histogram', async (t) => {
    const erp = await erpFor(t, {
      faults: { rules: [{ kind: 'unavailable', count: 1, pathPrefix: '/api/orders' }] }
    });
    await putCustomer(erp);
    await putCustomer(erp);
    await postOrder(erp);
    await postOrder(erp);
    await call(`${erp.url}/api/nothing`, 'GET', undefined, conduitHeaders('k'));
    const stats = erp.stats();
    const customers = stats.paths['PUT /api/customers/{key}'];
    assert.equal(customers?.requests, 2);
    assert.deepEqual(customers?.byStatus, { '201': 2 });
    assert.equal(customers?.replayed, 1);
    assert.deepEqual(stats.paths['POST /api/orders']?.byStatus, { '201': 1, '503': 1 });
    assert.deepEqual(stats.paths['GET (unknown path)']?.byStatus, { '404': 1 });
    const histogram = customers?.latencyMs;
    assert.equal(
      histogram?.buckets.reduce((sum, b) => sum + b.count, 0),
      2
    );
    assert.equal(histogram?.buckets.at(-1)?.le, null);
    assert.ok((histogram?.maxMs ?? -1) >= 0);
    assert.deepEqual(stats.store, { customers: 1, orders: 1 });
    assert.equal(stats.faults.injected.unavailable, 1);
  });

  it('serves the same stats as JSON at /__erp/stats, without counting admin calls', async (t) => {
    const erp = await erpFor(t);
    await putCustomer(erp);
    const answer = await call(`${erp.url}/__erp/stats`, 'GET');
    assert.equal(answer.status, 200);
    const served = JSON.parse(answer.text) as LocalErpStats;
    assert.deepEqual(Object.keys(served.paths), ['PUT /api/customers/{key}']);
    assert.deepEqual(served.idempotency, erp.stats().idempotency);
    assert.deepEqual(Object.keys(served).sort(), [
      'callbacks',
      'faults',
      'idempotency',
      'paths',
      'store'
    ]);
  });
});

describe('listening', () => {
  it('refuses a port in use with a typed error that says what to do', async (t) => {
    const first = await erpFor(t);
    await assert.rejects(startLocalErp({ port: first.port }), (error: LocalErpPortInUseError) => {
      assert.ok(error instanceof LocalErpPortInUseError);
      assert.equal(error.port, first.port);
      assert.equal(
        error.message,
        `Port ${first.port} on 127.0.0.1 is in use: pass --erp-port <free port> or stop the other process.`
      );
      return true;
    });
  });

  it('explains an address it cannot bind', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to this machine.
    await assert.rejects(startLocalErp({ host: '192.0.2.1' }), (error: LocalErpStartError) => {
      assert.ok(error instanceof LocalErpStartError);
      assert.match(error.message, /cannot listen on 192\.0\.2\.1:0 \(EADDRNOTAVAIL\)/);
      return true;
    });
  });

  it('closes twice without error and frees the port', async () => {
    const erp = await startLocalErp();
    await erp.close();
    await erp.close();
    const again = await startLocalErp({ port: erp.port });
    await again.close();
  });
});

describe('edges', () => {
  it('answers 413 to a body over the limit and 404 to an unknown admin path', async (t) => {
    const erp = await erpFor(t, { maxBodyBytes: 16 });
    const large = await putCustomer(erp);
    assert.equal(large.status, 413);
    const unknown = await call(`${erp.url}/__erp/reset`, 'POST');
    assert.equal(unknown.status, 404);
    assert.match(JSON.parse(unknown.text).detail as string, /GET \/__erp\/stats/);
  });
});
