/**
 * Benchmark of the healthy local ERP (not part of `npm test`): requests per second through a
 * keep-alive client, half customer upserts and half order creates, each under a new key.
 *
 *   npx tsx scripts/local-erp/bench.ts [--requests 20000] [--concurrency 16] [--worker]
 *
 * `--worker` runs the ERP on a worker thread, as `npm start` does.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startLocalErpInWorker } from './in-worker.ts';
import { startLocalErp } from './server.ts';
import { conduitHeaders, customerBody, orderBody } from './test/support.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '16' },
    worker: { type: 'boolean', default: false }
  }
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(total) || total < 2 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error('Usage: bench.ts --requests <n ≥ 2> --concurrency <n ≥ 1> [--worker]');
  process.exit(2);
}

const erp = values.worker
  ? await startLocalErpInWorker({ requireKnownCustomer: false })
  : await startLocalErp({ requireKnownCustomer: false });
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const { port } = erp;

/** One request over the keep-alive agent; resolves with its status. */
function send(method: string, path: string, body: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, agent, headers: conduitHeaders(key) },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Request i: an Account upsert, then an order of that Account. */
function exchange(i: number): Promise<number> {
  const account = `001${String(i >> 1).padStart(12, '0')}AAA`;
  if (i % 2 === 0) {
    return send('PUT', `/api/customers/${account}`, customerBody(account), `customer-${i}`);
  }
  const order = `801${String(i >> 1).padStart(12, '0')}AAA`;
  return send('POST', '/api/orders', orderBody(order, account), `order-${order}`);
}

const latencies: number[] = [];
let next = 0;
let failures = 0;
const started = performance.now();
const worker = async (): Promise<void> => {
  // Each worker takes the next even index, so an order always follows its customer's upsert.
  for (let i = next; i < total; i = next) {
    next += 2;
    for (const j of [i, i + 1].filter((k) => k < total)) {
      const t0 = performance.now();
      const status = await exchange(j);
      latencies.push(performance.now() - t0);
      if (status >= 300) failures += 1;
    }
  }
};
await Promise.all(Array.from({ length: concurrency }, () => worker()));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number): string =>
  (latencies[Math.floor((latencies.length - 1) * p)] ?? 0).toFixed(2);
const stats = await erp.stats();
console.log(
  [
    `requests      ${total} (concurrency ${concurrency}, keep-alive, ERP ${values.worker ? 'on a worker thread' : 'in process'})`,
    `throughput    ${Math.round(total / seconds)} requests/s`,
    `latency       p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, p99 ${pct(0.99)} ms`,
    `failures      ${failures}`,
    `stored        ${stats.store.customers} customers, ${stats.store.orders} orders`,
    `duplicates    suppressed ${stats.idempotency.duplicatesSuppressed}, applied ${stats.idempotency.duplicatesApplied}`
  ].join('\n')
);
agent.destroy();
await erp.close();
