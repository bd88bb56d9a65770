/**
 * Batch sync through the local run: `ErpCustomerSync` (Accounts → the local ERP's bulk customer
 * route, every chunk through Conduit's outbox) at chunk sizes 50 to 2,000, on the real local
 * org and the real local ERP over HTTP. Reports records per second from the batch's start until
 * every chunk is delivered, the outbox messages it took, and the records a run could not send
 * (a chunk whose JSON exceeds Conduit_Message__c.Payload__c is failed on its own).
 *
 *   npm run bench:sync [-- --records 4000]
 *
 * Each size runs in its own copy of the project whose ERP_Customers endpoint record carries the
 * chunk size (and a scope at least that large: a chunk never spans two scopes). The copy switches
 * the Account change handler off, so the Accounts the benchmark creates are not also sent one by
 * one through Change Data Capture.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectCopy, repoRoot } from './lib/project.ts';
import { messageCounts } from './start/org-counts.ts';
import { advance } from './start/run.ts';
import { runOrThrow } from './start/seed.ts';
import { startStack, unattendedStack, type Stack } from './start/stack.ts';

const CHUNK_SIZES = [50, 200, 500, 1000, 2000];
const ACCOUNTS_PER_INSERT = 2000;
const STEP_MS = 5_000;
const MAX_STEPS = 10_000;

const CMDT = join('force-app', 'examples', 'default', 'customMetadata');

/** Sets (or adds) one numeric or boolean field of a custom metadata record file. */
function setValue(xml: string, field: string, type: 'double' | 'boolean', value: string): string {
  const element = new RegExp(
    `(<values>\\s*<field>${field}</field>\\s*<value[^>]*>)[^<]*(</value>)`,
    'm'
  );
  if (element.test(xml)) return xml.replace(element, `$1${value}$2`);
  const added =
    `    <values>\n        <field>${field}</field>\n` +
    `        <value xsi:type="xsd:${type}">${value}</value>\n    </values>\n`;
  return xml.replace('</CustomMetadata>', `${added}</CustomMetadata>`);
}

/** A copy of the project with the chunk size on ERP_Customers and CDC routing off. */
function syncProject(chunk: number): string {
  const root = projectCopy('conduit-bench-sync-');
  const endpoint = join(root, CMDT, 'Conduit_Endpoint.ERP_Customers.md-meta.xml');
  let xml = readFileSync(endpoint, 'utf8');
  xml = setValue(xml, 'Sync_Chunk_Size__c', 'double', String(chunk));
  xml = setValue(xml, 'Sync_Scope_Size__c', 'double', String(Math.max(200, chunk)));
  writeFileSync(endpoint, xml);
  const handler = join(root, CMDT, 'Conduit_Change_Handler.ERP_Customers.md-meta.xml');
  writeFileSync(handler, setValue(readFileSync(handler, 'utf8'), 'Active__c', 'boolean', 'false'));
  return root;
}

function count(stack: Stack, soql: string): number {
  return Number(stack.org.query(soql)[0].expr0);
}

function insertAccounts(stack: Stack, records: number): void {
  for (let first = 0; first < records; first += ACCOUNTS_PER_INSERT) {
    const n = Math.min(ACCOUNTS_PER_INSERT, records - first);
    runOrThrow(
      stack.org,
      'insert the Accounts',
      `List<Account> rows = new List<Account>();
       for (Integer i = 0; i < ${n}; i++) {
           rows.add(new Account(Name = 'Sync ' + (${first} + i), BillingCity = 'Lyon', BillingCountry = 'EU'));
       }
       insert rows;`
    );
  }
}

/** Runs the clock in steps until the run finished and the outbox is empty. */
async function settle(stack: Stack): Promise<boolean> {
  for (let step = 0; step < MAX_STEPS; step++) {
    await advance(stack, STEP_MS);
    const running = count(
      stack,
      "SELECT COUNT() FROM Conduit_Sync_Run__c WHERE Status__c = 'Running'"
    );
    const { queued, retrying } = messageCounts(stack.org);
    if (running === 0 && queued + retrying === 0) return true;
  }
  return false;
}

interface Row {
  chunk: number;
  records: number;
  seconds: number;
  messages: number;
  delivered: number;
  /** Records the run handed to the outbox, and those it could not (e.g. a chunk too large). */
  sent: number;
  failed: number;
}

function runCounts(stack: Stack): { sent: number; failed: number } {
  const run = stack.org.query('SELECT Sent__c, Failed__c FROM Conduit_Sync_Run__c LIMIT 1')[0];
  return { sent: Number(run.Sent__c ?? 0), failed: Number(run.Failed__c ?? 0) };
}

async function measure(chunk: number, records: number): Promise<Row> {
  const root = syncProject(chunk);
  const stack = await startStack({
    ...unattendedStack(root),
    // The copy has no config folder: the shipped endpoints file maps the credentials.
    endpointsFile: join(repoRoot, 'config', 'local-endpoints.json')
  });
  try {
    insertAccounts(stack, records);
    const started = performance.now();
    runOrThrow(stack.org, 'start the sync', 'ConduitBatchSync.run(new ErpCustomerSync());');
    const settled = await settle(stack);
    const seconds = (performance.now() - started) / 1000;
    if (!settled) throw new Error(`chunk ${chunk}: the sync did not settle`);
    const messages = messageCounts(stack.org);
    return {
      chunk,
      records,
      seconds,
      messages: messages.enqueued,
      delivered: messages.delivered,
      ...runCounts(stack)
    };
  } finally {
    await stack.close();
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--records');
  const records = flag > 0 ? Number(process.argv[flag + 1]) : 4000;
  if (!Number.isInteger(records) || records < 1)
    throw new Error('--records needs a positive whole number, e.g. --records 4000');
  console.log(`batch sync through the local run: ${records} Accounts → ERP customers`);
  console.log('chunk  messages  delivered   sent  failed  seconds  sent records/s');
  for (const chunk of CHUNK_SIZES) {
    const row = await measure(chunk, records);
    const cells = [
      [row.chunk, 5],
      [row.messages, 8],
      [row.delivered, 9],
      [row.sent, 5],
      [row.failed, 6],
      [row.seconds.toFixed(2), 7],
      [Math.round(row.sent / row.seconds), 14]
    ] as const;
    console.log(cells.map(([value, width]) => String(value).padStart(width)).join('  '));
  }
}

await main();
