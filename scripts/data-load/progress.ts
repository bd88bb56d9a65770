/**
 * Progress of a load on standard error: a cli-progress bar (rows processed / total, jobs done)
 * on a terminal, plain lines for each job step otherwise (CI logs, pipes, `--json`).
 */
import { MultiBar, Presets } from 'cli-progress';
import { rowRange } from './chunks.ts';
import type { JobEvent, Progress } from './loader.ts';
import type { ChunkState } from './state.ts';

const n = (value: number): string => value.toLocaleString('en-US');

/** The line for one job step, or null for steps too frequent to print (polls). */
export function jobLine(chunk: ChunkState, event: JobEvent, total: number): string | null {
  const job = `job ${chunk.index}/${total} (${rowRange(chunk)})`;
  switch (event) {
    case 'created':
      return `${job}: created ${chunk.jobId ?? ''}`;
    case 'uploaded':
      return `${job}: uploaded`;
    case 'closed':
      return `${job}: upload complete, processing`;
    case 'recreated':
      return `${job}: its earlier job never got all its data; aborted it, creating a new one`;
    case 'done': {
      const unprocessed = chunk.rows - chunk.processed;
      return (
        `${job}: ${chunk.state ?? ''}, ${n(chunk.processed - chunk.failed)} ok, ${n(chunk.failed)} failed` +
        (unprocessed > 0 ? `, ${n(unprocessed)} unprocessed` : '') +
        (chunk.errorMessage ? ` (${chunk.errorMessage})` : '')
      );
    }
    default:
      return null;
  }
}

/** A progress that prints lines through `log`: one per job step and one per finished job. */
export function lineProgress(
  log: (line: string) => void,
  totalRows: number,
  totalJobs: number
): Progress & { stop(): void } {
  let lastJobs = -1;
  return {
    job(chunk, event, total) {
      const line = jobLine(chunk, event, total);
      if (line) log(line);
    },
    update(rows, jobs) {
      if (jobs === lastJobs) return;
      lastJobs = jobs;
      log(`progress: ${n(rows)}/${n(totalRows)} rows, ${jobs}/${totalJobs} jobs done`);
    },
    stop() {}
  };
}

/** A cli-progress bar on the stream (a TTY); job failures still print as lines above it. */
export function barProgress(
  stream: NodeJS.WriteStream,
  totalRows: number,
  totalJobs: number
): Progress & { stop(): void } {
  const bars = new MultiBar(
    {
      stream,
      format:
        'loading |{bar}| {percentage}% | {value}/{total} rows | {jobs}/{totalJobs} jobs | {duration_formatted}',
      hideCursor: true
    },
    Presets.shades_classic
  );
  const bar = bars.create(totalRows, 0, { jobs: 0, totalJobs });
  return {
    job(chunk, event, total) {
      if (event === 'done' && (chunk.state !== 'JobComplete' || chunk.failed > 0)) {
        const line = jobLine(chunk, event, total);
        if (line) bars.log(`${line}\n`);
      }
    },
    update(rows, jobs) {
      bar.update(rows, { jobs, totalJobs });
    },
    stop() {
      bars.stop();
    }
  };
}
