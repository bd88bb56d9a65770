/**
 * Starts everything `npm start` runs, in the order the pieces need each other: the local org
 * (project loaded, settings and sample data), its server (Apex REST and the dashboard's Apex
 * calls), the local ERP on a worker thread posting status updates back to that server, the
 * Named Credentials mapped to the ERP, and the dashboard (built meanwhile in a child process).
 */
import { join } from 'node:path';
import {
  createLocalOrg,
  loadProject,
  serveRest,
  setEndpointOverrides
} from '../../packages/apex-runtime/src/index.ts';
import type { LocalOrg, RestServer } from '../../packages/apex-runtime/src/index.ts';
import { readNamedCredentials } from '../../packages/apex-runtime/src/stdlib/http.ts';
import type { DashboardServer } from '../dashboard/server.ts';
import { LocalErpPortInUseError, SharedClock, startLocalErpInWorker } from '../local-erp/index.ts';
import type { WorkerErp } from '../local-erp/index.ts';
import { buildDashboardIfNeeded, existingBuild } from './build.ts';
import { startDashboard } from './dashboard.ts';
import { checkKnownCredentials, readEndpoints, resolveEndpoints } from './endpoints.ts';
import { UsageError } from './errors.ts';
import { assertPortFree, HOST, portInUse } from './ports.ts';
import { runOrThrow, setupApex } from './seed.ts';
import { openSessions, type Sessions } from './sessions.ts';

export { HOST };
/** The local org starts here, so runs print the same times. */
export const VIRTUAL_START = Date.UTC(2026, 0, 15, 9, 0, 0);
/** The ERP posts its status reports to OrderStatusApiV1 (`/conduit/*\/order-status/*`). */
export const STATUS_CALLBACK_PATH = '/conduit/v1/order-status/';
/** The ERP posts every tenth acknowledged status report a second time. */
export const CALLBACK_REPEAT_EVERY = 10;

export interface StackOptions {
  root: string;
  port: number;
  dashboardPort: number;
  erpPort: number;
  /** Absolute path of the local endpoints file. */
  endpointsFile: string;
  /** Virtual time per real time: the pace of the driver's steps. */
  speed: number;
  /**
   * `build`: build the dashboard when out of date, then serve it; `serve`: serve the build as it
   * is; `off`: no dashboard (the end-to-end test and the benchmark).
   */
  dashboard: 'build' | 'serve' | 'off';
  log: (line: string) => void;
}

export interface Stack {
  org: LocalOrg;
  rest: RestServer;
  erp: WorkerErp;
  /** The virtual time the ERP's worker reads; call syncClock() after the org's clock moves. */
  clock: SharedClock;
  /** At most this many virtual milliseconds pass per real millisecond. */
  speed: number;
  dashboard: DashboardServer | null;
  /** The run's users and their tokens (the ERP's integration user, the dashboard's admin). */
  sessions: Sessions;
  /** Real milliseconds from the start of startStack to everything being served. */
  readyMs: number;
  syncClock(): void;
  close(): Promise<void>;
}

/**
 * Options for a stack a program drives itself (tests, benchmarks): ports the system picks, the
 * shipped endpoints file, no pacing (the clock jumps from one due job to the next), no output.
 */
export function unattendedStack(root: string, overrides: Partial<StackOptions> = {}): StackOptions {
  return {
    root,
    port: 0,
    dashboardPort: 0,
    erpPort: 0,
    endpointsFile: join(root, 'config', 'local-endpoints.json'),
    speed: 1e9,
    dashboard: 'off',
    log: () => undefined,
    ...overrides
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const started = performance.now();
  const { log } = options;
  // Bad input first, before anything slow, so it is reported within a second.
  const templates = readEndpoints(options.endpointsFile);
  await assertPortFree(options.port, HOST, '--port');
  await assertPortFree(options.erpPort, HOST, '--erp-port');
  if (options.dashboard !== 'off')
    await assertPortFree(options.dashboardPort, HOST, '--dashboard-port');

  const build =
    options.dashboard === 'build'
      ? buildDashboardIfNeeded(log)
      : options.dashboard === 'serve'
        ? Promise.resolve(existingBuild())
        : null;
  log('loading the project into a local org ...');
  const project = loadProject(options.root);
  checkKnownCredentials(
    templates,
    readNamedCredentials(project).map((c) => c.name),
    options.endpointsFile
  );
  // The org's clock stands still except when the driver moves it (run.ts): work inside a
  // transaction takes no virtual time, so the timeline is the same on any machine, and --speed
  // paces the steps instead.
  const org = createLocalOrg(project, { start: VIRTUAL_START, speed: 0 });
  const closers: (() => Promise<void>)[] = [async () => org.close()];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    runOrThrow(org, 'load the sample data', setupApex());
    const sessions = openSessions(org);
    log(`local org ready (${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const rest = await serveRest(org, {
      port: options.port,
      host: HOST,
      authenticate: sessions.authenticate
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw portInUse(options.port, HOST, '--port');
      throw error;
    });
    closers.push(() => rest.close());

    const clock = SharedClock.create(org.clock.now(), org.clock.speed);
    const erp = await startLocalErpInWorker({
      port: options.erpPort,
      host: HOST,
      clock,
      callbackBaseUrl: `${rest.url}/services/apexrest`,
      // Every tenth acknowledged status is posted again, as a real ERP does when an
      // acknowledgement is lost: Conduit's idempotency ledger must answer it as a replay.
      callbacks: {
        path: STATUS_CALLBACK_PATH,
        headers: sessions.integrationHeaders,
        repeatEvery: CALLBACK_REPEAT_EVERY
      }
    }).catch((error: unknown) => {
      if (error instanceof LocalErpPortInUseError) throw new UsageError(error.message);
      throw error;
    });
    closers.push(() => erp.close());
    setEndpointOverrides(org.engine, resolveEndpoints(templates, { erpPort: erp.port }));

    let dashboard: DashboardServer | null = null;
    if (build) {
      const outcome = await build;
      if (outcome.kind === 'failed') log(`dashboard unavailable: ${outcome.message}`);
      else {
        if (outcome.kind === 'built') log(`dashboard built (${(outcome.ms / 1000).toFixed(1)} s)`);
        dashboard = await startDashboard(
          rest.url,
          options.dashboardPort,
          HOST,
          sessions.adminHeaders
        );
        const served = dashboard;
        closers.push(() => served.close());
      }
    }
    return {
      org,
      rest,
      erp,
      clock,
      speed: options.speed,
      dashboard,
      sessions,
      readyMs: performance.now() - started,
      syncClock: () => clock.set(org.clock.now(), org.clock.speed),
      close
    };
  } catch (error) {
    await close();
    throw error;
  }
}
