/**
 * The ERP API in front of its routes: the API version header, the `Idempotency-Key` every
 * write must carry, replays of a key already answered, and routing. No HTTP here, so the
 * server can add faults and stats around it.
 */
import { fingerprint } from './idempotency.ts';
import type { IdempotencyStore } from './idempotency.ts';
import { problem } from './reply.ts';
import type { Reply } from './reply.ts';
import { route } from './router.ts';
import type { Route } from './router.ts';

/** What the API checks. */
export interface ErpApiOptions {
  /** The header naming the API version (`Api_Version_Header__c`). */
  readonly apiVersionHeader: string;
  /** The versions the ERP serves (`Api_Version__c` must be one of them). */
  readonly apiVersions: readonly string[];
}

/** A request as the API sees it; header names in lower case, as node:http gives them. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  /** The query string without its `?`; reads take their parameters from it. */
  readonly query?: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** The reply and what stats need to know about it. */
export interface ApiResult {
  readonly reply: Reply;
  /** `METHOD /template`, or `METHOD (unknown path)`. */
  readonly routeKey: string;
  /** True when the reply is a stored one, replayed for a repeated key. */
  readonly replayed: boolean;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const IDEMPOTENCY_HEADER = 'idempotency-key';
const REPLAYED_HEADER = 'idempotent-replayed';

/** The ERP's API: checks, idempotency, routes. */
export class ErpApi {
  private readonly versionHeader: string;

  constructor(
    private readonly routes: readonly Route<Reply>[],
    private readonly idempotency: IdempotencyStore,
    private readonly options: ErpApiOptions
  ) {
    this.versionHeader = options.apiVersionHeader.toLowerCase();
  }

  /** The stats key of a request, before it is answered (faults are counted under it too). */
  routeKey(method: string, path: string): string {
    const { match } = route(this.routes, method, path);
    return match === null ? `${method} (unknown path)` : `${method} ${match.route.template}`;
  }

  /** Answers one request. */
  handle(request: ApiRequest): ApiResult {
    const { match, pathKnown } = route(this.routes, request.method, request.path);
    if (match === null) {
      return {
        reply: pathKnown
          ? problem(
              405,
              'Method Not Allowed',
              `${request.method} is not served on ${request.path}.`
            )
          : problem(404, 'Not Found', `The ERP has no resource at ${request.path}.`),
        routeKey: `${request.method} (unknown path)`,
        replayed: false
      };
    }
    const routeKey = `${request.method} ${match.route.template}`;
    const refused = this.checkHeaders(request);
    if (refused !== null) return { reply: refused, routeKey, replayed: false };
    const run = (): Reply => match.route.handle({ ...request, params: match.params });
    if (!WRITES.has(request.method)) return { reply: run(), routeKey, replayed: false };

    const key = request.headers[IDEMPOTENCY_HEADER] ?? '';
    const print = fingerprint(request.method, request.path, request.body);
    const found = this.idempotency.lookup(key, print);
    if (found.kind === 'replay') {
      const reply = {
        ...found.reply,
        headers: { ...found.reply.headers, [REPLAYED_HEADER]: 'true' }
      };
      return { reply, routeKey, replayed: true };
    }
    if (found.kind === 'mismatch') {
      return {
        reply: problem(
          422,
          'Unprocessable Content',
          `Idempotency-Key ${key} was already used for a different request: ` +
            'use a new key for a new request.'
        ),
        routeKey,
        replayed: false
      };
    }
    const reply = run();
    this.idempotency.remember(key, print, reply);
    return { reply, routeKey, replayed: false };
  }

  /** The version header and, on writes, the idempotency key; null when both are fine. */
  private checkHeaders(request: ApiRequest): Reply | null {
    const version = request.headers[this.versionHeader];
    if (version === undefined || !this.options.apiVersions.includes(version)) {
      return problem(
        400,
        'Bad Request',
        `Unsupported API version ${version ?? '(none)'}: send the header ` +
          `${this.options.apiVersionHeader}: ${this.options.apiVersions.join(' or ')}.`
      );
    }
    if (WRITES.has(request.method) && !request.headers[IDEMPOTENCY_HEADER]) {
      return problem(
        400,
        'Bad Request',
        `${request.method} needs an Idempotency-Key header, so a retry is not applied twice.`
      );
    }
    return null;
  }
}
