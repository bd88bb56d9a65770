/**
 * Change Data Capture (Change Data Capture Developer Guide: Apex Change Event Triggers, Test
 * Change Event Triggers, ChangeEventHeader Fields, Change Event Body Fields).
 *
 * A successful insert, update, delete or undelete of a record whose object is selected for
 * change notifications (or of any supported object once the test called
 * Test.enableChangeDataCapture()) publishes a change event on the test event bus; delivery
 * (Test.getEventBus().deliver(), Test.stopTest()) hands it to the `after insert` triggers of
 * `<Object>ChangeEvent`. The events are DML of the transaction: an all-or-none call that fails,
 * or a rollback to a savepoint, takes them back.
 *
 * It plugs into DML as a wrapper of the trigger hooks: the object's own after triggers run first
 * (they can still fail records), then the change events of the records that stayed saved.
 */
import { randomUUID } from 'node:crypto';
import type { DmlHooks, TriggerOperation } from '../database/dml.ts';
import { SObjectValue } from '../database/sobject.ts';
import type { Schema, SObjectSchema } from '../schema/schema.ts';
import { nowMillis } from '../values/datetime.ts';
import { UnsupportedError } from './errors.ts';
import type { EventBus } from './events.ts';
import type { Platform } from './platform.ts';
import type { Runtime } from './runtime.ts';
import { valueEquals } from './semantics.ts';
import type { DataContext } from './sobjects.ts';
import { NativeClass, type NativeMember, T, type TypeInfo, listOf } from './types.ts';
import { ApexList, type ApexObject } from './values.ts';

type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

const CHANGE_TYPES: Record<TriggerOperation, ChangeType> = {
  insert: 'CREATE',
  update: 'UPDATE',
  delete: 'DELETE',
  undelete: 'UNDELETE'
};

/**
 * The value of `event.ChangeEventHeader` (Apex Reference: EventBus.ChangeEventHeader). Its
 * properties are `{get; set;}`, and `new EventBus.ChangeEventHeader()` builds an empty one, so a
 * test can hand a trigger handler events the bus never produces (gap and overflow events).
 */
export class ChangeEventHeaderValue {
  readonly apexTypeName = 'EventBus.ChangeEventHeader';
  /** Set only by Apex code; unset on events of Apex DML, whose origin is not documented. */
  changeOrigin: string | null | undefined = undefined;
  constructor(
    public entityName: string | null,
    public recordIds: ApexList | null,
    public changeType: string | null,
    public changedFields: ApexList | null,
    public nulledFields: ApexList | null,
    public diffFields: ApexList | null,
    public transactionKey: string | null,
    public sequenceNumber: number | null,
    public commitTimestamp: bigint | null,
    public commitNumber: bigint | null,
    public commitUser: string | null
  ) {}

  apexToString(): string {
    throw new UnsupportedError('String.valueOf(EventBus.ChangeEventHeader)');
  }
}

/** One change: what the event carries before merging with identical changes. */
interface Change {
  recordId: string;
  values: Map<string, unknown>;
  changed: string[];
  nulled: string[];
}

/** The DML hooks with change event publishing after the object's own triggers. */
export class ChangeDataCapture implements DmlHooks {
  /** Set by Test.enableChangeDataCapture() for the current test. */
  enabled = false;
  private readonly events = new Map<string, SObjectSchema>();
  private transaction = { epoch: -1, key: '', sequence: 0 };
  private commits = 0n;

  constructor(
    private readonly rt: Runtime,
    private readonly triggers: DmlHooks,
    private readonly bus: EventBus,
    schema: Schema,
    private readonly userId: string
  ) {
    for (const object of schema.objects.values())
      if (object.changeEventOf) this.events.set(object.changeEventOf.toLowerCase(), object);
  }

  before(
    op: TriggerOperation,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void {
    this.triggers.before(op, object, records, olds);
  }

  after(
    op: TriggerOperation,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void {
    this.triggers.after(op, object, records, olds);
    const event = this.events.get(object.name.toLowerCase());
    if (!event || !(this.enabled || object.changeDataCapture)) return;
    const changes: Change[] = [];
    const rows = (records ?? olds)!;
    rows.forEach((row, i) => {
      // A record that its after trigger failed is not saved, so it has no change event.
      if (row.errors.length > 0) return;
      changes.push(this.change(op, event, row, olds?.[i] ?? null));
    });
    if (changes.length > 0) this.publish(CHANGE_TYPES[op], object, event, changes);
  }

  mark(): number {
    return this.bus.mark();
  }

  rolledBack(mark: number): void {
    this.bus.rolledBackTo(mark);
  }

  /**
   * What a change event of one record holds (Change Event Body Fields, Apex): all fields for a
   * create or undelete, only the changed fields plus LastModifiedDate for an update, none for a
   * delete.
   */
  private change(
    op: TriggerOperation,
    event: SObjectSchema,
    row: SObjectValue,
    old: SObjectValue | null
  ): Change {
    const change: Change = {
      recordId: (row.get('id') ?? old?.get('id')) as string,
      values: new Map(),
      changed: [],
      nulled: []
    };
    if (op === 'delete') return change;
    const call = (self: unknown, name: string, args: unknown[]) =>
      this.rt.callMethod(self as ApexObject, name, args);
    for (const [key, field] of event.fields) {
      if (key === 'changeeventheader' || key === 'replayid') continue;
      const value = row.get(key);
      if (op === 'update') {
        const changed = key === 'lastmodifieddate' || !valueEquals(old!.get(key), value, call);
        if (!changed) continue;
        change.changed.push(field.name);
        if (value === null) change.nulled.push(field.name);
      }
      if (value !== null) change.values.set(key, value);
    }
    return change;
  }

  /**
   * Publishes the changes of one DML chunk, merging identical ones: the platform sends one event
   * with several recordIds when the same change happened to several records of an object in a
   * transaction (ChangeEventHeader Fields, recordIds).
   */
  private publish(
    changeType: ChangeType,
    object: SObjectSchema,
    event: SObjectSchema,
    changes: Change[]
  ): void {
    const groups = new Map<string, Change[]>();
    for (const change of changes) {
      const signature = JSON.stringify([
        [...change.values].map(([k, v]) => [k, this.rt.toApexString(v)]),
        change.changed,
        change.nulled
      ]);
      groups.set(signature, [...(groups.get(signature) ?? []), change]);
    }
    const commitNumber = ++this.commits;
    const transaction = this.currentTransaction();
    for (const group of groups.values()) {
      const first = group[0];
      transaction.sequence++;
      const header = new ChangeEventHeaderValue(
        object.name,
        strings(group.map((c) => c.recordId)),
        changeType,
        strings(first.changed),
        strings(first.nulled),
        // Large text fields reach Apex triggers whole; diffFields stays empty there.
        strings([]),
        transaction.key,
        transaction.sequence,
        BigInt(nowMillis()),
        commitNumber,
        this.userId
      );
      const values = new Map(first.values);
      values.set('changeeventheader', header);
      const message = new SObjectValue(event, values);
      this.bus.publish(message, this.userId);
      // The bus stamps CreatedDate and CreatedById as a platform event's; here they are the
      // record's fields, present only when the change carries them.
      for (const key of ['createddate', 'createdbyid', 'eventuuid']) {
        if (first.values.has(key)) message.set(key, first.values.get(key));
        else message.values.delete(key);
      }
    }
  }

  /** The transaction key and sequence of the running test's transaction. */
  private currentTransaction(): { key: string; sequence: number } {
    if (this.transaction.epoch !== this.rt.epoch)
      this.transaction = { epoch: this.rt.epoch, key: randomUUID(), sequence: 0 };
    return this.transaction;
  }
}

function strings(items: string[]): ApexList {
  return new ApexList(T.String, [...items]);
}

/**
 * Registers EventBus.ChangeEventHeader and Test.enableChangeDataCapture(), types the header field
 * of every change event, and wraps the trigger hooks of DML with change event publishing.
 */
export function installChangeDataCapture(
  platform: Platform,
  data: DataContext,
  triggers: DmlHooks,
  userId: string
): ChangeDataCapture {
  const header = new NativeClass('ChangeEventHeader', (v) => v instanceof ChangeEventHeaderValue);
  platform.natives.set('eventbus.changeeventheader', header);
  installHeader(header);
  for (const object of data.schema.objects.values())
    if (object.kind === 'changeEvent')
      object.fields.get('changeeventheader')!.apexType = header.type;
  const cdc = new ChangeDataCapture(platform.runtime, triggers, data.events, data.schema, userId);
  const test = platform.natives.get('test');
  if (!test) throw new Error('the Test class must be installed before Change Data Capture');
  test.addStatic('enableChangeDataCapture', [], T.Void, () => {
    cdc.enabled = true;
    return null;
  });
  data.resets.push(() => {
    cdc.enabled = false;
  });
  return cdc;
}

/** The header's properties, readable and settable as fields (`header.changeType`) or getters. */
function installHeader(native: NativeClass): void {
  type Header = ChangeEventHeaderValue;
  type Key = Exclude<keyof Header, 'apexTypeName' | 'apexToString'>;
  const props: [Key, TypeInfo][] = [
    ['entityName', T.String],
    ['recordIds', listOf(T.String)],
    ['changeType', T.String],
    ['changedFields', listOf(T.String)],
    ['nulledFields', listOf(T.String)],
    ['diffFields', listOf(T.String)],
    ['transactionKey', T.String],
    ['sequenceNumber', T.Integer],
    ['commitTimestamp', T.Long],
    ['commitNumber', T.Long],
    ['commitUser', T.String],
    ['changeOrigin', T.String]
  ];
  const read = (self: unknown, key: Key): unknown => {
    const value = (self as Header)[key];
    // Documented only for API and Lightning Experience changes; its value for Apex DML in a
    // test is not.
    if (value === undefined) throw new UnsupportedError(`EventBus.ChangeEventHeader.${key}`);
    return value;
  };
  const members = new Map<string, NativeMember>();
  for (const [name, type] of props) {
    members.set(name.toLowerCase(), {
      type,
      get: (self) => read(self, name),
      set: (self, value) => {
        (self as Record<Key, unknown>)[name] = value;
      }
    });
    native.addMethod(`get${name[0].toUpperCase()}${name.slice(1)}`, [], type, (self) =>
      read(self, name)
    );
  }
  native.member = (name) => members.get(name.toLowerCase());
  native.addConstructor([], () => {
    const header = new ChangeEventHeaderValue(
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null
    );
    header.changeOrigin = null;
    return header;
  });
}
