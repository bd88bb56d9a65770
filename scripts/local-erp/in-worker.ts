/**
 * The local ERP on a worker thread. The offline runtime makes Apex callouts synchronous by
 * blocking its thread until the answer comes (see packages/apex-runtime/src/local/callout.ts),
 * so an ERP answering those callouts cannot share that thread: `npm start` runs it here. The
 * handle mirrors LocalErp, with stats and setFaults asynchronous; a SharedClock carries the
 * virtual time across.
 */
import { Worker } from 'node:worker_threads';
import type { CallbackCounts } from './callbacks.ts';
import type { FaultPlanInput } from './fault-plan.ts';
import type { LocalErpOptions, LocalErpStats } from './server.ts';
import type { SharedClock } from './shared-clock.ts';
import { fromWire } from './worker-protocol.ts';
import type { Call, Operation, WorkerInput, WorkerMessage } from './worker-protocol.ts';

/** Options of the worker ERP: the clock is shared memory instead of a function. */
export type WorkerErpOptions = Omit<LocalErpOptions, 'now'> & {
  /** The virtual clock; default the real one. */
  readonly clock?: SharedClock;
};

/** A local ERP running on a worker thread. */
export interface WorkerErp {
  readonly url: string;
  readonly port: number;
  stats(): Promise<LocalErpStats>;
  /** Rejects with InvalidFaultPlanError naming what to fix. */
  setFaults(plan: FaultPlanInput): Promise<void>;
  tick(): Promise<CallbackCounts>;
  stopListening(): Promise<void>;
  resumeListening(): Promise<void>;
  /** Closes the ERP and ends the worker. */
  close(): Promise<void>;
}

/** Starts the local ERP on a worker thread; rejects with the same typed errors as startLocalErp. */
export function startLocalErpInWorker(options: WorkerErpOptions = {}): Promise<WorkerErp> {
  const { clock, ...rest } = options;
  const input: WorkerInput = { options: rest, clock: clock?.buffer ?? null };
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: input });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited = false;

  const call = (op: Operation, arg?: unknown): Promise<unknown> => {
    if (exited) return Promise.reject(new Error('The local ERP worker has stopped.'));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, arg } satisfies Call);
    });
  };

  return new Promise((resolve, reject) => {
    worker.on('error', (error) => {
      reject(error);
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    });
    worker.on('exit', () => {
      exited = true;
      const stopped = new Error('The local ERP worker has stopped.');
      reject(stopped);
      for (const waiting of pending.values()) waiting.reject(stopped);
      pending.clear();
    });
    worker.on('message', (message: WorkerMessage) => {
      switch (message.kind) {
        case 'failed':
          reject(fromWire(message.error));
          return;
        case 'result':
        case 'error': {
          const waiting = pending.get(message.id);
          pending.delete(message.id);
          if (message.kind === 'result') waiting?.resolve(message.value);
          else waiting?.reject(fromWire(message.error));
          return;
        }
        case 'ready':
          resolve({
            url: message.url,
            port: message.port,
            stats: () => call('stats') as Promise<LocalErpStats>,
            setFaults: async (plan) => {
              await call('setFaults', plan);
            },
            tick: () => call('tick') as Promise<CallbackCounts>,
            stopListening: async () => {
              await call('stopListening');
            },
            resumeListening: async () => {
              await call('resumeListening');
            },
            close: async () => {
              if (exited) return;
              const ended = new Promise<void>((done) => worker.once('exit', () => done()));
              await call('close');
              await ended;
            }
          });
      }
    });
  });
}
