/**
 * Real HTTP callouts for a local org, synchronous from Apex's point of view. Apex's Http.send
 * blocks until the response comes; the interpreter is synchronous too, so the request runs on a
 * worker thread and this thread waits for it (synckit: a worker plus Atomics.wait on a shared
 * buffer). While a callout waits, this thread's event loop does not turn: the server answering
 * the callout must run in another thread or process.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { createSyncFn as CreateSyncFn } from 'synckit';
import type { WireRequest, WireResponse } from './callout-wire.ts';

export type { WireRequest, WireResponse } from './callout-wire.ts';

/** The longest a callout may take (HttpRequest.setTimeout's maximum), plus slack for the worker. */
const WORKER_TIMEOUT_MS = 125000;

type Perform = (request: WireRequest) => Promise<WireResponse>;

let perform: ((request: WireRequest) => WireResponse) | null = null;

/** Performs one request and waits for it; never throws for network failures (see WireResponse). */
export function performCallout(request: WireRequest): WireResponse {
  // synckit is loaded and the worker started on the first callout, so that test runs, which
  // never call out for real, pay for neither (loading synckit costs ~60 ms).
  perform ??= (
    createRequire(import.meta.url)('synckit') as { createSyncFn: typeof CreateSyncFn }
  ).createSyncFn<Perform>(fileURLToPath(new URL('./callout-worker.mjs', import.meta.url)), {
    timeout: WORKER_TIMEOUT_MS
  });
  return perform(request);
}

/**
 * The CalloutException message for a failed exchange, worded as orgs word it. A timeout is
 * "Read timed out" (the platform's message for an exceeded callout timeout); a refused
 * connection and an unknown host carry the Java network error the platform passes through.
 */
export function calloutFailureMessage(code: string, url: string): string {
  switch (code) {
    case 'ETIMEDOUT':
      return 'Read timed out';
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new URL(url).hostname;
    case 'ECONNRESET':
    case 'EPIPE':
      return 'Unexpected end of file from server';
    default:
      return `Unable to complete the callout to ${url}: ${code}`;
  }
}
