/**
 * The system query options of the invoice feed (OData 4.0 URL Conventions, 5.1): `$filter`,
 * `$orderby`, `$select`, `$top`, `$skip`, `$count`, and the `$skiptoken` of the feed's own
 * next links. Options the feed does not serve are refused, not ignored, so a caller never
 * mistakes an unfiltered answer for a filtered one.
 */
import { matches, ODataQueryError, parseFilter } from './odata-filter.ts';
import type { FilterExpr } from './odata-filter.ts';
import { INVOICE_PROPERTIES, KEY, propertyOf } from './odata-model.ts';
import type { PropertyDef } from './odata-model.ts';

/** One `$orderby` item. */
export interface OrderBy {
  readonly property: PropertyDef;
  readonly descending: boolean;
}

/** The options of one request, checked. */
export interface ODataQuery {
  readonly filter: FilterExpr | null;
  readonly orderBy: readonly OrderBy[];
  readonly select: readonly PropertyDef[] | null;
  readonly top: number | null;
  readonly skip: number;
  readonly count: boolean;
  /** Rows of the result already served by earlier pages (the feed's next links set it). */
  readonly skipToken: number;
}

const SERVED = new Set([
  '$filter',
  '$orderby',
  '$select',
  '$top',
  '$skip',
  '$count',
  '$skiptoken',
  '$format'
]);

function nonNegative(name: string, raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) {
    throw new ODataQueryError(`${name} must be a whole number of 0 or more, not "${raw}".`);
  }
  return Number(raw);
}

function known(option: string, name: string): PropertyDef {
  const property = propertyOf(name);
  if (property === undefined) {
    throw new ODataQueryError(
      `${option}: Invoice has no property ${name}; use one of ` +
        `${INVOICE_PROPERTIES.map((p) => p.name).join(', ')} (case-sensitive).`
    );
  }
  return property;
}

function orderByOf(raw: string | null): OrderBy[] {
  if (raw === null) return [];
  return raw.split(',').map((item) => {
    const [name = '', direction = 'asc', ...rest] = item.trim().split(/\s+/);
    if (rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
      throw new ODataQueryError(
        `$orderby: write "<property> asc" or "<property> desc", not "${item.trim()}".`
      );
    }
    return { property: known('$orderby', name), descending: direction === 'desc' };
  });
}

function selectOf(raw: string | null): PropertyDef[] | null {
  if (raw === null || raw.trim() === '*') return null;
  return raw.split(',').map((name) => known('$select', name.trim()));
}

/** Reads and checks the query options of a request to the entity set. */
export function parseQuery(params: URLSearchParams): ODataQuery {
  for (const name of params.keys()) {
    if (name.startsWith('$') && !SERVED.has(name)) {
      throw new ODataQueryError(
        `${name} is not supported by this feed: use $filter, $orderby, $select, $top, $skip or $count.`
      );
    }
  }
  const format = params.get('$format');
  if (format !== null && format !== 'json' && !format.startsWith('application/json')) {
    throw new ODataQueryError(`$format=${format} is not served: the feed answers JSON only.`);
  }
  const count = params.get('$count');
  if (count !== null && count !== 'true' && count !== 'false') {
    throw new ODataQueryError(`$count must be true or false, not "${count}".`);
  }
  const filter = params.get('$filter');
  return {
    filter: filter === null ? null : parseFilter(filter),
    orderBy: orderByOf(params.get('$orderby')),
    select: selectOf(params.get('$select')),
    top: nonNegative('$top', params.get('$top')),
    skip: nonNegative('$skip', params.get('$skip')) ?? 0,
    count: count === 'true',
    skipToken: nonNegative('$skiptoken', params.get('$skiptoken')) ?? 0
  };
}

type Row = Readonly<Record<string, unknown>>;

function comparator(orderBy: readonly OrderBy[]): (a: Row, b: Row) => number {
  // The key last, so pages are stable whatever the order asked for.
  const keys = [...orderBy, { property: known('$orderby', KEY), descending: false }];
  return (a, b) => {
    for (const { property, descending } of keys) {
      const x = a[property.name] as string | number;
      const y = b[property.name] as string | number;
      if (x === y) continue;
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  };
}

/** The rows a query selects before paging: filtered, ordered, `$skip` and `$top` applied. */
export function applyQuery<T extends Row>(
  rows: readonly T[],
  query: ODataQuery
): { rows: T[]; count: number } {
  const filtered =
    query.filter === null
      ? [...rows]
      : rows.filter((row) => matches(query.filter as FilterExpr, row));
  filtered.sort(comparator(query.orderBy));
  const end = query.top === null ? undefined : query.skip + query.top;
  return { rows: filtered.slice(query.skip, end), count: filtered.length };
}

/** A row with only the selected properties. */
export function project(row: Row, select: readonly PropertyDef[] | null): Record<string, unknown> {
  if (select === null) return { ...row };
  return Object.fromEntries(select.map((property) => [property.name, row[property.name] ?? null]));
}
