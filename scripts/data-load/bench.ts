/**
 * `npm run bench:data-load`: rows per second of the loader at 10,000 and 100,000 rows against
 * the local Bulk API 2.0 server (fake-org.ts), at chunk sizes 5,000 / 10,000 / 50,000 and two
 * jobs in parallel. Measures the loader's own cost (CSV checks, chunking, uploads through
 * @salesforce/core and jsforce, polling, result merging) plus a simulated per-job processing
 * time; a real org's processing time is not measured here.
 *
 *   npm run bench:data-load [-- --job-ms 250] [--rows 10000,100000] [--chunks 5000,10000,50000]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jsforceBulk } from './bulk.ts';
import { connectWithToken, quietSalesforceEnv } from './connection.ts';
import { accountCsv, startFakeOrg } from './fake-org.ts';
import { main } from './main.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i !== -1 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const list = (raw: string): number[] => raw.split(',').map((v) => Number(v.replace(/_/g, '')));

quietSalesforceEnv(process.env);
process.env.SF_DISABLE_LOG_FILE = 'true';
process.removeAllListeners('warning');

const ROWS = list(option('rows', '10000,100000'));
const CHUNKS = list(option('chunks', '5000,10000,50000'));
/** Simulated processing time per job: one InProgress poll of this length before JobComplete. */
const JOB_MS = Number(option('job-ms', '250'));
const PARALLEL = option('parallel', '2');
const REPEAT = Number(option('repeat', '2'));

interface Measure {
  rows: number;
  chunkSize: number;
  jobs: number;
  seconds: number;
  rowsPerSecond: number;
}

async function bench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'data-load-bench-'));
  const org = await startFakeOrg({ pollsBeforeComplete: 1 });
  const bulk = jsforceBulk(await connectWithToken(org.instanceUrl, org.token, '62.0'));
  const results: Measure[] = [];
  try {
    for (const rows of ROWS) {
      const file = join(work, `accounts-${rows}.csv`);
      writeFileSync(file, accountCsv(rows));
      for (const chunkSize of CHUNKS) {
        let best = Infinity;
        for (let attempt = 0; attempt < REPEAT; attempt++) {
          org.loaded.clear();
          const dir = join(work, `r${rows}-c${chunkSize}-${attempt}`);
          const started = performance.now();
          const code = await main(
            [
              '--object',
              'Account',
              '--file',
              file,
              '--external-id',
              'ERP_Id__c',
              '--chunk-size',
              String(chunkSize),
              '--parallel',
              PARALLEL,
              '--results-dir',
              dir,
              '--poll-interval',
              String(JOB_MS)
            ],
            {
              connect: () => Promise.resolve(bulk),
              out: () => {},
              log: () => {},
              tty: null,
              now: () => new Date()
            }
          );
          const seconds = (performance.now() - started) / 1000;
          if (code !== 0 || org.duplicates().length > 0)
            throw new Error(`run ${dir} failed (exit ${code})`);
          best = Math.min(best, seconds);
        }
        const jobs = Math.ceil(rows / chunkSize);
        results.push({
          rows,
          chunkSize,
          jobs,
          seconds: best,
          rowsPerSecond: Math.round(rows / best)
        });
        console.error(`${rows} rows, chunk ${chunkSize}: ${best.toFixed(2)} s`);
      }
    }
  } finally {
    await org.close();
    rmSync(work, { recursive: true, force: true });
  }
  const n = (v: number): string => v.toLocaleString('en-US');
  console.log(
    `\nLoader against the local Bulk API 2.0 server: --parallel ${PARALLEL}, ${JOB_MS} ms simulated processing per job, best of ${REPEAT}\n`
  );
  console.log('| rows | chunk size | jobs | seconds | rows/s |');
  console.log('| ---: | ---: | ---: | ---: | ---: |');
  for (const m of results)
    console.log(
      `| ${n(m.rows)} | ${n(m.chunkSize)} | ${m.jobs} | ${m.seconds.toFixed(2)} | ${n(m.rowsPerSecond)} |`
    );
  const largest = Math.max(...ROWS);
  const top = results
    .filter((m) => m.rows === largest)
    .sort((a, b) => b.rowsPerSecond - a.rowsPerSecond)[0];
  if (top)
    console.log(
      `\nFastest at ${n(largest)} rows: chunk size ${n(top.chunkSize)} (${n(top.rowsPerSecond)} rows/s).`
    );
}

await bench();
