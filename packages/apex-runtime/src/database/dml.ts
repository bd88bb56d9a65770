/**
 * DML over SObject values, in the platform's order of execution: before triggers, the save with
 * its system validation, after triggers; all-or-none rolls the whole call back on any failure.
 * Trigger code sees its own copies of the records (Trigger.new / Trigger.old), and the caller's
 * records receive their new ids. Failures are worded exactly as the platform's DmlException.
 */
import type { Database, DmlError, Row, RowResult } from './database.ts';
import { SObjectValue } from './sobject.ts';
import type { FieldSchema, SObjectSchema } from '../schema/schema.ts';

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';

/** The operation a trigger sees (an upsert fires insert or update triggers per record). */
export type TriggerOperation = 'insert' | 'update' | 'delete' | 'undelete';

/** Where triggers plug in; both run once per object and chunk of at most 200 records. */
export interface DmlHooks {
  before(
    op: TriggerOperation,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void;
  after(
    op: TriggerOperation,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void;
  /** A mark taken before a call, for `rolledBack` (events published by the call, ...). */
  mark?(): number;
  /** An all-or-none call failed and its changes were undone: undo what the hooks did since `mark`. */
  rolledBack?(mark: number): void;
}

export interface DmlOutcome {
  results: RowResult[];
  /** Set when all-or-none failed: the DmlException message and its per-row details. */
  failure: { message: string; rows: { index: number; error: DmlError }[] } | null;
}

const VERB: Record<DmlOperation, string> = {
  insert: 'Insert',
  update: 'Update',
  upsert: 'Upsert',
  delete: 'Delete',
  undelete: 'Undelete'
};

const NO_HOOKS: DmlHooks = { before: () => undefined, after: () => undefined };

/** The field values of a record, without relationship objects or child lists. */
export function toRow(record: SObjectValue): Row {
  const row: Row = new Map();
  for (const [k, v] of record.values) if (record.schema.fields.has(k)) row.set(k, v);
  return row;
}

/** A record as the database holds it, for Trigger.old and the copies triggers work on. */
function fromRow(object: SObjectSchema, row: Row): SObjectValue {
  return new SObjectValue(object, new Map(row));
}

/** One record of the call: the caller's value, what the trigger sees, and how it ends. */
interface Item {
  index: number;
  record: SObjectValue;
  op: TriggerOperation;
  copy: SObjectValue | null;
  old: SObjectValue | null;
  result: RowResult | null;
}

/**
 * Runs one DML statement or `Database.*` call on a list of records of one or more objects.
 * With `allOrNone`, any failure undoes the whole call and is reported as `failure`.
 */
export function runDml(
  db: Database,
  op: DmlOperation,
  records: SObjectValue[],
  allOrNone: boolean,
  externalId: FieldSchema | null = null,
  hooks: DmlHooks = NO_HOOKS,
  /** Records refused before the save (a user-mode call's field-level security), by index. */
  rejected: Map<number, DmlError> | null = null
): DmlOutcome {
  const mark = db.mark();
  const hooksMark = hooks.mark?.();
  // Undoes the call: its rows, and what the hooks did since it started (events it published).
  const rollback = () => {
    db.rollbackTo(mark);
    if (hooksMark !== undefined) hooks.rolledBack?.(hooksMark);
  };
  const hadId = records.map((r) => r.values.has('id') && r.get('id') !== null);
  const forget = (indexes: number[]) =>
    indexes.forEach((i) => {
      if (!hadId[i]) records[i].values.delete('id');
    });
  const items = records.map((record, index) => {
    const error = rejected?.get(index);
    if (!error) return prepare(db, op, record, index, externalId);
    const id = (record.get('id') as string | null) ?? null;
    return {
      index,
      record,
      op: 'insert',
      copy: null,
      old: null,
      result: failure(id, error.statusCode, error.message, error.fields)
    } satisfies Item;
  });
  for (const group of groups(items)) runGroup(db, group, hooks);
  if (!allOrNone) retryPartial(db, op, records, items, externalId, hooks, rollback, forget);
  const results = items.map((item) => item.result!);
  const failed = results.map((r, index) => ({ r, index })).filter(({ r }) => !r.success);
  if (allOrNone && failed.length > 0) {
    rollback();
    // The rolled-back call leaves no trace: ids it handed out are taken back off the records.
    forget(records.map((_r, i) => i));
    const first = failed[0];
    const error = first.r.errors[0];
    const fields = `: [${error.fields.join(', ')}]`;
    const withId = first.r.id && op !== 'insert' ? ` with id ${first.r.id}` : '';
    return {
      results,
      failure: {
        message: `${VERB[op]} failed. First exception on row ${first.index}${withId}; first error: ${error.statusCode}, ${error.message}${fields}`,
        rows: failed.map(({ r, index }) => ({ index, error: r.errors[0] }))
      }
    };
  }
  return { results, failure: null };
}

/** How many times a partial-success call saves (Apex Developer Guide, Bulk DML Exception Handling). */
const MAX_ATTEMPTS = 3;

/**
 * `allOrNone = false`: when some records failed, the platform rolls the call back (trigger work
 * included, static variables excepted) and saves again only the records that succeeded, firing
 * their triggers again; after a third attempt with failures the whole call fails.
 */
function retryPartial(
  db: Database,
  op: DmlOperation,
  records: SObjectValue[],
  items: Item[],
  externalId: FieldSchema | null,
  hooks: DmlHooks,
  rollback: () => void,
  forget: (indexes: number[]) => void
): void {
  let attempt = items;
  for (let n = 1; attempt.some((i) => !i.result!.success); n++) {
    rollback();
    const ok = attempt.filter((i) => i.result!.success);
    forget(ok.map((i) => i.index));
    if (n === MAX_ATTEMPTS) {
      for (const item of ok)
        item.result = failure(
          item.result!.id,
          'UNKNOWN_EXCEPTION',
          'Too many batch retries in the presence of Apex triggers and partial failures.'
        );
      return;
    }
    attempt = ok.map((i) => prepare(db, op, records[i.index], i.index, externalId));
    for (const group of groups(attempt)) runGroup(db, group, hooks);
    for (const item of attempt) items[item.index] = item;
  }
}

/** Works out what each record is (an upsert becomes an insert or an update) and its old state. */
function prepare(
  db: Database,
  op: DmlOperation,
  record: SObjectValue,
  index: number,
  externalId: FieldSchema | null
): Item {
  const object = record.schema;
  const item: Item = {
    index,
    record,
    op: op === 'upsert' ? 'insert' : op,
    copy: null,
    old: null,
    result: null
  };
  // A record the caller marked with addError is not saved (SObject.addError).
  if (record.errors.length > 0)
    return {
      ...item,
      result: {
        id: (record.get('id') as string | null) ?? null,
        success: false,
        errors: record.errors.map((e) => ({ ...e }))
      }
    };
  let id = (record.get('id') as string | null) ?? null;
  if (op === 'upsert' && externalId && externalId.name.toLowerCase() !== 'id') {
    const wanted = record.get(externalId.name.toLowerCase());
    if (wanted === null)
      return {
        ...item,
        result: failure(null, 'MISSING_ARGUMENT', `${externalId.name} not specified`, [
          externalId.name
        ])
      };
    const matches = db.matching(object, externalId, wanted);
    if (matches.length > 1) {
      const ids = matches.map((m) => m.get('id')).join(', ');
      return {
        ...item,
        result: failure(
          null,
          'DUPLICATE_EXTERNAL_ID',
          `${externalId.label}: more than one record found for external id field: [${ids}]`,
          [externalId.name]
        )
      };
    }
    id = matches.length === 1 ? (matches[0].get('id') as string) : null;
  }
  if (op === 'upsert') item.op = id ? 'update' : 'insert';
  const stored = id ? db.find(id, item.op === 'undelete') : null;
  if (item.op === 'update' || item.op === 'delete' || item.op === 'undelete') {
    if (!id) {
      item.result = failure(id, 'MISSING_ARGUMENT', `Id not specified in an ${item.op} call`);
    } else if (!stored) {
      item.result = failure(
        id,
        item.op === 'undelete' ? 'UNDELETE_FAILED' : 'ENTITY_IS_DELETED',
        item.op === 'undelete' ? 'Entity is not in the recycle bin' : 'entity is deleted'
      );
    } else {
      item.old = fromRow(object, stored.row);
    }
  }
  if (item.op === 'insert' && id && op === 'insert')
    item.result = failure(
      null,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'cannot specify Id in an insert call',
      ['Id']
    );
  if (item.result) return item;
  if (item.op === 'insert') item.copy = new SObjectValue(object, toRow(record));
  else if (item.op === 'update') {
    const merged = new Map(stored!.row);
    for (const [k, v] of toRow(record)) merged.set(k, v);
    merged.set('id', id);
    item.copy = new SObjectValue(object, merged);
  } else if (item.op === 'undelete') item.copy = fromRow(object, stored!.row);
  return item;
}

/** Items grouped by object and trigger operation, in order of first appearance. */
function groups(items: Item[]): Item[][] {
  const byKey = new Map<string, Item[]>();
  for (const item of items) {
    if (item.result) continue;
    const key = `${item.record.schema.name}|${item.op}`;
    byKey.set(key, [...(byKey.get(key) ?? []), item]);
  }
  return [...byKey.values()];
}

const CHUNK = 200;

function runGroup(db: Database, group: Item[], hooks: DmlHooks): void {
  const object = group[0].record.schema;
  const op = group[0].op;
  for (let start = 0; start < group.length; start += CHUNK) {
    const chunk = group.slice(start, start + CHUNK);
    const copies = op === 'delete' ? null : chunk.map((i) => i.copy!);
    const olds = op === 'insert' || op === 'undelete' ? null : chunk.map((i) => i.old!);
    olds?.forEach((o) => (o.readOnly = true));
    if (op !== 'undelete') hooks.before(op, object, copies, olds);
    const saved: Item[] = [];
    for (const item of chunk) {
      const carrier = item.copy ?? item.old!;
      if (carrier.errors.length > 0) {
        item.result = {
          id: item.old ? (item.old.get('id') as string) : null,
          success: false,
          errors: carrier.errors.map((e) => ({ ...e }))
        };
        continue;
      }
      item.result = save(db, op, item);
      if (item.result.success) saved.push(item);
    }
    if (saved.length === 0) continue;
    const afterCopies = op === 'delete' ? null : saved.map((i) => refreshed(db, i));
    const afterOlds = op === 'insert' || op === 'undelete' ? null : saved.map((i) => i.old!);
    afterCopies?.forEach((c) => (c.readOnly = true));
    hooks.after(op, object, afterCopies, afterOlds);
    for (const [n, item] of saved.entries()) {
      const carrier = afterCopies ? afterCopies[n] : item.old!;
      if (carrier.errors.length > 0) {
        item.result = {
          id: item.result!.id,
          success: false,
          errors: carrier.errors.map((e) => ({ ...e }))
        };
      }
    }
  }
}

function save(db: Database, op: TriggerOperation, item: Item): RowResult {
  const object = item.record.schema;
  switch (op) {
    case 'insert': {
      const [r] = db.insert(object, [toRow(item.copy!)]);
      if (r.success) item.record.set('id', r.id);
      return { ...r, created: true };
    }
    case 'update': {
      const [r] = db.update(object, [toRow(item.copy!)]);
      // An upsert that matched by external id gives the caller's record the matched id.
      if (r.success) item.record.set('id', r.id);
      return { ...r, created: false };
    }
    case 'delete':
      return db.delete([item.old!.get('id') as string])[0];
    case 'undelete':
      return db.undelete([item.copy!.get('id') as string])[0];
  }
}

/** The saved state of a record (with its id and system fields), for after triggers. */
function refreshed(db: Database, item: Item): SObjectValue {
  const id = item.result!.id!;
  const found = db.find(id);
  return found ? fromRow(found.object, found.row) : item.copy!;
}

function failure(
  id: string | null,
  statusCode: string,
  message: string,
  fields: string[] = []
): RowResult {
  return { id, success: false, errors: [{ statusCode, message, fields }] };
}
