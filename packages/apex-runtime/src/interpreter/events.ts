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
  /** Counts of events delivered per object, for tests of the runtime. */
  delivered = 0;

  reset(): void {
    this.queue = [];
    this.failNext = false;
    this.current = null;
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
   * Delivers every queued event to its triggers, object by object, in batches. A batch whose
   * trigger throws EventBus.RetryableException is redelivered from its resume checkpoint, up to
   * the platform's retry bound; any other exception ends that batch.
   */
  deliver(deliverBatch: DeliverFn): void {
    while (this.queue.length > 0) {
      const events = this.queue.map((p) => p.event);
      this.queue = [];
      const byObject = new Map<SObjectSchema, SObjectValue[]>();
      for (const e of events) byObject.set(e.schema, [...(byObject.get(e.schema) ?? []), e]);
      for (const [object, list] of byObject) {
        for (let i = 0; i < list.length; i += EVENT_BATCH_SIZE)
          this.deliverBatch(object, list.slice(i, i + EVENT_BATCH_SIZE), deliverBatch);
      }
    }
  }

  private deliverBatch(
    object: SObjectSchema,
    batch: SObjectValue[],
    deliverBatch: DeliverFn
  ): void {
    let remaining = batch;
    const state: EventTriggerState = { retries: 0, checkpoint: null, lastError: null };
    for (;;) {
      this.current = state;
      state.checkpoint = null;
      let error: ApexThrow | null;
      try {
        error = deliverBatch(object, remaining, state);
      } finally {
        this.current = null;
      }
      this.delivered += remaining.length;
      if (
        !error ||
        error.exception.cls.name !== 'RetryableException' ||
        state.retries >= MAX_EVENT_RETRIES
      )
        return;
      // Redeliver the events after the checkpoint (all of them when none was set).
      const from =
        state.checkpoint === null
          ? 0
          : remaining.findIndex((e) => e.get('replayid') === state.checkpoint) + 1;
      remaining = remaining.slice(from);
      if (remaining.length === 0) return;
      state.retries++;
      state.lastError = String(error.exception.fields[0] ?? '');
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}
