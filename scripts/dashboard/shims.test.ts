/**
 * The `@salesforce/apex` shim against a real local server with the fake org: imperative calls,
 * AuraHandledException-style errors, the wire adapter and refreshApex.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serveDashboard } from './server.ts';
import type { DashboardServer } from './server.ts';
import { apexMethod, configureApexTransport, refreshApex } from './shims/apex.ts';
import type { ApexError, WireValue } from './shims/apex.ts';
import { FakeApexError, createFakeOrg, fixture } from './test-support/fake-org.ts';
import { pageReferenceFromUrl, urlForPageReference } from './shims/navigation.ts';

const org = createFakeOrg();
let server: DashboardServer;
let root: string;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'dashboard-shims-'));
  server = await serveDashboard({ root, port: 0, apexHandler: org.handler });
  configureApexTransport({ baseUrl: server.url.replace(/\/$/, '') });
});

after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

/** Resolves with the next value the wire delivers. */
function nextValue(values: WireValue[]): Promise<WireValue> {
  const count = values.length;
  return new Promise((resolve) => {
    const poll = (): void => {
      if (values.length > count) {
        resolve(values[values.length - 1]);
      } else {
        setImmediate(poll);
      }
    };
    poll();
  });
}

describe('@salesforce/apex shim', () => {
  it('resolves an imperative call with the JSON result and posts the named parameters', async () => {
    const replay = apexMethod('ConduitDeadLetterController', 'replay');
    const result = await replay({ deadLetterIds: ['a0D000000000001AAA'] });
    assert.deepEqual(result, { requested: 1, succeeded: 1, failures: [] });
    assert.deepEqual(org.calls.at(-1), {
      className: 'ConduitDeadLetterController',
      methodName: 'replay',
      params: { deadLetterIds: ['a0D000000000001AAA'] }
    });
  });

  it('resolves a void method with undefined-or-null and no error', async () => {
    const reset = apexMethod('ConduitHealthController', 'resetCircuit');
    assert.equal(await reset({ endpoint: 'Erp_Orders' }), null);
  });

  it("rejects an AuraHandledException with Lightning's { body: { message } }", async () => {
    org.answer('ConduitHealthController', 'forceOpenCircuit', () => {
      throw new FakeApexError('You need the Conduit_Admin permission set.');
    });
    const forceOpen = apexMethod('ConduitHealthController', 'forceOpenCircuit');
    await assert.rejects(forceOpen({ endpoint: 'Erp_Orders' }), (error: ApexError) => {
      assert.equal(error.status, 400);
      assert.deepEqual(error.body, { message: 'You need the Conduit_Admin permission set.' });
      return true;
    });
  });

  it('rejects with a message that says what to do when the local org is gone', async () => {
    // A port that was just free: nothing listens there any more.
    const gone = await serveDashboard({ root, port: 0, apexHandler: org.handler });
    await gone.close();
    configureApexTransport({ baseUrl: gone.url.replace(/\/$/, '') });
    try {
      await assert.rejects(apexMethod('X', 'y')(), (error: ApexError) => {
        assert.equal(error.status, 0);
        assert.match(error.body.message, /npm start/);
        return true;
      });
    } finally {
      configureApexTransport({ baseUrl: server.url.replace(/\/$/, '') });
    }
  });

  it('delivers { data } through the wire adapter and calls again on refreshApex', async () => {
    const getHealth = apexMethod('ConduitHealthController', 'getHealth');
    const values: WireValue[] = [];
    const wire = new getHealth.adapter((value) => values.push(value));
    wire.connect();
    const first = nextValue(values);
    wire.update({});
    const delivered = await first;
    assert.deepEqual(delivered, {
      data: fixture('conduitHealth', 'healthSnapshot'),
      error: undefined
    });

    const callsBefore = org.calls.filter((c) => c.methodName === 'getHealth').length;
    await refreshApex(delivered);
    assert.equal(org.calls.filter((c) => c.methodName === 'getHealth').length, callsBefore + 1);
    assert.equal(values.length, 2, 'refreshApex resolves after the new value is delivered');
    assert.notEqual(values[1], delivered);
    wire.disconnect();
  });

  it('delivers { error } through the wire adapter when the method fails', async () => {
    const missing = apexMethod('ConduitHealthController', 'noSuchMethod');
    const values: WireValue[] = [];
    const wire = new missing.adapter((value) => values.push(value));
    const next = nextValue(values);
    wire.update({ endpoint: 'x' });
    const { data, error } = await next;
    assert.equal(data, undefined);
    assert.match((error as ApexError).body.message, /noSuchMethod/);
  });

  it('delivers nothing to a wire that was disconnected before the answer came', async () => {
    const getHealth = apexMethod('ConduitHealthController', 'getHealth');
    const values: WireValue[] = [];
    const wire = new getHealth.adapter((value) => values.push(value));
    wire.connect();
    wire.update({});
    wire.disconnect();
    // fetch() settles after the answer was handled, whatever was done with it.
    await wire.fetch();
    assert.deepEqual(values, []);
  });

  it('resolves refreshApex of a value no wire delivered without calling anything', async () => {
    const before = org.calls.length;
    await refreshApex({ data: 1 });
    await refreshApex(undefined);
    assert.equal(org.calls.length, before);
  });
});

describe('lightning/navigation shim', () => {
  it('reads the page state from the query string and the tab from the hash', () => {
    const ref = pageReferenceFromUrl(new URL('http://dashboard.invalid/?c__traceId=abc#traces'));
    assert.deepEqual(ref, {
      type: 'standard__navItemPage',
      attributes: { apiName: 'Conduit_Traces' },
      state: { c__traceId: 'abc' }
    });
  });

  it('writes state back to the query string and keeps the tab', () => {
    const next = urlForPageReference(
      {
        type: 'standard__navItemPage',
        attributes: { apiName: 'Conduit_Traces' },
        state: { c__traceId: 'x1', c__empty: undefined }
      },
      new URL('http://dashboard.invalid/index.html?c__traceId=old#health')
    );
    assert.equal(next.href, 'http://dashboard.invalid/index.html?c__traceId=x1#traces');
  });
});
