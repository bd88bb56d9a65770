/**
 * The Database class (DML with results and all-or-none, dynamic SOQL with binds, query locators,
 * savepoints, the recycle bin), its result types, System.StatusCode, System.AccessLevel, the
 * DmlException getters, and the static methods of custom metadata types and custom settings.
 */
import type { RowResult } from '../database/database.ts';
import { type DmlOperation, runDml } from '../database/dml.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import {
  DML_FAILURES,
  runQuery,
  SObjectValue,
  sobjectStaticsKey
} from '../interpreter/sobjects.ts';
import {
  type ClassInfo,
  NativeClass,
  T,
  type TypeInfo,
  listOf,
  mapOf,
  sobjectType
} from '../interpreter/types.ts';
import { ApexList, ApexMap, type ApexEnumValue, type ApexObject } from '../interpreter/values.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import { parseSoql, SoqlError } from '../soql/parse.ts';
import type { SoqlQuery } from '../soql/ast.ts';
import type { Lib } from './lib.ts';
import { DatabaseError, type FieldToken, fieldToken } from './sobject.ts';
import { TEST_USER } from './system.ts';
import { guardDml } from '../security/guard.ts';

/** System.StatusCode: the codes the runtime's database produces and other common ones. */
const STATUS_CODES = [
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'CANNOT_UPDATE_CONVERTED_LEAD',
  'DELETE_FAILED',
  'DUPLICATE_EXTERNAL_ID',
  'DUPLICATE_VALUE',
  'DUPLICATES_DETECTED',
  'ENTITY_FAILED_IFLASTMODIFIED_ON_UPDATE',
  'ENTITY_IS_DELETED',
  'ENTITY_IS_LOCKED',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_FILTER_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INVALID_ARGUMENT_TYPE',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_ID_FIELD',
  'INVALID_OPERATION',
  'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
  'INVALID_TYPE',
  'LIMIT_EXCEEDED',
  'MALFORMED_ID',
  'MISSING_ARGUMENT',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'REQUIRED_FIELD_MISSING',
  'STORAGE_LIMIT_EXCEEDED',
  'STRING_TOO_LONG',
  'UNABLE_TO_LOCK_ROW',
  'UNDELETE_FAILED',
  'UNKNOWN_EXCEPTION'
];

type ResultKind = 'SaveResult' | 'UpsertResult' | 'DeleteResult' | 'UndeleteResult';

/** Database.SaveResult, UpsertResult, DeleteResult, UndeleteResult and EmptyRecycleBinResult. */
export class DmlResult {
  constructor(
    readonly kind: ResultKind | 'EmptyRecycleBinResult',
    readonly id: string | null,
    readonly success: boolean,
    readonly created: boolean,
    readonly errors: DatabaseError[]
  ) {}
  get apexTypeName(): string {
    return `Database.${this.kind}`;
  }
  apexToString(): string {
    const created = this.kind === 'UpsertResult' ? `isCreated=${String(this.created)};` : '';
    const errors = this.errors.map((e) => e.apexToString()).join(', ');
    return `Database.${this.kind}[getErrors=(${errors});getId=${this.id ?? 'null'};${created}isSuccess=${String(this.success)};]`;
  }
}

/** A savepoint: a position in the database's change journal. */
class Savepoint {
  readonly apexTypeName = 'System.Savepoint';
  constructor(
    readonly mark: number,
    /** The event bus position: after-commit events published later are dropped on rollback. */
    readonly eventMark: number
  ) {}
}

class AccessLevel {
  readonly apexTypeName = 'System.AccessLevel';
  constructor(readonly name: string) {}
  apexToString(): string {
    return this.name;
  }
}

/**
 * Database.QueryLocator: a query whose binds were resolved when it was made. A Batchable's
 * `start` returns one; `records()` runs it when the batch reads its rows.
 */
export class QueryLocator {
  readonly apexTypeName = 'Database.QueryLocator';
  constructor(
    readonly query: string | null,
    readonly records: () => SObjectValue[]
  ) {}
}

class QueryLocatorIterator {
  readonly apexTypeName = 'Database.QueryLocatorIterator';
  private next = 0;
  constructor(private readonly rows: SObjectValue[]) {}
  hasNext(): boolean {
    return this.next < this.rows.length;
  }
  take(): SObjectValue | null {
    return this.next < this.rows.length ? this.rows[this.next++] : null;
  }
}

const VERB: Record<DmlOperation, string> = {
  insert: 'Insert',
  update: 'Update',
  upsert: 'Upsert',
  delete: 'Delete',
  undelete: 'Undelete'
};

export function installDatabase(lib: Lib): void {
  const p = lib.platform;
  const statusCode = p.defineEnum('StatusCode', STATUS_CODES);
  p.addNative(new NativeClass('Database'));
  const ns = (name: string, is: (v: unknown) => boolean, namespace = 'Database') =>
    p.addNative(new NativeClass(name, is), namespace);
  const errorClass = ns('Error', (v) => v instanceof DatabaseError);
  const results = new Map<ResultKind, NativeClass>();
  for (const kind of ['SaveResult', 'UpsertResult', 'DeleteResult', 'UndeleteResult'] as const)
    results.set(
      kind,
      ns(kind, (v) => v instanceof DmlResult && v.kind === kind)
    );
  const emptyBinClass = ns(
    'EmptyRecycleBinResult',
    (v) => v instanceof DmlResult && v.kind === 'EmptyRecycleBinResult'
  );
  const savepointClass = ns('Savepoint', (v) => v instanceof Savepoint, 'System');
  const accessClass = ns('AccessLevel', (v) => v instanceof AccessLevel, 'System');
  const locatorClass = ns('QueryLocator', (v) => v instanceof QueryLocator);
  const iteratorClass = ns('QueryLocatorIterator', (v) => v instanceof QueryLocatorIterator);
  const modes = {
    USER_MODE: new AccessLevel('USER_MODE'),
    SYSTEM_MODE: new AccessLevel('SYSTEM_MODE')
  };
  for (const [name, value] of Object.entries(modes))
    accessClass.staticProps.set(name.toLowerCase(), { type: accessClass.type, get: () => value });

  const codeOf = (code: string): ApexEnumValue => {
    const value = (statusCode.enumValues as ApexEnumValue[]).find((v) => v.name === code);
    if (!value) throw new UnsupportedError(`System.StatusCode ${code}`);
    return value;
  };
  const e = (self: unknown) => self as DatabaseError;
  errorClass.addMethod('getMessage', [], T.String, (self) => e(self).message);
  errorClass.addMethod('getStatusCode', [], statusCode.type, (self) => codeOf(e(self).statusCode));
  errorClass.addMethod('getFields', [], listOf(T.String), (self) =>
    lib.list(T.String, [...e(self).fields])
  );
  const errorList = listOf(errorClass.type);
  for (const cls of [...results.values(), emptyBinClass]) {
    const r = (self: unknown) => self as DmlResult;
    cls.addMethod('getId', [], T.Id, (self) => r(self).id);
    cls.addMethod('isSuccess', [], T.Boolean, (self) => r(self).success);
    cls.addMethod('getErrors', [], errorList, (self) =>
      lib.list(errorClass.type, [...r(self).errors])
    );
  }
  results
    .get('UpsertResult')!
    .addMethod('isCreated', [], T.Boolean, (self) => (self as DmlResult).created);

  installDml(lib, results, emptyBinClass, accessClass);
  installQueries(lib, accessClass, locatorClass, iteratorClass);
  installSavepoints(lib, savepointClass);
  installDmlException(lib, statusCode);
  installCustomMetadata(lib);
  installCustomSettings(lib);
  installSetCreatedDate(lib);
}

// ------------------------------------------------------------------------------------------ DML

function installDml(
  lib: Lib,
  results: Map<ResultKind, NativeClass>,
  emptyBinClass: NativeClass,
  accessClass: NativeClass
): void {
  const db = lib.native('Database');
  const one = sobjectType(null);
  const many = listOf(one);
  const access = accessClass.type;
  const kinds: [DmlOperation, ResultKind][] = [
    ['insert', 'SaveResult'],
    ['update', 'SaveResult'],
    ['upsert', 'UpsertResult'],
    ['delete', 'DeleteResult'],
    ['undelete', 'UndeleteResult']
  ];
  for (const [op, kind] of kinds) {
    const resultType = results.get(kind)!.type;
    const run = (
      value: unknown,
      allOrNone: unknown,
      externalId: FieldToken | null,
      level: unknown = null
    ) => databaseDml(lib, op, kind, value, allOrNone !== false, externalId, isUserMode(level));
    const inputs: [TypeInfo, TypeInfo][] = [
      [one, resultType],
      [many, listOf(resultType)]
    ];
    if (op === 'delete' || op === 'undelete')
      inputs.push([T.Id, resultType], [listOf(T.Id), listOf(resultType)]);
    for (const [input, output] of inputs) {
      // allOrNone and accessLevel are optional; USER_MODE checks the running user's access.
      db.addStatic(op, [input], output, (_s, [v]) => run(v, true, null));
      db.addStatic(op, [input, T.Boolean], output, (_s, [v, a]) => run(v, a, null));
      db.addStatic(op, [input, access], output, (_s, [v, l]) => run(v, true, null, l));
      db.addStatic(op, [input, T.Boolean, access], output, (_s, [v, a, l]) => run(v, a, null, l));
      if (op !== 'upsert') continue;
      const field = lib.native('Schema.SObjectField').type;
      db.addStatic(op, [input, field], output, (_s, [v, f]) => run(v, true, f as FieldToken));
      db.addStatic(op, [input, field, T.Boolean], output, (_s, [v, f, a]) =>
        run(v, a, f as FieldToken)
      );
      db.addStatic(op, [input, field, T.Boolean, access], output, (_s, [v, f, a, l]) =>
        run(v, a, f as FieldToken, l)
      );
    }
  }
  const binResult = (id: string) => {
    const purged = lib.rt.data.db.purge(id);
    if (!purged)
      throw new UnsupportedError('Database.emptyRecycleBin of a record not in the recycle bin');
    return new DmlResult('EmptyRecycleBinResult', id, true, false, []);
  };
  const ids = (v: unknown): string[] =>
    (v instanceof ApexList ? v.items : [v]).map((x) =>
      x instanceof SObjectValue ? (x.get('id') as string) : (x as string)
    );
  for (const input of [T.Id, one]) {
    db.addStatic('emptyRecycleBin', [input], emptyBinClass.type, (_s, [v]) =>
      binResult(ids(lib.need(v, 'recordId'))[0])
    );
  }
  for (const input of [listOf(T.Id), many]) {
    db.addStatic('emptyRecycleBin', [input], listOf(emptyBinClass.type), (_s, [v]) =>
      lib.list(emptyBinClass.type, ids(lib.need(v, 'recordIds')).map(binResult))
    );
  }
}

/** One `Database.<op>(...)` call: like the DML statement, but returns a result per record. */
function databaseDml(
  lib: Lib,
  op: DmlOperation,
  kind: ResultKind,
  value: unknown,
  allOrNone: boolean,
  externalId: FieldToken | null,
  userMode: boolean
): DmlResult | ApexList {
  const rt = lib.rt;
  const verb = VERB[op];
  if (value === null)
    rt.throwApex(
      'DmlException',
      `${verb} failed. First exception on row 0; first error: INVALID_ARGUMENT, cannot ${op} a null record: []`
    );
  const single = !(value instanceof ApexList);
  const items = single ? [value] : (value as ApexList).items;
  const nullAt = items.indexOf(null);
  // A null element fails the whole call, even without all-or-none.
  if (nullAt >= 0)
    rt.throwApex(
      'DmlException',
      `${verb} failed. First exception on row ${nullAt}; first error: INVALID_ARGUMENT, cannot ${op} a null record: []`
    );
  const records = items.map((x) =>
    typeof x === 'string' ? recordOfId(lib, x) : (x as SObjectValue)
  );
  const data = rt.data;
  data.limits.charge('dmlStatements');
  data.limits.charge('dmlRows', records.length);
  const key = externalId?.field ?? null;
  const guard = userMode ? guardDml(rt, op, records, allOrNone, key) : null;
  const outcome =
    guard?.outcome ?? runDml(data.db, op, records, allOrNone, key, data.hooks, guard?.rejected);
  if (outcome.failure) throwDmlFailure(rt, outcome.failure, outcome.results);
  const out = outcome.results.map((r) => toResult(kind, r));
  if (single) return out[0];
  return new ApexList(lib.native(`Database.${kind}`).type, out);
}

function toResult(kind: ResultKind, r: RowResult): DmlResult {
  return new DmlResult(
    kind,
    r.success || kind !== 'SaveResult' ? r.id : null,
    r.success,
    r.created === true,
    r.errors.map((e) => new DatabaseError(e.statusCode, e.message, e.fields))
  );
}

/** `Database.delete(id)`: a record of the object the id's key prefix names. */
function recordOfId(lib: Lib, id: string): SObjectValue {
  const object = lib.rt.data.schema.byKeyPrefix(id.slice(0, 3));
  if (!object) throw new UnsupportedError(`DML by an id of unknown key prefix ${id.slice(0, 3)}`);
  return new SObjectValue(object, new Map([['id', id]]));
}

function throwDmlFailure(
  rt: Runtime,
  failure: {
    message: string;
    rows: { index: number; error: { statusCode: string; message: string; fields: string[] } }[];
  },
  results: RowResult[]
): never {
  const ex = rt.newException('DmlException', failure.message);
  DML_FAILURES.set(ex, {
    rows: failure.rows.map(({ index, error }) => ({ index, id: results[index].id, ...error }))
  });
  return rt.throwDirect(ex);
}

// -------------------------------------------------------------------------------------- queries

function installQueries(
  lib: Lib,
  accessClass: NativeClass,
  locatorClass: NativeClass,
  iteratorClass: NativeClass
): void {
  const db = lib.native('Database');
  const rows = { kind: 'list', elem: sobjectType(null), soql: true } as TypeInfo;
  const access = accessClass.type;
  const binds = mapOf(T.String, T.Object);
  type Ctx = { resolveVariable?: (name: string) => unknown };
  const fromScope = (ctx: Ctx) => (name: string) => {
    const value = ctx.resolveVariable?.(name);
    if (value === undefined) lib.throwApex('QueryException', `Variable does not exist: ${name}`);
    return value;
  };
  const fromMap = (map: unknown) => (name: string) => {
    const m = lib.need(map as ApexMap | null, 'bindMap');
    if (m.has(name)) return m.get(name);
    const key = m.keys().find((k) => String(k).toLowerCase() === name.toLowerCase());
    if (key === undefined) lib.throwApex('QueryException', `Variable does not exist: ${name}`);
    return m.get(key);
  };
  type Resolve = (name: string) => unknown;
  const query = (text: unknown, resolve: Resolve, level: unknown = null) =>
    dynamicQuery(lib, text, resolve, false, isUserMode(level));
  const count = (text: unknown, resolve: Resolve, level: unknown = null) =>
    dynamicQuery(lib, text, resolve, true, isUserMode(level));
  const scoped = (name: string, params: TypeInfo[], returns: TypeInfo, run: typeof query) => {
    db.addStatic(name, params, returns, (_s, [text, level], ctx) =>
      run(text, fromScope(ctx), level)
    );
    db.statics.get(name.toLowerCase())!.at(-1)!.needsCallerScope = true;
  };
  scoped('query', [T.String], rows, query);
  scoped('query', [T.String, access], rows, query);
  scoped('countQuery', [T.String], T.Integer, count);
  scoped('countQuery', [T.String, access], T.Integer, count);
  db.addStatic('queryWithBinds', [T.String, binds, access], rows, (_s, [text, map, level]) =>
    query(text, fromMap(map), level)
  );
  db.addStatic(
    'countQueryWithBinds',
    [T.String, binds, access],
    T.Integer,
    (_s, [text, map, level]) => count(text, fromMap(map), level)
  );
  const locator = (text: unknown, resolve: Resolve, level: unknown = null) => {
    const source = lib.need(text as string | null, 'query');
    const soql = parseDynamic(lib, source);
    // Binds are read when the locator is made, as the platform evaluates them in `start`.
    const values = new Map<string, unknown>();
    collectBinds(soql, (name) => values.set(name, resolve(name)));
    return new QueryLocator(
      source,
      () =>
        (
          dynamicQuery(
            lib,
            source,
            (name) => values.get(name),
            false,
            isUserMode(level)
          ) as ApexList
        ).items as SObjectValue[]
    );
  };
  db.addStatic('getQueryLocator', [T.String], locatorClass.type, (_s, [text], ctx) =>
    locator(text, fromScope(ctx))
  );
  db.statics.get('getquerylocator')!.at(-1)!.needsCallerScope = true;
  db.addStatic('getQueryLocator', [T.String, access], locatorClass.type, (_s, [text, level], ctx) =>
    locator(text, fromScope(ctx), level)
  );
  db.statics.get('getquerylocator')!.at(-1)!.needsCallerScope = true;
  db.addStatic(
    'getQueryLocatorWithBinds',
    [T.String, binds, access],
    locatorClass.type,
    (_s, [text, map, level]) => locator(text, fromMap(map), level)
  );
  db.addStatic('getQueryLocator', [listOf(sobjectType(null))], locatorClass.type, (_s, [list]) => {
    const items = (lib.need(list as ApexList | null, 'query').items as SObjectValue[]).slice();
    return new QueryLocator(null, () => items);
  });
  const l = (self: unknown) => self as QueryLocator;
  locatorClass.addMethod('getQuery', [], T.String, (self) => {
    if (l(self).query === null)
      throw new UnsupportedError('QueryLocator.getQuery() of a locator built from a query list');
    return l(self).query;
  });
  locatorClass.addMethod(
    'iterator',
    [],
    iteratorClass.type,
    (self) => new QueryLocatorIterator(l(self).records())
  );
  const it = (self: unknown) => self as QueryLocatorIterator;
  iteratorClass.addMethod('hasNext', [], T.Boolean, (self) => it(self).hasNext());
  iteratorClass.addMethod('next', [], sobjectType(null), (self) => {
    const row = it(self).take();
    if (row === null) lib.throwApex('NoSuchElementException', 'Iterator has no more elements.');
    return row;
  });
}

function parseDynamic(lib: Lib, text: string): SoqlQuery {
  try {
    const query = parseSoql(text);
    lib.rt.data.queries.validate(query);
    return query;
  } catch (error) {
    if (error instanceof SoqlError) lib.throwApex('QueryException', error.message);
    throw error;
  }
}

/** The simple names a query binds (`:name`), in its filters, LIMIT and OFFSET. */
function collectBinds(q: SoqlQuery, visit: (name: string) => void): void {
  const value = (v: SoqlQuery['limit']) => {
    if (!v) return;
    if (v.kind === 'bind') visit(v.text);
    else if (v.kind === 'list') v.values.forEach(value);
    else if (v.kind === 'subquery') collectBinds(v.query, visit);
  };
  const condition = (c: SoqlQuery['where']) => {
    if (!c) return;
    if (c.kind === 'and' || c.kind === 'or') c.items.forEach(condition);
    else if (c.kind === 'not') condition(c.item);
    else value(c.value);
  };
  condition(q.where);
  condition(q.having);
  value(q.limit);
  value(q.offset);
  for (const item of q.select) if (item.kind === 'subquery') collectBinds(item.query, visit);
}

/** `Database.query(...)` and `countQuery(...)`: parse, check and run the text at run time. */
function dynamicQuery(
  lib: Lib,
  text: unknown,
  resolve: (name: string) => unknown,
  countOnly: boolean,
  userMode: boolean
): ApexList | number {
  const source = lib.need(text as string | null, 'query');
  const query = parseDynamic(lib, source);
  if (countOnly !== query.countOnly) {
    if (countOnly) lib.throwApex('QueryException', 'countQuery requires a SELECT COUNT() query');
    throw new UnsupportedError('Database.query of SELECT COUNT() (use Database.countQuery)');
  }
  const object = lib.rt.data.schema.get(query.from)!;
  const aggregate = query.select.some((s) => s.kind === 'aggregate') || query.groupBy.length > 0;
  const elem = sobjectType(
    aggregate ? (lib.rt.data.schema.get('AggregateResult') ?? null) : object
  );
  // Every bind is resolved before the query runs, as the platform does; dynamic SOQL binds
  // simple variables only, so `:acc.Id` does not resolve.
  const values = new Map<string, unknown>();
  collectBinds(query, (bind) => {
    if (!/^[A-Za-z_]\w*$/.test(bind))
      lib.throwApex('QueryException', `Variable does not exist: ${bind}`);
    values.set(bind, resolve(bind));
  });
  return runQuery(
    lib.rt,
    query,
    elem,
    (bind) => values.get(bind),
    userMode || query.accessMode === 'user'
  );
}

/** Whether an AccessLevel argument is USER_MODE (no argument, or null, is system mode). */
function isUserMode(level: unknown): boolean {
  return level instanceof AccessLevel && level.name === 'USER_MODE';
}

// ----------------------------------------------------------------------------------- savepoints

function installSavepoints(lib: Lib, savepointClass: NativeClass): void {
  const db = lib.native('Database');
  // Savepoints still valid, oldest first; rolling back to one invalidates the ones after it.
  let active: Savepoint[] = [];
  db.addStatic('setSavepoint', [], savepointClass.type, () => {
    lib.rt.data.limits.charge('dmlStatements');
    const sp = new Savepoint(lib.rt.data.db.mark(), lib.rt.data.events.mark());
    active = [...active.filter((s) => s.mark <= sp.mark), sp];
    return sp;
  });
  db.addStatic('rollback', [savepointClass.type], T.Void, (_s, [sp]) => {
    const savepoint = lib.need(sp as Savepoint | null, 'savepoint');
    const at = active.indexOf(savepoint);
    // Observed on orgs: a savepoint invalidated by rolling back past it cannot be used.
    if (at < 0) lib.throwApex('TypeException', 'Savepoint does not exist in this context');
    lib.rt.data.limits.charge('dmlStatements');
    lib.rt.data.db.rollbackTo(savepoint.mark);
    lib.rt.data.events.rolledBackTo(savepoint.eventMark);
    active = active.slice(0, at + 1);
    return null;
  });
  db.addStatic('releaseSavepoint', [savepointClass.type], T.Void, () => {
    throw new UnsupportedError('Database.releaseSavepoint(Savepoint)');
  });
}

// ------------------------------------------------------------------------------ DmlException

function installDmlException(lib: Lib, statusCode: ClassInfo): void {
  const cls = lib.platform.exceptionClass('DmlException');
  const rowsOf = (self: ApexObject) => DML_FAILURES.get(self)?.rows ?? [];
  const row = (self: ApexObject, i: unknown) => {
    const rows = rowsOf(self);
    const index = lib.need(i as number | null, 'index');
    if (index < 0 || index >= rows.length)
      lib.throwApex('ListException', `List index out of bounds: ${index}`);
    return rows[index];
  };
  const fieldType = lib.native('Schema.SObjectField').type;
  const method = (
    name: string,
    params: TypeInfo[],
    returnType: TypeInfo,
    invoke: (self: ApexObject, args: unknown[]) => unknown
  ) => lib.platform.addExceptionMethod(cls, name, params, returnType, invoke);
  method('getNumDml', [], T.Integer, (self) => rowsOf(self).length);
  method('getDmlMessage', [T.Integer], T.String, (self, [i]) => row(self, i).message);
  method('getDmlStatusCode', [T.Integer], T.String, (self, [i]) => row(self, i).statusCode);
  method('getDmlType', [T.Integer], statusCode.type, (self, [i]) => {
    const code = row(self, i).statusCode;
    const value = (statusCode.enumValues as ApexEnumValue[]).find((v) => v.name === code);
    if (!value) throw new UnsupportedError(`System.StatusCode ${code}`);
    return value;
  });
  method('getDmlId', [T.Integer], T.Id, (self, [i]) => row(self, i).id);
  method('getDmlIndex', [T.Integer], T.Integer, (self, [i]) => row(self, i).index);
  method('getDmlFieldNames', [T.Integer], listOf(T.String), (self, [i]) =>
    lib.list(T.String, [...row(self, i).fields])
  );
  method('getDmlFields', [T.Integer], listOf(fieldType), (self, [i]) => {
    const r = row(self, i);
    const object = r.id ? lib.rt.data.schema.byKeyPrefix(r.id.slice(0, 3)) : undefined;
    if (!object)
      throw new UnsupportedError('DmlException.getDmlFields(Integer) for a row without an id');
    return lib.list(
      fieldType,
      r.fields.flatMap((n) => {
        const f = object.fields.get(n.toLowerCase());
        return f ? [fieldToken(object, f)] : [];
      })
    );
  });
}

// ------------------------------------------------------------------------ custom metadata types

/** Every live record of an object as a fully readable record. */
function records(lib: Lib, object: SObjectSchema): SObjectValue[] {
  return lib.rt.data.db.rows(object).map((row) => new SObjectValue(object, new Map(row)));
}

function staticsFor(lib: Lib, kind: string, settingType?: 'List' | 'Hierarchy'): NativeClass {
  const cls = new NativeClass(`${kind} statics`);
  const key = sobjectStaticsKey({ kind, settingType } as SObjectSchema);
  lib.platform.natives.set(key, cls);
  return cls;
}

const objectOf = (receiver: TypeInfo | null): SObjectSchema =>
  (receiver as { schema: SObjectSchema }).schema;
const mapOfSelf = (r: TypeInfo) => mapOf(T.String, r);

function installCustomMetadata(lib: Lib): void {
  const cls = staticsFor(lib, 'customMetadata');
  const byName = (object: SObjectSchema) => {
    const map = lib.map(T.String, sobjectType(object));
    for (const r of records(lib, object)) map.put(r.get('developername'), r);
    return map;
  };
  cls.addStatic('getAll', [], mapOfSelf, (_s, _a, ctx) => byName(objectOf(ctx.receiverType)));
  cls.addStatic('getInstance', [T.String], 'Self', (_s, [name], ctx) =>
    byName(objectOf(ctx.receiverType)).get(name)
  );
  cls.addStatic(
    'getInstance',
    [T.Id],
    'Self',
    (_s, [id], ctx) =>
      records(lib, objectOf(ctx.receiverType)).find((r) => r.get('id') === id) ?? null
  );
}

// ------------------------------------------------------------------------- Test.setCreatedDate

/**
 * Test.setCreatedDate(recordId, createdDatetime): sets CreatedDate of a record the test created
 * (Apex Reference, Test Class); only CreatedDate changes, and neither argument can be null.
 */
function installSetCreatedDate(lib: Lib): void {
  lib
    .native('Test')
    .addStatic('setCreatedDate', [T.Id, T.Datetime], T.Void, (_s, [recordId, createdDate]) => {
      if (!lib.rt.testMode) throw new UnsupportedError('Test.setCreatedDate outside an Apex test');
      const id = lib.need(recordId as string | null, 'recordId');
      const when = lib.need(createdDate, 'createdDatetime');
      const found = lib.rt.data.db.find(id);
      if (!found || !found.object.fields.has('createddate'))
        throw new UnsupportedError(
          `Test.setCreatedDate(${id}, ...) on a record this test did not create`
        );
      lib.rt.data.db.patch(found.object, id, new Map([['createddate', when]]));
      return null;
    });
}

// ------------------------------------------------------------------------------ custom settings

function installCustomSettings(lib: Lib): void {
  const list = staticsFor(lib, 'customSetting', 'List');
  const byName = (object: SObjectSchema) => {
    const map = lib.map(T.String, sobjectType(object));
    for (const r of records(lib, object)) map.put(r.get('name'), r);
    return map;
  };
  list.addStatic('getAll', [], mapOfSelf, (_s, _a, ctx) => byName(objectOf(ctx.receiverType)));
  for (const name of ['getInstance', 'getValues']) {
    list.addStatic(name, [T.String], 'Self', (_s, [n], ctx) =>
      byName(objectOf(ctx.receiverType)).get(n)
    );
  }

  const hierarchy = staticsFor(lib, 'customSetting', 'Hierarchy');
  const ownedBy = (object: SObjectSchema, owner: string | null) =>
    owner === null
      ? null
      : (records(lib, object).find((r) => r.get('setupownerid') === owner) ?? null);
  /** The levels above a user or profile: its profile (for a user) and the organization. */
  const chain = (id: string): (string | null)[] => {
    if (id.startsWith('00e')) return [id, TEST_USER.orgId];
    const user = id === TEST_USER.id ? TEST_USER.profileId : profileOf(lib, id);
    return [id, user, TEST_USER.orgId];
  };
  /** The owner's record with empty fields filled from higher levels, or a new merged record. */
  const merged = (object: SObjectSchema, owner: string): SObjectValue => {
    const levels = chain(owner).map((o) => ownedBy(object, o));
    const result = levels[0] ?? new SObjectValue(object);
    for (const level of levels.slice(1)) {
      if (!level) continue;
      for (const f of object.fields.values()) {
        const key = f.name.toLowerCase();
        if (!/__c$/.test(key)) continue;
        if (result.get(key) === null && level.get(key) !== null) result.set(key, level.get(key));
      }
    }
    return result;
  };
  hierarchy.addStatic('getInstance', [], 'Self', (_s, _a, ctx) =>
    merged(objectOf(ctx.receiverType), TEST_USER.id)
  );
  hierarchy.addStatic('getInstance', [T.Id], 'Self', (_s, [id], ctx) =>
    merged(objectOf(ctx.receiverType), lib.need(id as string | null, 'userOrProfileId'))
  );
  hierarchy.addStatic('getValues', [T.Id], 'Self', (_s, [id], ctx) =>
    ownedBy(objectOf(ctx.receiverType), lib.need(id as string | null, 'userOrProfileId'))
  );
  hierarchy.addStatic('getOrgDefaults', [], 'Self', (_s, _a, ctx) => {
    const object = objectOf(ctx.receiverType);
    return ownedBy(object, TEST_USER.orgId) ?? new SObjectValue(object);
  });
}

/** The profile of a user stored in the database (users other than the running one). */
function profileOf(lib: Lib, userId: string): string | null {
  const found = lib.rt.data.db.find(userId);
  return found ? ((found.row.get('profileid') as string | null) ?? null) : null;
}
