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
}

/** What EventBus.TriggerContext.currentContext() describes while an event trigger runs. */
export interface EventTriggerState {
  retries: number;
  checkpoint: string | null;
  lastError: string | null;
}

export type DeliverFn = (
  object: SObjectSchema,
  events: SObjectValue[],
  state: EventTriggerState
) => ApexThrow | null;

export class EventBus {
  private queue: Published[] = [];
  private replay = 0;
  /** Set by Test.getEventBus().fail(): publishing fails until delivery. */
  failNext = false;
  current: EventTriggerState | null = null;
  /** Per event object: the retry count and last error of a batch waiting to be retried. */
  private retryState = new Map<SObjectSchema, { retries: number; lastError: string | null }>();
  /** Counts of events delivered per object, for tests of the runtime. */
  delivered = 0;
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
   * Test.getEventBus().deliver(): hands every queued event to its triggers, object by object, in
   * batches of at most 2,000. A batch whose trigger throws EventBus.RetryableException waits,
   * whole, for the next deliver() with `retries` incremented, up to nine retries; after another
   * uncaught exception the events after the resume checkpoint wait for the next deliver()
   * (Platform Events Developer Guide, "Comparing setResumeCheckpoint() and
   * EventBus.RetryableException" and "Test Retried Event Messages").
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
      for (let i = 0; i < list.length; i += EVENT_BATCH_SIZE)
        later.push(...this.deliverBatch(object, list.slice(i, i + EVENT_BATCH_SIZE), deliverBatch));
    }
    // Events published while delivering (by the triggers) come after the ones redelivered.
    this.queue = [...later, ...this.queue];
  }

  /** Runs one batch; returns the events to hand over again at the next delivery. */
  private deliverBatch(
    object: SObjectSchema,
    batch: Published[],
    deliverBatch: DeliverFn
  ): Published[] {
    const previous = this.retryState.get(object);
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
        batch.map((p) => p.event),
        state
      );
    } finally {
      this.current = null;
    }
    this.delivered += batch.length;
    this.retryState.delete(object);
    if (!error) return [];
    this.onBatchError?.(object, error);
    if (error.exception.cls.name === 'RetryableException') {
      if (state.retries >= MAX_EVENT_RETRIES) return [];
      this.retryState.set(object, {
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
