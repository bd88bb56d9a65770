/**
 * Plays a scenario on the running stack: order batches and ERP outages at their virtual times,
 * the org's clock run in small steps (jobs run as they come due), the shared clock published to
 * the ERP's worker and its status callbacks sent after each step, until every message is
 * delivered or dead-lettered and nothing is left to report. Then, for `replay`, every dead
 * letter is replayed through the dashboard's Apex call and the run settles again.
 */
import type { CallbackCounts } from '../local-erp/index.ts';
import type { Scenario, TimelineStep } from './scenarios/index.ts';
import {
  circuitStates,
  deadLetterCounts,
  messageCounts,
  openDeadLetterIds,
  type MessageCounts
} from './org-counts.ts';
import type { Progress } from './progress.ts';
import { orderBatchApex, runOrThrow } from './seed.ts';
import type { Stack } from './stack.ts';

/** Orders per Execute Anonymous batch, and the virtual time between batches. */
export const BATCH_SIZE = 25;
export const BATCH_EVERY_MS = 5_000;
/** Virtual time per driver step: the ERP sees the clock and sends its callbacks this often. */
export const STEP_MS = 5_000;
/** A run that has not settled after this much virtual time is stuck. */
export const MAX_VIRTUAL_MS = 12 * 60 * 60_000;
/**
 * Messages waiting, and none changed state for this long after the timeline ended: stuck. Longer
 * than the example endpoints' longest retry delay (Max_Delay_Seconds__c, one hour).
 */
export const STALL_MS = 65 * 60_000;
/** The most dead letters one ConduitDeadLetterController.replay call takes. */
const REPLAY_CHUNK = 200;

export interface RunOptions {
  orders: number;
  /** Orders per batch (default: `batchSizeFor` the scenario's span). */
  batchSize?: number;
  seed: number;
  progress: Progress;
}

export interface RunOutcome {
  virtualMs: number;
  realMs: number;
  /** Dead letters ConduitDeadLetterController.replay reported replayed. */
  replayed: number;
  /** Why the run did not settle (null when it did). */
  stuck: string | null;
  /** Real ms spent creating and activating orders (Execute Anonymous, enqueueing included). */
  orderMs: number;
  settled: boolean;
}

interface Timed {
  at: number;
  run: () => Promise<void> | void;
}

export async function runScenario(
  stack: Stack,
  scenario: Scenario,
  options: RunOptions
): Promise<RunOutcome> {
  const { org, erp } = stack;
  const realStart = performance.now();
  const start = org.clock.now();
  stack.syncClock();
  await erp.setFaults(scenario.faults(start, options.seed));
  let erpUp = true;
  const pending: Timed[] = [];
  const batchSize = options.batchSize ?? batchSizeFor(options.orders, scenario.ordersSpanMs);
  let orderMs = 0;
  for (let first = 0, i = 0; first < options.orders; first += batchSize, i++) {
    const count = Math.min(batchSize, options.orders - first);
    pending.push({
      at: start + i * BATCH_EVERY_MS,
      run: () => {
        const began = performance.now();
        runOrThrow(org, 'create and activate orders', orderBatchApex(count));
        orderMs += performance.now() - began;
      }
    });
  }
  for (const step of scenario.timeline)
    pending.push(timelineAction(stack, start, step, (up) => (erpUp = up)));
  pending.sort((a, b) => a.at - b.at);

  const report = (counts: MessageCounts): void =>
    options.progress.update({
      virtualMs: org.clock.now(),
      counts,
      deadLetters: deadLetterCounts(org).total,
      circuits: circuitStates(org),
      erpUp
    });

  let stuck = await settle(stack, pending, start, report);
  let replayed = 0;
  if (stuck === null && scenario.replayDeadLetters) {
    replayed = await replayDeadLetters(stack);
    stuck = await settle(stack, [], start, report);
  }
  options.progress.end();
  return {
    virtualMs: org.clock.now() - start,
    realMs: performance.now() - realStart,
    replayed,
    orderMs,
    stuck,
    settled: stuck === null
  };
}

/**
 * Orders per batch: BATCH_SIZE, or fewer when that is needed for batches (one every
 * BATCH_EVERY_MS) to keep arriving until `spanMs`: 50 orders through an outage arrive before and
 * during it, not all in the first seconds.
 */
export function batchSizeFor(orders: number, spanMs: number): number {
  const batches = Math.floor(spanMs / BATCH_EVERY_MS) + 1;
  return Math.max(1, Math.min(BATCH_SIZE, Math.ceil(orders / batches)));
}

function timelineAction(
  stack: Stack,
  start: number,
  step: TimelineStep,
  setUp: (up: boolean) => void
): Timed {
  return {
    at: start + step.at,
    run: async () => {
      if (step.action === 'down') await stack.erp.stopListening();
      else await stack.erp.resumeListening();
      setUp(step.action === 'up');
    }
  };
}

/**
 * Steps the clock until the timeline is played and nothing is left to deliver or report.
 * Returns null when it settled, else why it is stuck.
 */
async function settle(
  stack: Stack,
  pending: Timed[],
  start: number,
  report: (counts: MessageCounts) => void
): Promise<string | null> {
  const { org, erp } = stack;
  let seen = '';
  let changedAt = org.clock.now();
  for (;;) {
    while (pending.length > 0 && pending[0].at <= org.clock.now()) await pending.shift()!.run();
    const next = pending[0]?.at ?? Infinity;
    const sent = await advance(stack, Math.max(1, Math.min(STEP_MS, next - org.clock.now())));
    const counts = messageCounts(org);
    report(counts);
    const callbacks = (await erp.stats()).callbacks;
    const quiet =
      pending.length === 0 &&
      counts.enqueued > 0 &&
      counts.queued + counts.retrying === 0 &&
      callbacks.pending === 0 &&
      sent.sent === 0;
    if (quiet) return null;
    const state = JSON.stringify(counts);
    if (state !== seen || pending.length > 0) {
      seen = state;
      changedAt = org.clock.now();
    }
    const waiting = counts.queued + counts.retrying;
    if (waiting > 0 && org.clock.now() - changedAt > STALL_MS)
      return `${waiting} message(s) waited ${STALL_MS / 60_000} virtual minutes with none delivered, retried or dead-lettered: Conduit's dispatcher is not making progress; without --once the org keeps serving and the dashboard shows the waiting messages`;
    if (org.clock.now() - start > MAX_VIRTUAL_MS)
      return `the run did not settle within ${MAX_VIRTUAL_MS / 3_600_000} virtual hours`;
  }
}

/**
 * Moves the org's clock `virtualMs` forward (jobs run at their due times), publishes the time to
 * the ERP's worker, sends the ERP's due status callbacks, and waits so that virtual time runs at
 * most `speed` times as fast as real time.
 */
export async function advance(stack: Stack, virtualMs: number): Promise<CallbackCounts> {
  const began = performance.now();
  await stack.org.runFor(virtualMs);
  stack.syncClock();
  const sent = await stack.erp.tick();
  const rest = virtualMs / stack.speed - (performance.now() - began);
  if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  return sent;
}

/** Replays every open dead letter through the Apex call the dashboard's Replay button makes. */
async function replayDeadLetters(stack: Stack): Promise<number> {
  const ids = openDeadLetterIds(stack.org);
  let replayed = 0;
  for (let i = 0; i < ids.length; i += REPLAY_CHUNK) {
    const response = await fetch(
      `${stack.rest.url}/__conduit/apex/ConduitDeadLetterController/replay`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...stack.sessions.adminHeaders },
        body: JSON.stringify({ deadLetterIds: ids.slice(i, i + REPLAY_CHUNK) })
      }
    );
    const body = (await response.json()) as { succeeded?: number; message?: string };
    if (!response.ok)
      throw new Error(`Replaying dead letters failed (${response.status}): ${body.message ?? ''}`);
    replayed += body.succeeded ?? 0;
  }
  return replayed;
}
