/**
 * Platform events for Apex code: EventBus.publish, EventBus.TriggerContext,
 * EventBus.RetryableException, and the test event bus (Test.getEventBus().deliver()/fail()).
 */
import { SObjectValue } from '../database/sobject.ts';
import {
  EVENT_BATCH_SIZE,
  EventBus,
  type EventTriggerState,
  type Subscriber
} from '../interpreter/events.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import type { Triggers } from '../interpreter/triggers.ts';
import type { SObjectSchema, SubscriberConfig } from '../schema/schema.ts';
import { NativeClass, T, listOf, sobjectType } from '../interpreter/types.ts';
import { ApexList } from '../interpreter/values.ts';
import { DmlResult } from './database.ts';
import type { Lib } from './lib.ts';
import { AUTOMATED_PROCESS_USERNAME, TEST_USER } from './system.ts';

class TriggerContextValue {
  readonly apexTypeName = 'EventBus.TriggerContext';
  constructor(readonly state: EventTriggerState) {}
}

class TestBroker {
  readonly apexTypeName = 'System.TestBroker';
}

/** Installs the natives; the engine delivers events with `deliver` at Test.stopTest(). */
export function installEvents(
  lib: Lib,
  bus: EventBus,
  triggers: () => Triggers
): { deliver: () => void } {
  const p = lib.platform;
  p.defineNamespacedException('EventBus', 'RetryableException');
  // Each batch runs in its own transaction with the asynchronous limits. A retried batch's DML
  // is rolled back; after another uncaught exception, DML is kept only when a resume checkpoint
  // was set (Platform Events Developer Guide, "Comparing setResumeCheckpoint() and
  // EventBus.RetryableException").
  // Each trigger on an event object is a subscriber of its own. Outside tests (a local org) its
  // PlatformEventSubscriberConfig sets its batch size and running user, and without one it runs
  // as the Automated Process user; what tests do with either is not documented, so tests keep
  // batches of 2,000 and the running user.
  // By lowercased trigger name, the first config of each; built on first use, as the schema is
  // loaded after the natives are installed.
  let configs: Map<string, SubscriberConfig> | null = null;
  const configOf = (trigger: string): SubscriberConfig | undefined => {
    if (lib.rt.testMode) return undefined;
    if (!configs) {
      configs = new Map();
      for (const c of lib.rt.data.schema.subscriberConfigs) {
        const key = c.consumer.toLowerCase();
        if (!configs.has(key)) configs.set(key, c);
      }
    }
    return configs.get(trigger.toLowerCase());
  };
  bus.subscribersOf = (object) =>
    triggers()
      .eventTriggers(object)
      .map((t) => ({ name: t.name, batchSize: configOf(t.name)?.batchSize ?? EVENT_BATCH_SIZE }));
  const runningUser = (subscriber: Subscriber): string | null => {
    if (lib.rt.testMode) return null;
    const config = configOf(subscriber.name);
    const username = config?.user ?? AUTOMATED_PROCESS_USERNAME;
    // Through the Username value index (compared case-insensitively), not a copy of every row.
    const users = lib.rt.data.schema.get('User')!;
    const [user] = lib.rt.data.db.matching(users, users.fields.get('username')!, username);
    if (!user)
      throw new UnsupportedError(
        `${config?.file ?? 'the org'}: the user ${username} that runs trigger ${subscriber.name} does not exist`
      );
    return user.get('id') as string;
  };
  const deliverBatch = (
    object: SObjectSchema,
    subscriber: Subscriber,
    events: SObjectValue[],
    state: EventTriggerState
  ) => {
    const { db, limits } = lib.rt.data;
    const mark = db.mark();
    const userId = runningUser(subscriber) ?? db.actor.userId;
    return db.asUser(userId, () => {
      bus.onBatchStart?.();
      return limits.runAsync(() => {
        const error = triggers().deliverEvents(object, events, subscriber.name);
        const retryable = error?.exception.cls.name === 'RetryableException';
        if (error && (retryable || state.checkpoint === null)) db.rollbackTo(mark);
        return error;
      });
    });
  };
  const deliver = () => bus.deliver(deliverBatch);

  const eventBus = p.addNative(new NativeClass('EventBus'));
  const saveResult = lib.native('Database.SaveResult').type;
  /**
   * One EventBus.publish call: the governor limits count calls, not events, so a list of
   * publish-immediately events uses one of the 150 immediate publishes, and a list of
   * publish-after-commit events one DML statement.
   */
  const publishAll = (values: unknown[]): DmlResult[] => {
    const events = values.map((value) => {
      const event = lib.need(value, 'event') as SObjectValue;
      if (!(event instanceof SObjectValue) || event.schema.kind !== 'platformEvent') {
        lib.throwApex(
          'IllegalArgumentException',
          `${(event as { schema?: { name: string } }).schema?.name ?? 'value'} is not a platform event`
        );
      }
      return event;
    });
    const data = lib.rt.data;
    if (events.some((e) => e.schema.publishBehavior === 'PublishImmediately'))
      data.limits.charge('publishImmediateDml');
    if (events.some((e) => e.schema.publishBehavior !== 'PublishImmediately')) {
      // Publish-after-commit events are DML of the transaction: they count as uncommitted work.
      data.limits.charge('dmlStatements');
      data.db.uncommittedWork = true;
    }
    return events.map((event) => {
      bus.publish(event, TEST_USER.id);
      return new DmlResult('SaveResult', data.db.newId(event.schema), true, false, []);
    });
  };
  eventBus.addStatic('publish', [sobjectType(null)], saveResult, (_s, [e]) => publishAll([e])[0]);
  eventBus.addStatic('publish', [listOf(sobjectType(null))], listOf(saveResult), (_s, [list]) => {
    const events = (lib.need(list, 'events') as ApexList).items;
    return new ApexList(saveResult, publishAll(events));
  });

  const context = p.addNative(
    new NativeClass('TriggerContext', (v) => v instanceof TriggerContextValue),
    'EventBus'
  );
  context.addStatic('currentContext', [], context.type, () =>
    bus.current ? new TriggerContextValue(bus.current) : null
  );
  context.addMethod('setResumeCheckpoint', [T.String], T.Void, (self, [replayId]) => {
    (self as TriggerContextValue).state.checkpoint = lib.need(replayId, 'replayId') as string;
    return null;
  });
  context.addMethod(
    'getResumeCheckpoint',
    [],
    T.String,
    (self) => (self as TriggerContextValue).state.checkpoint
  );
  context.member = (name) => {
    switch (name.toLowerCase()) {
      case 'retries':
        return { type: T.Integer, get: (self) => (self as TriggerContextValue).state.retries };
      case 'lasterror':
        return { type: T.String, get: (self) => (self as TriggerContextValue).state.lastError };
      default:
        return undefined;
    }
  };

  const broker = p.addNative(
    new NativeClass('TestBroker', (v) => v instanceof TestBroker),
    'System'
  );
  broker.addMethod('deliver', [], T.Void, () => {
    deliver();
    return null;
  });
  broker.addMethod('fail', [], T.Void, () => {
    bus.reset();
    return null;
  });
  lib.native('Test').addStatic('getEventBus', [], broker.type, () => new TestBroker());
  return { deliver };
}

export { EventBus };
