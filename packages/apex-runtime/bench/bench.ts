/**
 * `npm run bench:runtime`: measures the offline runtime on this machine.
 *   1. cold start to first test: a fresh `apex-runtime test` process on a one-test project;
 *   2. parse + load (parse, lower, declare, compile) of a generated 5,000-line project;
 *   3. statements per second on a CPU-bound Apex loop.
 * Numbers are printed, not asserted: timing belongs in reports, not in pass/fail tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, runAnonymous } from '../src/engine.ts';
import { loadProject } from '../src/loader/project.ts';
import { createLocalOrg } from '../src/local/org.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'apex-runtime.js');

function makeProject(classes: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'apex-bench-'));
  writeFileSync(
    join(root, 'sfdx-project.json'),
    JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] })
  );
  const dir = join(root, 'force-app', 'main', 'default', 'classes');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(classes)) writeFileSync(join(dir, `${name}.cls`), text);
  return root;
}

/** A class of roughly `lines` lines exercising ordinary Apex: fields, loops, collections, calls. */
function generatedClass(name: string, methods: number): string {
  const body: string[] = [
    `public with sharing class ${name} {`,
    '    private Map<String, Integer> counts = new Map<String, Integer>();',
    '    private List<String> names = new List<String>();'
  ];
  for (let m = 0; m < methods; m++) {
    body.push(
      `    public Integer method${m}(Integer limitValue, String prefix) {`,
      '        Integer total = 0;',
      '        for (Integer i = 0; i < limitValue; i++) {',
      '            String key = prefix + String.valueOf(i);',
      '            if (counts.containsKey(key)) {',
      '                counts.put(key, counts.get(key) + 1);',
      '            } else {',
      '                counts.put(key, 1);',
      '                names.add(key);',
      '            }',
      '            total += Math.mod(i, 7) == 0 ? 2 : 1;',
      '        }',
      '        return total;',
      '    }',
      ''
    );
  }
  body.push('}');
  return body.join('\n');
}

function time<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

function coldStart(): number {
  const root = makeProject({
    Bench_Tests:
      "@IsTest\nprivate class Bench_Tests {\n    @IsTest\n    static void it_should_add() {\n        Assert.areEqual(2, 1 + 1, 'sum');\n    }\n}\n"
  });
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'test', '--project', root], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`cold start run failed:\n${run.stdout}${run.stderr}`);
    return performance.now() - started;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function loadLarge(): { ms: number; lines: number } {
  const classes: Record<string, string> = {};
  let lines = 0;
  for (let c = 0; lines < 5000; c++) {
    const text = generatedClass(`Generated${c}`, 14);
    classes[`Generated${c}`] = text;
    lines += text.split('\n').length;
  }
  const root = makeProject(classes);
  try {
    const { ms, value } = time(() => createEngine(loadProject(root)));
    if (value.diagnostics.length > 0)
      throw new Error(`generated project does not compile: ${value.diagnostics[0].message}`);
    return { ms, lines };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function statementsPerSecond(): number {
  // Three simple statements per iteration: two assignments and the loop's i++.
  const iterations = 2_000_000;
  const code = `Integer sum = 0;\nInteger x = 0;\nfor (Integer i = 0; i < ${iterations}; i++) {\n    x = i + 1;\n    sum += x;\n}\nSystem.debug(sum);`;
  const project = { root: '.', packageDirectories: [], sources: [] };
  runAnonymous(project, code.replace(String(iterations), '1000'));
  const { ms, value } = time(() => runAnonymous(project, code));
  if (value.exception || value.unsupported)
    throw new Error(value.exception ?? value.unsupported ?? '');
  return (iterations * 3) / (ms / 1000);
}

/** Inserts 10,000 records in one DML statement and queries them back with a filter. */
function bulkInsertAndQuery(): { insertMs: number; queryMs: number } {
  const project = { root: '.', packageDirectories: [], sources: [] };
  const code = `List<Account> accounts = new List<Account>();
for (Integer i = 0; i < 10000; i++) {
    accounts.add(new Account(Name = 'Account ' + i, NumberOfEmployees = i));
}
Long t0 = System.currentTimeMillis();
insert accounts;
Long t1 = System.currentTimeMillis();
List<Account> big = [SELECT Id, Name FROM Account WHERE NumberOfEmployees >= 5000 ORDER BY Name LIMIT 10000];
Long t2 = System.currentTimeMillis();
System.debug(big.size());
System.debug(t1 - t0);
System.debug(t2 - t1);`;
  const result = runAnonymous(project, code);
  if (result.exception || result.unsupported || result.debug[0] !== '5000') {
    throw new Error(
      result.exception ?? result.unsupported ?? `unexpected result ${result.debug.join(',')}`
    );
  }
  return { insertMs: Number(result.debug[1]), queryMs: Number(result.debug[2]) };
}

/** A 200-record insert that fires a before and an after trigger (the platform's chunk size). */
function triggerBatch(): number {
  const root = makeProject({
    Handler:
      'public with sharing class Handler {\n    public static void handle() {\n        if (Trigger.isBefore) {\n            for (Account a : (List<Account>) Trigger.new) {\n                a.Description = a.Name.toUpperCase();\n            }\n        } else {\n            Set<Id> ids = Trigger.newMap.keySet();\n            System.assertEquals(200, ids.size());\n        }\n    }\n}\n'
  });
  const triggerDir = join(root, 'force-app', 'main', 'default', 'triggers');
  mkdirSync(triggerDir, { recursive: true });
  writeFileSync(
    join(triggerDir, 'AccountTrigger.trigger'),
    'trigger AccountTrigger on Account(before insert, after insert) {\n    Handler.handle();\n}\n'
  );
  try {
    const project = loadProject(root);
    const code = `List<Account> accounts = new List<Account>();
for (Integer i = 0; i < 200; i++) {
    accounts.add(new Account(Name = 'Account ' + i));
}
Long t0 = System.currentTimeMillis();
insert accounts;
System.debug(System.currentTimeMillis() - t0);`;
    runAnonymous(project, code);
    const result = runAnonymous(project, code);
    if (result.exception || result.unsupported)
      throw new Error(result.exception ?? result.unsupported ?? '');
    return Number(result.debug[0]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Real callouts per second from a local org to a trivial server on 127.0.0.1 (in its own process,
 * as callouts block the Apex thread): 5 transactions of 100 callouts, the per-transaction limit.
 */
async function calloutsPerSecond(): Promise<number> {
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '..', 'test', 'support', 'echo-server.ts')],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  try {
    const port = await new Promise<string>((resolve) =>
      server.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()))
    );
    const org = createLocalOrg({ root: '.', packageDirectories: [], sources: [] });
    const code = `for (Integer i = 0; i < 100; i++) {
    HttpRequest req = new HttpRequest();
    req.setEndpoint('http://127.0.0.1:${port}/status/200');
    req.setMethod('GET');
    new Http().send(req);
}`;
    org.runApex(code);
    const { ms } = time(() => {
      for (let t = 0; t < 5; t++) {
        const result = org.runApex(code);
        if (result.exception) throw new Error(result.exception);
      }
    });
    org.close();
    return 500 / (ms / 1000);
  } finally {
    server.kill('SIGTERM');
  }
}

const cold = coldStart();
const large = loadLarge();
const sps = statementsPerSecond();
const bulk = bulkInsertAndQuery();
const trigger = triggerBatch();
const callouts = await calloutsPerSecond();
console.log('apex-runtime benchmark');
console.log(`  cold start to first test result : ${cold.toFixed(0)} ms (goal < 1500 ms)`);
console.log(
  `  parse + load ${large.lines} lines      : ${large.ms.toFixed(0)} ms (goal < 2000 ms)`
);
console.log(`  simple statements per second    : ${(sps / 1e6).toFixed(2)} M (goal >= 2 M)`);
console.log(`  insert 10,000 records           : ${bulk.insertMs} ms`);
console.log(`  query 5,000 of 10,000 records   : ${bulk.queryMs} ms`);
console.log(`  200-record insert with triggers : ${trigger} ms (goal < 50 ms)`);
console.log(`  real callouts per second        : ${callouts.toFixed(0)} (local org, 127.0.0.1)`);
