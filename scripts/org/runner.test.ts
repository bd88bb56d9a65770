/**
 * The runner and `main` end to end, with a fake spawner that replays the saved `sf --json`
 * outputs of fixtures/: what each command prints, its exit code, and each failure's message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from './args.ts';
import { fixture } from './fixtures.ts';
import { main } from './main.ts';
import { runPlan } from './runner.ts';
import type { Exit, Spawner } from './runner.ts';

type Reply = Exit | string;

/** Answers each command with the fixture of the first matching prefix; records what ran. */
function fake(replies: [prefix: string, reply: Reply][]): { spawner: Spawner; ran: string[] } {
  const ran: string[] = [];
  const spawner: Spawner = (command) => {
    const line = command.join(' ');
    ran.push(line);
    const match = replies.find(([prefix]) => line.startsWith(prefix));
    const reply = match?.[1] ?? { code: 0, stdout: '', stderr: '' };
    if (typeof reply !== 'string') return Promise.resolve(reply);
    const stdout = fixture(reply);
    const status = (JSON.parse(stdout) as { status: number }).status;
    return Promise.resolve({ code: status, stdout, stderr: '' });
  };
  return { spawner, ran };
}

const HAPPY: [string, Reply][] = [
  ['sf org create scratch', 'org-create-scratch.success'],
  ['sf project deploy start', 'deploy-start.success'],
  ['sf org assign permset', 'permset-assign.partial'],
  ['sf data tree import', 'data-tree-import.success'],
  ['sf apex run --file', 'apex-run.success'],
  ['sf org open --url-only', 'org-open.url'],
  ['sf apex run test', 'apex-run-test.passed'],
  ['sf org display', 'org-display.success']
];

async function run(
  command: string,
  argv: string[],
  replies: [string, Reply][],
  env: NodeJS.ProcessEnv = {}
) {
  const out: string[] = [];
  const log: string[] = [];
  const { spawner, ran } = fake(replies);
  const code = await main(
    command,
    argv,
    env,
    spawner,
    (t) => out.push(t),
    (l) => log.push(l)
  );
  return { code, out: out.join('\n'), log: log.join('\n'), ran };
}

// A permission set already assigned is fine; this one is also missing, so take it out of the happy path.
const happy = (): [string, Reply][] =>
  HAPPY.map(([p, r]) =>
    p === 'sf org assign permset'
      ? [p, { code: 0, stdout: '{"status":0,"result":{"successes":[],"failures":[]}}', stderr: '' }]
      : [p, r]
  );

describe('org:create', () => {
  it('runs every step, shows progress and prints the login URL', async () => {
    const r = await run('create', [], happy());
    assert.equal(r.code, 0, r.log);
    assert.equal(r.ran.length, 9);
    assert.match(r.out, /^Login URL: https:\/\/.*frontdoor\.jsp/);
    assert.match(r.log, /▶ Creating scratch org 'conduit' \.\.\./);
    assert.match(r.log, /✔ Deploying force-app\/tests \(/);
  });

  it('prints one JSON document under --json', async () => {
    const r = await run('create', ['--json'], happy());
    const doc = JSON.parse(r.out) as {
      status: number;
      result: { loginUrl: string };
      steps: unknown[];
    };
    assert.equal(doc.status, 0);
    assert.match(doc.result.loginUrl, /frontdoor/);
    assert.equal(doc.steps.length, 9);
  });

  it('says how to authorize a Dev Hub when none is', async () => {
    const r = await run('create', [], [['sf org create scratch', 'org-create-scratch.no-dev-hub']]);
    assert.equal(r.code, 1);
    assert.equal(r.ran.length, 1, 'stops at the first failure');
    assert.match(
      r.log,
      /No Dev Hub is authorized: run `sf org login web --set-default-dev-hub --alias devhub`/
    );
  });

  it('says what to do at the scratch org limit, also under --json', async () => {
    const r = await run(
      'create',
      ['--json'],
      [['sf org create scratch', 'org-create-scratch.limit']]
    );
    const doc = JSON.parse(r.out) as { status: number; error: { name: string; message: string } };
    assert.equal(doc.status, 1);
    assert.equal(doc.error.name, 'ScratchOrgLimit');
    assert.match(
      doc.error.message,
      /active scratch org limit is reached: delete one .* `npm run org:delete -- --target-org <alias>`/
    );
  });

  it('says how to install sf when it is missing', async () => {
    const enoent = Object.assign(new Error('spawn sf ENOENT'), { code: 'ENOENT' });
    const r = await run(
      'create',
      [],
      [['sf ', { code: null, stdout: '', stderr: '', spawnError: enoent }]]
    );
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /The Salesforce CLI \(sf\) is not installed: run `npm ci`, which installs @salesforce\/cli \d+\.\d+\.\d+/
    );
  });

  it('lists deploy errors by component, file and line, and stops', async () => {
    const replies = happy().map(([p, rep]): [string, Reply] =>
      p === 'sf project deploy start' ? [p, 'deploy-start.failure'] : [p, rep]
    );
    const r = await run('create', [], replies);
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /Deploying force-app\/main failed: 2 component error\(s\)\. Fix them and rerun `npm run org:deploy`\./
    );
    assert.match(
      r.log,
      /  - ApexClass OutboxDispatcher \(force-app\/main\/default\/classes\/OutboxDispatcher\.cls:42:17\): Variable does not exist: nextAttempt/
    );
    assert.ok(!r.ran.some((c) => c.startsWith('sf org assign permset')));
  });

  it('reports a permission set that could not be assigned', async () => {
    const r = await run('create', [], HAPPY);
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /Some permission sets could not be assigned; check that they deployed\.\n  - .*Conduit_Integration/
    );
  });

  it('reports a failing job schedule with its line', async () => {
    const replies = happy().map(([p, rep]): [string, Reply] =>
      p === 'sf apex run --file' ? [p, 'apex-run.compile-error'] : [p, rep]
    );
    const r = await run('create', [], replies);
    assert.match(
      r.log,
      /Scheduling the framework jobs failed: line 12, column 10: Variable does not exist: OutboxSweeper\. Check that the framework deployed\./
    );
  });

  it('reports a failed build with its exit code', async () => {
    const replies: [string, Reply][] = [
      ...happy(),
      ['npm run build', { code: 2, stdout: '', stderr: 'tsc: error' }]
    ];
    replies.unshift(['npm run build', { code: 2, stdout: '', stderr: 'tsc: error' }]);
    const r = await run('create', [], replies);
    assert.match(r.log, /Building LWC from lwc-ts\/ failed \(exit code 2\); its output is above\./);
  });

  it('stores credentials when their variables are set', async () => {
    const r = await run('create', [], happy(), { CONDUIT_OTLP_API_KEY: 'k' });
    assert.equal(r.code, 0);
    assert.ok(r.ran.includes('npm run --silent setup:secrets -- --target-org conduit'));
  });
});

describe('org:test', () => {
  it('passes at 93 % org-wide coverage', async () => {
    const r = await run('test', [], HAPPY);
    assert.equal(r.code, 0);
    assert.match(
      r.out,
      /3\/3 Apex tests passed; org-wide coverage 93 % \(threshold 90 %\); results in reports\/org-tests\/\./
    );
  });

  it('names the failing tests', async () => {
    const r = await run('test', [], [['sf apex run test', 'apex-run-test.failed']]);
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /1 of 3 Apex tests failed; results are in reports\/org-tests\/\.\n  - CircuitBreaker_Tests\.it_should_open_after_failures: System\.AssertException/
    );
  });

  it('fails under the coverage threshold and names the classes below it', async () => {
    const r = await run('test', [], [['sf apex run test', 'apex-run-test.low-coverage']]);
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /Org-wide Apex coverage is 78 %, under the 90 % threshold: add tests for the classes below\.\n  - RetentionScheduler: 45 %/
    );
    const lower = await run(
      'test',
      ['--coverage-threshold', '75'],
      [['sf apex run test', 'apex-run-test.low-coverage']]
    );
    assert.equal(lower.code, 0);
  });
});

describe('org:status, org:open, org:delete', () => {
  it('shows the status and never the access token', async () => {
    for (const argv of [[], ['--json']]) {
      const r = await run('status', argv, HAPPY);
      assert.equal(r.code, 0);
      assert.match(r.out, /Active/);
      assert.ok(!r.out.includes('ACCESS_TOKEN'), 'no token printed');
    }
  });

  it('says the org is unknown', async () => {
    const r = await run(
      'delete',
      ['-o', 'nonexistent'],
      [['sf org delete', 'org-display.not-found']]
    );
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /No org 'nonexistent' is authorized here: create one with `npm run org:create`/
    );
  });

  it('prints the login URL of org:open --json', async () => {
    const r = await run('open', ['--json'], HAPPY);
    assert.match(
      (JSON.parse(r.out) as { result: { loginUrl: string } }).result.loginUrl,
      /frontdoor/
    );
  });
});

describe('--help and --dry-run', () => {
  it('runs nothing', async () => {
    for (const argv of [['--help'], ['--dry-run'], ['--dry-run', '--json']]) {
      const r = await run('create', argv, HAPPY);
      assert.equal(r.code, 0);
      assert.deepEqual(r.ran, []);
    }
  });

  it('prints the plan as JSON under --dry-run --json', async () => {
    const r = await run('deploy', ['--dry-run', '--json', '--skip-build'], HAPPY);
    const doc = JSON.parse(r.out) as { dryRun: boolean; steps: { line: string }[] };
    assert.equal(doc.dryRun, true);
    assert.equal(
      doc.steps[0].line,
      'sf project deploy start --source-dir force-app/main --target-org conduit --wait 60 --json'
    );
  });

  it('reports a usage error as JSON under --json', async () => {
    const r = await run('status', ['--json', '--nope'], HAPPY);
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.out) as { error: { name: string } }).error.name, 'Usage');
  });
});

describe('progress', () => {
  it('ticks with the elapsed time while a long step runs', async () => {
    const log: string[] = [];
    const slow: Spawner = () =>
      new Promise((resolve) => setTimeout(() => resolve({ code: 0, stdout: '', stderr: '' }), 60));
    const steps = [
      {
        command: ['npm', 'run', 'build'],
        description: 'Building',
        long: true,
        reads: 'exit-code' as const
      }
    ];
    const result = await runPlan(steps, parseArgs('deploy', []), slow, (l) => log.push(l), '0', 10);
    assert.equal(result.ok, true);
    assert.ok(
      log.some((l) => /^ {2}… Building \(\d+ s\)$/.test(l)),
      log.join('\n')
    );
  });
});

describe('permission sets already assigned', () => {
  it('are not a failure, even though sf exits 1', async () => {
    const duplicate = JSON.stringify({
      status: 1,
      result: {
        successes: [],
        failures: [{ name: 'u', message: 'Duplicate PermissionSetAssignment' }]
      }
    });
    const r = await run(
      'create',
      [],
      [['sf org assign permset', { code: 1, stdout: duplicate, stderr: '' }], ...happy()]
    );
    assert.equal(r.code, 0, r.log);
  });
});

describe('org:validate', () => {
  it('passes when the framework tests pass and cover enough (38 of 40 lines is 95 %)', async () => {
    const r = await run(
      'validate',
      ['--coverage-threshold', '80'],
      [['sf project deploy validate', 'deploy-validate.passed']]
    );
    assert.equal(r.code, 0, r.log);
    assert.match(
      r.out,
      /2\/2 Apex tests passed; org-wide coverage 95 % \(threshold 80 %\); results in reports\/org-validate\//
    );
  });

  it('names a failing test of the validation', async () => {
    const r = await run(
      'validate',
      [],
      [['sf project deploy validate', 'deploy-validate.test-failure']]
    );
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /1 of 2 Apex tests failed; results are in reports\/org-validate\/\.\n  - RetentionScheduler_Tests\.it_should_schedule_daily: System\.AsyncException/
    );
  });

  it('fails under the threshold and names the class', async () => {
    const replies: [string, Reply][] = [['sf project deploy validate', 'deploy-validate.passed']];
    const r = await run('validate', ['--coverage-threshold', '99'], replies);
    assert.equal(r.code, 1);
    assert.match(
      r.log,
      /Org-wide Apex coverage is 95 %, under the 99 % threshold: add tests for the classes below\.\n  - RetentionScheduler: 93\.3 %/
    );
  });
});
