/**
 * The ERP API over real HTTP, with requests shaped exactly as the reference integration's
 * System APIs send them: happy paths, the checks, and Idempotency-Key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCOUNT_ID,
  call,
  conduitHeaders,
  customerBody,
  erpFor,
  ORDER_ID,
  orderBody,
  postOrder,
  putCustomer,
  TRACE_ID
} from './test/support.ts';

const ORDER_2 = '801000000000002AAA';

describe('PUT /api/customers/{key}', () => {
  it('creates a customer keyed by the Salesforce id, with its ERP id', async (t) => {
    const erp = await erpFor(t);
    const answer = await putCustomer(erp);
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.get('location'), '/api/customers/C-1001');
    assert.equal(answer.headers.get('x-correlation-id'), TRACE_ID);
    assert.deepEqual(JSON.parse(answer.text), {
      id: 'C-1001',
      salesforceId: ACCOUNT_ID,
      name: 'Customer 0',
      accountNumber: null,
      city: 'Lyon',
      country: null,
      version: 1
    });
  });

  it('updates the same customer by Salesforce id or by ERP id', async (t) => {
    const erp = await erpFor(t);
    await putCustomer(erp);
    const bySalesforceId = await call(
      `${erp.url}/api/customers/${ACCOUNT_ID}`,
      'PUT',
      customerBody(ACCOUNT_ID, 'Renamed'),
      conduitHeaders('customer-v2')
    );
    const byErpId = await call(
      `${erp.url}/api/customers/C-1001`,
      'PUT',
      customerBody(ACCOUNT_ID, 'Renamed again'),
      conduitHeaders('customer-v3')
    );
    assert.equal(bySalesforceId.status, 200);
    assert.equal(byErpId.status, 200);
    assert.equal((JSON.parse(byErpId.text) as { version: number }).version, 3);
    assert.equal(erp.stats().store.customers, 1);
    const read = await call(`${erp.url}/api/customers/C-1001`, 'GET', undefined, {
      'x-api-version': '2026-01'
    });
    assert.equal((JSON.parse(read.text) as { name: string }).name, 'Renamed again');
  });

  it('refuses an unknown ERP id, a key that is not the body salesforceId, and another Account', async (t) => {
    const erp = await erpFor(t);
    const unknown = await putCustomer(erp, 'C-9999');
    assert.equal(unknown.status, 404);
    const otherKey = await putCustomer(erp, '001000000000009AAA');
    assert.equal(otherKey.status, 422);
    assert.match(JSON.parse(otherKey.text).detail as string, /must be its salesforceId/);
    await putCustomer(erp);
    const hijack = await call(
      `${erp.url}/api/customers/C-1001`,
      'PUT',
      customerBody('001000000000009AAA'),
      conduitHeaders('customer-other')
    );
    assert.equal(hijack.status, 409);
  });

  it('names the missing field of an invalid customer', async (t) => {
    const erp = await erpFor(t);
    const answer = await putCustomer(erp, ACCOUNT_ID, JSON.stringify({ salesforceId: ACCOUNT_ID }));
    assert.equal(answer.status, 422);
    assert.equal(answer.headers.get('content-type'), 'application/problem+json');
    assert.match(JSON.parse(answer.text).detail as string, /^name:/);
  });
});

describe('POST /api/orders', () => {
  it('creates an order and answers its ERP id and the echoed reference', async (t) => {
    const erp = await erpFor(t);
    await putCustomer(erp);
    const answer = await postOrder(erp);
    assert.equal(answer.status, 201);
    assert.equal(answer.headers.get('location'), '/api/orders/E-1001');
    const created = JSON.parse(answer.text) as Record<string, unknown>;
    // What ErpOrderSystemApi.createdFrom reads.
    assert.equal(created.id, 'E-1001');
    assert.equal(created.reference, ORDER_ID);
    assert.deepEqual(created, {
      id: 'E-1001',
      reference: ORDER_ID,
      orderNumber: '00000100',
      customer: 'C-1001',
      effectiveDate: '2026-01-15',
      lines: [{ sku: 'W-1', quantity: 2, unitPrice: 12.5 }],
      status: 'ACCEPTED'
    });
    const read = await call(`${erp.url}/api/orders/E-1001`, 'GET', undefined, {
      'x-api-version': '2026-01'
    });
    assert.equal(read.status, 200);
  });

  it('refuses an order of a customer never upserted, unless told not to', async (t) => {
    const strict = await erpFor(t);
    const refused = await postOrder(strict);
    assert.equal(refused.status, 422);
    assert.match(JSON.parse(refused.text).detail as string, /upsert it with PUT/);
    const lenient = await erpFor(t, { requireKnownCustomer: false });
    const accepted = await postOrder(lenient);
    assert.equal(accepted.status, 201);
    assert.equal((JSON.parse(accepted.text) as { customer: string }).customer, ACCOUNT_ID);
  });

  it('refuses an order without lines', async (t) => {
    const erp = await erpFor(t, { requireKnownCustomer: false });
    const body = JSON.stringify({ ...JSON.parse(orderBody()), lines: [] });
    const answer = await call(`${erp.url}/api/orders`, 'POST', body, conduitHeaders('k'));
    assert.equal(answer.status, 422);
    assert.match(JSON.parse(answer.text).detail as string, /without lines/);
  });
});

describe('request checks', () => {
  it('needs the API version header', async (t) => {
    const erp = await erpFor(t);
    const headers = conduitHeaders('k');
    delete headers['x-api-version'];
    const missing = await call(
      `${erp.url}/api/customers/${ACCOUNT_ID}`,
      'PUT',
      customerBody(),
      headers
    );
    assert.equal(missing.status, 400);
    assert.match(JSON.parse(missing.text).detail as string, /X-Api-Version: 2026-01/);
    const other = await call(`${erp.url}/api/orders/E-1`, 'GET', undefined, {
      'x-api-version': '1999-01'
    });
    assert.equal(other.status, 400);
  });

  it('needs an Idempotency-Key on writes', async (t) => {
    const erp = await erpFor(t);
    const headers = conduitHeaders('k');
    delete headers['idempotency-key'];
    const answer = await call(
      `${erp.url}/api/customers/${ACCOUNT_ID}`,
      'PUT',
      customerBody(),
      headers
    );
    assert.equal(answer.status, 400);
    assert.match(JSON.parse(answer.text).detail as string, /Idempotency-Key/);
    assert.equal(erp.stats().store.customers, 0);
  });

  it('answers 400 to a body that is not JSON, 404 and 405 to unknown routes', async (t) => {
    const erp = await erpFor(t);
    const notJson = await call(
      `${erp.url}/api/orders`,
      'POST',
      '{"reference":',
      conduitHeaders('k')
    );
    assert.equal(notJson.status, 400);
    const unknown = await call(`${erp.url}/api/invoices`, 'GET', undefined, conduitHeaders('k'));
    assert.equal(unknown.status, 404);
    const method = await call(`${erp.url}/api/orders`, 'GET', undefined, conduitHeaders('k'));
    assert.equal(method.status, 405);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored response to a retried key without applying it again', async (t) => {
    const erp = await erpFor(t);
    await putCustomer(erp);
    const first = await postOrder(erp);
    const retry = await postOrder(erp);
    assert.equal(retry.status, 201);
    assert.equal(retry.text, first.text);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const stats = erp.stats();
    assert.equal(stats.store.orders, 1);
    assert.equal(stats.idempotency.duplicatesSuppressed, 1);
    assert.equal(stats.idempotency.duplicatesApplied, 0);
    assert.equal(stats.paths['POST /api/orders']?.replayed, 1);
  });

  it('refuses a key reused for a different request', async (t) => {
    const erp = await erpFor(t);
    await putCustomer(erp);
    await postOrder(erp, ORDER_ID, 'shared-key');
    const reused = await postOrder(erp, ORDER_2, 'shared-key');
    assert.equal(reused.status, 422);
    assert.match(JSON.parse(reused.text).detail as string, /already used for a different request/);
    assert.equal(erp.stats().idempotency.keyReuseRejected, 1);
    assert.equal(erp.stats().store.orders, 1);
  });

  it('does not keep an error, so a retry after the cause is fixed is applied', async (t) => {
    const erp = await erpFor(t);
    const early = await postOrder(erp);
    assert.equal(early.status, 422);
    await putCustomer(erp);
    const retry = await postOrder(erp);
    assert.equal(retry.status, 201);
    assert.equal(erp.stats().idempotency.duplicatesSuppressed, 0);
  });

  it('counts a second order for one Salesforce Order sent under another key as applied twice', async (t) => {
    const erp = await erpFor(t);
    await putCustomer(erp);
    await postOrder(erp, ORDER_ID, 'order-key-1');
    await postOrder(erp, ORDER_ID, 'order-key-2');
    const stats = erp.stats();
    assert.equal(stats.store.orders, 2);
    assert.equal(stats.idempotency.duplicatesApplied, 1);
    assert.equal(stats.idempotency.duplicatesSuppressed, 0);
  });
});
