/**
 * Runs the chunks of a load as Bulk API 2.0 jobs, `parallel` at a time: create the job (its id
 * saved before anything else), upload the chunk's CSV, close it, poll until it ends, save its
 * result files. Continues a resumed load from each chunk's saved phase: finished jobs are left
 * alone, closed ones are polled, and ones that never got all their data are aborted (so the org
 * never processes them) and created again.
 */
import type { Bulk, JobSpec, JobState, JobStatus } from './bulk.ts';
import { toCsv } from './csv.ts';
import type { Table } from './csv.ts';
import { LoadError } from './errors.ts';
import { RESULT_KINDS, saveChunkResult } from './results.ts';
import type { ChunkState, LoadState, StateStore } from './state.ts';

/** What happened to a chunk's job, for progress and tests. */
export type JobEvent = 'created' | 'uploaded' | 'closed' | 'polled' | 'done' | 'recreated';

/** Where the loader reports progress. */
export interface Progress {
  /** A job step: one line when there is no progress bar. */
  job(chunk: ChunkState, event: JobEvent, total: number): void;
  /** Rows processed so far (finished jobs count whole) and jobs finished. */
  update(rowsDone: number, jobsDone: number): void;
}

/** Everything a run needs; the Bulk client and the clock are parameters so tests can replace them. */
export interface RunInput {
  bulk: Bulk;
  store: StateStore;
  state: LoadState;
  table: Table;
  parallel: number;
  pollMs: number;
  progress: Progress;
  /** Stops the run at the next step; the state stays resumable. */
  signal?: AbortSignal;
}

const FINISHED: readonly JobState[] = ['JobComplete', 'Failed', 'Aborted'];

/** Resolves after `ms`, or at once when the signal fires. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

/** The error a stopped run ends with; main adds the --resume instruction. */
export class Interrupted extends LoadError {
  constructor() {
    super('The load was interrupted.', 'Interrupted');
  }
}

/** Runs every chunk that is not done yet; throws the first failure after the others stopped. */
export async function runChunks(input: RunInput): Promise<void> {
  const { bulk, store, state, table, progress } = input;
  const stop = new AbortController();
  const outer = input.signal;
  const onOuterAbort = (): void => stop.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  if (outer?.aborted) stop.abort();
  const total = state.chunks.length;
  const spec: JobSpec = {
    object: state.object,
    operation: state.operation,
    ...(state.operation === 'upsert' ? { externalIdFieldName: state.externalId } : {})
  };

  const save = (): Promise<void> => store.save(state);
  const checkStop = (): void => {
    if (stop.signal.aborted) throw new Interrupted();
  };
  const report = (): void => {
    const done = state.chunks.filter((c) => c.phase === 'done');
    const rows = state.chunks.reduce(
      (sum, c) => sum + (c.phase === 'done' ? c.rows : Math.min(c.processed, c.rows)),
      0
    );
    progress.update(rows, done.length);
  };
  const emit = (chunk: ChunkState, event: JobEvent): void => progress.job(chunk, event, total);
  const seen = (chunk: ChunkState, status: JobStatus): void => {
    chunk.state = status.state;
    chunk.processed = status.numberRecordsProcessed;
    chunk.failed = status.numberRecordsFailed;
    if (status.errorMessage) chunk.errorMessage = status.errorMessage;
  };

  /** On resume: keeps a job that has its data, or aborts one that never got it. */
  async function reconcile(chunk: ChunkState, jobId: string): Promise<void> {
    const status = await bulk.status(jobId);
    seen(chunk, status);
    const neverClosed =
      status.state === 'Open' || (status.state === 'Aborted' && chunk.phase === 'created');
    if (!neverClosed) {
      chunk.phase = 'closed';
      return;
    }
    if (status.state === 'Open') await bulk.abort(jobId);
    chunk.abandoned.push(jobId);
    Object.assign(chunk, {
      phase: 'pending',
      jobId: undefined,
      state: undefined,
      processed: 0,
      failed: 0
    });
    await save();
    emit(chunk, 'recreated');
  }

  async function send(chunk: ChunkState): Promise<string> {
    checkStop();
    const jobId = await bulk.create(spec);
    Object.assign(chunk, { jobId, phase: 'created', state: 'Open' });
    await save();
    emit(chunk, 'created');
    checkStop();
    const rows = table.rows.slice(chunk.first, chunk.first + chunk.rows);
    await bulk.upload(jobId, toCsv(table.header, rows));
    emit(chunk, 'uploaded');
    checkStop();
    await bulk.close(jobId);
    Object.assign(chunk, { phase: 'closed', state: 'UploadComplete' });
    await save();
    emit(chunk, 'closed');
    return jobId;
  }

  async function finish(chunk: ChunkState, jobId: string): Promise<void> {
    for (;;) {
      const status = await bulk.status(jobId);
      seen(chunk, status);
      report();
      if (FINISHED.includes(status.state)) break;
      emit(chunk, 'polled');
      checkStop();
      await pause(input.pollMs, stop.signal);
      checkStop();
    }
    for (const kind of RESULT_KINDS)
      saveChunkResult(store.dir, chunk.index, kind, await bulk.results(jobId, kind));
    chunk.phase = 'done';
    await save();
    report();
    emit(chunk, 'done');
  }

  async function handle(chunk: ChunkState): Promise<void> {
    if (chunk.jobId && chunk.phase !== 'pending' && chunk.phase !== 'done')
      await reconcile(chunk, chunk.jobId);
    const jobId = chunk.phase === 'pending' || !chunk.jobId ? await send(chunk) : chunk.jobId;
    await finish(chunk, jobId);
  }

  const queue = state.chunks.filter((c) => c.phase !== 'done');
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < queue.length && !stop.signal.aborted) {
      const chunk = queue[next++];
      try {
        await handle(chunk);
      } catch (error) {
        if (failure === undefined || failure instanceof Interrupted) failure = error;
        stop.abort();
      }
    }
  };
  report();
  try {
    await Promise.all(Array.from({ length: Math.min(input.parallel, queue.length) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (failure !== undefined) throw failure;
  if (stop.signal.aborted) throw new Interrupted();
}
