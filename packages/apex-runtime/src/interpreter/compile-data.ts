/**
 * Compiles what touches records and the database: inline SOQL (checked against the schema) and
 * SOSL, DML statements, `System.runAs`, SObject construction with field initialisers, and reads
 * and writes of SObject fields, parents and child lists.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import type { FieldSchema, SObjectSchema } from '../schema/schema.ts';
import { parseSoql, SoqlError } from '../soql/parse.ts';
import type { SoqlQuery } from '../soql/ast.ts';
import { dmlStatement, readMember, runQuery, sobjectMember, SObjectValue } from './sobjects.ts';
import { UnsupportedError } from './errors.ts';
import type { Frame } from './runtime.ts';
import { listOf, sobjectType, T, type TypeInfo, typeName } from './types.ts';
import {
  type Ev,
  type Ex,
  fail,
  invokeValue,
  NORMAL,
  type Scope,
  track,
  type Value
} from './compile-context.ts';

/**
 * `System.runAs(user) { ... }` (Apex Developer Guide, Using the runAs Method): the block runs
 * as `user` (UserInfo, and the CreatedById/OwnerId/LastModifiedById its DML stamps), and the
 * previous user is back however the block ends, so nested blocks stack. Every call counts
 * against the DML statements limit, as the guide says. User-mode operations in the block
 * (`WITH USER_MODE`, `insert as user`, AccessLevel.USER_MODE) then check this user's object
 * and field permissions (src/security); system-mode code is unaffected, and record sharing is
 * not modelled (see the runtime README).
 */
export function runAs(cx: Compiler, s: A.RunAsStmt, scope: Scope): Ex {
  const args = s.args.map((a) => cx.valueOf(a, scope));
  // Through the Compiler: compile-statements imports this module, not the other way round.
  const body = cx.block(s.body, scope);
  const t = args.length === 1 ? args[0].t : null;
  if (t?.kind !== 'sobject' || t.schema?.name.toLowerCase() !== 'user') {
    // runAs(System.Version) switches the managed-package version: there are no packages here.
    const signature = args.map((a) => typeName(a.t)).join(', ');
    return track(s.loc, scope.m, () => {
      throw new UnsupportedError(`System.runAs(${signature}): only runAs(User) is supported`);
    });
  }
  const user = args[0].ev;
  const rt = cx.rt;
  return track(s.loc, scope.m, (f) => {
    const u = user(f) as SObjectValue | null;
    // The guide documents neither a null user nor one never inserted: refuse both loudly.
    if (u === null) throw new UnsupportedError('System.runAs(User) with a null User');
    const id = u.get('id');
    if (typeof id !== 'string' || rt.data.db.find(id) === null)
      throw new UnsupportedError('System.runAs(User) with a User that is not inserted');
    rt.data.limits.charge('dmlStatements');
    return rt.data.db.asUser(id, () => body(f));
  });
}

/** `insert records;`, `upsert records Account.Code__c;` and the other DML statements. */
export function dml(cx: Compiler, s: A.DmlStmt, scope: Scope): Ex {
  if (s.op === 'merge') {
    for (const v of s.values) cx.valueOf(v, scope);
    return track(s.loc, scope.m, () => {
      throw new UnsupportedError('merge DML');
    });
  }
  const value = cx.valueOf(s.values[0], scope);
  const t = value.t;
  const object =
    t.kind === 'sobject'
      ? t.schema
      : t.kind === 'list' && t.elem.kind === 'sobject'
        ? t.elem.schema
        : undefined;
  if (object === undefined) {
    return fail(`DML requires SObject or SObject list type: ${typeName(t)}`, s.values[0].loc);
  }
  if (object?.kind === 'customMetadata' || object?.queryOnly) {
    const verb = `${s.op[0].toUpperCase()}${s.op.slice(1)}`;
    return fail(`DML operation ${verb} not allowed on ${object.name}`, s.loc);
  }
  if (object?.kind === 'external') {
    const verb = `${s.op[0].toUpperCase()}${s.op.slice(1)}`;
    return fail(
      `DML operation ${verb} not allowed on ${object.name}: an external object's rows live in ` +
        `its external data source (${object.externalDataSource ?? 'unknown'}); write to that system instead`,
      s.loc
    );
  }
  let externalId: FieldSchema | null = null;
  if (s.externalId) {
    const names = s.externalId;
    const fieldName = names[names.length - 1];
    const owner = names.length > 1 ? cx.rt.data.schema.get(names[names.length - 2]) : object;
    externalId = owner?.fields.get(fieldName.toLowerCase()) ?? null;
    if (!externalId)
      return fail(
        `Invalid field for upsert, must be an External Id custom or standard indexed field: ${names.join('.')}`,
        s.loc
      );
  }
  const op = s.op;
  const rt = cx.rt;
  const userMode = s.accessLevel === 'user';
  return track(s.loc, scope.m, (f) => {
    dmlStatement(rt, op, value.ev(f), externalId, userMode);
    return NORMAL;
  });
}

/** `[FIND ... ]`: checked for its binds, but SOSL search is not supported at run time. */
export function sosl(cx: Compiler, e: A.QueryExpr, scope: Scope): Value {
  for (const b of e.binds) cx.valueOf(b.expr, scope);
  return {
    what: 'value',
    t: listOf(listOf(sobjectType(null))),
    ev: () => {
      throw new UnsupportedError('SOSL queries');
    }
  };
}

/**
 * An inline SOQL query: checked against the schema at compile time, its binds compiled as Apex
 * expressions. The result is a list of the queried object (a number for `SELECT COUNT()`).
 */
export function soql(cx: Compiler, e: A.QueryExpr, scope: Scope): Value {
  const data = cx.rt.data;
  let query: SoqlQuery;
  let object: SObjectSchema;
  try {
    query = parseSoql(e.text);
    object = data.queries.validate(query);
  } catch (error) {
    if (error instanceof SoqlError) {
      const line = e.loc.line + error.line - 1;
      return fail(error.message, {
        line,
        column: error.line === 1 ? e.loc.column + error.column : error.column
      });
    }
    throw error;
  }
  const binds = new Map<string, Ev>();
  for (const b of e.binds) binds.set(b.text, cx.valueOf(b.expr, scope).ev);
  const aggregate =
    query.select.some((item) => item.kind === 'aggregate') || query.groupBy.length > 0;
  const elem = sobjectType(aggregate ? (data.schema.get('AggregateResult') ?? null) : object);
  const t: TypeInfo = query.countOnly
    ? T.Integer
    : ({ kind: 'list', elem, soql: true } as TypeInfo);
  const rt = cx.rt;
  return invokeValue(t, (f) =>
    runQuery(rt, query, elem, (text) => {
      const ev = binds.get(text);
      if (!ev) throw new UnsupportedError(`SOQL bind ${text}`);
      return ev(f);
    })
  );
}

/** `new Account()`, `new Account(Name = 'Acme', Industry = 'Energy')`. */
export function newSObject(
  cx: Compiler,
  object: SObjectSchema | null,
  e: A.NewExpr,
  args: Value[],
  scope: Scope
): Value {
  if (!object) return fail('Type cannot be constructed: SObject', e.loc);
  if (args.length > 0)
    return fail(
      `Constructor not defined: [${object.name}].<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
      e.loc
    );
  const inits = (e.fieldInits ?? []).map((init) => {
    const member = sobjectMember(cx.rt.data.schema, object, init.name);
    if (!member || member.kind === 'children')
      return fail(`Invalid field ${init.name} for ${object.name}`, init.loc);
    if (member.kind === 'field' && !writeable(member.field) && member.key !== 'id') {
      return fail(`Field is not writeable: ${object.name}.${member.field.name}`, init.loc);
    }
    const value = cx.valueOf(init.value, scope);
    const conv = cx.convert(value.t, member.type, init.value.loc);
    return { key: member.key, ev: value.ev, conv };
  });
  return invokeValue(sobjectType(object), (f) => {
    const record = new SObjectValue(object);
    for (const init of inits) record.set(init.key, init.conv(init.ev(f)));
    return record;
  });
}

/** `record.Field__c`, `record.Account` (a parent) or `record.Contacts` (a child list). */
export function sobjectField(
  cx: Compiler,
  object: SObjectSchema | null,
  target: Value,
  e: A.FieldExpr
): Value {
  const data = cx.rt.data;
  const member = object
    ? sobjectMember(data.schema, object, e.name)
    : e.name.toLowerCase() === 'id'
      ? ({ kind: 'field', key: 'id', type: T.Id } as const)
      : undefined;
  if (!member) return fail(`Variable does not exist: ${e.name}`, e.loc);
  const rt = cx.rt;
  const key = member.key;
  const label = member.kind === 'field' && 'field' in member ? member.field.name : e.name;
  const safe = e.safe;
  const record = (f: Frame): SObjectValue | null => {
    const r = target.ev(f) as SObjectValue | null;
    if (r === null && !safe)
      rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return r;
  };
  const writable =
    member.kind !== 'children' &&
    !(member.kind === 'field' && 'field' in member && !writeable(member.field) && key !== 'id');
  return {
    what: 'value',
    t: member.type,
    ev: (f) => {
      const r = record(f);
      return r === null ? null : readMember(rt, r, key, label);
    },
    set: writable
      ? (f, v) => {
          const r = record(f)!;
          // Trigger.old, and Trigger.new in an after trigger, cannot be changed.
          if (r.readOnly) rt.throwApex('FinalException', 'Record is read-only');
          r.set(key, v);
        }
      : undefined,
    readOnly: writable ? undefined : `Field is not writeable: ${object?.name ?? 'SObject'}.${label}`
  };
}

/** Apex can set a field it may create or update (system, formula and roll-up fields: neither). */
function writeable(field: FieldSchema): boolean {
  return !field.system && (field.createable || field.updateable);
}
