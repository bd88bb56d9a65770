/**
 * DML over SObject values: converts records to rows, runs the database operation for a whole
 * list, applies all-or-none (a failure rolls the whole list back), writes new ids back onto the
 * records, and words failures exactly as the platform's DmlException does.
 */
import type { Database, DmlError, Row, RowResult } from './database.ts';
import { SObjectValue } from './sobject.ts';
import type { FieldSchema } from '../schema/schema.ts';

export type DmlOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';

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

/** The field values of a record, without relationship objects or child lists. */
export function toRow(record: SObjectValue): Row {
  const row: Row = new Map();
  for (const [k, v] of record.values) if (record.schema.fields.has(k)) row.set(k, v);
  return row;
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
  externalId: FieldSchema | null = null
): DmlOutcome {
  const before = allOrNone ? db.snapshot() : null;
  const hadId = records.map((r) => r.values.has('id') && r.get('id') !== null);
  const results = records.map((record) => runOne(db, op, record, externalId));
  const failed = results.map((r, index) => ({ r, index })).filter(({ r }) => !r.success);
  if (allOrNone && failed.length > 0) {
    db.restore(before!, true);
    // The rolled-back call leaves no trace: ids it handed out are taken back off the records.
    records.forEach((rec, i) => {
      if (!hadId[i]) rec.values.delete('id');
    });
    const first = failed[0];
    const error = first.r.errors[0];
    const fields = error.fields.length > 0 ? `: [${error.fields.join(', ')}]` : ': []';
    return {
      results,
      failure: {
        message: `${VERB[op]} failed. First exception on row ${first.index}${first.r.id && op !== 'insert' ? ` with id ${first.r.id}` : ''}; first error: ${error.statusCode}, ${error.message}${fields}`,
        rows: failed.map(({ r, index }) => ({ index, error: r.errors[0] }))
      }
    };
  }
  return { results, failure: null };
}

function runOne(
  db: Database,
  op: DmlOperation,
  record: SObjectValue,
  externalId: FieldSchema | null
): RowResult {
  const row = toRow(record);
  switch (op) {
    case 'insert': {
      const [r] = db.insert(record.schema, [row]);
      if (r.success) record.set('id', r.id);
      return r;
    }
    case 'update': {
      return db.update(record.schema, [row])[0];
    }
    case 'upsert': {
      const [r] = db.upsert(record.schema, [row], externalId);
      if (r.success) record.set('id', r.id);
      return r;
    }
    case 'delete':
    case 'undelete': {
      const id = record.get('id') as string | null;
      if (!id)
        return {
          id: null,
          success: false,
          errors: [
            {
              statusCode: 'MISSING_ARGUMENT',
              message: `Id not specified in an ${op} call`,
              fields: []
            }
          ]
        };
      return op === 'delete' ? db.delete([id])[0] : db.undelete([id])[0];
    }
  }
}
