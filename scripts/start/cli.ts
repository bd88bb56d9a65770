/**
 * The options of `npm start`, parsed with node:util parseArgs and checked here so each bad value
 * is refused with one line that says what to do (a UsageError, exit code 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/index.ts';

/** What a run is asked to do. */
export interface StartOptions {
  scenario: ScenarioName;
  orders: number;
  /** Virtual milliseconds per real millisecond. */
  speed: number;
  /** Print the summary and exit (0 when the invariants hold) instead of serving until Ctrl-C. */
  once: boolean;
  /** Port of the local org (Apex REST and the dashboard); 0 lets the system choose. */
  port: number;
  /** Port of the dashboard; 0 lets the system choose. */
  dashboardPort: number;
  /** Port of the local ERP; 0 lets the system choose. */
  erpPort: number;
  /** The local endpoints file, relative to the repository root or absolute. */
  endpoints: string;
  /** Seed of the ERP's random faults (the flaky scenario). */
  seed: number;
  /** Skip the LWC and dashboard build (CI builds once before). */
  skipBuild: boolean;
  help: boolean;
}

export const DEFAULTS: Omit<StartOptions, 'help'> = {
  scenario: 'outage',
  orders: 300,
  // One real second is two virtual minutes: the 2-minute outage and its retries (about 10
  // virtual minutes) pass in a few seconds, slow enough to watch the progress line move.
  speed: 120,
  once: false,
  port: 4100,
  dashboardPort: 4200,
  erpPort: 4010,
  endpoints: 'config/local-endpoints.json',
  seed: 1,
  skipBuild: false
};

export const HELP = `Usage: npm start -- [options]

Runs the reference integration locally: a local org (the offline Apex runtime on a virtual
clock), a local ERP that misbehaves on cue, and the monitoring dashboard.

Options:
  --scenario <name>     ${SCENARIO_NAMES.join(' | ')} (default ${DEFAULTS.scenario})
  --orders <n>          Orders to activate, a positive integer (default ${DEFAULTS.orders})
  --speed <x>           At most this much virtual time per real time, > 0 (default ${DEFAULTS.speed})
  --once                Print the summary and exit: 0 when the invariants hold, 1 otherwise
  --port <p>            Port of the local org (Apex REST) (default ${DEFAULTS.port}; 0: any free)
  --dashboard-port <p>  Port of the dashboard (default ${DEFAULTS.dashboardPort}; 0: any free)
  --erp-port <p>        Port of the local ERP (default ${DEFAULTS.erpPort}; 0: any free)
  --endpoints <file>    Named Credential to local URL map (default ${DEFAULTS.endpoints})
  --seed <s>            Seed of the ERP's random faults (default ${DEFAULTS.seed})
  --skip-build          Use the LWC and dashboard build as it is
  --help                This text
`;

/** Parses `npm start` arguments; throws a UsageError naming the option to fix. */
export function parseStartArgs(argv: readonly string[]): StartOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        orders: { type: 'string' },
        speed: { type: 'string' },
        once: { type: 'boolean' },
        port: { type: 'string' },
        'dashboard-port': { type: 'string' },
        'erp-port': { type: 'string' },
        endpoints: { type: 'string' },
        seed: { type: 'string' },
        'skip-build': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${reason}. Run \`npm start -- --help\` for the options.`);
  }
  return {
    scenario: scenarioOf(values.scenario),
    orders: integerOption('--orders', values.orders, DEFAULTS.orders, 1, 100_000),
    speed: speedOf(values.speed),
    once: values.once ?? false,
    port: integerOption('--port', values.port, DEFAULTS.port, 0, 65_535),
    dashboardPort: integerOption(
      '--dashboard-port',
      values['dashboard-port'],
      DEFAULTS.dashboardPort,
      0,
      65_535
    ),
    erpPort: integerOption('--erp-port', values['erp-port'], DEFAULTS.erpPort, 0, 65_535),
    endpoints: values.endpoints ?? DEFAULTS.endpoints,
    seed: integerOption('--seed', values.seed, DEFAULTS.seed, 0, 2 ** 31 - 1),
    skipBuild: values['skip-build'] ?? false,
    help: values.help ?? false
  };
}

function scenarioOf(value: string | undefined): ScenarioName {
  if (value === undefined) return DEFAULTS.scenario;
  const found = SCENARIO_NAMES.find((name) => name === value);
  if (!found)
    throw new UsageError(
      `Unknown scenario "${value}": pass --scenario ${SCENARIO_NAMES.join(', ')}.`
    );
  return found;
}

function integerOption(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number
): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, got "${value}": pass e.g. ${flag} ${fallback}.`
    );
  return n;
}

function speedOf(value: string | undefined): number {
  if (value === undefined) return DEFAULTS.speed;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1_000_000)
    throw new UsageError(
      `--speed must be a number above 0 (virtual time per real time), got "${value}": pass e.g. --speed ${DEFAULTS.speed}.`
    );
  return n;
}
