/**
 * The in-memory org database: one table per object, rows keyed by 18-character id, with the
 * platform's save rules (required, unique, external id, length, restricted picklists, lookups,
 * cascade delete, the recycle bin), system fields, and snapshots for test isolation, `@TestSetup`
 * and savepoints. Rows hold runtime values keyed by lowercased field name.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { idSuffix } from '../interpreter/ids.ts';
import type { FieldSchema, Schema, SObjectSchema } from '../schema/schema.ts';
import { ApexDatetime } from '../values/datetime.ts';
import { ApexDecimal } from '../values/decimal.ts';

export type Row = Map<string, unknown>;

export interface DmlError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface RowResult {
  id: string | null;
  success: boolean;
  /** For upsert: whether the row was created rather than updated. */
  created?: boolean;
  errors: DmlError[];
}

/** Who performs DML and when, for the system fields. */
export interface Actor {
  userId: string;
  now: () => ApexDatetime;
}

export interface Snapshot {
  tables: Map<string, Map<string, Row>>;
  counters: Map<string, number>;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export class Database {
  private tables = new Map<string, Map<string, Row>>();
  private counters = new Map<string, number>();
  /**
   * Whether the current transaction has run DML, which forbids callouts until it ends. A
   * savepoint rollback keeps it; a new transaction (`restore` of a whole snapshot) and
   * `Test.startTest()` clear it.
   */
  uncommittedWork = false;
  /** Every row replaced since the last restore, so a DML call or savepoint can be undone cheaply. */
  private journal: { table: Map<string, Row>; id: string; prev: Row | undefined }[] = [];
  /** Writes per table (see versionOf), and restores, which replace every table. */
  private tableWrites = new WeakMap<Map<string, Row>, number>();
  private restores = 0;
  /**
   * Value indexes over live rows (table → field → key → ids), built the first time a field is
   * looked up by value (unique checks, upsert by external id) and kept current by every change
   * to the table, so those checks cost a map lookup instead of a scan of the table.
   */
  private indexes = new Map<Map<string, Row>, Map<string, ValueIndex>>();

  constructor(
    readonly schema: Schema,
    readonly actor: Actor
  ) {}

  /**
   * Runs `work` as another user (its DML stamps that user; UserInfo and user-mode checks see
   * it), and puts the previous user back however `work` ends, so switches nest.
   */
  asUser<T>(userId: string, work: () => T): T {
    const previous = this.actor.userId;
    this.actor.userId = userId;
    try {
      return work();
    } finally {
      this.actor.userId = previous;
    }
  }

  /** A fresh 18-character id for an object: key prefix, a counter, and the case-safe suffix. */
  newId(object: SObjectSchema): string {
    const n = (this.counters.get(object.keyPrefix) ?? 0) + 1;
    this.counters.set(object.keyPrefix, n);
    let digits = '';
    for (let v = n; v > 0; v = Math.floor(v / 62)) digits = BASE62[v % 62] + digits;
    const id15 = `${object.keyPrefix}${'0'.repeat(12 - digits.length)}${digits}`;
    return id15 + idSuffix(id15);
  }

  table(object: SObjectSchema): Map<string, Row> {
    const key = object.name.toLowerCase();
    let t = this.tables.get(key);
    if (!t) {
      t = new Map();
      this.tables.set(key, t);
    }
    return t;
  }

  /** Every live (not deleted) row of an object, in insertion order. */
  rows(object: SObjectSchema, includeDeleted = false): Row[] {
    const out: Row[] = [];
    for (const r of this.table(object).values())
      if (includeDeleted || r.get('isdeleted') !== true) out.push(r);
    return out;
  }

  /**
   * The live rows whose `f` equals `value` as unique and external id fields compare (text
   * case-insensitively unless the field is case-sensitive, numbers by value), in insertion order.
   */
  matching(object: SObjectSchema, f: FieldSchema, value: unknown): Row[] {
    const table = this.table(object);
    const key = indexKey(value, f.caseSensitive);
    if (key === null) {
      const out: Row[] = [];
      for (const r of table.values())
        if (
          r.get('isdeleted') !== true &&
          sameKey(r.get(f.name.toLowerCase()), value, f.caseSensitive)
        )
          out.push(r);
      return out;
    }
    const ids = this.indexOf(table, f).byKey.get(key);
    if (!ids) return [];
    const out = [...ids].map((id) => table.get(id)!);
    return out.length > 1 ? out.sort((a, b) => compareIds(a, b)) : out;
  }

  private indexOf(table: Map<string, Row>, f: FieldSchema): ValueIndex {
    let fields = this.indexes.get(table);
    if (!fields) {
      fields = new Map();
      this.indexes.set(table, fields);
    }
    const name = f.name.toLowerCase();
    let index = fields.get(name);
    if (!index) {
      index = { field: name, caseSensitive: f.caseSensitive, byKey: new Map() };
      for (const [id, row] of table) indexRow(index, id, row, true);
      fields.set(name, index);
    }
    return index;
  }

  /** Keeps the table's value indexes current when a row is replaced, added or removed. */
  private reindex(
    table: Map<string, Row>,
    id: string,
    prev: Row | undefined,
    next: Row | undefined
  ): void {
    const fields = this.indexes.get(table);
    if (!fields) return;
    for (const index of fields.values()) {
      if (prev) indexRow(index, id, prev, false);
      if (next) indexRow(index, id, next, true);
    }
  }

  /** The row with this id, looked up by the id's key prefix; null when absent or deleted. */
  find(id: string, includeDeleted = false): { object: SObjectSchema; row: Row } | null {
    const object = this.schema.byKeyPrefix(id.slice(0, 3));
    if (!object) return null;
    const row = this.table(object).get(id);
    if (!row || (!includeDeleted && row.get('isdeleted') === true)) return null;
    return { object, row };
  }

  /** Changes whenever a row of `object` does (a write, a rollback or a restore). */
  versionOf(object: SObjectSchema): string {
    return `${this.restores}.${this.tableWrites.get(this.table(object)) ?? 0}`;
  }

  private touch(table: Map<string, Row>): void {
    this.tableWrites.set(table, (this.tableWrites.get(table) ?? 0) + 1);
  }

  /** Rows are never changed in place: each write replaces the row and remembers the old one. */
  private store(object: SObjectSchema, id: string, row: Row): void {
    const table = this.table(object);
    this.touch(table);
    const prev = table.get(id);
    this.journal.push({ table, id, prev });
    table.set(id, row);
    this.reindex(table, id, prev, row);
  }

  /** Changes fields of a stored row the platform maintains (job status and the like). */
  patch(object: SObjectSchema, id: string, changes: Row): void {
    const row = this.table(object).get(id);
    if (!row) throw new Error(`no ${object.name} row ${id}`);
    const next = new Map(row);
    for (const [k, v] of changes) next.set(k, v);
    this.store(object, id, next);
  }

  /** A position in the change journal (for DML all-or-none and savepoints). */
  mark(): number {
    return this.journal.length;
  }

  /** Removes a deleted row for good (`Database.emptyRecycleBin`); false when it is not in the bin. */
  purge(id: string): boolean {
    const found = this.find(id, true);
    if (!found || found.row.get('isdeleted') !== true) return false;
    const table = this.table(found.object);
    this.touch(table);
    this.journal.push({ table, id, prev: table.get(id) });
    this.reindex(table, id, table.get(id), undefined);
    table.delete(id);
    return true;
  }

  /**
   * Forgets the undo journal: a local org's transaction has committed and can no longer be
   * rolled back, so the replaced rows need not be kept.
   */
  commit(): void {
    this.journal = [];
  }

  /** Undoes every write made after `mark`. */
  rollbackTo(mark: number): void {
    while (this.journal.length > mark) {
      const { table, id, prev } = this.journal.pop()!;
      this.touch(table);
      this.reindex(table, id, table.get(id), prev);
      if (prev === undefined) table.delete(id);
      else table.set(id, prev);
    }
  }

  snapshot(): Snapshot {
    const tables = new Map<string, Map<string, Row>>();
    for (const [name, table] of this.tables) {
      tables.set(name, new Map([...table].map(([id, row]) => [id, new Map(row)])));
    }
    return { tables, counters: new Map(this.counters) };
  }

  /** Restores a snapshot; ids handed out after it stay unused, as after a platform rollback. */
  restore(snapshot: Snapshot, keepCounters = false): void {
    const copy = new Map<string, Map<string, Row>>();
    for (const [name, table] of snapshot.tables) {
      copy.set(name, new Map([...table].map(([id, row]) => [id, new Map(row)])));
    }
    this.tables = copy;
    this.indexes = new Map();
    this.restores++;
    this.journal = [];
    if (!keepCounters) {
      this.counters = new Map(snapshot.counters);
      this.uncommittedWork = false;
    }
  }

  // -------------------------------------------------------------------------------------- writes

  /** Stores a row the platform provides (custom metadata records), without save rules. */
  seed(object: SObjectSchema, values: Row): string {
    const id = this.newId(object);
    const row = new Map(values);
    row.set('id', id);
    row.set('isdeleted', false);
    this.store(object, id, row);
    return id;
  }

  /** Inserts rows (values keyed by lowercased field name); validates each one independently. */
  insert(object: SObjectSchema, values: Row[]): RowResult[] {
    this.uncommittedWork = true;
    return values.map((input) => {
      if (input.get('id'))
        return failure('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
          'Id'
        ]);
      const row = this.withDefaults(object, input);
      // OwnerId defaults to the running user, so a required OwnerId is never missing on insert.
      if (object.fields.has('ownerid') && !row.get('ownerid'))
        row.set('ownerid', this.actor.userId);
      const errors = this.validate(object, row, null);
      if (errors.length > 0) return { id: null, success: false, errors };
      const id = this.newId(object);
      const now = this.actor.now();
      row.set('id', id);
      row.set('isdeleted', false);
      for (const f of ['createddate', 'lastmodifieddate', 'systemmodstamp'])
        if (object.fields.has(f)) row.set(f, now);
      for (const f of ['createdbyid', 'lastmodifiedbyid'])
        if (object.fields.has(f)) row.set(f, this.actor.userId);
      this.fillAutoNumbers(object, row);
      this.store(object, id, row);
      return { id, success: true, errors: [] };
    });
  }

  update(object: SObjectSchema, values: Row[]): RowResult[] {
    this.uncommittedWork = true;
    return values.map((input) => {
      const id = input.get('id') as string | null | undefined;
      if (!id) return failure('MISSING_ARGUMENT', 'Id not specified in an update call', []);
      const existing = this.table(object).get(id);
      if (!existing || existing.get('isdeleted') === true) {
        return {
          id,
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
        };
      }
      const row = new Map(existing);
      for (const [k, v] of input) {
        const f = object.fields.get(k);
        if (f && !f.system && f.updateable) row.set(k, v);
      }
      const errors = this.validate(object, row, id);
      if (errors.length > 0) return { id, success: false, errors };
      const now = this.actor.now();
      row.set('lastmodifieddate', now);
      row.set('systemmodstamp', now);
      row.set('lastmodifiedbyid', this.actor.userId);
      this.store(object, id, row);
      return { id, success: true, errors: [] };
    });
  }

  /** Upsert by Id (when `key` is null) or by an external id or unique field. */
  upsert(object: SObjectSchema, values: Row[], key: FieldSchema | null): RowResult[] {
    return values.map((input) => {
      let id = (input.get('id') as string | null | undefined) ?? null;
      if (key && key.name.toLowerCase() !== 'id') {
        if (!key.externalId && !key.unique) {
          return failure(
            'INVALID_FIELD',
            `Field ${key.name} is not an external id or a unique field`,
            [key.name]
          );
        }
        const wanted = input.get(key.name.toLowerCase());
        if (wanted === null || wanted === undefined) {
          return failure('MISSING_ARGUMENT', `${key.name} not specified`, [key.name]);
        }
        const matches = this.matching(object, key, wanted);
        if (matches.length > 1) {
          return failure(
            'DUPLICATE_EXTERNAL_ID',
            `${key.label}: more than one record found for external id field: [${matches.map((m) => m.get('id')).join(', ')}]`,
            [key.name]
          );
        }
        id = matches.length === 1 ? (matches[0].get('id') as string) : null;
      }
      if (id) {
        const row = new Map(input);
        row.set('id', id);
        const [result] = this.update(object, [row]);
        return { ...result, created: false };
      }
      const [result] = this.insert(object, [input]);
      return { ...result, created: true };
    });
  }

  /**
   * Deletes rows into the recycle bin. Master-detail children are deleted with their parent,
   * lookups to the row are cleared, and a Restrict lookup blocks the delete.
   */
  delete(ids: string[]): RowResult[] {
    this.uncommittedWork = true;
    return ids.map((id) => {
      const found = this.find(id);
      if (!found)
        return {
          id,
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }]
        };
      const blockers = this.referencing(id).filter((r) => r.field.deleteConstraint === 'Restrict');
      if (blockers.length > 0) {
        return {
          id,
          success: false,
          errors: [
            {
              statusCode: 'DELETE_FAILED',
              message: `Your attempt to delete ${String(found.row.get('name') ?? id)} could not be completed because it is associated with the following ${blockers[0].object.pluralLabel.toLowerCase()}.`,
              fields: []
            }
          ]
        };
      }
      this.softDelete(found.object, id, found.row);
      return { id, success: true, errors: [] };
    });
  }

  private softDelete(object: SObjectSchema, id: string, row: Row): void {
    this.store(object, id, new Map(row).set('isdeleted', true));
    for (const ref of this.referencing(id)) {
      const refId = ref.row.get('id') as string;
      if (ref.field.deleteConstraint === 'Cascade') this.softDelete(ref.object, refId, ref.row);
      else this.store(ref.object, refId, new Map(ref.row).set(ref.field.name.toLowerCase(), null));
    }
  }

  undelete(ids: string[]): RowResult[] {
    this.uncommittedWork = true;
    return ids.map((id) => {
      const found = this.find(id, true);
      if (!found || found.row.get('isdeleted') !== true) {
        return {
          id,
          success: false,
          errors: [
            {
              statusCode: 'UNDELETE_FAILED',
              message: 'Entity is not in the recycle bin',
              fields: []
            }
          ]
        };
      }
      this.store(found.object, id, new Map(found.row).set('isdeleted', false));
      return { id, success: true, errors: [] };
    });
  }

  /** Live rows whose reference fields point at `id`. */
  private referencing(id: string): { object: SObjectSchema; field: FieldSchema; row: Row }[] {
    const out: { object: SObjectSchema; field: FieldSchema; row: Row }[] = [];
    for (const [name, table] of this.tables) {
      const object = this.schema.get(name)!;
      const refs = [...object.fields.values()].filter(
        (f) => (f.type === 'Lookup' || f.type === 'MasterDetail') && !f.system
      );
      if (refs.length === 0) continue;
      for (const row of table.values()) {
        if (row.get('isdeleted') === true) continue;
        for (const f of refs)
          if (row.get(f.name.toLowerCase()) === id) out.push({ object, field: f, row });
      }
    }
    return out;
  }

  // --------------------------------------------------------------------------------- validation

  private withDefaults(object: SObjectSchema, input: Row): Row {
    const row: Row = new Map();
    for (const f of object.fields.values()) {
      const key = f.name.toLowerCase();
      if (input.has(key)) row.set(key, input.get(key));
      else if (f.type === 'Checkbox') row.set(key, defaultLiteral(f) ?? false);
      else if (f.defaultValue !== undefined) row.set(key, defaultLiteral(f));
    }
    return row;
  }

  private fillAutoNumbers(object: SObjectSchema, row: Row): void {
    for (const f of object.fields.values()) {
      if (f.type !== 'AutoNumber') continue;
      const n = this.table(object).size + 1;
      row.set(f.name.toLowerCase(), String(n).padStart(8, '0'));
    }
  }

  private validate(object: SObjectSchema, row: Row, selfId: string | null): DmlError[] {
    const errors: DmlError[] = [];
    const missing = [...object.fields.values()].filter(
      (f) => f.required && f.createable && isBlank(row.get(f.name.toLowerCase()))
    );
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      errors.push({
        statusCode: 'REQUIRED_FIELD_MISSING',
        message: `Required fields are missing: [${names.join(', ')}]`,
        fields: names
      });
    }
    for (const f of object.fields.values()) {
      const value = row.get(f.name.toLowerCase());
      if (value === null || value === undefined) continue;
      errors.push(...this.checkValue(object, f, value, selfId));
    }
    return errors;
  }

  private checkValue(
    object: SObjectSchema,
    f: FieldSchema,
    value: unknown,
    selfId: string | null
  ): DmlError[] {
    if (
      typeof value === 'string' &&
      f.length !== undefined &&
      value.length > f.length &&
      f.type !== 'Lookup' &&
      f.type !== 'MasterDetail'
    ) {
      return [
        {
          statusCode: 'STRING_TOO_LONG',
          message: `${f.label}: data value too large: ${value} (max length=${f.length})`,
          fields: [f.name]
        }
      ];
    }
    if (f.restrictedPicklist && f.picklistValues && typeof value === 'string') {
      const allowed = f.type === 'MultiselectPicklist' ? value.split(';') : [value];
      if (allowed.some((v) => !f.picklistValues!.includes(v))) {
        return [
          {
            statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            message: `${f.label}: bad value for restricted picklist field: ${value}`,
            fields: [f.name]
          }
        ];
      }
    }
    if (
      (f.type === 'Number' || f.type === 'Currency' || f.type === 'Percent') &&
      value instanceof ApexDecimal &&
      f.precision !== undefined
    ) {
      const integerDigits = value.abs().setScale(0).toPlainString().replace(/^0$/, '').length;
      if (integerDigits > f.precision - (f.scale ?? 0)) {
        return [
          {
            statusCode: 'NUMBER_OUTSIDE_VALID_RANGE',
            message: `${f.label}: value outside of valid range on numeric field: ${value.toPlainString()}`,
            fields: [f.name]
          }
        ];
      }
    }
    if ((f.type === 'Lookup' || f.type === 'MasterDetail') && typeof value === 'string') {
      const target = this.find(value);
      if (
        !target ||
        !(f.referenceTo ?? []).some((r) => r.toLowerCase() === target.object.name.toLowerCase())
      ) {
        return [
          {
            statusCode: 'INVALID_CROSS_REFERENCE_KEY',
            message: `invalid cross reference id`,
            fields: [f.name]
          }
        ];
      }
    }
    if (f.unique || f.externalId) {
      if (!f.unique) return [];
      const clash = this.matching(object, f, value).find((r) => r.get('id') !== selfId);
      if (clash) {
        return [
          {
            statusCode: 'DUPLICATE_VALUE',
            message: `duplicate value found: ${f.name} duplicates value on record with id: ${String(clash.get('id'))}`,
            fields: [f.name]
          }
        ];
      }
    }
    return [];
  }
}

function failure(statusCode: string, message: string, fields: string[]): RowResult {
  return { id: null, success: false, errors: [{ statusCode, message, fields }] };
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

interface ValueIndex {
  field: string;
  caseSensitive: boolean;
  byKey: Map<string, Set<string>>;
}

/** Adds a live row to (or removes it from) an index; deleted rows are never indexed. */
function indexRow(index: ValueIndex, id: string, row: Row, add: boolean): void {
  if (row.get('isdeleted') === true) return;
  const key = indexKey(row.get(index.field), index.caseSensitive);
  if (key === null) return;
  let ids = index.byKey.get(key);
  if (add) {
    if (!ids) index.byKey.set(key, (ids = new Set()));
    ids.add(id);
  } else if (ids) {
    ids.delete(id);
    if (ids.size === 0) index.byKey.delete(key);
  }
}

/** A value's index key, equal exactly when `sameKey` holds; null for values left unindexed. */
function indexKey(v: unknown, caseSensitive: boolean): string | null {
  if (typeof v === 'string') return `s${caseSensitive ? v : v.toLowerCase()}`;
  if (v instanceof ApexDecimal) return `d${v.stripTrailingZeros().toPlainString()}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v}${String(v)}`;
  return null;
}

/** Ids of one object are handed out in order, so comparing them orders rows by creation. */
function compareIds(a: Row, b: Row): number {
  const x = a.get('id') as string;
  const y = b.get('id') as string;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sameKey(a: unknown, b: unknown, caseSensitive: boolean): boolean {
  if (typeof a === 'string' && typeof b === 'string')
    return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  if (a instanceof ApexDecimal && b instanceof ApexDecimal) return a.compareTo(b) === 0;
  return a === b;
}

/** The value of a default-value formula that is a literal; anything else is refused loudly. */
export function defaultLiteral(f: FieldSchema): unknown {
  const text = f.defaultValue?.trim();
  if (text === undefined) return null;
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^'.*'$/s.test(text) || /^".*"$/s.test(text)) return text.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(text)) {
    return f.type === 'Number' || f.type === 'Currency' || f.type === 'Percent'
      ? ApexDecimal.fromString(text)
      : Number(text);
  }
  if (/^null$/i.test(text)) return null;
  throw new UnsupportedError(`default value formula ${text} on ${f.name}`);
}
