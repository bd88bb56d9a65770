/**
 * Path templates like `/api/customers/{key}`: matching, and the template as the stats key, so
 * per-path counters do not grow with every id.
 */

/** A request as routes see it. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  /** The query string without its `?` (empty when there is none), still percent-encoded. */
  readonly query?: string;
  readonly params: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** One method and path template with its handler. */
export interface Route<Result> {
  readonly method: string;
  /** E.g. `/api/orders/{id}`. */
  readonly template: string;
  handle(request: RouteRequest): Result;
}

/** A route matched to a request path. */
export interface Match<Result> {
  readonly route: Route<Result>;
  readonly params: Record<string, string>;
}

/** Matches a path against a template; null when it does not match or a segment is malformed. */
export function matchTemplate(template: string, path: string): Record<string, string> | null {
  const want = template.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const value = got[i] ?? '';
    if (segment.startsWith('{') && segment.endsWith('}')) {
      if (value === '') return null;
      try {
        params[segment.slice(1, -1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}

/** Finds the route of a request; `pathKnown` tells a 405 from a 404. */
export function route<Result>(
  routes: readonly Route<Result>[],
  method: string,
  path: string
): { match: Match<Result> | null; pathKnown: boolean } {
  let pathKnown = false;
  for (const candidate of routes) {
    const params = matchTemplate(candidate.template, path);
    if (params === null) continue;
    pathKnown = true;
    if (candidate.method === method) return { match: { route: candidate, params }, pathKnown };
  }
  return { match: null, pathKnown };
}
