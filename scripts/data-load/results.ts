/**
 * The result files: each job's successful, failed and unprocessed CSVs are saved under
 * `chunks/` as soon as the job ends (so a resume never fetches them again), then merged in file
 * order into `successful.csv`, `failed.csv` and `unprocessed.csv`, one header each.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultKind } from './bulk.ts';
import type { LoadState } from './state.ts';

export const RESULT_KINDS: readonly ResultKind[] = ['successful', 'failed', 'unprocessed'];

/** `chunks/0003-failed.csv` */
export function chunkFile(dir: string, index: number, kind: ResultKind): string {
  return join(dir, 'chunks', `${String(index).padStart(4, '0')}-${kind}.csv`);
}

/** Saves one job's result CSV. */
export function saveChunkResult(dir: string, index: number, kind: ResultKind, csv: string): void {
  mkdirSync(join(dir, 'chunks'), { recursive: true });
  writeFileSync(chunkFile(dir, index, kind), csv);
}

/** Splits CSV text into its header line and the rest (result headers are API names, one line). */
function splitHeader(csv: string): [string, string] {
  const end = csv.indexOf('\n');
  if (end === -1) return [csv.trim(), ''];
  return [csv.slice(0, end).replace(/\r$/, ''), csv.slice(end + 1)];
}

/** Merges the saved results of every chunk, in order; returns the merged files' paths. */
export function mergeResults(dir: string, state: LoadState): Record<ResultKind, string> {
  const paths = {} as Record<ResultKind, string>;
  for (const kind of RESULT_KINDS) {
    let header = '';
    const parts: string[] = [];
    for (const chunk of state.chunks) {
      const file = chunkFile(dir, chunk.index, kind);
      if (!existsSync(file)) continue;
      const [head, body] = splitHeader(readFileSync(file, 'utf8'));
      if (!head) continue;
      if (!header) header = head;
      if (body.trim()) parts.push(body.endsWith('\n') ? body : `${body}\n`);
    }
    const path = join(dir, `${kind}.csv`);
    writeFileSync(path, header ? `${header}\n${parts.join('')}` : '');
    paths[kind] = path;
  }
  return paths;
}

/** One job in the summary. */
export interface JobSummary {
  chunk: number;
  rows: string;
  jobId?: string;
  state: string;
  processed: number;
  failed: number;
  errorMessage?: string;
}

/** What `summary.json` holds and `--json` prints. */
export interface Summary {
  status: 0 | 1;
  object: string;
  operation: string;
  externalId?: string;
  file: string;
  org?: string;
  resultsDir: string;
  rows: number;
  successful: number;
  failed: number;
  unprocessed: number;
  jobs: JobSummary[];
  seconds: number;
  rowsPerSecond: number;
  files: Record<ResultKind | 'state' | 'summary', string>;
}
