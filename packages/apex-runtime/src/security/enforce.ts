/**
 * User-mode enforcement (Apex Developer Guide, Set an Access Mode for Database Operations): a
 * query needs Read on every object it touches and field-level read access on every field it
 * names, anywhere in the query; DML needs the object's Create, Edit or Delete permission and
 * field-level edit access on every field the records set. Record sharing is not modelled.
 */
import type { Database } from '../database/database.ts';
import type { DmlOperation } from '../database/dml.ts';
import type { SObjectValue } from '../database/sobject.ts';
import type { FieldSchema, Schema, SObjectSchema } from '../schema/schema.ts';
import { relationshipField } from '../schema/schema.ts';
import type { Condition, Path, SoqlQuery } from '../soql/ast.ts';
import type { UserAccess } from './access.ts';

/** What a user-mode query may not read. */
export interface QueryDenial {
  message: string;
  /** Object name → the fields it may not read (QueryException.getInaccessibleFields). */
  fields: Map<string, Set<string>>;
}

const WSDL = 'Please reference your WSDL or the describe call for the appropriate names.';

/** The platform's message for an object the user cannot read: it is as if it did not exist. */
export function noSuchObject(name: string): string {
  return `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. ${WSDL}`;
}

/** The platform's message for a field the user cannot read: it is as if it did not exist. */
export function noSuchColumn(field: string, object: string): string {
  return `No such column '${field}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. ${WSDL}`;
}

/** Every object and field a query touches that the user may not read; null when all are readable. */
export function checkQuery(
  schema: Schema,
  access: UserAccess,
  q: SoqlQuery,
  /** WITH SECURITY_ENFORCED checks only the SELECT and FROM clauses. */
  selectOnly = false
): QueryDenial | null {
  const objects: string[] = [];
  const fields = new Map<string, Set<string>>();
  const object = schema.get(q.from);
  if (!object) return null;
  visitQuery(schema, object, q, selectOnly, {
    object: (o) => {
      if (!access.object(o).read && !objects.includes(o.name)) objects.push(o.name);
    },
    field: (o, f) => {
      if (!access.object(o).read || access.field(o, f).readable) return;
      let set = fields.get(o.name);
      if (!set) fields.set(o.name, (set = new Set()));
      set.add(f.name);
    }
  });
  if (objects.length > 0) return { message: noSuchObject(objects[0]), fields };
  const first = fields.entries().next().value;
  if (!first) return null;
  return { message: noSuchColumn([...first[1]][0], first[0]), fields };
}

interface Visitor {
  object(o: SObjectSchema): void;
  field(o: SObjectSchema, f: FieldSchema): void;
}

function visitQuery(
  schema: Schema,
  object: SObjectSchema,
  q: SoqlQuery,
  selectOnly: boolean,
  v: Visitor
): void {
  v.object(object);
  const path = (p: Path | null) => {
    if (p) visitPath(schema, object, p, v);
  };
  for (const item of q.select) {
    if (item.kind === 'field') path(item.path);
    else if (item.kind === 'aggregate') path(item.aggregate.path);
    else {
      const rel = object.childRelationships.get(item.query.from.toLowerCase());
      const child = rel && schema.get(rel.childObject);
      if (child) visitQuery(schema, child, item.query, selectOnly, v);
    }
  }
  if (selectOnly) return;
  q.groupBy.forEach(path);
  for (const o of q.orderBy) path(Array.isArray(o.target) ? o.target : o.target.path);
  const condition = (c: Condition | null): void => {
    if (!c) return;
    if (c.kind === 'and' || c.kind === 'or') c.items.forEach(condition);
    else if (c.kind === 'not') condition(c.item);
    else {
      path(Array.isArray(c.target) ? c.target : c.target.path);
      if (c.value.kind === 'subquery') {
        const inner = schema.get(c.value.query.from);
        if (inner) visitQuery(schema, inner, c.value.query, selectOnly, v);
      }
    }
  };
  condition(q.where);
  condition(q.having);
}

/** A field path: each relationship field walked, each parent object reached, and the last field. */
function visitPath(schema: Schema, object: SObjectSchema, path: Path, v: Visitor): void {
  let current = object;
  const parts =
    path[0].toLowerCase() === object.name.toLowerCase() && path.length > 1 ? path.slice(1) : path;
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = relationshipField(current, parts[i]);
    const target = rel?.referenceTo && schema.get(rel.referenceTo[0]);
    if (!rel || !target) return;
    v.field(current, rel);
    v.object(target);
    current = target;
  }
  const f = current.fields.get(parts[parts.length - 1].toLowerCase());
  if (f) v.field(current, f);
}

/** Why a user-mode DML call may not run at all, or which records set fields the user may not edit. */
export interface DmlDenial {
  /** The SecurityException message when the object permission is missing. */
  objectMessage: string | null;
  /** Record index → the fields it sets that the user may not edit. */
  rows: Map<number, string[]>;
}

/**
 * The object permission each record needs (an upsert: Create for a new record, Edit for an
 * existing one) and the fields it sets that the user may not edit: on insert every field put on
 * the record, on update every one but Id. Fields the schema never lets Apex write (system,
 * formula, auto-number) are left to the save, which ignores or refuses them as it always does.
 */
export function checkDml(
  db: Database,
  access: UserAccess,
  op: DmlOperation,
  records: SObjectValue[],
  externalId: FieldSchema | null
): DmlDenial {
  const rows = new Map<number, string[]>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const object = record.schema;
    const kind = op === 'upsert' ? (exists(db, record, externalId) ? 'update' : 'insert') : op;
    const p = access.object(object);
    const allowed = kind === 'insert' ? p.create : kind === 'update' ? p.edit : p.delete;
    if (!allowed)
      return {
        objectMessage: `DML operation ${kind.toUpperCase()} not allowed on ${object.name}`,
        rows
      };
    if (kind !== 'insert' && kind !== 'update') continue;
    const denied: string[] = [];
    for (const key of record.values.keys()) {
      const f = object.fields.get(key);
      if (!f || key === 'id') continue;
      if (kind === 'insert' ? !f.createable : !f.updateable) continue;
      if (!access.field(object, f).editable) denied.push(f.name);
    }
    if (denied.length > 0) rows.set(i, denied);
  }
  return { objectMessage: null, rows };
}

/** Whether an upserted record matches an existing row (by Id, or by its external id). */
function exists(db: Database, record: SObjectValue, externalId: FieldSchema | null): boolean {
  if (!externalId || externalId.name.toLowerCase() === 'id') return record.get('id') !== null;
  const wanted = record.get(externalId.name.toLowerCase());
  if (wanted === null) return false;
  return db.matching(record.schema, externalId, wanted).length > 0;
}

/** The DmlException message for records that set fields the user may not edit. */
export function inaccessibleFieldsMessage(object: string): string {
  return `Operation failed due to fields being inaccessible on Sobject ${object}, check errors on Exception or Result!`;
}
