/**
 * The resume state: `state.json` in the results directory records the load's inputs and, for
 * every chunk, its job id and how far it got. Written after every step (atomically: a temporary
 * file renamed over the old one), so an interruption at any point leaves a state that
 * `--resume` can continue without sending a row twice.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Operation } from './args.ts';
import type { JobState } from './bulk.ts';
import type { Chunk } from './chunks.ts';
import { LoadError } from './errors.ts';

/**
 * How far a chunk got. `created`: the job exists but may not have all its data; `closed`: the
 * data is uploaded and the job marked UploadComplete; `done`: finished and its results saved.
 */
export type Phase = 'pending' | 'created' | 'closed' | 'done';

/** One chunk and its job. */
export interface ChunkState extends Chunk {
  phase: Phase;
  jobId?: string;
  /** Jobs created for this chunk that never got their data and were aborted on resume. */
  abandoned: string[];
  /** The job's state when last seen. */
  state?: JobState;
  processed: number;
  failed: number;
  errorMessage?: string;
}

/** Everything `--resume` needs. */
export interface LoadState {
  version: 1;
  object: string;
  operation: Operation;
  externalId?: string;
  file: string;
  fileSha256: string;
  org?: string;
  chunkSize: number;
  startedAt: string;
  chunks: ChunkState[];
}

export const STATE_FILE = 'state.json';

/** The SHA-256 of the file's bytes: a resume refuses a file that changed. */
export function fingerprint(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A fresh chunk state. */
export function pending(chunk: Chunk): ChunkState {
  return { ...chunk, phase: 'pending', abandoned: [], processed: 0, failed: 0 };
}

/** Saves the state of one results directory; saves never interleave. */
export class StateStore {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, STATE_FILE);
  }

  /** Writes a snapshot of the state now (queued behind earlier saves). */
  save(state: LoadState): Promise<void> {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    this.queue = this.queue.then(() => {
      mkdirSync(this.dir, { recursive: true });
      const temporary = `${this.path}.tmp`;
      writeFileSync(temporary, text);
      renameSync(temporary, this.path);
    });
    return this.queue;
  }

  /** Reads the state of an earlier load, or says how to start one. */
  load(): LoadState {
    if (!existsSync(this.path))
      throw new LoadError(
        `${this.dir} holds no ${STATE_FILE}: pass the results directory of an earlier load ` +
          '(reports/data-load/<timestamp>), or start a new load without --resume.',
        'NoState'
      );
    const state = JSON.parse(readFileSync(this.path, 'utf8')) as LoadState;
    if (state.version !== 1 || !Array.isArray(state.chunks))
      throw new LoadError(`${this.path} is not a data:load state file (version 1).`, 'NoState');
    return state;
  }
}
