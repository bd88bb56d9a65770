/**
 * `npm run bench:start`: the local pipeline's speed, for the closing note. Runs the
 * steady scenario (a healthy ERP) with 1000 orders and no pacing, and reports:
 * - messages per second, enqueue → dispatch → local ERP → logged (real time of the run);
 * - CPU per message (process.cpuUsage: the org's thread and the ERP's worker together);
 * - time from start to everything served, the dashboard included (built when out of date).
 * Options: --orders N (default 1000), --no-dashboard.
 */
import { parseArgs } from 'node:util';
import { repoRoot } from '../lib/project.ts';
import { collectSummary } from './collect.ts';
import { runScenario } from './run.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { startStack, unattendedStack } from './stack.ts';
import { brokenInvariants } from './summary.ts';

const { values } = parseArgs({
  options: { orders: { type: 'string' }, 'no-dashboard': { type: 'boolean' } }
});
const orders = Number(values.orders ?? 1000);

const stack = await startStack(
  unattendedStack(repoRoot, {
    dashboard: values['no-dashboard'] ? 'off' : 'build',
    log: (line) => console.log(`bench: ${line}`)
  })
);
try {
  const cpuBefore = process.cpuUsage();
  const outcome = await runScenario(stack, SCENARIOS.steady, {
    orders,
    seed: 1,
    progress: { update: () => undefined, end: () => undefined }
  });
  const cpu = process.cpuUsage(cpuBefore);
  const summary = await collectSummary(stack, 'steady', orders, outcome);
  const seconds = outcome.realMs / 1000;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(`bench: ${summary.enqueued} messages (${orders} orders), steady ERP`);
  console.log(
    `bench: ${(summary.delivered / seconds).toFixed(0)} messages/s delivered (${seconds.toFixed(1)} s)`
  );
  const pipeline = (outcome.realMs - outcome.orderMs) / 1000;
  console.log(
    `bench: ${(summary.delivered / pipeline).toFixed(0)} messages/s without creating the orders (${(outcome.orderMs / 1000).toFixed(1)} s of Execute Anonymous left out)`
  );
  console.log(
    `bench: ${(cpuMs / summary.enqueued).toFixed(2)} ms CPU per message (process, both threads)`
  );
  console.log(
    `bench: ready ${(stack.readyMs / 1000).toFixed(1)} s after start (${stack.dashboard ? 'dashboard included' : 'no dashboard'})`
  );
  console.log(`bench: ERP latency p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms (real)`);
  const broken = brokenInvariants(summary);
  if (broken.length > 0 || !outcome.settled) {
    console.error(`bench: the run is not valid: ${broken.join('; ') || outcome.stuck}`);
    process.exitCode = 1;
  }
} finally {
  await stack.close();
}
