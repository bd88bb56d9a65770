/**
 * Evaluates a SOQL query against the in-memory database: filter, group and aggregate, order,
 * offset and limit, then project the selected fields, parent paths and child subqueries into
 * SObject values that remember which fields were queried.
 */
import type { Database, Row } from '../database/database.ts';
import { SObjectValue } from '../database/sobject.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import { toId18 } from '../interpreter/ids.ts';
import { compareValues, isNumber, toDecimal } from '../interpreter/semantics.ts';
import { ApexList, ApexSet } from '../interpreter/values.ts';
import type { FieldSchema, Schema, SObjectSchema } from '../schema/schema.ts';
import { field, relationshipField } from '../schema/schema.ts';
import { ApexDate, ApexDatetime, userTimeZone, wallTimeToInstant } from '../values/datetime.ts';
import { ApexDecimal } from '../values/decimal.ts';
import type { Aggregate, Condition, Path, SoqlQuery, SoqlValue } from './ast.ts';
import { SoqlError } from './parse.ts';

/** Resolves a bind variable's text (`ids`, `acc.Id`) to its value. */
export type BindResolver = (text: string) => unknown;

export interface QueryOptions {
  binds: BindResolver;
  /** Today in the running user's time zone, for date literals. */
  today: () => ApexDate;
}

/** A row under evaluation: the object and its stored values. */
interface Ctx {
  object: SObjectSchema;
  row: Row;
}

export class QueryEngine {
  constructor(
    readonly schema: Schema,
    readonly db: Database
  ) {}

  /** Checks every object, field and relationship the query names; throws SoqlError. */
  validate(q: SoqlQuery): SObjectSchema {
    const object = this.schema.get(q.from);
    if (!object) throw new SoqlError(`sObject type '${q.from}' is not supported.`, 1, 1);
    const selected = new Set<string>();
    for (const item of q.select) {
      if (item.kind === 'field') {
        const key = item.path.join('.').toLowerCase();
        if (selected.has(key))
          throw new SoqlError(`duplicate field selected: ${item.path.join('.')}`, 1, 1);
        selected.add(key);
        this.resolvePath(object, item.path);
      } else if (item.kind === 'aggregate' && item.aggregate.path)
        this.resolvePath(object, item.aggregate.path);
      else if (item.kind === 'subquery') {
        const rel = object.childRelationships.get(item.query.from.toLowerCase());
        if (!rel)
          throw new SoqlError(
            `Didn't understand relationship '${item.query.from}' in FROM part of query call.`,
            1,
            1
          );
        this.validate({ ...item.query, from: rel.childObject });
      }
    }
    for (const g of q.groupBy) this.resolvePath(object, g);
    for (const o of q.orderBy) if (Array.isArray(o.target)) this.resolvePath(object, o.target);
    const visit = (c: Condition | null): void => {
      if (!c) return;
      if (c.kind === 'and' || c.kind === 'or') c.items.forEach(visit);
      else if (c.kind === 'not') visit(c.item);
      else {
        if (Array.isArray(c.target)) this.resolvePath(object, c.target);
        if (c.value.kind === 'subquery') this.validate(c.value.query);
      }
    };
    visit(q.where);
    return object;
  }

  /** The field a path ends at, walking parent relationships (`Account.Owner.Name`). */
  resolvePath(object: SObjectSchema, path: Path): FieldSchema {
    let current = object;
    const parts =
      path[0].toLowerCase() === object.name.toLowerCase() && path.length > 1 ? path.slice(1) : path;
    for (let i = 0; i < parts.length - 1; i++) {
      const rel = relationshipField(current, parts[i]);
      if (!rel) throw noSuchColumn(parts[i], current);
      const target = this.schema.get(rel.referenceTo![0]);
      if (!target)
        throw new SoqlError(`sObject type '${rel.referenceTo![0]}' is not supported.`, 1, 1);
      current = target;
    }
    const f = current.fields.get(parts[parts.length - 1].toLowerCase());
    if (!f) throw noSuchColumn(parts[parts.length - 1], current);
    return f;
  }

  /** Runs a query; `SELECT COUNT()` returns the count, everything else a list of records. */
  run(q: SoqlQuery, options: QueryOptions): SObjectValue[] | number {
    const object = this.validate(q);
    refuseExternal(object);
    // Binds and literals are evaluated once, before any row is read, as the platform does.
    const where = q.where ? this.condition(q.where, object, options) : null;
    let rows = this.candidates(object, q, where);
    if (where) rows = rows.filter(where.test);
    if (q.countOnly) return this.window(rows, q, options).length;
    const aggregates = q.select.some((s) => s.kind === 'aggregate') || q.groupBy.length > 0;
    if (aggregates) return this.aggregate(q, object, rows, options);
    rows = this.sort(rows, q);
    rows = this.window(rows, q, options);
    const children = this.children(q, object, rows, options);
    return rows.map((r) => this.project(q, r, children));
  }

  /**
   * The rows a query must look at: the rows with the ids a top-level `Id = ...` or `Id IN ...`
   * names when there is one (a lookup each), otherwise every row of the object.
   */
  private candidates(object: SObjectSchema, q: SoqlQuery, where: Compiled | null): Ctx[] {
    const ids = where?.ids;
    if (!ids) return this.db.rows(object, q.allRows).map((row) => ({ object, row }));
    const out: Ctx[] = [];
    for (const id of [...ids].sort()) {
      const found = this.db.find(id, q.allRows);
      if (found && found.object === object) out.push({ object, row: found.row });
    }
    return out;
  }
  private window<T>(rows: T[], q: SoqlQuery, options: QueryOptions): T[] {
    const offset = q.offset ? Number(this.literal(q.offset, options, null)) : 0;
    const limit = q.limit ? Number(this.literal(q.limit, options, null)) : Infinity;
    return rows.slice(offset, offset + limit);
  }

  private sort(rows: Ctx[], q: SoqlQuery): Ctx[] {
    if (q.orderBy.length === 0) return rows;
    return [...rows].sort((a, b) => {
      for (const o of q.orderBy) {
        if (!Array.isArray(o.target)) continue;
        const x = this.read(a, o.target);
        const y = this.read(b, o.target);
        if (x === null && y === null) continue;
        if (x === null || y === null) return (x === null) === o.nullsFirst ? -1 : 1;
        const c = compareValues(x, y);
        if (c !== 0) return o.descending ? -c : c;
      }
      return 0;
    });
  }

  /** Reads a path from a row, following parent references; null when a link is empty. */
  read(ctx: Ctx, path: Path): unknown {
    let current: Ctx | null = ctx;
    const parts =
      path[0].toLowerCase() === ctx.object.name.toLowerCase() && path.length > 1
        ? path.slice(1)
        : path;
    for (let i = 0; i < parts.length - 1 && current; i++) {
      const rel = relationshipField(current.object, parts[i])!;
      const id = current.row.get(rel.name.toLowerCase()) as string | null;
      const found = id ? this.db.find(id) : null;
      current = found ? { object: found.object, row: found.row } : null;
    }
    if (!current) return null;
    const v = current.row.get(parts[parts.length - 1].toLowerCase());
    return v === undefined ? null : v;
  }

  // ------------------------------------------------------------------------------------ filters

  /**
   * A WHERE clause made ready to test rows: fields resolved and values (binds, date literals,
   * semi-join subqueries) computed once. `ids` is set when every matching row must have one of
   * these ids (a top-level `Id =` or `Id IN`), so the caller can look the rows up by id.
   */
  private condition(c: Condition, object: SObjectSchema, options: QueryOptions): Compiled {
    switch (c.kind) {
      case 'and': {
        const items = c.items.map((i) => this.condition(i, object, options));
        const ids = items.find((i) => i.ids)?.ids;
        return { test: (ctx) => items.every((i) => i.test(ctx)), ids };
      }
      case 'or': {
        const items = c.items.map((i) => this.condition(i, object, options));
        return { test: (ctx) => items.some((i) => i.test(ctx)) };
      }
      case 'not': {
        const item = this.condition(c.item, object, options);
        return { test: (ctx) => !item.test(ctx) };
      }
      case 'compare': {
        const target = c.target as Path;
        const f = this.resolvePath(object, target);
        const right = this.literal(c.value, options, f);
        const direct = directField(object, target);
        const read = direct
          ? (ctx: Ctx) => ctx.row.get(direct) ?? null
          : (ctx: Ctx) => this.read(ctx, target);
        if (c.op === 'in' || (c.op === '=' && !Array.isArray(right) && !isRange(right))) {
          const matcher = new ValueSet(Array.isArray(right) ? right : [right]);
          const test = (ctx: Ctx) => matcher.has(read(ctx), c.op === '=');
          return { test, ids: direct === 'id' ? matcher.ids() : undefined };
        }
        return { test: (ctx) => compare(read(ctx), c.op, right, f) };
      }
    }
  }

  /** The value of a SOQL literal or bind, typed for the field it is compared with. */
  literal(v: SoqlValue, options: QueryOptions, f: FieldSchema | null): unknown {
    switch (v.kind) {
      case 'null':
        return null;
      case 'boolean':
        return v.value;
      case 'number':
        return /[.eE]/.test(v.text) || (f && f.type !== 'Integer')
          ? ApexDecimal.fromString(v.text)
          : Number(v.text);
      case 'string':
        return f &&
          (f.type === 'Id' ||
            f.type === 'Lookup' ||
            f.type === 'MasterDetail' ||
            f.type === 'Reference')
          ? (toId18(v.value) ?? v.value)
          : v.value;
      case 'date':
        return ApexDate.valueOf(v.text);
      case 'datetime':
        return parseSoqlDatetime(v.text);
      case 'dateLiteral':
        return { range: dateLiteralRange(v.name, v.n, options.today()) };
      case 'bind':
        return normaliseBind(options.binds(v.text));
      case 'list':
        return v.values.map((x) => this.literal(x, options, f));
      case 'subquery': {
        const result = this.run(v.query, options) as SObjectValue[];
        const select = v.query.select[0];
        const name =
          select.kind === 'field' ? select.path[select.path.length - 1].toLowerCase() : 'id';
        return result.map((r) => r.get(name));
      }
    }
  }

  // -------------------------------------------------------------------------------- projection

  private project(q: SoqlQuery, ctx: Ctx, children: ChildResults): SObjectValue {
    const record = new SObjectValue(ctx.object, new Map(), new Set());
    record.set('id', ctx.row.get('id'));
    record.queried!.add('id');
    for (const item of q.select) {
      if (item.kind === 'field') this.projectPath(record, ctx, item.path);
      else if (item.kind === 'subquery') {
        const rel = ctx.object.childRelationships.get(item.query.from.toLowerCase())!;
        const key = rel.name.toLowerCase();
        const rows = children.get(item)?.get(ctx.row.get('id') as string) ?? [];
        record.queried!.add(key);
        record.set(key, new ApexList({ kind: 'prim', name: 'Object' }, rows));
      }
    }
    return record;
  }

  /**
   * The child subqueries' records for every parent row, read in one pass over each child object
   * (not one query per parent): filtered, then ordered and limited per parent.
   */
  private children(
    q: SoqlQuery,
    object: SObjectSchema,
    parents: Ctx[],
    options: QueryOptions
  ): ChildResults {
    const out: ChildResults = new Map();
    for (const item of q.select) {
      if (item.kind !== 'subquery') continue;
      const rel = object.childRelationships.get(item.query.from.toLowerCase())!;
      const child = this.schema.get(rel.childObject)!;
      refuseExternal(child);
      const sub: SoqlQuery = { ...item.query, from: child.name };
      const wanted = new Set(parents.map((p) => p.row.get('id') as string));
      const where = sub.where ? this.condition(sub.where, child, options) : null;
      const parentKey = rel.field.toLowerCase();
      const byParent = new Map<string, Ctx[]>();
      for (const row of this.db.rows(child, sub.allRows)) {
        const parentId = row.get(parentKey) as string | null;
        if (!parentId || !wanted.has(parentId)) continue;
        const ctx = { object: child, row };
        if (where && !where.test(ctx)) continue;
        const list = byParent.get(parentId);
        if (list) list.push(ctx);
        else byParent.set(parentId, [ctx]);
      }
      const records = new Map<string, SObjectValue[]>();
      for (const [parentId, rows] of byParent) {
        const kept = this.window(this.sort(rows, sub), sub, options);
        const grandchildren = this.children(sub, child, kept, options);
        records.set(
          parentId,
          kept.map((r) => this.project(sub, r, grandchildren))
        );
      }
      out.set(item, records);
    }
    return out;
  }

  private projectPath(record: SObjectValue, ctx: Ctx, path: Path): void {
    const parts =
      path[0].toLowerCase() === ctx.object.name.toLowerCase() && path.length > 1
        ? path.slice(1)
        : path;
    if (parts.length === 1) {
      const key = parts[0].toLowerCase();
      record.queried!.add(key);
      record.set(key, ctx.row.get(key) ?? null);
      return;
    }
    const rel = relationshipField(ctx.object, parts[0])!;
    const relKey = rel.relationshipName!.toLowerCase();
    const id = ctx.row.get(rel.name.toLowerCase()) as string | null;
    record.queried!.add(relKey);
    const found = id ? this.db.find(id) : null;
    if (!found) {
      if (!record.values.has(relKey)) record.set(relKey, null);
      return;
    }
    let parent = record.get(relKey) as SObjectValue | null;
    if (!parent) {
      parent = new SObjectValue(found.object, new Map([['id', id]]), new Set(['id']));
      record.set(relKey, parent);
    }
    this.projectPath(parent, { object: found.object, row: found.row }, parts.slice(1));
  }

  // -------------------------------------------------------------------------------- aggregates

  private aggregate(
    q: SoqlQuery,
    object: SObjectSchema,
    rows: Ctx[],
    options: QueryOptions
  ): SObjectValue[] {
    const groups = new Map<string, Ctx[]>();
    for (const r of rows) {
      const key = JSON.stringify(q.groupBy.map((g) => keyOf(this.read(r, g))));
      const members = groups.get(key);
      if (members) members.push(r);
      else groups.set(key, [r]);
    }
    if (q.groupBy.length === 0 && groups.size === 0) groups.set('[]', []);
    const resultSchema = this.schema.get('AggregateResult') ?? aggregateResultSchema();
    let results: { record: SObjectValue; members: Ctx[] }[] = [];
    for (const members of groups.values()) {
      const record = new SObjectValue(resultSchema, new Map(), new Set());
      let expr = 0;
      for (const item of q.select) {
        if (item.kind === 'field') {
          const name = (item.alias ?? item.path[item.path.length - 1]).toLowerCase();
          record.queried!.add(name);
          record.set(name, members.length > 0 ? this.read(members[0], item.path) : null);
        } else if (item.kind === 'aggregate') {
          const name = (item.alias ?? `expr${expr++}`).toLowerCase();
          record.queried!.add(name);
          record.set(name, this.compute(item.aggregate, members));
        }
      }
      results.push({ record, members });
    }
    if (q.having)
      results = results.filter((r) => this.testHaving(q.having!, r.members, options, object));
    if (q.orderBy.length > 0) results = this.sortGroups(results, q);
    const records = results.map((r) => r.record);
    return this.window(records, q, options);
  }

  /** ORDER BY in an aggregate query: by grouped fields or by aggregate functions. */
  private sortGroups<G extends { members: Ctx[] }>(groups: G[], q: SoqlQuery): G[] {
    const value = (g: G, target: Path | Aggregate): unknown =>
      Array.isArray(target)
        ? g.members.length > 0
          ? this.read(g.members[0], target)
          : null
        : this.compute(target, g.members);
    return [...groups].sort((a, b) => {
      for (const o of q.orderBy) {
        const x = value(a, o.target);
        const y = value(b, o.target);
        if (x === null && y === null) continue;
        if (x === null || y === null) return (x === null) === o.nullsFirst ? -1 : 1;
        const c = compareValues(x, y);
        if (c !== 0) return o.descending ? -c : c;
      }
      return 0;
    });
  }

  private testHaving(
    c: Condition,
    members: Ctx[],
    options: QueryOptions,
    object: SObjectSchema
  ): boolean {
    if (c.kind === 'and') return c.items.every((i) => this.testHaving(i, members, options, object));
    if (c.kind === 'or') return c.items.some((i) => this.testHaving(i, members, options, object));
    if (c.kind === 'not') return !this.testHaving(c.item, members, options, object);
    const left = Array.isArray(c.target)
      ? members.length > 0
        ? this.read(members[0], c.target)
        : null
      : this.compute(c.target, members);
    return compare(left, c.op, this.literal(c.value, options, null), null);
  }

  private compute(a: Aggregate, members: Ctx[]): unknown {
    const values = a.path
      ? members.map((m) => this.read(m, a.path!)).filter((v) => v !== null)
      : members;
    switch (a.fn) {
      case 'count':
        return values.length;
      case 'count_distinct':
        return new Set(values.map((v) => JSON.stringify(keyOf(v)))).size;
      case 'sum':
      case 'avg': {
        if (values.length === 0) return null;
        const sum = values.reduce(
          (s: ApexDecimal, v) => s.add(toDecimal(v)),
          ApexDecimal.fromInteger(0)
        );
        return a.fn === 'sum' ? sum : sum.divideOperator(ApexDecimal.fromInteger(values.length));
      }
      case 'min':
      case 'max': {
        if (values.length === 0) return null;
        return values.reduce((best, v) =>
          compareValues(v, best) < 0 === (a.fn === 'min') ? v : best
        );
      }
    }
  }
}

/**
 * External objects are read by Salesforce Connect from their data source: checked when a query
 * runs, not when it compiles, so a class that reads one still loads and its other methods run.
 */
function refuseExternal(object: SObjectSchema): void {
  if (object.kind === 'external')
    throw new UnsupportedError(
      `querying external object ${object.name} offline (Salesforce Connect reads it from its external data source)`
    );
}

/** The stored key of a path that names a field of the object itself, or null for a parent path. */
function directField(object: SObjectSchema, path: Path): string | null {
  if (path.length === 1) return path[0].toLowerCase();
  if (path.length === 2 && path[0].toLowerCase() === object.name.toLowerCase())
    return path[1].toLowerCase();
  return null;
}

/** A WHERE clause ready to test rows; see `QueryEngine.condition`. */
interface Compiled {
  test: (ctx: Ctx) => boolean;
  ids?: Set<string>;
}

type ChildResults = Map<unknown, Map<string, SObjectValue[]>>;

/**
 * The right-hand side of `=` or `IN`, prepared for many membership tests with the same answers
 * as `equalValues`: two ids compare as ids (15 or 18 characters), other text compares
 * case-insensitively, numbers and dates by value.
 */
class ValueSet {
  private readonly idKeys = new Set<string>();
  private readonly textOfNonIds = new Set<string>();
  private readonly allText = new Set<string>();
  private readonly others: unknown[] = [];
  private readonly hasNull: boolean;

  constructor(values: unknown[]) {
    this.hasNull = values.includes(null);
    for (const v of values) {
      if (v === null) continue;
      if (typeof v === 'string') {
        const id = v.length === 15 || v.length === 18 ? toId18(v) : null;
        if (id) this.idKeys.add(id);
        else this.textOfNonIds.add(v.toLowerCase());
        this.allText.add(v.toLowerCase());
      } else this.others.push(v);
    }
  }

  /** `=` matches null with null; `IN` never matches a null field. */
  has(left: unknown, nullMatchesNull: boolean): boolean {
    if (left === null || left === undefined) return nullMatchesNull && this.hasNull;
    if (typeof left === 'string') {
      const lower = left.toLowerCase();
      const id = left.length === 15 || left.length === 18 ? toId18(left) : null;
      if (id) return this.idKeys.has(id) || this.textOfNonIds.has(lower);
      return this.allText.has(lower);
    }
    return this.others.some((r) => equalValues(left, r));
  }

  /** The 18-character ids among the values, or undefined when any value is not an id. */
  ids(): Set<string> | undefined {
    if (this.others.length > 0 || this.textOfNonIds.size > 0) return undefined;
    return this.idKeys;
  }
}

function noSuchColumn(name: string, object: SObjectSchema): SoqlError {
  return new SoqlError(
    `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
    1,
    1
  );
}

let aggregateSchema: SObjectSchema | null = null;
function aggregateResultSchema(): SObjectSchema {
  aggregateSchema ??= {
    name: 'AggregateResult',
    label: 'Aggregate Result',
    pluralLabel: 'Aggregate Results',
    kind: 'standard',
    keyPrefix: '000',
    fields: new Map([['id', field('Id', 'Id', { system: true })]]),
    childRelationships: new Map()
  };
  return aggregateSchema;
}

function keyOf(v: unknown): unknown {
  if (typeof v === 'string') return v.toLowerCase();
  if (v instanceof ApexDecimal) return `n${v.stripTrailingZeros().toPlainString()}`;
  if (isNumber(v)) return `n${String(v)}`;
  if (v instanceof ApexDate || v instanceof ApexDatetime) return v.toString();
  return v;
}

/** Binds: collections become arrays, SObjects and lists of SObjects stand for their ids. */
function normaliseBind(v: unknown): unknown {
  const one = (x: unknown) => (x instanceof SObjectValue ? x.get('id') : x);
  if (v instanceof ApexList) return v.items.map(one);
  if (v instanceof ApexSet) return v.values().map(one);
  return one(v);
}

interface DateRange {
  range: { start: ApexDate; end: ApexDate };
}

function isRange(v: unknown): v is DateRange {
  return typeof v === 'object' && v !== null && 'range' in v;
}

/** SOQL compares strings case-insensitively and treats a date literal as a range of days. */
export function compare(left: unknown, op: string, right: unknown, f: FieldSchema | null): boolean {
  if (op === 'in' || op === 'not in') {
    const list = Array.isArray(right) ? right : [right];
    const found = list.some((r) => left !== null && equalValues(left, r));
    return op === 'in' ? found : !found && left !== null;
  }
  if (op === 'includes' || op === 'excludes') {
    const selected = typeof left === 'string' ? left.split(';').map((s) => s.toLowerCase()) : [];
    const wanted = (Array.isArray(right) ? right : [right]) as string[];
    const any = wanted.some((w) =>
      w.split(';').every((part) => selected.includes(part.toLowerCase()))
    );
    return op === 'includes' ? any : !any;
  }
  if (isRange(right)) return compareRange(left, op, right.range);
  if (op === '=')
    return left === null ? right === null : right !== null && equalValues(left, right);
  if (op === '!=')
    return left === null ? right !== null : right === null || !equalValues(left, right);
  if (left === null || right === null) return false;
  if (op === 'like') return like(String(left), String(right));
  const c = compareValues(coerceForCompare(left, f), coerceForCompare(right, f));
  return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
}

function coerceForCompare(v: unknown, f: FieldSchema | null): unknown {
  void f;
  return v;
}

function equalValues(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    const ia = a.length === 15 || a.length === 18 ? toId18(a) : null;
    const ib = b.length === 15 || b.length === 18 ? toId18(b) : null;
    if (ia && ib) return ia === ib;
    return a.toLowerCase() === b.toLowerCase();
  }
  if (isNumber(a) && isNumber(b)) return compareValues(a, b) === 0;
  if (a instanceof ApexDate && b instanceof ApexDate) return a.compareTo(b) === 0;
  if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.getTime() === b.getTime();
  return a === b;
}

function like(value: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length)
      re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (c === '%') re += '.*';
    else if (c === '_') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'is').test(value);
}

/** A field value against a date literal: Date fields by day, Datetime fields by local day. */
function compareRange(
  left: unknown,
  op: string,
  range: { start: ApexDate; end: ApexDate }
): boolean {
  if (left === null) return op === '!=';
  const day = left instanceof ApexDatetime ? left.date() : (left as ApexDate);
  const before = day.compareTo(range.start) < 0;
  const after = day.compareTo(range.end) > 0;
  switch (op) {
    case '=':
      return !before && !after;
    case '!=':
      return before || after;
    case '<':
      return before;
    case '<=':
      return !after;
    case '>':
      return after;
    case '>=':
      return !before;
  }
  return false;
}

/** The first and last day a SOQL date literal covers, relative to today (user's time zone). */
export function dateLiteralRange(
  name: string,
  n: number | null,
  today: ApexDate
): { start: ApexDate; end: ApexDate } {
  const k = n ?? 0;
  const weekStart = today.toStartOfWeek();
  const monthStart = today.toStartOfMonth();
  const quarterStart = ApexDate.newInstance(
    today.year(),
    Math.floor((today.month() - 1) / 3) * 3 + 1,
    1
  );
  const yearStart = ApexDate.newInstance(today.year(), 1, 1);
  const span = (start: ApexDate, end: ApexDate) => ({ start, end });
  switch (name) {
    case 'YESTERDAY':
      return span(today.addDays(-1), today.addDays(-1));
    case 'TODAY':
      return span(today, today);
    case 'TOMORROW':
      return span(today.addDays(1), today.addDays(1));
    case 'LAST_WEEK':
      return span(weekStart.addDays(-7), weekStart.addDays(-1));
    case 'THIS_WEEK':
      return span(weekStart, weekStart.addDays(6));
    case 'NEXT_WEEK':
      return span(weekStart.addDays(7), weekStart.addDays(13));
    case 'LAST_MONTH':
      return span(monthStart.addMonths(-1), monthStart.addDays(-1));
    case 'THIS_MONTH':
      return span(monthStart, monthStart.addMonths(1).addDays(-1));
    case 'NEXT_MONTH':
      return span(monthStart.addMonths(1), monthStart.addMonths(2).addDays(-1));
    case 'LAST_90_DAYS':
      return span(today.addDays(-90), today);
    case 'NEXT_90_DAYS':
      return span(today.addDays(1), today.addDays(90));
    case 'LAST_N_DAYS':
      return span(today.addDays(-k), today);
    case 'NEXT_N_DAYS':
      return span(today.addDays(1), today.addDays(k));
    case 'N_DAYS_AGO':
      return span(today.addDays(-k), today.addDays(-k));
    case 'LAST_N_WEEKS':
      return span(weekStart.addDays(-7 * k), weekStart.addDays(-1));
    case 'NEXT_N_WEEKS':
      return span(weekStart.addDays(7), weekStart.addDays(7 * (k + 1) - 1));
    case 'N_WEEKS_AGO':
      return span(weekStart.addDays(-7 * k), weekStart.addDays(-7 * k + 6));
    case 'LAST_N_MONTHS':
      return span(monthStart.addMonths(-k), monthStart.addDays(-1));
    case 'NEXT_N_MONTHS':
      return span(monthStart.addMonths(1), monthStart.addMonths(k + 1).addDays(-1));
    case 'N_MONTHS_AGO':
      return span(monthStart.addMonths(-k), monthStart.addMonths(-k + 1).addDays(-1));
    case 'THIS_QUARTER':
      return span(quarterStart, quarterStart.addMonths(3).addDays(-1));
    case 'LAST_QUARTER':
      return span(quarterStart.addMonths(-3), quarterStart.addDays(-1));
    case 'NEXT_QUARTER':
      return span(quarterStart.addMonths(3), quarterStart.addMonths(6).addDays(-1));
    case 'THIS_YEAR':
      return span(yearStart, yearStart.addYears(1).addDays(-1));
    case 'LAST_YEAR':
      return span(yearStart.addYears(-1), yearStart.addDays(-1));
    case 'NEXT_YEAR':
      return span(yearStart.addYears(1), yearStart.addYears(2).addDays(-1));
    case 'LAST_N_YEARS':
      return span(yearStart.addYears(-k), yearStart.addDays(-1));
    case 'NEXT_N_YEARS':
      return span(yearStart.addYears(1), yearStart.addYears(k + 1).addDays(-1));
    case 'N_YEARS_AGO':
      return span(yearStart.addYears(-k), yearStart.addYears(-k + 1).addDays(-1));
  }
  throw new SoqlError(`Unsupported: SOQL date literal ${name}`, 1, 1);
}

/** `2026-01-15T10:00:00Z` or with an offset `+02:00`, as SOQL datetime literals are written. */
function parseSoqlDatetime(text: string): ApexDatetime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(
    text
  );
  if (!m) throw new SoqlError(`invalid datetime literal: ${text}`, 1, 1);
  const ms = Date.UTC(
    +m[1],
    +m[2] - 1,
    +m[3],
    +m[4],
    +m[5],
    +m[6],
    m[7] ? Math.round(Number(m[7]) * 1000) : 0
  );
  if (m[8] === 'Z') return ApexDatetime.newInstance(ms);
  const sign = m[8][0] === '-' ? -1 : 1;
  const [hh, mm] = m[8].slice(1).replace(':', '').match(/\d{2}/g)!.map(Number);
  return ApexDatetime.newInstance(ms - sign * (hh * 60 + mm) * 60000);
}

void userTimeZone;
void wallTimeToInstant;
