/**
 * `startLocalErp`: the local ERP as a real HTTP server on 127.0.0.1. It wires the ERP API,
 * the fault injector, the status callbacks and the stats together, and owns the listening
 * socket (including the hard outage of not listening at all).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { admin, ADMIN_PREFIX } from './admin.ts';
import { DEFAULT_CALLBACK_POLICY, StatusCallbacks, ZERO_CALLBACK_COUNTS } from './callbacks.ts';
import type { CallbackCounts, CallbackPolicy, CallbackStats } from './callbacks.ts';
import { ErpApi } from './erp-api.ts';
import { erpBulkRoutes } from './erp-bulk-routes.ts';
import { erpRoutes } from './erp-routes.ts';
import { ErpStore } from './erp-store.ts';
import { LocalErpPortInUseError, LocalErpStartError } from './errors.ts';
import { FaultInjector } from './fault-injector.ts';
import type { FaultState } from './fault-injector.ts';
import { parseFaultPlan } from './fault-plan.ts';
import type { FaultPlanInput } from './fault-plan.ts';
import { faultReply, truncate } from './fault-replies.ts';
import { IdempotencyStore } from './idempotency.ts';
import { ODATA_PATH, ODataFeed, odataRouteKey } from './odata-routes.ts';
import { BodyTooLargeError, problem, readBody } from './reply.ts';
import type { Reply } from './reply.ts';
import { TrafficStats } from './stats.ts';
import type { PathStats } from './stats.ts';

/** How to start the local ERP. */
export interface LocalErpOptions {
  /** 0 (the default) lets the system pick a free port. */
  readonly port?: number;
  /** Loopback only by default: the local ERP is for this machine. */
  readonly host?: string;
  /** Faults from the start; replace them later with setFaults or `POST /__erp/faults`. */
  readonly faults?: FaultPlanInput;
  /** The clock of fault windows, Retry-After dates and callback schedules (ms since epoch). */
  readonly now?: () => number;
  /** Where Salesforce's Apex REST is served; status callbacks are off without it. */
  readonly callbackBaseUrl?: string;
  /** Callback policy beyond the URL; `intervalMs` sends due callbacks from a real timer. */
  readonly callbacks?: Partial<Omit<CallbackPolicy, 'baseUrl'>> & { readonly intervalMs?: number };
  /** Refuse orders of customers never upserted (default true, as a real ERP does). */
  readonly requireKnownCustomer?: boolean;
  /** Default `X-Api-Version` (ERP_*.Api_Version_Header__c). */
  readonly apiVersionHeader?: string;
  /** Default `['2026-01']` (ERP_*.Api_Version__c). */
  readonly apiVersions?: readonly string[];
  /** Largest request body accepted; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** Largest page of the OData invoice feed before an `@odata.nextLink`; default 100. */
  readonly odataPageSize?: number;
}

/** Everything the ERP counts, as `GET /__erp/stats` returns it. */
export interface LocalErpStats {
  readonly paths: Readonly<Record<string, PathStats>>;
  readonly store: { readonly customers: number; readonly orders: number };
  readonly idempotency: {
    readonly keysStored: number;
    /** Requests whose key was seen before: answered from the store, not applied. */
    readonly duplicatesSuppressed: number;
    /** Logical entities created twice (two orders for one Salesforce Order): must stay 0. */
    readonly duplicatesApplied: number;
    /** A key reused for a different request: refused with 422. */
    readonly keyReuseRejected: number;
  };
  readonly faults: FaultState;
  readonly callbacks: CallbackStats;
}

/** A running local ERP. */
export interface LocalErp {
  /** `http://127.0.0.1:<port>`; the ERP API is below `/api`. */
  readonly url: string;
  readonly port: number;
  stats(): LocalErpStats;
  /** Replaces the fault plan; throws InvalidFaultPlanError naming what to fix. */
  setFaults(plan: FaultPlanInput): void;
  /** Sends the status callbacks due now (none when callbacks are off). */
  tick(): Promise<CallbackCounts>;
  /** Hard outage: drops every connection and stops listening (clients get ECONNREFUSED). */
  stopListening(): Promise<void>;
  /** Ends the outage on the same port. */
  resumeListening(): Promise<void>;
  /** Stops everything: connections, timers, the socket. */
  close(): Promise<void>;
}

const NO_CALLBACKS: CallbackStats = {
  enabled: false,
  pending: 0,
  nextDueAt: null,
  ...ZERO_CALLBACK_COUNTS
};

/** Listens, turning listen errors into errors that say what to do. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalErpPortInUseError(port, host)
          : new LocalErpStartError(port, host, error.code ?? error.message)
      );
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/** Starts the local ERP; rejects with LocalErpPortInUseError when the port is taken. */
export async function startLocalErp(options: LocalErpOptions = {}): Promise<LocalErp> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const store = new ErpStore();
  const idempotency = new IdempotencyStore();
  const traffic = new TrafficStats();
  const faults = new FaultInjector(now);
  faults.set(parseFaultPlan(options.faults ?? {}));
  const callbacks =
    options.callbackBaseUrl === undefined
      ? null
      : new StatusCallbacks(
          { ...DEFAULT_CALLBACK_POLICY, ...options.callbacks, baseUrl: options.callbackBaseUrl },
          now,
          (erpId, status) => {
            const order = store.findOrder(erpId);
            if (order !== undefined) order.status = status;
          }
        );
  const api = new ErpApi(
    [
      ...erpRoutes(store, {
        requireKnownCustomer: options.requireKnownCustomer ?? true,
        onOrderCreated: (order, request) =>
          callbacks?.enqueue(order.id, request.headers.traceparent)
      }),
      ...erpBulkRoutes(store)
    ],
    idempotency,
    {
      apiVersionHeader: options.apiVersionHeader ?? 'X-Api-Version',
      apiVersions: options.apiVersions ?? ['2026-01']
    }
  );
  const feed = new ODataFeed(store, options.odataPageSize);
  const delays = new Set<NodeJS.Timeout>();

  const stats = (): LocalErpStats => {
    const counts = store.counts();
    return {
      paths: traffic.snapshot(),
      store: { customers: counts.customers, orders: counts.orders },
      idempotency: { ...idempotency.counts(), duplicatesApplied: counts.duplicatesApplied },
      faults: faults.state(),
      callbacks: callbacks?.stats() ?? NO_CALLBACKS
    };
  };
  const setFaults = (plan: unknown): void => faults.set(parseFaultPlan(plan));
  const tick = (): Promise<CallbackCounts> =>
    callbacks?.tick() ?? Promise.resolve({ ...ZERO_CALLBACK_COUNTS });

  /** Writes a reply, after `delayMs` of real time when a slow fault holds it back. */
  const write = (response: ServerResponse, reply: Reply, delayMs: number): void => {
    const send = (): void => {
      if (response.destroyed) return;
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
    };
    if (delayMs <= 0) return send();
    const timer = setTimeout(() => {
      delays.delete(timer);
      send();
    }, delayMs);
    delays.add(timer);
  };

  const serveErp = (
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    path: string,
    query: string,
    body: string
  ): void => {
    const started = performance.now();
    // The OData feed shares the data, faults and stats, not the /api checks (Salesforce
    // Connect sends no API version header and only reads).
    const odata = path === ODATA_PATH || path.startsWith(`${ODATA_PATH}/`);
    let routeKey = odata ? odataRouteKey(method, path) : api.routeKey(method, path);
    let replayed = false;
    response.once('close', () => {
      const outcome = response.writableFinished ? response.statusCode : 'reset';
      traffic.record(routeKey, outcome, performance.now() - started, replayed);
    });
    const fault = faults.pick(method, path);
    if (fault?.kind === 'outage') {
      request.socket.destroy();
      return;
    }
    const injected = fault === undefined ? null : faultReply(fault, now());
    if (injected !== null) return write(response, injected, 0);
    const headers = headersOf(request);
    const result = odata
      ? { reply: feed.handle({ method, path, query, headers }), routeKey, replayed: false }
      : api.handle({ method, path, query, headers, body });
    routeKey = result.routeKey;
    replayed = result.replayed;
    const correlation = request.headers['x-correlation-id'];
    let reply: Reply =
      typeof correlation === 'string'
        ? { ...result.reply, headers: { ...result.reply.headers, 'x-correlation-id': correlation } }
        : result.reply;
    if (fault?.kind === 'malformed') reply = { ...reply, body: truncate(reply.body) };
    write(response, reply, fault?.kind === 'slow' ? fault.delayMs : 0);
  };

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://local-erp.invalid');
    const path = url.pathname;
    try {
      const body = await readBody(request, maxBodyBytes);
      if (path.startsWith(ADMIN_PREFIX)) {
        const target = {
          stats,
          faults: () => faults.state(),
          setFaults,
          tick: callbacks ? tick : null
        };
        return write(response, await admin(target, method, path, body), 0);
      }
      serveErp(request, response, method, path, url.search.slice(1), body);
    } catch (error) {
      const reply =
        error instanceof BodyTooLargeError
          ? problem(413, 'Content Too Large', error.message)
          : problem(500, 'Internal Server Error', `The local ERP failed: ${String(error)}`);
      write(response, reply, 0);
    }
  };

  const server = createServer((request, response) => void onRequest(request, response));
  const port = await listen(server, options.port ?? 0, host);
  let listening = true;
  const interval =
    callbacks !== null && options.callbacks?.intervalMs !== undefined
      ? startInterval(callbacks, options.callbacks.intervalMs)
      : null;

  const stopListening = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://${host}:${port}`,
    port,
    stats,
    setFaults,
    tick,
    stopListening,
    async resumeListening() {
      if (listening) return;
      await listen(server, port, host);
      listening = true;
    },
    async close() {
      if (interval !== null) clearInterval(interval);
      for (const timer of delays) clearTimeout(timer);
      delays.clear();
      await stopListening();
    }
  };
}

/** Request headers as single strings (node:http gives arrays only for set-cookie). */
function headersOf(request: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Sends due callbacks from a real timer, one tick at a time. */
function startInterval(callbacks: StatusCallbacks, intervalMs: number): NodeJS.Timeout {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void callbacks.tick().finally(() => {
      running = false;
    });
  }, intervalMs);
  // The timer alone must not keep a finished process alive.
  timer.unref();
  return timer;
}
