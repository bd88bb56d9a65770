/**
 * `npm start` end to end, small: the real local org (the project's Apex on the offline runtime),
 * the real local ERP on its worker thread, real HTTP both ways. Paced at full speed: the virtual
 * clock jumps, so the run takes seconds of real time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { LocalOrg } from '../../packages/apex-runtime/src/index.ts';
import { repoRoot } from '../lib/project.ts';
import { collectSummary } from './collect.ts';
import { circuitStates } from './org-counts.ts';
import { INTEGRATION_USERNAME } from './sessions.ts';
import type { Progress } from './progress.ts';
import { runScenario } from './run.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { startStack, unattendedStack } from './stack.ts';
import type { Stack } from './stack.ts';
import { brokenInvariants } from './summary.ts';

const silent: Progress = { update: () => undefined, end: () => undefined };

function startSmall(): Promise<Stack> {
  return startStack(unattendedStack(repoRoot));
}

function count(org: LocalOrg, soql: string): number {
  return Number(org.query(soql)[0].expr0);
}

describe('npm start, end to end', () => {
  it('outage: every message delivered or dead-lettered, none applied twice, the summary is the data', async () => {
    const stack = await startSmall();
    try {
      const { org } = stack;
      // Batches of 2 spread 20 orders over 50 virtual seconds, across the outage's start.
      const outcome = await runScenario(stack, SCENARIOS.outage, {
        orders: 20,
        batchSize: 2,
        seed: 1,
        progress: silent
      });
      assert.ok(outcome.settled, 'the run settles');
      const summary = await collectSummary(stack, 'outage', 20, outcome);
      assert.deepEqual(brokenInvariants(summary), []);

      const enqueued = count(org, 'SELECT COUNT() FROM Conduit_Message__c');
      const delivered = count(
        org,
        "SELECT COUNT() FROM Conduit_Message__c WHERE Status__c = 'Delivered'"
      );
      const dead = count(org, "SELECT COUNT() FROM Conduit_Message__c WHERE Status__c = 'Dead'");
      assert.equal(summary.enqueued, enqueued);
      assert.equal(summary.delivered, delivered);
      assert.equal(summary.stillDead, dead);
      assert.equal(delivered + dead, enqueued, 'delivered + dead-lettered = enqueued');
      assert.equal(dead, 0, 'a 2-minute outage is shorter than the 5 attempts last');
      assert.equal(summary.lost, 0);
      assert.equal(summary.deadLettered, count(org, 'SELECT COUNT() FROM Conduit_Dead_Letter__c'));

      // The outage was felt: retries, and the circuit opened and closed again.
      assert.ok(summary.retried > 0, `retries counted (${summary.retried})`);
      assert.ok(summary.circuitTransitions.some((t) => t.endsWith('CLOSED->OPEN')));
      assert.ok(summary.circuitTransitions.some((t) => t.endsWith('HALF_OPEN->CLOSED')));
      assert.equal(
        count(org, "SELECT COUNT() FROM Conduit_Log__c WHERE Source__c = 'Circuit'"),
        summary.circuitTransitions.length
      );
      // The logged transitions are the saved circuit's real history: one unbroken walk per
      // endpoint (no transition logged twice), ending closed now that the ERP is back.
      const last = new Map<string, string>();
      for (const transition of summary.circuitTransitions) {
        const [endpoint, move] = transition.split(': ');
        const [from, to] = move.split('->');
        assert.equal(from, last.get(endpoint) ?? 'CLOSED', `${transition} follows the last state`);
        last.set(endpoint, to);
      }
      assert.deepEqual(
        circuitStates(org).filter((c) => c.state !== 'CLOSED'),
        [],
        'every saved circuit closed again'
      );

      // The ERP holds each order once and posted each status back once.
      const erp = await stack.erp.stats();
      assert.equal(summary.duplicatesAtErp, 0);
      assert.equal(erp.idempotency.duplicatesApplied, 0);
      assert.equal(erp.store.orders, 20);
      assert.equal(erp.paths['POST /api/orders'].byStatus['201'], 20);
      assert.equal(count(org, 'SELECT COUNT() FROM Order WHERE External_Id__c != null'), 20);
      assert.equal(
        count(org, "SELECT COUNT() FROM Order WHERE Erp_Status__c = 'ACCEPTED'"),
        summary.statusCallbacks
      );
      // Every tenth status was posted twice; the ledger answered each repeat as a replay and
      // holds one key per status.
      assert.equal(summary.statusCallbacksRepeated, Math.floor(summary.statusCallbacks / 10));
      assert.equal(summary.statusCallbacksReplayed, summary.statusCallbacksRepeated);
      assert.equal(
        count(org, 'SELECT COUNT() FROM Conduit_Idempotency_Key__c'),
        summary.statusCallbacks
      );
      // The callbacks ran as the integration user: Conduit_Integration is enough for them.
      assert.equal(
        count(
          org,
          `SELECT COUNT() FROM Order WHERE Erp_Status__c = 'ACCEPTED' AND LastModifiedBy.Username = '${INTEGRATION_USERNAME}'`
        ),
        summary.statusCallbacks
      );
    } finally {
      await stack.close();
    }
  });

  it('replay: every dead letter replayed after recovery is delivered once', async () => {
    const stack = await startSmall();
    try {
      const { org } = stack;
      const outcome = await runScenario(stack, SCENARIOS.replay, {
        orders: 6,
        batchSize: 2,
        seed: 1,
        progress: silent
      });
      assert.ok(outcome.settled, 'the run settles');
      const summary = await collectSummary(stack, 'replay', 6, outcome);
      assert.deepEqual(brokenInvariants(summary), []);
      assert.ok(summary.deadLettered > 0, 'the long outage dead-letters messages');
      assert.equal(summary.replayed, summary.deadLettered, 'every dead letter is replayed');
      assert.equal(
        count(org, "SELECT COUNT() FROM Conduit_Dead_Letter__c WHERE Status__c = 'Replayed'"),
        summary.replayed
      );
      assert.equal(summary.replayedDelivered, summary.replayed);
      assert.equal(summary.delivered, summary.enqueued);
      const erp = await stack.erp.stats();
      assert.equal(erp.idempotency.duplicatesApplied, 0);
      assert.equal(erp.store.orders, 6, 'each order created once at the ERP');
      assert.equal(erp.paths['POST /api/orders'].byStatus['201'], 6);
    } finally {
      await stack.close();
    }
  });

  it('npm start serves after the summary until SIGTERM, then closes everything and exits 0', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(repoRoot, 'scripts', 'start', 'main.ts'),
        ...['--scenario', 'steady', '--orders', '2', '--speed', '100000', '--skip-build'],
        ...['--port', '0', '--erp-port', '0', '--dashboard-port', '0']
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code))
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('serving until Ctrl-C')) resolve();
      });
      void exited.then(() => reject(new Error(`npm start ended early:\n${stdout}\n${stderr}`)));
    });
    const orgUrl = /org \(Apex REST\) (\S+)\/services\/apexrest\//.exec(stdout)?.[1];
    assert.ok(orgUrl, stdout);
    assert.match(stdout, /invariants: hold/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    await assert.rejects(fetch(`${orgUrl}/services/apexrest/conduit/v1/order-status/`), 'closed');
  });
});
