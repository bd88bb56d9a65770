/**
 * The worker thread of `startLocalErpInWorker`: runs the local ERP and answers the owner's
 * calls. Loaded through worker-entry.mjs, which registers tsx first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { startLocalErp } from './server.ts';
import type { LocalErp } from './server.ts';
import { SharedClock } from './shared-clock.ts';
import { toWire } from './worker-protocol.ts';
import type { Call, WorkerInput, WorkerMessage } from './worker-protocol.ts';

if (parentPort === null) {
  throw new Error('worker.ts runs as a worker thread: use startLocalErpInWorker.');
}
const port: MessagePort = parentPort;
const input = workerData as WorkerInput;
const post = (message: WorkerMessage): void => port.postMessage(message);

/** Runs one call against the ERP. */
async function run(erp: LocalErp, call: Call): Promise<unknown> {
  switch (call.op) {
    case 'stats':
      return erp.stats();
    case 'setFaults':
      // The plan is checked by the ERP itself, as any other plan.
      erp.setFaults(call.arg as Parameters<LocalErp['setFaults']>[0]);
      return null;
    case 'tick':
      return erp.tick();
    case 'stopListening':
      return erp.stopListening();
    case 'resumeListening':
      return erp.resumeListening();
    case 'close':
      await erp.close();
      return null;
  }
}

try {
  const clock = input.clock === null ? null : SharedClock.attach(input.clock);
  const erp = await startLocalErp({ ...input.options, ...(clock ? { now: clock.now } : {}) });
  port.on('message', (call: Call) => {
    run(erp, call).then(
      (value) => {
        post({ kind: 'result', id: call.id, value });
        // Closing the port after the answer lets the worker exit once the ERP is closed.
        if (call.op === 'close') port.close();
      },
      (error: unknown) => post({ kind: 'error', id: call.id, error: toWire(error) })
    );
  });
  post({ kind: 'ready', url: erp.url, port: erp.port });
} catch (error) {
  post({ kind: 'failed', error: toWire(error) });
  port.close();
}
