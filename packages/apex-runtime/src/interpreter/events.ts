/**
 * The event bus of a test: platform events published with EventBus.publish wait until
 * Test.getEventBus().deliver() or Test.stopTest() hands them to their after-insert triggers, in
 * batches, with EventBus.TriggerContext (retries, resume checkpoint) and RetryableException
 * redelivery. *Publish immediately* events survive a rollback; *publish after commit* events
 * published after a savepoint are dropped when the transaction rolls back to it.
 */
import { randomUUID } from 'node:crypto';
import type { SObjectValue } from '../database/sobject.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import { ApexDatetime } from '../values/datetime.ts';
import { ApexThrow } from './errors.ts';

/** How many times the platform redelivers a batch after a RetryableException. */
export const MAX_EVENT_RETRIES = 9;
/** The largest batch a platform event trigger receives. */
export const EVENT_BATCH_SIZE = 2000;

interface Published {
  event: SObjectValue;
  /** Its place in publishing order, compared with a savepoint's mark on rollback. */
  sequence: number;
  immediate: boolean;
  /** Already handed to the stream listener (a redelivered batch is not streamed again). */
  streamed?: boolean;
  /** Waiting for one subscriber only (a batch it must retry, or the rest after its checkpoint). */
  only?: string;
}

/** What EventBus.TriggerContext.currentContext() describes while an event trigger runs. */
export interface EventTriggerState {
  retries: number;
  checkpoint: string | null;
  lastError: string | null;
}

/**
 * One subscriber of an event object: each trigger on it is one, with its own position, batches,
 * retries and resume checkpoint.
 */
export interface Subscriber {
  /** The trigger's name. */
  name: string;
  /** The most events one batch hands it (2,000 unless configured). */
  batchSize: number;
}

export type DeliverFn = (
  object: SObjectSchema,
  subscriber: Subscriber,
  events: SObjectValue[],
  state: EventTriggerState
) => ApexThrow | null;

export class EventBus {
  private queue: Published[] = [];
  private replay = 0;
  /** Set by Test.getEventBus().fail(): publishing fails until delivery. */
  failNext = false;
  current: EventTriggerState | null = null;
  /** Per subscriber (`Object|trigger`): the retry count and last error of a batch to retry. */
  private retryState = new Map<string, { retries: number; lastError: string | null }>();
  /** The subscribers of an event object, in the order they receive each batch. */
  subscribersOf: (object: SObjectSchema) => Subscriber[] = () => [];
  /** Set by a local org: each batch is a transaction of its own (fresh static variables). */
  onBatchStart: (() => void) | null = null;
  /** Set by a local org: told of each batch whose trigger threw (to report it). */
  onBatchError: ((object: SObjectSchema, error: ApexThrow) => void) | null = null;
  /**
   * Set by a local org: told of every event once, when it is first handed out (after its
   * transaction committed, or at once when published immediately), as a streaming client such
   * as empApi receives it whatever its triggers do.
   */
  onStream: ((event: SObjectValue) => void) | null = null;

  reset(): void {
    this.queue = [];
    this.failNext = false;
    this.current = null;
    this.retryState.clear();
  }

  /** The publishing position now, for a savepoint (events published later can be rolled back). */
  mark(): number {
    return this.replay;
  }

  /** Stamps an event with its ReplayId, EventUuid and CreatedDate, and queues it. */
  publish(event: SObjectValue, userId: string): void {
    this.replay++;
    event.set('replayid', String(this.replay));
    event.set('eventuuid', randomUUID());
    event.set('createddate', ApexDatetime.now());
    event.set('createdbyid', userId);
    this.queue.push({
      event,
      sequence: this.replay,
      immediate: event.schema.publishBehavior === 'PublishImmediately'
    });
  }

  /** A rollback to a savepoint taken at `mark` drops the after-commit events published since. */
  rolledBackTo(mark: number): void {
    this.queue = this.queue.filter((p) => p.immediate || p.sequence <= mark);
  }

  /**
   * Test.getEventBus().deliver(): hands every queued event to each trigger of its object, each
   * trigger a subscriber of its own, in batches of at most its batch size (2,000). A batch whose
   * trigger throws EventBus.RetryableException waits, whole, for the next deliver() with
   * `retries` incremented, up to nine retries; after another uncaught exception the events
   * after the resume checkpoint wait for the next deliver(). Either way that trigger's later
   * events wait behind them; the other triggers are not affected (Platform Events Developer
   * Guide, "Comparing setResumeCheckpoint() and EventBus.RetryableException" and "Test Retried
   * Event Messages").
   */
  deliver(deliverBatch: DeliverFn): void {
    const events = this.queue;
    this.queue = [];
    if (this.onStream)
      for (const p of events) {
        if (p.streamed) continue;
        p.streamed = true;
        this.onStream(p.event);
      }
    const byObject = new Map<SObjectSchema, Published[]>();
    for (const p of events) {
      const list = byObject.get(p.event.schema);
      if (list) list.push(p);
      else byObject.set(p.event.schema, [p]);
    }
    const later: Published[] = [];
    for (const [object, list] of byObject) {
      for (const subscriber of this.subscribersOf(object)) {
        const mine = list.filter((p) => p.only === undefined || p.only === subscriber.name);
        for (let i = 0; i < mine.length; i += subscriber.batchSize) {
          const batch = mine.slice(i, i + subscriber.batchSize);
          const again = this.deliverBatch(object, subscriber, batch, deliverBatch);
          if (again.length === 0) continue;
          for (const p of [...again, ...mine.slice(i + subscriber.batchSize)])
            later.push({ ...p, only: subscriber.name });
          break;
        }
      }
    }
    // Events published while delivering (by the triggers) come after the ones redelivered.
    this.queue = [...later, ...this.queue];
  }

  /** Runs one batch; returns the events to hand over again at the next delivery. */
  private deliverBatch(
    object: SObjectSchema,
    subscriber: Subscriber,
    batch: Published[],
    deliverBatch: DeliverFn
  ): Published[] {
    const key = `${object.name}|${subscriber.name}`;
    const previous = this.retryState.get(key);
    const state: EventTriggerState = {
      retries: previous?.retries ?? 0,
      checkpoint: null,
      lastError: previous?.lastError ?? null
    };
    this.current = state;
    let error: ApexThrow | null;
    try {
      error = deliverBatch(
        object,
        subscriber,
        batch.map((p) => p.event),
        state
      );
    } finally {
      this.current = null;
    }
    this.retryState.delete(key);
    if (!error) return [];
    this.onBatchError?.(object, error);
    if (error.exception.cls.name === 'RetryableException') {
      if (state.retries >= MAX_EVENT_RETRIES) return [];
      this.retryState.set(key, {
        retries: state.retries + 1,
        lastError: String(error.exception.fields[0] ?? '')
      });
      return batch;
    }
    if (state.checkpoint === null) return [];
    const from = batch.findIndex((p) => p.event.get('replayid') === state.checkpoint) + 1;
    return batch.slice(from);
  }

  get pending(): number {
    return this.queue.length;
  }
}
