/**
 * `npm run data:load -- --object <name> --file <csv> --external-id <field> [flags]`: loads a CSV
 * with Bulk API 2.0. Checks the CSV first (nothing is sent when it is malformed), plans the
 * chunks, records them in the results directory, runs them, merges the results and prints a
 * summary (one JSON document on standard output under `--json`).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultResultsDir, parseArgs, usage } from './args.ts';
import type { Options } from './args.ts';
import { jsforceBulk } from './bulk.ts';
import type { Bulk } from './bulk.ts';
import { planChunks, rowBytes, rowRange } from './chunks.ts';
import { connectOrg, quietSalesforceEnv } from './connection.ts';
import { readTable, toCsv } from './csv.ts';
import type { Table } from './csv.ts';
import { reportError } from '../lib/cli.ts';
import { LoadError, explain } from './errors.ts';
import { Interrupted, runChunks } from './loader.ts';
import { barProgress, lineProgress } from './progress.ts';
import { mergeResults } from './results.ts';
import type { Summary } from './results.ts';
import { STATE_FILE, StateStore, fingerprint, pending } from './state.ts';
import type { LoadState } from './state.ts';

/** What main needs from the outside world; tests pass a local server's connection. */
export interface Deps {
  /** The Bulk client for an org alias (undefined: sf's default target-org). */
  connect(org: string | undefined): Promise<Bulk>;
  out(text: string): void;
  log(line: string): void;
  /** The terminal for the progress bar, or null for plain lines. */
  tty: NodeJS.WriteStream | null;
  now(): Date;
  signal?: AbortSignal;
}

const n = (value: number): string => value.toLocaleString('en-US');

/** Reads the CSV file, or says why it cannot. */
function readFile(file: string): Buffer {
  if (!existsSync(file))
    throw new LoadError(
      `${file} does not exist: pass the CSV to load with --file <path>.`,
      'FileNotFound'
    );
  return readFileSync(file);
}

/** A new load: the CSV checked, its chunks planned. Nothing is written yet. */
function planLoad(options: Options, now: Date): { state: LoadState; table: Table; dir: string } {
  const file = options.file ?? '';
  const bytes = readFile(file);
  const table = readTable(bytes.toString('utf8'), file, {
    operation: options.operation,
    externalId: options.externalId
  });
  if (table.rows.length === 0)
    throw new LoadError(`${file} has a header but no data rows: nothing to load.`, 'NoRows');
  const headerBytes = Buffer.byteLength(toCsv(table.header, []));
  const chunks = planChunks(table.rows.map(rowBytes), headerBytes, options.chunkSize);
  const dir = options.resultsDir ?? defaultResultsDir(now);
  const state: LoadState = {
    version: 1,
    object: options.object ?? '',
    operation: options.operation,
    ...(options.operation === 'upsert' ? { externalId: options.externalId } : {}),
    file,
    fileSha256: fingerprint(bytes),
    ...(options.org ? { org: options.org } : {}),
    chunkSize: options.chunkSize,
    startedAt: now.toISOString(),
    chunks: chunks.map(pending)
  };
  return { state, table, dir };
}

/** A resumed load: its state, and the same CSV checked again. */
function resumeLoad(options: Options): { state: LoadState; table: Table; dir: string } {
  const dir = options.resume ?? '';
  const state = new StateStore(dir).load();
  const conflicts = (
    [
      ['--object', options.object, state.object],
      ['--file', options.file, state.file],
      ['--external-id', options.externalId, state.externalId]
    ] as const
  ).filter(([, given, saved]) => given !== undefined && given !== saved);
  if (conflicts.length > 0)
    throw new LoadError(
      `--resume continues the load as it was started; ${conflicts
        .map(([flag, given, saved]) => `${flag} ${given} differs from ${saved ?? '(none)'}`)
        .join(', ')}. Leave those flags out, or start a new load.`,
      'ResumeConflict'
    );
  const bytes = readFile(state.file);
  if (fingerprint(bytes) !== state.fileSha256)
    throw new LoadError(
      `${state.file} changed since the load started, so its rows no longer match the saved jobs: ` +
        'restore the original file to resume, or start a new load with the changed file.',
      'FileChanged'
    );
  const table = readTable(bytes.toString('utf8'), state.file, state);
  return { state, table, dir };
}

/** The `--dry-run` listing. */
function planText(state: LoadState, dir: string): string {
  const rows = state.chunks.reduce((sum, c) => sum + c.rows, 0);
  return [
    `Would ${state.operation} ${n(rows)} rows into ${state.object}` +
      `${state.externalId ? ` (matching on ${state.externalId})` : ''} as ${state.chunks.length} Bulk API 2.0 job(s); results in ${dir}/:`,
    ...state.chunks.map(
      (c) => `  job ${c.index}: ${rowRange(c)} (${n(c.rows)} rows, at most ${n(c.bytes)} bytes)`
    )
  ].join('\n');
}

function summarize(state: LoadState, dir: string, seconds: number, rowsThisRun: number): Summary {
  const files = mergeResults(dir, state);
  const rows = state.chunks.reduce((sum, c) => sum + c.rows, 0);
  const processed = state.chunks.reduce((sum, c) => sum + Math.min(c.processed, c.rows), 0);
  const failed = state.chunks.reduce((sum, c) => sum + c.failed, 0);
  const jobsOk = state.chunks.every((c) => c.state === 'JobComplete');
  return {
    status: jobsOk && failed === 0 && processed === rows ? 0 : 1,
    object: state.object,
    operation: state.operation,
    ...(state.externalId ? { externalId: state.externalId } : {}),
    file: state.file,
    ...(state.org ? { org: state.org } : {}),
    resultsDir: dir,
    rows,
    successful: processed - failed,
    failed,
    unprocessed: rows - processed,
    jobs: state.chunks.map((c) => ({
      chunk: c.index,
      rows: rowRange(c),
      ...(c.jobId ? { jobId: c.jobId } : {}),
      state: c.state ?? c.phase,
      processed: c.processed,
      failed: c.failed,
      ...(c.errorMessage ? { errorMessage: c.errorMessage } : {})
    })),
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: seconds > 0 ? Math.round(rowsThisRun / seconds) : rowsThisRun,
    files: { ...files, state: join(dir, STATE_FILE), summary: join(dir, 'summary.json') }
  };
}

/** The human summary, with what to do about failed rows and failed jobs. */
function summaryText(s: Summary): string[] {
  const lines = [
    `${s.operation} ${s.object}: ${n(s.successful)} of ${n(s.rows)} rows succeeded in ${s.jobs.length} job(s), ` +
      `${s.seconds} s (${n(s.rowsPerSecond)} rows/s). Results in ${s.resultsDir}/:`,
    `  successful   ${n(s.successful).padStart(10)}  ${s.files.successful}`,
    `  failed       ${n(s.failed).padStart(10)}  ${s.files.failed}`,
    `  unprocessed  ${n(s.unprocessed).padStart(10)}  ${s.files.unprocessed}`
  ];
  for (const job of s.jobs.filter((j) => j.state === 'Failed' || j.state === 'Aborted'))
    lines.push(
      `Job ${job.jobId ?? ''} (${job.rows}) ${job.state === 'Failed' ? 'failed' : 'was aborted'}` +
        `${job.errorMessage ? `: ${job.errorMessage}` : ''}. Fix the cause, then load unprocessed.csv with --file.`
    );
  if (s.failed > 0)
    lines.push(
      `${n(s.failed)} row(s) failed: sf__Error in failed.csv says why. Fix them there and load that file ` +
        'with --file (the loader leaves out its sf__ columns).'
    );
  return lines;
}

/** Runs one command line; returns the exit code. */
export async function main(argv: readonly string[], deps: Deps): Promise<number> {
  let options: Options | undefined;
  let dir: string | undefined;
  try {
    options = parseArgs(argv);
    if (options.help) {
      deps.out(usage());
      return 0;
    }
    const started = deps.now();
    const planned = options.resume ? resumeLoad(options) : planLoad(options, started);
    const { state, table } = planned;
    dir = planned.dir;
    if (options.dryRun) {
      deps.out(
        options.json
          ? JSON.stringify({ status: 0, dryRun: true, resultsDir: dir, ...state }, null, 2)
          : planText(state, dir)
      );
      return 0;
    }
    const store = new StateStore(dir);
    if (!options.resume && existsSync(store.path))
      throw new LoadError(
        `${dir} already holds a load: continue it with \`--resume ${dir}\`, or pass another --results-dir.`,
        'ResultsDirInUse'
      );
    const org = options.org ?? state.org;
    let bulk: Bulk;
    try {
      bulk = await deps.connect(org);
    } catch (error) {
      throw explain(error, 'Connecting to the org', org, options.resume ? dir : undefined);
    }
    await store.save(state);
    const rowsThisRun = state.chunks
      .filter((c) => c.phase !== 'done')
      .reduce((sum, c) => sum + c.rows, 0);
    const totalRows = state.chunks.reduce((sum, c) => sum + c.rows, 0);
    const progress =
      deps.tty && !options.json
        ? barProgress(deps.tty, totalRows, state.chunks.length)
        : lineProgress(deps.log, totalRows, state.chunks.length);
    deps.log(
      `${options.resume ? 'Resuming' : 'Loading'} ${n(totalRows)} rows into ${state.object} ` +
        `(${state.operation}) as ${state.chunks.length} job(s), ${options.parallel} at a time; results in ${dir}/`
    );
    try {
      await runChunks({
        bulk,
        store,
        state,
        table,
        parallel: options.parallel,
        pollMs: options.pollMs,
        progress,
        signal: deps.signal
      });
    } catch (error) {
      if (error instanceof Interrupted) {
        const done = state.chunks.filter((c) => c.phase === 'done').length;
        throw new LoadError(
          `Stopped after ${done} of ${state.chunks.length} jobs finished. Continue with ` +
            `\`npm run data:load -- --resume ${dir}\`: finished jobs are not sent again.`,
          'Interrupted'
        );
      }
      throw explain(error, 'The Bulk API load', org, dir);
    } finally {
      progress.stop();
    }
    const summary = summarize(
      state,
      dir,
      (deps.now().getTime() - started.getTime()) / 1000,
      rowsThisRun
    );
    writeFileSync(summary.files.summary, `${JSON.stringify(summary, null, 2)}\n`);
    if (options.json) deps.out(JSON.stringify(summary, null, 2));
    else summaryText(summary).forEach((line) => deps.out(line));
    return summary.status;
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    const resumable = dir && existsSync(join(dir, STATE_FILE)) ? { resultsDir: dir } : {};
    reportError(error, options?.json ?? argv.includes('--json'), deps.out, deps.log, resumable);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  quietSalesforceEnv(process.env);
  const interrupt = new AbortController();
  process.once('SIGINT', () => {
    console.error('Stopping after the current step (press Ctrl-C again to quit at once) ...');
    interrupt.abort();
  });
  void main(process.argv.slice(2), {
    connect: async (org) => jsforceBulk(await connectOrg(org)),
    out: (text) => console.log(text),
    log: (line) => console.error(line),
    tty: process.stderr.isTTY ? process.stderr : null,
    now: () => new Date(),
    signal: interrupt.signal
  }).then((code) => {
    process.exitCode = code;
  });
}
