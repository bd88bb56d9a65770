/**
 * `npm start`: the reference integration running locally. Parses the options, starts the stack
 * (stack.ts), plays the scenario (run.ts), prints the summary, then serves until Ctrl-C, or
 * with --once exits 0 when the invariants hold and 1 otherwise. Bad input: one line, exit 2.
 */
import { isAbsolute, join } from 'node:path';
import { repoRoot } from '../lib/project.ts';
import { HELP, parseStartArgs } from './cli.ts';
import type { StartOptions } from './cli.ts';
import { collectSummary } from './collect.ts';
import { USAGE_EXIT_CODE, UsageError } from './errors.ts';
import { createProgress } from './progress.ts';
import { watchProblems } from './problems.ts';
import { advance, runScenario, STEP_MS } from './run.ts';
import { SCENARIOS } from './scenarios/index.ts';
import { startStack } from './stack.ts';
import type { Stack } from './stack.ts';
import { brokenInvariants, formatSummary } from './summary.ts';

const log = (line: string): void => console.log(`start: ${line}`);

async function main(options: StartOptions): Promise<number> {
  const scenario = SCENARIOS[options.scenario];
  const stack = await startStack({
    root: repoRoot,
    port: options.port,
    dashboardPort: options.dashboardPort,
    erpPort: options.erpPort,
    endpointsFile: isAbsolute(options.endpoints)
      ? options.endpoints
      : join(repoRoot, options.endpoints),
    speed: options.speed,
    dashboard: options.skipBuild ? 'serve' : 'build',
    log
  });
  running = stack;
  const stop = new Promise<void>((resolve) => (stopServing = resolve));
  log(`org (Apex REST) ${stack.rest.url}/services/apexrest/   local ERP ${stack.erp.url}/api`);
  log(
    `sessions: ERP integration user "${stack.sessions.integrationHeaders.Authorization}", admin "${stack.sessions.adminHeaders.Authorization}" (Authorization headers)`
  );
  log(
    stack.dashboard
      ? `dashboard ${stack.dashboard.url} (ready ${(stack.readyMs / 1000).toFixed(1)} s after start)`
      : `dashboard unavailable; the org is ready ${(stack.readyMs / 1000).toFixed(1)} s after start`
  );
  log(
    `scenario ${scenario.name}: ${scenario.description}; ${options.orders} orders at ${options.speed}x`
  );
  const problems = watchProblems(stack.org, (line) => log(`org: ${line}`));
  const outcome = await runScenario(stack, scenario, {
    orders: options.orders,
    seed: options.seed,
    progress: createProgress()
  });
  problems.stop();
  if (outcome.stuck) log(`stuck: ${outcome.stuck}`);
  const summary = await collectSummary(stack, scenario.name, options.orders, outcome);
  console.log(formatSummary(summary));
  const ok = outcome.settled && brokenInvariants(summary).length === 0;
  if (options.once) {
    await stack.close();
    return ok ? 0 : 1;
  }
  log('serving until Ctrl-C ...');
  serving = true;
  await keepRunning(stack, stop);
  await stack.close();
  return 0;
}

/** Set once a signal asks to stop: what fails after that is the shutdown, not an error. */
let stopping = false;

/** Runs the org's clock (scheduled jobs, the dashboard's live data) until `stop` settles. */
async function keepRunning(stack: Stack, stop: Promise<void>): Promise<void> {
  let stopped = false;
  void stop.then(() => (stopped = true));
  while (!stopped) {
    try {
      await advance(stack, STEP_MS);
    } catch (error) {
      if (stopped || stopping) break;
      throw error;
    }
  }
}

/** What the signal handler must close, once there is something. */
let running: Stack | null = null;
let serving = false;
let stopServing: () => void = () => undefined;

/**
 * SIGINT/SIGTERM, installed first thing: while serving, main closes the servers and the ERP's
 * worker and exits 0; during startup or the scenario, the stack is closed here, then exit 0.
 */
function stopOnSignals(): void {
  const onSignal = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nstart: stopping ...');
    // A close that hangs (a socket that never ends) must not keep the terminal.
    setTimeout(() => {
      console.error('start: closing took more than 5 s; exiting without waiting.');
      process.exit(1);
    }, 5_000).unref();
    if (serving) stopServing();
    else if (running) void running.close().finally(() => process.exit(0));
    else process.exit(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

function exitWith(error: unknown): void {
  // A run cut short by Ctrl-C fails on its way down; the signal handler exits 0 once closed.
  if (!stopping) fail(error);
}

function fail(error: unknown): never {
  if (error instanceof UsageError) {
    console.error(`start: ${error.message}`);
    process.exit(USAGE_EXIT_CODE);
  }
  // Anything else is a failure of the project or of the tooling: its message says what failed;
  // the stack is for whoever debugs it.
  const debug = process.env.CONDUIT_DEBUG === '1';
  const text = error instanceof Error ? (debug ? error.stack : error.message) : String(error);
  console.error(
    `start: ${text ?? String(error)}${debug ? '' : ' (CONDUIT_DEBUG=1 shows the stack)'}`
  );
  process.exit(1);
}

let options: StartOptions;
try {
  options = parseStartArgs(process.argv.slice(2));
} catch (error) {
  fail(error);
}
if (options.help) {
  console.log(HELP);
  process.exit(0);
}
stopOnSignals();
main(options).then((code) => process.exit(code), exitWith);
