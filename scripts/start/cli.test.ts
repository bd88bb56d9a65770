import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../lib/project.ts';
import { DEFAULTS, parseStartArgs } from './cli.ts';
import { USAGE_EXIT_CODE, UsageError } from './errors.ts';
import { HOST } from './ports.ts';

/** Runs `npm start`'s entry as a user would, without npm in between. */
function start(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts', 'start', 'main.ts'), ...args],
    { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 }
  );
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

function refused(argv: string[], pattern: RegExp): void {
  assert.throws(
    () => parseStartArgs(argv),
    (error: unknown) => error instanceof UsageError && pattern.test(error.message)
  );
}

describe('npm start options', () => {
  it('defaults to the outage scenario with a few hundred orders', () => {
    const options = parseStartArgs([]);
    assert.equal(options.scenario, 'outage');
    assert.equal(options.orders, DEFAULTS.orders);
    assert.ok(options.orders >= 200);
    assert.equal(options.once, false);
    assert.equal(options.endpoints, 'config/local-endpoints.json');
  });

  it('reads every option', () => {
    const options = parseStartArgs([
      '--scenario',
      'flaky',
      '--orders',
      '20',
      '--speed',
      '2.5',
      '--once',
      '--port',
      '0',
      '--erp-port',
      '4999',
      '--dashboard-port',
      '5000',
      '--endpoints',
      'x.json',
      '--seed',
      '7',
      '--skip-build'
    ]);
    assert.deepEqual(options, {
      scenario: 'flaky',
      orders: 20,
      speed: 2.5,
      once: true,
      port: 0,
      dashboardPort: 5000,
      erpPort: 4999,
      endpoints: 'x.json',
      seed: 7,
      skipBuild: true,
      help: false
    });
  });

  it('refuses an unknown scenario, naming the known ones', () => {
    refused(
      ['--scenario', 'chaos'],
      /Unknown scenario "chaos": pass --scenario steady, outage, flaky, replay/
    );
  });

  it('refuses an order count that is not a positive whole number', () => {
    for (const bad of ['0', '-3', '2.5', 'ten', ''])
      refused([`--orders=${bad}`], /--orders must be a whole number from 1/);
  });

  it('refuses a speed that is not above 0, a bad port and an unknown option', () => {
    refused(['--speed', '0'], /--speed must be a number above 0/);
    refused(['--port', '70000'], /--port must be a whole number from 0 to 65535/);
    refused(['--fast'], /Unknown option '--fast'.*--help/);
  });
});

describe('npm start on bad input (a real process)', () => {
  let busy: Server;
  let busyPort: number;
  let work: string;

  before(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, HOST, resolve));
    busyPort = (busy.address() as AddressInfo).port;
    work = mkdtempSync(join(tmpdir(), 'conduit-start-'));
  });

  after(async () => {
    await new Promise<void>((resolve) => busy.close(() => resolve()));
    rmSync(work, { recursive: true, force: true });
  });

  const oneLine = (stderr: string): string => {
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${stderr}`);
    return lines[0];
  };

  it('an unknown scenario: one line, exit 2', () => {
    const run = start(['--scenario', 'nope', '--once']);
    assert.equal(run.status, USAGE_EXIT_CODE);
    assert.match(oneLine(run.stderr), /^start: Unknown scenario "nope": pass --scenario /);
  });

  it('a port in use: one line naming the port and the option, exit 2', () => {
    const run = start(['--once', '--skip-build', '--port', String(busyPort)]);
    assert.equal(run.status, USAGE_EXIT_CODE);
    assert.match(
      oneLine(run.stderr),
      new RegExp(`^start: Port ${busyPort} on 127\\.0\\.0\\.1 is in use: .*--port <free port>`)
    );
  });

  it('a malformed endpoints file: one line naming the key, exit 2', () => {
    const file = join(work, 'endpoints.json');
    writeFileSync(file, JSON.stringify({ Example_ERP: 'ftp://erp.invalid' }));
    const run = start(['--once', '--skip-build', '--endpoints', file]);
    assert.equal(run.status, USAGE_EXIT_CODE);
    assert.match(oneLine(run.stderr), /key "Example_ERP" must start with http:\/\/ or https:\/\//);
  });

  it('an order count that is not a positive integer: one line, exit 2', () => {
    const run = start(['--orders', '0']);
    assert.equal(run.status, USAGE_EXIT_CODE);
    assert.match(oneLine(run.stderr), /--orders must be a whole number/);
  });
});
