/**
 * Shared helpers of the local ERP's tests: requests shaped exactly as CalloutPipeline sends
 * them, a manual clock, and a small receiver standing in for Salesforce's Apex REST.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { startLocalErp } from '../server.ts';
import type { LocalErp, LocalErpOptions } from '../server.ts';

/** Ids shaped like Salesforce's: an Account (001) and Orders (801). */
export const ACCOUNT_ID = '001000000000001AAA';
export const ORDER_ID = '801000000000001AAA';
export const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** ErpCustomerSystemApi.Customer as JSON.serialize writes it. */
export function customerBody(salesforceId = ACCOUNT_ID, name = 'Customer 0'): string {
  return JSON.stringify({ salesforceId, name, accountNumber: null, city: 'Lyon', country: null });
}

/** ErpOrderSystemApi.ErpOrder as JSON.serialize writes it. */
export function orderBody(reference = ORDER_ID, customer = ACCOUNT_ID): string {
  return JSON.stringify({
    reference,
    orderNumber: '00000100',
    customer,
    effectiveDate: '2026-01-15',
    lines: [{ sku: 'W-1', quantity: 2, unitPrice: 12.5 }]
  });
}

/** The headers CalloutPipeline.build sets, for a given key. */
export function conduitHeaders(key: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'idempotency-key': key,
    traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01`,
    'x-correlation-id': TRACE_ID,
    'x-api-version': '2026-01'
  };
}

/** A response read whole. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Sends a request and reads the whole answer. */
export async function call(
  url: string,
  method: string,
  body?: string,
  headers: Record<string, string> = {},
  timeoutMs = 5000
): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs)
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Where requests go: a LocalErp or a WorkerErp. */
export interface Target {
  readonly url: string;
}

/** PUT /api/customers/{key} as ErpCustomerSystemApi sends it. */
export function putCustomer(erp: Target, key = ACCOUNT_ID, body = customerBody()): Promise<Answer> {
  return call(`${erp.url}/api/customers/${encodeURIComponent(key)}`, 'PUT', body, {
    ...conduitHeaders(`customer-${key}-1768478400000`)
  });
}

/** POST /api/orders as ErpOrderSystemApi sends it. */
export function postOrder(
  erp: Target,
  reference = ORDER_ID,
  key = `order-${reference}`,
  timeoutMs = 5000
): Promise<Answer> {
  return call(
    `${erp.url}/api/orders`,
    'POST',
    orderBody(reference),
    conduitHeaders(key),
    timeoutMs
  );
}

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Starts a local ERP on an OS-chosen port, closed when the test ends. */
export async function erpFor(t: TestContext, options: LocalErpOptions = {}): Promise<LocalErp> {
  const erp = await startLocalErp({ port: 0, ...options });
  t.after(() => erp.close());
  return erp;
}

/** A request the receiver got. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What the receiver answers: a status with headers, or `hang` (never answer). */
export type Script = { status: number; headers?: Record<string, string> } | 'hang';

/** A stand-in for Salesforce's Apex REST: answers from a script, then 200, and records requests. */
export async function receiver(
  t: TestContext,
  script: Script[] = []
): Promise<{ baseUrl: string; received: Received[] }> {
  const received: Received[] = [];
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body: Buffer.concat(chunks).toString('utf8')
    });
    const next = script.shift() ?? { status: 200 };
    if (next === 'hang') return;
    response.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    response.end('{}');
  };
  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/services/apexrest`, received };
}
