/**
 * What the compiler needs to treat records as Apex does: the data context of a run (schema,
 * database, query engine), member lookup on SObject types, field reads that know what was
 * queried, SOQL execution with binds, and DML that throws the platform's DmlException.
 */
import type { Database } from '../database/database.ts';
import { type DmlHooks, type DmlOperation, runDml } from '../database/dml.ts';
import { SObjectValue } from '../database/sobject.ts';
import { apexTypeOfField } from '../schema/apex-types.ts';
import type { FieldSchema, Schema, SObjectSchema } from '../schema/schema.ts';
import { relationshipField } from '../schema/schema.ts';
import type { SoqlQuery } from '../soql/ast.ts';
import type { QueryEngine } from '../soql/evaluate.ts';
import { ApexDate } from '../values/datetime.ts';
import type { Security } from '../security/access.ts';
import { guardDml, guardQuery, guardSecurityEnforced } from '../security/guard.ts';
import type { AsyncQueue } from './async.ts';
import type { EventBus } from './events.ts';
import type { Limits } from './limits.ts';
import type { Runtime } from './runtime.ts';
import { type TypeInfo, listOf, prim, sobjectType } from './types.ts';
import { ApexList, ApexObject } from './values.ts';

/** The org a run works against. */
export interface DataContext {
  schema: Schema;
  db: Database;
  queries: QueryEngine;
  limits: Limits;
  /** Triggers, called by every DML. */
  hooks?: DmlHooks;
  /** Queued asynchronous jobs. */
  async: AsyncQueue;
  /** Published platform events waiting for delivery. */
  events: EventBus;
  /** State outside the database that every test starts without (platform cache, outbox, ...). */
  resets: (() => void)[];
  /** Profiles, permission sets and each user's access, for user-mode operations. */
  security: Security;
}

/** A member of an SObject type, as `record.Name`, `record.Account` or `record.Contacts` names it. */
export type SObjectMember =
  | { kind: 'field'; field: FieldSchema; key: string; type: TypeInfo }
  | { kind: 'parent'; field: FieldSchema; key: string; type: TypeInfo }
  | { kind: 'children'; key: string; type: TypeInfo };

export function sobjectMember(
  schema: Schema,
  object: SObjectSchema,
  name: string
): SObjectMember | undefined {
  const key = name.toLowerCase();
  const field = object.fields.get(key);
  if (field) {
    if (field.apexType) return { kind: 'field', field, key, type: field.apexType };
    const apex = apexTypeOfField(field);
    return apex ? { kind: 'field', field, key, type: prim(apex) } : undefined;
  }
  const f = relationshipField(object, key);
  if (f) {
    const targets = f.referenceTo ?? [];
    const target = targets.length === 1 ? schema.get(targets[0]) : undefined;
    return { kind: 'parent', field: f, key, type: sobjectType(target ?? null) };
  }
  const child = object.childRelationships.get(key);
  if (child)
    return {
      kind: 'children',
      key,
      type: listOf(sobjectType(schema.get(child.childObject) ?? null))
    };
  return undefined;
}

/** Reads a member of a record, refusing one that a query did not select. */
export function readMember(rt: Runtime, record: SObjectValue, key: string, label: string): unknown {
  if (!record.readable(key)) {
    rt.throwApex(
      'SObjectException',
      `SObject row was retrieved via SOQL without querying the requested field: ${record.schema.name}.${label}`
    );
  }
  return record.get(key);
}

/** `new Account()` with the field defaults a new record shows in Apex before it is saved. */
export function newRecord(object: SObjectSchema): SObjectValue {
  return new SObjectValue(object);
}

/** Runs a parsed SOQL query for Apex code, charging the governor limits. */
export function runQuery(
  rt: Runtime,
  query: SoqlQuery,
  elemType: TypeInfo,
  binds: (text: string) => unknown,
  /** `WITH USER_MODE`, or AccessLevel.USER_MODE on a Database method. */
  userMode = query.accessMode === 'user'
): ApexList | number {
  const data = rt.data;
  if (userMode) guardQuery(rt, query);
  else if (query.accessMode === 'security_enforced') guardSecurityEnforced(rt, query);
  data.limits.charge('queries');
  const result = data.queries.run(query, { binds, today: () => ApexDate.today() });
  if (typeof result === 'number') return result;
  data.limits.charge('queryRows', result.length);
  return new ApexList(elemType, result);
}

/** `Account a = [SELECT ...]`: exactly one row, or the platform's QueryException. */
export function singleRow(rt: Runtime, value: unknown): unknown {
  if (value === null) return null;
  const rows = (value as ApexList).items;
  if (rows.length === 0)
    rt.throwApex('QueryException', 'List has no rows for assignment to SObject');
  if (rows.length > 1)
    rt.throwApex('QueryException', 'List has more than 1 row for assignment to SObject');
  return rows[0];
}

/** Details of a DmlException, kept on the exception object for getDml* methods. */
export interface DmlFailure {
  rows: {
    index: number;
    id: string | null;
    statusCode: string;
    message: string;
    fields: string[];
  }[];
}

export const DML_FAILURES = new WeakMap<ApexObject, DmlFailure>();

/** A DML statement (`insert records;`): all-or-none, DmlException on failure. */
export function dmlStatement(
  rt: Runtime,
  op: DmlOperation,
  value: unknown,
  externalId: FieldSchema | null,
  /** `insert as user ...`: the running user's object and field permissions apply. */
  userMode = false
): void {
  if (value === null)
    rt.throwApex(
      'DmlException',
      `${op[0].toUpperCase()}${op.slice(1)} failed. First exception on row 0; first error: INVALID_ARGUMENT, cannot ${op} a null record: []`
    );
  const records = value instanceof ApexList ? value.items : [value];
  if (records.some((r) => r === null)) {
    rt.throwApex(
      'DmlException',
      `${op[0].toUpperCase()}${op.slice(1)} failed. First exception on row ${records.indexOf(null)}; first error: INVALID_ARGUMENT, cannot ${op} a null record: []`
    );
  }
  const data = rt.data;
  data.limits.charge('dmlStatements');
  data.limits.charge('dmlRows', records.length);
  const guard = userMode ? guardDml(rt, op, records as SObjectValue[], true, externalId) : null;
  const outcome =
    guard?.outcome ?? runDml(data.db, op, records as SObjectValue[], true, externalId, data.hooks);
  if (outcome.failure) {
    const ex = rt.newException('DmlException', outcome.failure.message);
    DML_FAILURES.set(ex, {
      rows: outcome.failure.rows.map(({ index, error }) => ({
        index,
        id: outcome.results[index].id,
        ...error
      }))
    });
    rt.throwDirect(ex);
  }
}

export { SObjectValue };

/**
 * The registry key of the native class holding the static methods of an object's kind: custom
 * metadata types (`getAll`, `getInstance`) and list or hierarchy custom settings.
 */
export function sobjectStaticsKey(object: SObjectSchema): string {
  return `sobject statics:${object.kind}:${object.settingType ?? ''}`.toLowerCase();
}
