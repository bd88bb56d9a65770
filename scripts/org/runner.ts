/**
 * Executes a plan step by step: progress on standard error (a ticking line for long steps), the
 * `sf --json` output of each step read into data or into an `OrgError` that says what to do.
 * The process spawner is a parameter so tests can replay saved `sf` outputs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from './args.ts';
import { OrgError } from './errors.ts';
import { interpret } from './outcome.ts';
import type { Step } from './plan.ts';
import { commandLine } from './shell.ts';

/** What a spawned process left behind. */
export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not start (ENOENT: the binary is missing). */
  spawnError?: NodeJS.ErrnoException;
}

/** Runs one command; `passThrough` shows its output live instead of capturing it. */
export type Spawner = (command: readonly string[], passThrough: boolean) => Promise<Exit>;

/** Where progress lines go (standard error, so `--json` keeps standard output clean). */
export type Log = (line: string) => void;

/** A finished step as reported by `--json`. */
export interface StepReport {
  description: string;
  command: string[];
  seconds: number;
  ok: boolean;
}

/** The outcome of a whole run. */
export interface RunResult {
  ok: boolean;
  steps: StepReport[];
  /** What the steps produced: username, login URL, test report, org status. */
  data: Record<string, unknown>;
  error?: OrgError;
}

const ENV = {
  SF_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true'
};

/** The real spawner: `sf` from node_modules/.bin when installed there, argument arrays only. */
export function processSpawner(repoRoot: string): Spawner {
  const localSf = join(repoRoot, 'node_modules', '.bin', 'sf');
  return (command, passThrough) =>
    new Promise((resolve) => {
      const [bin, ...args] = command;
      const executable = bin === 'sf' && existsSync(localSf) ? localSf : bin;
      const child = spawn(executable, args, {
        cwd: repoRoot,
        env: { ...process.env, ...ENV },
        stdio: passThrough ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe']
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let spawnError: NodeJS.ErrnoException | undefined;
      child.on('error', (error: NodeJS.ErrnoException) => (spawnError = error));
      child.on('close', (code) => resolve({ code, stdout, stderr, spawnError }));
    });
}

/** Shows a step as it runs; long steps tick every `everyMs` with the elapsed time. */
function progress(step: Step, log: Log, everyMs: number): () => number {
  const started = Date.now();
  log(`▶ ${step.description} ...`);
  const timer = step.long
    ? setInterval(
        () => log(`  … ${step.description} (${Math.round((Date.now() - started) / 1000)} s)`),
        everyMs
      )
    : undefined;
  return () => {
    if (timer) clearInterval(timer);
    return Math.round((Date.now() - started) / 100) / 10;
  };
}

/** Runs the steps in order and stops at the first failure. */
export async function runPlan(
  steps: readonly Step[],
  options: Options,
  spawner: Spawner,
  log: Log,
  sfVersion: string,
  tickMs = 15_000
): Promise<RunResult> {
  const reports: StepReport[] = [];
  const data: Record<string, unknown> = {};
  for (const step of steps) {
    const done = progress(step, log, tickMs);
    // Build and credential output helps the user; sf's own JSON is read, not shown.
    const exit = await spawner(step.command, step.reads === 'exit-code' && !options.json);
    const seconds = done();
    try {
      Object.assign(data, interpret(step, exit, options, sfVersion));
      reports.push({ description: step.description, command: step.command, seconds, ok: true });
      log(`✔ ${step.description} (${seconds} s)`);
    } catch (error) {
      if (!(error instanceof OrgError)) throw error;
      reports.push({ description: step.description, command: step.command, seconds, ok: false });
      log(`✖ ${step.description}: ${commandLine(step.command)}`);
      return { ok: false, steps: reports, data, error };
    }
  }
  return { ok: true, steps: reports, data };
}
