/**
 * A local HTTP server (127.0.0.1, a free port) that answers like an org for the loader's tests
 * and benchmark: the few calls @salesforce/core makes when it connects with an access token,
 * and the Bulk API 2.0 ingest job protocol (create, upload, close, poll, results, abort). Rows
 * fail validation when `rowError` says so; every row that reaches a processed job is counted,
 * so a test can assert that none arrived twice.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** How the fake org behaves. */
export interface FakeOrgOptions {
  /** The access token it accepts (default `fake-token`). */
  token?: string;
  /** Status checks that answer InProgress before a job completes (default 1). */
  pollsBeforeComplete?: number;
  /** A row's validation error, or null when the row saves. */
  rowError?: (row: Readonly<Record<string, string>>) => string | null;
  /** A job-level failure (state Failed with this errorMessage), or null. */
  jobError?: (job: Readonly<FakeJob>) => string | null;
  /** Answer REQUEST_LIMIT_EXCEEDED to every ingest call after this many. */
  limitAfter?: number;
}

/** One ingest job as the fake org keeps it. */
export interface FakeJob {
  id: string;
  object: string;
  operation: string;
  externalIdFieldName?: string;
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  uploads: number;
  header: string[];
  rows: string[][];
  polls: number;
  errorMessage?: string;
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
}

/** The running server and what it saw. */
export interface FakeOrg {
  instanceUrl: string;
  token: string;
  jobs: Map<string, FakeJob>;
  /** How many times each row (by external id, Id, or whole row for insert) was processed. */
  loaded: Map<string, number>;
  /** `METHOD path` of every request, in order. */
  requests: string[];
  /** Keys processed more than once. */
  duplicates(): string[];
  close(): Promise<void>;
}

const API_VERSION = '62.0';
const INGEST =
  /^\/services\/data\/v\d+\.\d+\/jobs\/ingest(?:\/([^/]+))?(?:\/(batches|successfulResults|failedResults|unprocessedrecords))?$/;

const pad = (prefix: string, n: number): string => `${prefix}${String(n).padStart(15, '0')}`;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const apiError = (res: ServerResponse, status: number, errorCode: string, message: string): void =>
  send(res, status, [{ errorCode, message }]);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function jobInfo(job: FakeJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    state: job.state,
    contentType: 'CSV',
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
    apiVersion: Number(API_VERSION),
    numberRecordsProcessed: job.successful.length + job.failed.length,
    numberRecordsFailed: job.failed.length,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
  };
}

/** Starts the fake org on 127.0.0.1 and a free port. */
export async function startFakeOrg(options: FakeOrgOptions = {}): Promise<FakeOrg> {
  const token = options.token ?? 'fake-token';
  const jobs = new Map<string, FakeJob>();
  const loaded = new Map<string, number>();
  const records = new Map<string, string>();
  const requests: string[] = [];
  let ingestCalls = 0;

  const keyOf = (job: FakeJob, row: Record<string, string>): string =>
    job.externalIdFieldName
      ? `${job.externalIdFieldName}=${row[job.externalIdFieldName]}`
      : job.operation === 'delete'
        ? `Id=${row.Id}`
        : JSON.stringify(row);

  function process(job: FakeJob): void {
    const failure = options.jobError?.(job) ?? null;
    if (failure) {
      Object.assign(job, { state: 'Failed', errorMessage: failure, unprocessed: job.rows });
      return;
    }
    for (const values of job.rows) {
      const row = Object.fromEntries(job.header.map((h, i) => [h, values[i] ?? '']));
      const key = keyOf(job, row);
      loaded.set(key, (loaded.get(key) ?? 0) + 1);
      const error = options.rowError?.(row) ?? null;
      if (error) {
        job.failed.push(['', error, ...values]);
        continue;
      }
      const existing = job.operation === 'insert' ? undefined : records.get(key);
      const id = existing ?? (row.Id || pad('001', records.size + 1));
      records.set(key, id);
      job.successful.push([id, existing ? 'false' : 'true', ...values]);
    }
    job.state = 'JobComplete';
  }

  async function ingest(
    req: IncomingMessage,
    res: ServerResponse,
    id?: string,
    part?: string
  ): Promise<void> {
    ingestCalls++;
    if (options.limitAfter !== undefined && ingestCalls > options.limitAfter)
      return apiError(res, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    const body = await readBody(req);
    if (!id && req.method === 'POST') {
      const spec = JSON.parse(body) as Record<string, string>;
      if (!['insert', 'upsert', 'delete', 'update', 'hardDelete'].includes(spec.operation))
        return apiError(
          res,
          400,
          'INVALIDJOB',
          `InvalidJob : Invalid operation: ${spec.operation}`
        );
      if (spec.operation === 'upsert' && !spec.externalIdFieldName)
        return apiError(res, 400, 'INVALIDJOB', 'InvalidJob : External ID was blank for upsert');
      const job: FakeJob = {
        id: pad('750', jobs.size + 1),
        object: spec.object,
        operation: spec.operation,
        ...(spec.externalIdFieldName ? { externalIdFieldName: spec.externalIdFieldName } : {}),
        state: 'Open',
        uploads: 0,
        header: [],
        rows: [],
        polls: 0,
        successful: [],
        failed: [],
        unprocessed: []
      };
      jobs.set(job.id, job);
      return send(res, 200, jobInfo(job));
    }
    const job = id ? jobs.get(id) : undefined;
    if (!job) return apiError(res, 404, 'NOT_FOUND', `Job ${id ?? ''} not found`);
    if (part === 'batches' && req.method === 'PUT') {
      if (job.state !== 'Open' || job.uploads > 0)
        return apiError(
          res,
          400,
          'INVALIDJOBSTATE',
          'Found multiple contents for job or the job is not Open'
        );
      const [header = [], ...rows] = parse(body, { skip_empty_lines: true }) as string[][];
      Object.assign(job, { header, rows, uploads: 1 });
      return send(res, 201, '');
    }
    if (!part && req.method === 'PATCH') {
      const { state } = JSON.parse(body) as { state: string };
      if (state === 'UploadComplete') {
        if (job.state !== 'Open')
          return apiError(res, 400, 'INVALIDJOBSTATE', `Job is ${job.state}`);
        job.state = 'UploadComplete';
      } else if (state === 'Aborted') {
        if (!['Open', 'UploadComplete', 'InProgress'].includes(job.state))
          return apiError(res, 400, 'INVALIDJOBSTATE', `Job is ${job.state}`);
        Object.assign(job, { state: 'Aborted', unprocessed: job.rows });
      } else return apiError(res, 400, 'INVALIDJOBSTATE', `Cannot change state to ${state}`);
      return send(res, 200, jobInfo(job));
    }
    if (!part && req.method === 'GET') {
      if (job.state === 'UploadComplete' || job.state === 'InProgress') {
        job.polls++;
        job.state = 'InProgress';
        if (job.polls > (options.pollsBeforeComplete ?? 1)) process(job);
      }
      return send(res, 200, jobInfo(job));
    }
    if (part && req.method === 'GET') {
      const csv =
        part === 'successfulResults'
          ? [['sf__Id', 'sf__Created', ...job.header], ...job.successful]
          : part === 'failedResults'
            ? [['sf__Id', 'sf__Error', ...job.header], ...job.failed]
            : [job.header, ...job.unprocessed];
      return send(res, 200, stringify(csv, { record_delimiter: 'unix' }), 'text/csv');
    }
    return apiError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method ?? ''} not allowed`);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    requests.push(`${req.method ?? ''} ${path}`);
    if (req.headers.authorization !== `Bearer ${token}`)
      return apiError(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (path === '/services/oauth2/userinfo')
      return send(res, 200, {
        user_id: 'u1',
        organization_id: 'o1',
        preferred_username: 'loader@example.com'
      });
    if (/\/sobjects\/User\//.test(path)) return send(res, 200, { Username: 'loader@example.com' });
    if (/\/query$/.test(path)) return send(res, 200, { totalSize: 0, done: true, records: [] });
    if (path === '/services/data' || path === '/services/data/')
      return send(res, 200, [
        { version: API_VERSION, label: 'Fake', url: `/services/data/v${API_VERSION}` }
      ]);
    const match = INGEST.exec(path);
    if (match) return ingest(req, res, match[1], match[2]);
    return apiError(res, 404, 'NOT_FOUND', `No fake route for ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) =>
      apiError(
        res,
        500,
        'UNKNOWN_EXCEPTION',
        error instanceof Error ? error.message : String(error)
      )
    );
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    instanceUrl: `http://127.0.0.1:${port}`,
    token,
    jobs,
    loaded,
    requests,
    duplicates: () => [...loaded].filter(([, count]) => count > 1).map(([key]) => key),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

/** A CSV of `rows` accounts with an external id, a name with a comma and a quoted line break. */
export function accountCsv(rows: number, blankNameEvery = 0): string {
  const lines = ['ERP_Id__c,Name,Description'];
  for (let i = 1; i <= rows; i++) {
    const name = blankNameEvery > 0 && i % blankNameEvery === 0 ? '' : `"Account ${i}, Ltd"`;
    lines.push(`ERP-${i},${name},"line one\nline ""two"" of ${i}"`);
  }
  return `${lines.join('\n')}\n`;
}
