/**
 * Triggers: the `Trigger` context variables and the hooks DML calls before and after it saves.
 * A trigger that throws fails the records of its chunk, and the caller sees a DmlException whose
 * message carries the trigger's name, phase, cause and stack, as on the platform.
 */
import type { DmlHooks, TriggerOperation } from '../database/dml.ts';
import type { SObjectValue } from '../database/sobject.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import { ApexThrow } from './errors.ts';
import type { ClassTable } from './classes.ts';
import { TRIGGER_ENTRY } from './classes.ts';
import type { Platform } from './platform.ts';
import type { Runtime } from './runtime.ts';
import { exceptionTypeName, ApexHasher } from './semantics.ts';
import { type ClassInfo, NativeClass, T, listOf, mapOf, sobjectType } from './types.ts';
import { ApexEnumValue, ApexList, ApexMap } from './values.ts';

/** What `Trigger.*` returns while a trigger runs. */
interface TriggerFrame {
  object: SObjectSchema;
  op: TriggerOperation;
  isBefore: boolean;
  news: ApexList | null;
  olds: ApexList | null;
  newMap: ApexMap | null;
  oldMap: ApexMap | null;
}

/** The platform stops trigger recursion at this depth. */
const MAX_TRIGGER_DEPTH = 16;

const PHASES: Record<string, string> = {
  'before insert': 'BeforeInsert',
  'before update': 'BeforeUpdate',
  'before delete': 'BeforeDelete',
  'after insert': 'AfterInsert',
  'after update': 'AfterUpdate',
  'after delete': 'AfterDelete',
  'after undelete': 'AfterUndelete'
};

export class Triggers implements DmlHooks {
  private readonly stack: TriggerFrame[] = [];
  private operationType: ClassInfo | null = null;

  constructor(
    private readonly rt: Runtime,
    private readonly table: ClassTable
  ) {}

  /** Registers the `Trigger` class and the `System.TriggerOperation` enum. */
  install(platform: Platform): void {
    this.operationType = platform.defineEnum('TriggerOperation', [
      'BEFORE_INSERT',
      'BEFORE_UPDATE',
      'BEFORE_DELETE',
      'AFTER_INSERT',
      'AFTER_UPDATE',
      'AFTER_DELETE',
      'AFTER_UNDELETE'
    ]);
    const trigger = platform.addNative(new NativeClass('Trigger'), 'System');
    const any = sobjectType(null);
    const top = () => this.stack.at(-1) ?? null;
    const prop = (name: string, type: typeof T.Boolean, get: () => unknown) =>
      trigger.staticProps.set(name.toLowerCase(), { type, get });
    prop('new', listOf(any), () => top()?.news ?? null);
    prop('old', listOf(any), () => top()?.olds ?? null);
    prop('newMap', mapOf(T.Id, any), () => top()?.newMap ?? null);
    prop('oldMap', mapOf(T.Id, any), () => top()?.oldMap ?? null);
    prop('isExecuting', T.Boolean, () => top() !== null);
    prop('isBefore', T.Boolean, () => top()?.isBefore ?? false);
    prop('isAfter', T.Boolean, () => (top() ? !top()!.isBefore : false));
    prop('isInsert', T.Boolean, () => top()?.op === 'insert');
    prop('isUpdate', T.Boolean, () => top()?.op === 'update');
    prop('isDelete', T.Boolean, () => top()?.op === 'delete');
    prop('isUndelete', T.Boolean, () => top()?.op === 'undelete');
    prop('size', T.Integer, () => {
      const t = top();
      return t ? (t.news ?? t.olds)!.items.length : 0;
    });
    prop('operationType', this.operationType.type, () => {
      const t = top();
      if (!t) return null;
      const name = `${t.isBefore ? 'BEFORE' : 'AFTER'}_${t.op.toUpperCase()}`;
      return this.operationType!.enumValues.find((v) => (v as ApexEnumValue).name === name) ?? null;
    });
  }

  before(
    op: TriggerOperation,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void {
    this.fire(`before ${op}`, op, true, object, records, olds);
  }

  after(
    op: TriggerOperation,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void {
    this.fire(`after ${op}`, op, false, object, records, olds);
  }

  private fire(
    event: string,
    op: TriggerOperation,
    isBefore: boolean,
    object: SObjectSchema,
    records: SObjectValue[] | null,
    olds: SObjectValue[] | null
  ): void {
    const triggers = this.table.triggers.filter(
      (t) => t.trigger!.object === object && t.trigger!.events.includes(event)
    );
    if (triggers.length === 0) return;
    if (this.stack.length >= MAX_TRIGGER_DEPTH) {
      this.failTooDeep(triggers[0], event, object, records ?? olds ?? []);
      return;
    }
    const record = sobjectType(object);
    const frame: TriggerFrame = {
      object,
      op,
      isBefore,
      news: records ? new ApexList(record, records) : null,
      olds: olds ? new ApexList(record, olds) : null,
      newMap: records && !(isBefore && op === 'insert') ? this.byId(records, object) : null,
      oldMap: olds ? this.byId(olds, object) : null
    };
    const affected = records ?? olds ?? [];
    for (const trigger of triggers) {
      this.stack.push(frame);
      try {
        trigger.methods.get(TRIGGER_ENTRY)![0].invoke!(null, []);
      } catch (error) {
        if (
          !(error instanceof ApexThrow) ||
          ['LimitException', 'AssertException'].includes(error.exception.cls.name)
        )
          throw error;
        const ex = error.exception;
        const message = `${trigger.trigger!.name}: execution of ${PHASES[event]}\n\ncaused by: ${exceptionTypeName(ex.cls)}: ${String(ex.fields[0] ?? '')}\n\n${(ex.trace ?? []).join('\n')}`;
        for (const r of affected)
          r.errors.push({
            statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
            message,
            fields: []
          });
        return;
      } finally {
        this.stack.pop();
      }
    }
  }

  /**
   * Recursion past 16 nested trigger invocations fails the records of the DML that would go one
   * level deeper; the message lists the invocations on the stack (observed on orgs: "X: maximum
   * trigger depth exceeded" followed by "Object trigger event AfterUpdate for [ids]" lines).
   */
  private failTooDeep(
    trigger: ClassInfo,
    event: string,
    object: SObjectSchema,
    affected: SObjectValue[]
  ): void {
    const line = (name: string, phase: string, records: SObjectValue[]) =>
      `${name} trigger event ${phase} for [${records.map((r) => String(r.get('id') ?? '').slice(0, 15)).join(', ')}]`;
    const lines = this.stack.map((f) =>
      line(
        f.object.name,
        PHASES[`${f.isBefore ? 'before' : 'after'} ${f.op}`],
        (f.news?.items as SObjectValue[]) ?? (f.olds?.items as SObjectValue[]) ?? []
      )
    );
    lines.push(line(object.name, PHASES[event], affected));
    const message = `${trigger.trigger!.name}: maximum trigger depth exceeded\n${lines.join('\n')}`;
    for (const r of affected)
      r.errors.push({ statusCode: 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', message, fields: [] });
  }

  /**
   * Hands a batch of platform events (or change events) to one after-insert trigger of their
   * object, `only` (each trigger is a subscriber of its own); returns the exception the trigger
   * threw, if any, instead of failing records.
   */
  deliverEvents(object: SObjectSchema, events: SObjectValue[], only: string): ApexThrow | null {
    const triggers = this.eventTriggers(object).filter(
      (t) => t.name.toLowerCase() === only.toLowerCase()
    );
    const frame: TriggerFrame = {
      object,
      op: 'insert',
      isBefore: false,
      news: new ApexList(sobjectType(object), events),
      olds: null,
      newMap: null,
      oldMap: null
    };
    events.forEach((e) => (e.readOnly = true));
    for (const trigger of triggers) {
      this.stack.push(frame);
      try {
        trigger.methods.get(TRIGGER_ENTRY)![0].invoke!(null, []);
      } catch (error) {
        if (
          !(error instanceof ApexThrow) ||
          ['LimitException', 'AssertException'].includes(error.exception.cls.name)
        )
          throw error;
        return error;
      } finally {
        this.stack.pop();
      }
    }
    return null;
  }

  /** The after-insert triggers of an event object: its subscribers. */
  eventTriggers(object: SObjectSchema): ClassInfo[] {
    return this.table.triggers.filter(
      (t) => t.trigger!.object === object && t.trigger!.events.includes('after insert')
    );
  }

  private byId(records: SObjectValue[], object: SObjectSchema): ApexMap {
    const map = new ApexMap(
      T.Id,
      sobjectType(object),
      new ApexHasher((self, name, args) => this.rt.callMethod(self, name, args))
    );
    for (const r of records) map.put(r.get('id'), r);
    return map;
  }
}
