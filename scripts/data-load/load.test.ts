/**
 * The loader end to end against a local server that speaks the Bulk API 2.0 ingest protocol
 * (fake-org.ts), through @salesforce/core's Connection and jsforce's Bulk 2.0 client: chunked
 * parallel jobs, a partial failure, merged results, resumes after interruptions at every step,
 * and the errors that say what to do. No real org is involved.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { jsforceBulk } from './bulk.ts';
import { connectWithToken, quietSalesforceEnv } from './connection.ts';
import { accountCsv, startFakeOrg } from './fake-org.ts';
import type { FakeOrg, FakeOrgOptions } from './fake-org.ts';
import { main } from './main.ts';
import type { Deps } from './main.ts';
import type { Summary } from './results.ts';
import type { LoadState } from './state.ts';

quietSalesforceEnv(process.env);
process.env.SF_DISABLE_LOG_FILE = 'true';
// @salesforce/core warns once about http:// instance URLs; the local server has no TLS.
process.removeAllListeners('warning');

const work = mkdtempSync(join(tmpdir(), 'data-load-'));
after(() => rmSync(work, { recursive: true, force: true }));

let csvCount = 0;
function csvFile(text: string): string {
  const file = join(work, `input-${++csvCount}.csv`);
  writeFileSync(file, text);
  return file;
}

interface Run {
  code: number;
  out: string[];
  log: string[];
  connects: number;
}

/** Runs main against the fake org; `stopWhen` aborts the run when a progress line matches. */
async function run(org: FakeOrg, argv: string[], stopWhen?: RegExp): Promise<Run> {
  const result: Run = { code: -1, out: [], log: [], connects: 0 };
  const stop = new AbortController();
  const deps: Deps = {
    async connect() {
      result.connects++;
      return jsforceBulk(await connectWithToken(org.instanceUrl, org.token, '62.0'));
    },
    out: (text) => result.out.push(text),
    log: (line) => {
      result.log.push(line);
      if (stopWhen?.test(line)) stop.abort();
    },
    tty: null,
    now: () => new Date(),
    signal: stop.signal
  };
  result.code = await main([...argv, '--poll-interval', '5'], deps);
  return result;
}

const rowsOf = (file: string): string[][] => parse(readFileSync(file, 'utf8')) as string[][];
const stateOf = (dir: string): LoadState =>
  JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as LoadState;
const upsert = (file: string, dir: string, ...more: string[]): string[] => [
  '--object',
  'Account',
  '--file',
  file,
  '--external-id',
  'ERP_Id__c',
  '--results-dir',
  dir,
  ...more
];

/** Starts a fake org for one test; closes it after. */
async function withOrg<T>(options: FakeOrgOptions, body: (org: FakeOrg) => Promise<T>): Promise<T> {
  const org = await startFakeOrg(options);
  try {
    return await body(org);
  } finally {
    await org.close();
  }
}

const blankName = (row: Readonly<Record<string, string>>): string | null =>
  row.Name ? null : 'REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --';

describe('data:load against a local Bulk API 2.0 server', () => {
  it('loads 25 rows as 3 parallel jobs, merges the results and reports the rows that failed', async () => {
    await withOrg({ rowError: blankName, pollsBeforeComplete: 2 }, async (org) => {
      const dir = join(work, 'partial');
      const r = await run(org, [
        ...upsert(csvFile(accountCsv(25, 10)), dir, '--chunk-size', '10', '--json')
      ]);
      assert.equal(r.code, 1, 'failed rows make the exit code 1');
      const summary = JSON.parse(r.out.join('\n')) as Summary;
      assert.deepEqual(
        [
          summary.rows,
          summary.successful,
          summary.failed,
          summary.unprocessed,
          summary.jobs.length
        ],
        [25, 23, 2, 0, 3]
      );
      assert.deepEqual(
        summary.jobs.map((j) => [j.rows, j.state, j.processed, j.failed]),
        [
          ['rows 1–10', 'JobComplete', 10, 1],
          ['rows 11–20', 'JobComplete', 10, 1],
          ['rows 21–25', 'JobComplete', 5, 0]
        ]
      );
      const successful = rowsOf(join(dir, 'successful.csv'));
      assert.deepEqual(successful[0], [
        'sf__Id',
        'sf__Created',
        'ERP_Id__c',
        'Name',
        'Description'
      ]);
      assert.equal(successful.length, 24);
      assert.deepEqual(successful[1].slice(2), [
        'ERP-1',
        'Account 1, Ltd',
        'line one\nline "two" of 1'
      ]);
      const failed = rowsOf(join(dir, 'failed.csv'));
      assert.deepEqual(
        failed.map((f) => f[2]),
        ['ERP_Id__c', 'ERP-10', 'ERP-20']
      );
      assert.match(failed[1][1], /REQUIRED_FIELD_MISSING/);
      assert.deepEqual(rowsOf(join(dir, 'unprocessed.csv')), [
        ['ERP_Id__c', 'Name', 'Description']
      ]);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), summary);
      assert.deepEqual(
        [...org.jobs.values()].map((j) => [
          j.object,
          j.operation,
          j.externalIdFieldName,
          j.rows.length
        ]),
        [
          ['Account', 'upsert', 'ERP_Id__c', 10],
          ['Account', 'upsert', 'ERP_Id__c', 10],
          ['Account', 'upsert', 'ERP_Id__c', 5]
        ]
      );
      assert.equal(org.loaded.size, 25);
      assert.deepEqual(org.duplicates(), []);
    });
  });

  it('loads failed.csv again once fixed: its sf__ columns are left out', async () => {
    await withOrg({ rowError: blankName }, async (org) => {
      const first = join(work, 'first');
      await run(org, upsert(csvFile(accountCsv(10, 5)), first));
      const fixed = readFileSync(join(first, 'failed.csv'), 'utf8').replace(
        /,,"line/g,
        ',Fixed,"line'
      );
      const again = join(work, 'again');
      const r = await run(org, upsert(csvFile(fixed), again));
      assert.equal(r.code, 0, r.log.join('\n'));
      assert.deepEqual([...org.jobs.values()].at(-1)?.header, ['ERP_Id__c', 'Name', 'Description']);
      assert.deepEqual(
        rowsOf(join(again, 'successful.csv'))
          .slice(1)
          .map((row) => [row[1], row[2]]),
        [
          ['true', 'ERP-5'],
          ['true', 'ERP-10']
        ],
        'created now: they failed the first time'
      );
    });
  });

  it('resumes after job 1 of 3 and sends only the other two', async () => {
    await withOrg({}, async (org) => {
      const dir = join(work, 'resume-after-1');
      const file = csvFile(accountCsv(30));
      const stopped = await run(
        org,
        upsert(file, dir, '--chunk-size', '10', '--parallel', '1'),
        /job 1\/3 .*JobComplete/
      );
      assert.equal(stopped.code, 1);
      assert.match(
        stopped.log.at(-1) ?? '',
        new RegExp(
          `Stopped after 1 of 3 jobs finished\\. Continue with \`npm run data:load -- --resume ${dir}\``
        )
      );
      assert.deepEqual(
        stateOf(dir).chunks.map((c) => c.phase),
        ['done', 'pending', 'pending']
      );
      assert.equal(org.jobs.size, 1);

      const resumed = await run(org, ['--resume', dir, '--json']);
      assert.equal(resumed.code, 0, resumed.log.join('\n'));
      assert.equal(org.jobs.size, 3, 'two new jobs, job 1 not sent again');
      assert.equal(org.loaded.size, 30);
      assert.deepEqual(org.duplicates(), []);
      const summary = JSON.parse(resumed.out.join('\n')) as Summary;
      assert.equal(summary.successful, 30);
      assert.equal(rowsOf(join(dir, 'successful.csv')).length, 31, 'job 1 results kept and merged');
    });
  });

  it('aborts and re-creates a job that never got its data', async () => {
    await withOrg({}, async (org) => {
      const dir = join(work, 'resume-created');
      const file = csvFile(accountCsv(30));
      await run(
        org,
        upsert(file, dir, '--chunk-size', '10', '--parallel', '1'),
        /job 2\/3 .*created/
      );
      const interrupted = stateOf(dir).chunks[1];
      assert.equal(interrupted.phase, 'created');
      const orphan = interrupted.jobId ?? '';
      assert.equal(org.jobs.get(orphan)?.state, 'Open');

      const resumed = await run(org, ['--resume', dir]);
      assert.equal(resumed.code, 0, resumed.log.join('\n'));
      assert.ok(resumed.log.some((l) => /job 2\/3 .*never got all its data; aborted it/.test(l)));
      assert.equal(org.jobs.get(orphan)?.state, 'Aborted');
      assert.deepEqual(stateOf(dir).chunks[1].abandoned, [orphan]);
      assert.equal(org.jobs.size, 4);
      assert.equal(org.loaded.size, 30);
      assert.deepEqual(org.duplicates(), []);
    });
  });

  it('polls a job that was closed before the interruption instead of sending it again', async () => {
    await withOrg({ pollsBeforeComplete: 3 }, async (org) => {
      const dir = join(work, 'resume-closed');
      const file = csvFile(accountCsv(30));
      await run(
        org,
        upsert(file, dir, '--chunk-size', '10', '--parallel', '1'),
        /job 2\/3 .*upload complete/
      );
      assert.equal(stateOf(dir).chunks[1].phase, 'closed');

      const resumed = await run(org, ['--resume', dir]);
      assert.equal(resumed.code, 0, resumed.log.join('\n'));
      assert.equal(org.jobs.size, 3);
      assert.deepEqual(org.duplicates(), []);
      assert.equal(org.loaded.size, 30);
    });
  });

  it('refuses to resume when the file changed, and refuses a results directory in use', async () => {
    await withOrg({}, async (org) => {
      const dir = join(work, 'changed');
      const file = csvFile(accountCsv(20));
      await run(
        org,
        upsert(file, dir, '--chunk-size', '10', '--parallel', '1'),
        /job 1\/2 .*JobComplete/
      );
      writeFileSync(file, accountCsv(21));
      const resumed = await run(org, ['--resume', dir]);
      assert.equal(resumed.code, 1);
      assert.match(resumed.log.join('\n'), /changed since the load started/);
      const again = await run(org, upsert(file, dir));
      assert.match(again.log.join('\n'), /already holds a load: continue it with `--resume/);
      assert.match(
        (await run(org, ['--resume', join(work, 'nowhere')])).log.join('\n'),
        /holds no state\.json/
      );
    });
  });

  it('stops at a malformed CSV with its line and column, before connecting or sending anything', async () => {
    await withOrg({}, async (org) => {
      const file = csvFile('ERP_Id__c,Name\nE-1,A\nE-2,"B\n');
      const r = await run(org, upsert(file, join(work, 'bad')));
      assert.equal(r.code, 1);
      assert.match(
        r.log.join('\n'),
        /input-\d+\.csv:3:2: a quoted field opens here and is never closed \(line 3, column 2\)\. Nothing was sent/
      );
      assert.equal(r.connects, 0);
      assert.deepEqual(org.requests, []);
      assert.equal(existsSync(join(work, 'bad')), false);
    });
  });

  it('reports a failed job with its errorMessage and keeps its rows as unprocessed', async () => {
    await withOrg(
      {
        jobError: (job) =>
          job.rows.length < 10 ? 'InvalidBatch : Field name not found : Descripton' : null
      },
      async (org) => {
        const dir = join(work, 'job-failed');
        const r = await run(org, upsert(csvFile(accountCsv(15)), dir, '--chunk-size', '10'));
        assert.equal(r.code, 1);
        const text = r.out.join('\n');
        assert.match(
          text,
          /Job 750\d+ \(rows 11–15\) failed: InvalidBatch : Field name not found : Descripton\. Fix the cause, then load unprocessed\.csv/
        );
        assert.equal(rowsOf(join(dir, 'unprocessed.csv')).length, 6);
        assert.equal(rowsOf(join(dir, 'successful.csv')).length, 11);
      }
    );
  });

  it('says what to do when the API limit is reached, and resumes afterwards', async () => {
    const options: FakeOrgOptions = { limitAfter: 9 };
    await withOrg(options, async (org) => {
      const dir = join(work, 'limit');
      const file = csvFile(accountCsv(30));
      const r = await run(org, [
        ...upsert(file, dir, '--chunk-size', '10', '--parallel', '1'),
        '--json'
      ]);
      assert.equal(r.code, 1);
      const body = JSON.parse(r.out.join('\n')) as {
        resultsDir: string;
        error: { name: string; message: string };
      };
      assert.equal(body.error.name, 'ApiLimit');
      assert.match(
        body.error.message,
        /API limit is reached \(TotalRequests Limit exceeded\.\).*sf org list limits/
      );
      assert.match(body.error.message, new RegExp(`--resume ${dir}`));
      assert.equal(body.resultsDir, dir);
      // The 10th call (job 2's upload) was refused: job 2 exists without its data.
      assert.deepEqual(
        stateOf(dir).chunks.map((c) => c.phase),
        ['done', 'created', 'pending']
      );

      delete options.limitAfter;
      const resumed = await run(org, ['--resume', dir]);
      assert.equal(resumed.code, 0, resumed.log.join('\n'));
      assert.equal(org.loaded.size, 30);
      assert.deepEqual(org.duplicates(), []);
    });
  });

  it('prints the plan under --dry-run and sends nothing', async () => {
    await withOrg({}, async (org) => {
      const r = await run(
        org,
        upsert(csvFile(accountCsv(25)), join(work, 'dry'), '--chunk-size', '10', '--dry-run')
      );
      assert.equal(r.code, 0);
      assert.match(
        r.out.join('\n'),
        /Would upsert 25 rows into Account \(matching on ERP_Id__c\) as 3 Bulk API 2\.0 job\(s\)/
      );
      assert.match(r.out.join('\n'), /job 3: rows 21–25 \(5 rows/);
      assert.equal(r.connects, 0);
      assert.deepEqual(org.requests, []);
    });
  });

  it('deletes by Id and inserts without an external id', async () => {
    await withOrg({}, async (org) => {
      const del = await run(org, [
        '--object',
        'Account',
        '--operation',
        'delete',
        '--file',
        csvFile('Id\nA1\nA2\n'),
        '--results-dir',
        join(work, 'del')
      ]);
      assert.equal(del.code, 0, del.log.join('\n'));
      const ins = await run(org, [
        '--object',
        'Contact',
        '--operation',
        'insert',
        '--file',
        csvFile('LastName\nDoe\n'),
        '--results-dir',
        join(work, 'ins')
      ]);
      assert.equal(ins.code, 0, ins.log.join('\n'));
      assert.deepEqual(
        [...org.jobs.values()].map((j) => [j.operation, j.externalIdFieldName]),
        [
          ['delete', undefined],
          ['insert', undefined]
        ]
      );
    });
  });
});

describe('connecting', () => {
  it('writes nothing when the org cannot be reached', async () => {
    const dir = join(work, 'no-org');
    const code = await main(upsert(csvFile(accountCsv(3)), dir), {
      connect: () =>
        Promise.reject(
          Object.assign(new Error('No authorization information found for nope.'), {
            name: 'NamedOrgNotFoundError'
          })
        ),
      out: () => {},
      log: () => {},
      tty: null,
      now: () => new Date()
    });
    assert.equal(code, 1);
    assert.equal(existsSync(dir), false);
  });

  it('says to log in again when the access token is refused', async () => {
    await withOrg({}, async (org) => {
      await assert.rejects(
        connectWithToken(org.instanceUrl, 'wrong-token', '62.0'),
        (e: unknown) => {
          assert.match(
            String((e as Error).message),
            /no longer valid: log in again with `sf org login web/
          );
          return true;
        }
      );
    });
  });
});
