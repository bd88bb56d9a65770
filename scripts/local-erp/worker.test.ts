/**
 * The local ERP on a worker thread: it answers while the owning thread is blocked (as the
 * offline runtime blocks during a callout), follows a shared virtual clock, and forwards calls
 * and typed errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { TestContext } from 'node:test';
import { LocalErpPortInUseError } from './errors.ts';
import { InvalidFaultPlanError } from './fault-plan.ts';
import { startLocalErpInWorker } from './in-worker.ts';
import type { WorkerErp, WorkerErpOptions } from './in-worker.ts';
import { SharedClock } from './shared-clock.ts';
import { conduitHeaders, customerBody, putCustomer } from './test/support.ts';

async function workerErp(t: TestContext, options: WorkerErpOptions = {}): Promise<WorkerErp> {
  const erp = await startLocalErpInWorker(options);
  t.after(() => erp.close());
  return erp;
}

/** A PUT sent by a child process while this thread waits, blocked, for it to finish. */
function putWhileBlocked(url: string): { status: number; stderr: string } {
  const script = `
    const [url, headers, body] = JSON.parse(process.argv[1]);
    const r = await fetch(url, { method: 'PUT', headers, body, signal: AbortSignal.timeout(10000) });
    process.stdout.write(String(r.status));`;
  const args = JSON.stringify([
    `${url}/api/customers/001000000000001AAA`,
    conduitHeaders('customer-blocked'),
    customerBody()
  ]);
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, args], {
    encoding: 'utf8',
    timeout: 20000
  });
  return { status: Number(run.stdout), stderr: run.stderr };
}

describe('startLocalErpInWorker', () => {
  it('answers while the owning thread is blocked', async (t) => {
    const erp = await workerErp(t);
    const answer = putWhileBlocked(erp.url);
    assert.equal(answer.status, 201, answer.stderr);
    assert.equal((await erp.stats()).store.customers, 1);
  });

  it('opens and closes fault windows on a shared virtual clock', async (t) => {
    const start = Date.UTC(2026, 0, 15, 12, 0, 0);
    const clock = SharedClock.create(start, 0);
    const erp = await workerErp(t, { clock });
    await erp.setFaults({ rules: [{ kind: 'unavailable', forMs: 120_000 }] });
    assert.equal((await putCustomer(erp)).status, 503);
    clock.set(start + 120_000, 0);
    assert.equal((await putCustomer(erp)).status, 201);
  });

  it('forwards calls and typed errors', async (t) => {
    const erp = await workerErp(t);
    await assert.rejects(
      erp.setFaults({ rules: [{ kind: 'slow' }] } as never),
      (error: InvalidFaultPlanError) => {
        assert.ok(error instanceof InvalidFaultPlanError);
        assert.match(error.message, /rules\.0\.delayMs/);
        return true;
      }
    );
    await assert.rejects(startLocalErpInWorker({ port: erp.port }), LocalErpPortInUseError);
    await erp.stopListening();
    await assert.rejects(putCustomer(erp), TypeError);
    await erp.resumeListening();
    assert.equal((await putCustomer(erp)).status, 201);
    assert.deepEqual(await erp.tick(), {
      sent: 0,
      acknowledged: 0,
      retried: 0,
      rejected: 0,
      gaveUp: 0,
      repeated: 0,
      replayed: 0
    });
  });
});

describe('SharedClock', () => {
  it('runs at its speed from the last time set, and refuses a negative speed', () => {
    const clock = SharedClock.create(1000, 0);
    assert.equal(clock.now(), 1000);
    clock.set(5000, 0);
    assert.equal(SharedClock.attach(clock.buffer).now(), 5000);
    clock.set(5000, 1000);
    assert.ok(clock.now() >= 5000);
    assert.throws(() => clock.set(0, -1), /speed >= 0/);
  });
});
