/**
 * The ERP's invoices as an OData 4.0 feed below `/odata/v4`, the service an External Data
 * Source of type OData 4.0 (Salesforce Connect) reads: the service document, `$metadata`, the
 * entity set `Invoices` with its query options and server-driven paging, `Invoices/$count`,
 * and one invoice by key. Read-only; no API version header or Idempotency-Key (Salesforce
 * Connect sends neither). Errors are OData error objects.
 */
import { allInvoices } from './erp-invoices.ts';
import type { Invoice } from './erp-invoices.ts';
import type { ErpStore } from './erp-store.ts';
import { ODataQueryError } from './odata-filter.ts';
import { ENTITY_SET, KEY, metadataXml } from './odata-model.ts';
import { applyQuery, parseQuery, project } from './odata-query.ts';
import type { ODataQuery } from './odata-query.ts';
import type { Reply } from './reply.ts';

/** Where the feed is served. */
export const ODATA_PATH = '/odata/v4';
/** Default largest page; a smaller `Prefer: odata.maxpagesize` is honoured. */
export const DEFAULT_PAGE_SIZE = 100;

/** A request to the feed. */
export interface ODataRequest {
  readonly method: string;
  readonly path: string;
  /** Without its `?`, still percent-encoded. */
  readonly query: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

const VERSION = { 'odata-version': '4.0' };
const JSON_TYPE = 'application/json;odata.metadata=minimal';

function odataJson(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, ...VERSION, ...headers },
    body: JSON.stringify(value)
  };
}

/** An OData error response (OData JSON Format 4.0, 21.1). */
export function odataError(status: number, code: string, message: string): Reply {
  return odataJson(status, { error: { code, message } });
}

type Resource =
  | { readonly kind: 'service' | 'metadata' | 'collection' | 'count' }
  | { readonly kind: 'entity'; readonly key: string }
  | { readonly kind: 'unknown' };

const ENTITY = new RegExp(`^${ENTITY_SET}\\('((?:[^']|'')*)'\\)$`);

function resourceOf(path: string): Resource {
  if (path === ODATA_PATH || path === `${ODATA_PATH}/`) return { kind: 'service' };
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(ODATA_PATH.length + 1));
  } catch {
    return { kind: 'unknown' };
  }
  if (rest === '$metadata') return { kind: 'metadata' };
  if (rest === ENTITY_SET) return { kind: 'collection' };
  if (rest === `${ENTITY_SET}/$count`) return { kind: 'count' };
  const entity = ENTITY.exec(rest);
  if (entity !== null) return { kind: 'entity', key: (entity[1] ?? '').replace(/''/g, "'") };
  return { kind: 'unknown' };
}

/** The stats key of a request: the resource's template, so counters do not grow with keys. */
export function odataRouteKey(method: string, path: string): string {
  const resource = resourceOf(path);
  const templates: Record<Resource['kind'], string> = {
    service: `${ODATA_PATH}/`,
    metadata: `${ODATA_PATH}/$metadata`,
    collection: `${ODATA_PATH}/${ENTITY_SET}`,
    count: `${ODATA_PATH}/${ENTITY_SET}/$count`,
    entity: `${ODATA_PATH}/${ENTITY_SET}({key})`,
    unknown: '(unknown path)'
  };
  return `${method} ${templates[resource.kind]}`;
}

function pageSizeOf(
  headers: ODataRequest['headers'],
  configured: number
): { size: number; applied: string | null } {
  const asked = /odata\.maxpagesize=(\d+)/.exec(headers.prefer ?? '');
  const wanted = asked === null ? null : Number(asked[1]);
  if (wanted === null || wanted <= 0 || wanted >= configured)
    return { size: configured, applied: null };
  return { size: wanted, applied: `odata.maxpagesize=${wanted}` };
}

/** The invoice feed over a store. */
export class ODataFeed {
  constructor(
    private readonly store: ErpStore,
    private readonly pageSize = DEFAULT_PAGE_SIZE
  ) {}

  /** Answers one request; a bad query option is a 400 OData error. */
  handle(request: ODataRequest): Reply {
    const resource = resourceOf(request.path);
    if (resource.kind === 'unknown') {
      return odataError(
        404,
        'NotFound',
        `No resource at ${request.path}: the feed serves ${ODATA_PATH}/$metadata and ${ODATA_PATH}/${ENTITY_SET}.`
      );
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return odataError(
        405,
        'MethodNotAllowed',
        `The invoice feed is read-only: ${request.method} is not served.`
      );
    }
    const root = `http://${request.headers.host ?? '127.0.0.1'}${ODATA_PATH}`;
    try {
      switch (resource.kind) {
        case 'service':
          return odataJson(200, {
            '@odata.context': `${root}/$metadata`,
            value: [{ name: ENTITY_SET, kind: 'EntitySet', url: ENTITY_SET }]
          });
        case 'metadata':
          return {
            status: 200,
            headers: { 'content-type': 'application/xml', ...VERSION },
            body: metadataXml()
          };
        case 'entity':
          return this.entity(root, resource.key, new URLSearchParams(request.query));
        case 'count': {
          const query = parseQuery(new URLSearchParams(request.query));
          const { count } = applyQuery(this.invoices(), { ...query, top: null, skip: 0 });
          return {
            status: 200,
            headers: { 'content-type': 'text/plain', ...VERSION },
            body: String(count)
          };
        }
        case 'collection':
          return this.collection(root, request);
      }
    } catch (error) {
      if (error instanceof ODataQueryError) return odataError(400, 'BadRequest', error.message);
      throw error;
    }
  }

  /** The invoices as rows keyed by property name. */
  private invoices(): Readonly<Record<string, unknown>>[] {
    return allInvoices(this.store.allCustomers()).map((invoice: Invoice) => ({ ...invoice }));
  }

  private entity(root: string, key: string, params: URLSearchParams): Reply {
    const query = parseQuery(params);
    const invoice = this.invoices().find((candidate) => candidate[KEY] === key);
    if (invoice === undefined) return odataError(404, 'NotFound', `No invoice ${key}.`);
    return odataJson(200, {
      '@odata.context': `${root}/$metadata#${ENTITY_SET}${selectSuffix(query)}/$entity`,
      ...project(invoice, query.select)
    });
  }

  private collection(root: string, request: ODataRequest): Reply {
    const params = new URLSearchParams(request.query);
    const query = parseQuery(params);
    const { rows, count } = applyQuery(this.invoices(), query);
    const { size, applied } = pageSizeOf(request.headers, this.pageSize);
    const page = rows.slice(query.skipToken, query.skipToken + size);
    const body: Record<string, unknown> = {
      '@odata.context': `${root}/$metadata#${ENTITY_SET}${selectSuffix(query)}`
    };
    if (query.count) body['@odata.count'] = count;
    body.value = page.map((row) => project(row, query.select));
    if (query.skipToken + size < rows.length) {
      const next = new URLSearchParams(params);
      next.set('$skiptoken', String(query.skipToken + size));
      body['@odata.nextLink'] = `${root}/${ENTITY_SET}?${next.toString().replace(/\+/g, '%20')}`;
    }
    return odataJson(200, body, applied === null ? {} : { 'preference-applied': applied });
  }
}

function selectSuffix(query: ODataQuery): string {
  return query.select === null ? '' : `(${query.select.map((p) => p.name).join(',')})`;
}
