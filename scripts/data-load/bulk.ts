/**
 * The Bulk API 2.0 ingest calls the loader makes, behind a small interface, and their
 * implementation with jsforce's Bulk 2.0 client (`connection.bulk2`, the client @salesforce/core's
 * `Connection` carries). jsforce does the HTTP, the auth header and session refresh; the loader
 * drives the job steps itself so it can record each job id before uploading and continue a job
 * by id after an interruption.
 */
import type { Connection } from '@salesforce/core';
import type { Operation } from './args.ts';

/** The states of an ingest job (Bulk API 2.0 `state`). */
export type JobState =
  'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** What a status check returns. */
export interface JobStatus {
  id: string;
  state: JobState;
  numberRecordsProcessed: number;
  numberRecordsFailed: number;
  errorMessage?: string;
}

/** The job to create. */
export interface JobSpec {
  object: string;
  operation: Operation;
  externalIdFieldName?: string;
}

/** The three result files of a finished job. */
export type ResultKind = 'successful' | 'failed' | 'unprocessed';

/** The ingest calls, one method each. */
export interface Bulk {
  /** Creates a job (state Open) and returns its id. */
  create(spec: JobSpec): Promise<string>;
  /** Uploads the job's CSV (once per job). */
  upload(jobId: string, csv: string): Promise<void>;
  /** Marks the upload complete so the org starts processing. */
  close(jobId: string): Promise<void>;
  status(jobId: string): Promise<JobStatus>;
  abort(jobId: string): Promise<void>;
  /** The raw CSV of one result file. */
  results(jobId: string, kind: ResultKind): Promise<string>;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0) || 0);

/** Reads a job info body into a status. */
export function toStatus(info: Record<string, unknown>): JobStatus {
  return {
    id: String(info.id ?? ''),
    state: String(info.state ?? '') as JobState,
    numberRecordsProcessed: num(info.numberRecordsProcessed),
    numberRecordsFailed: num(info.numberRecordsFailed),
    ...(typeof info.errorMessage === 'string' && info.errorMessage
      ? { errorMessage: info.errorMessage }
      : {})
  };
}

/** The Bulk interface over an authenticated @salesforce/core connection. */
export function jsforceBulk(connection: Connection): Bulk {
  const bulk2 = connection.bulk2;
  const job = (id: string) => bulk2.job('ingest', { id });
  return {
    async create(spec) {
      const info = await bulk2
        .createJob({
          object: spec.object,
          operation: spec.operation,
          ...(spec.externalIdFieldName ? { externalIdFieldName: spec.externalIdFieldName } : {}),
          contentType: 'CSV',
          lineEnding: 'LF'
        })
        .open();
      if (!info.id) throw new Error('The org answered the job creation without a job id');
      return info.id;
    },
    upload: (jobId, csv) => job(jobId).uploadData(csv),
    close: (jobId) => job(jobId).close(),
    async status(jobId) {
      return toStatus((await job(jobId).check()) as unknown as Record<string, unknown>);
    },
    abort: (jobId) => job(jobId).abort(),
    results(jobId, kind) {
      const j = job(jobId);
      if (kind === 'successful') return j.getSuccessfulResults(true);
      if (kind === 'failed') return j.getFailedResults(true);
      return j.getUnprocessedRecords(true);
    }
  };
}
