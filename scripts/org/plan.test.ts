/**
 * Unit tests of `plan.ts`: for each command and flag combination, the exact `sf` and `npm`
 * invocations, in order. Nothing is run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from './args.ts';
import { dryRunText } from './main.ts';
import { CI_DESCRIPTION_PREFIX, hasCredentialSecrets, planFor, runDescription } from './plan.ts';
import type { PlanContext } from './plan.ts';
import { commandLine, quote } from './shell.ts';

const ctx = (env: NodeJS.ProcessEnv = {}): PlanContext => ({
  packageDirectories: ['force-app/main', 'force-app/examples', 'force-app/tests'],
  description: 'Conduit CI run 42 attempt 1',
  env
});
const lines = (command: string, argv: string[], env: NodeJS.ProcessEnv = {}): string[] =>
  planFor(parseArgs(command, argv), ctx(env)).map((s) => commandLine(s.command));

describe('org:create', () => {
  it('creates, builds, deploys every package directory in order, assigns, imports, schedules and opens', () => {
    assert.deepEqual(lines('create', []), [
      "sf org create scratch --definition-file config/project-scratch-def.json --alias conduit --duration-days 7 --description 'Conduit CI run 42 attempt 1' --set-default --wait 30 --json",
      'npm run build',
      'sf project deploy start --source-dir force-app/main --target-org conduit --wait 60 --json',
      'sf project deploy start --source-dir force-app/examples --target-org conduit --wait 60 --json',
      'sf project deploy start --source-dir force-app/tests --target-org conduit --wait 60 --json',
      'sf org assign permset --name Conduit_Admin --name Conduit_Integration --target-org conduit --json',
      'sf data tree import --plan data/sample-plan.json --target-org conduit --json',
      'sf apex run --file scripts/org/schedule-jobs.apex --target-org conduit --json',
      'sf org open --url-only --target-org conduit --json'
    ]);
  });

  it('passes alias, duration, definition, Dev Hub and wait through', () => {
    const [create, , deploy] = lines('create', [
      '-a',
      'ci-7',
      '-d',
      '1',
      '-v',
      'hub',
      '-f',
      'config/project-scratch-def.minimal.json',
      '--wait',
      '15'
    ]);
    assert.equal(
      create,
      "sf org create scratch --definition-file config/project-scratch-def.minimal.json --alias ci-7 --duration-days 1 --description 'Conduit CI run 42 attempt 1' --set-default --target-dev-hub hub --wait 30 --json"
    );
    assert.equal(
      deploy,
      'sf project deploy start --source-dir force-app/main --target-org ci-7 --wait 15 --json'
    );
  });

  it('leaves out the login URL with --no-url', () => {
    const steps = lines('create', ['--no-url']);
    assert.equal(
      steps.at(-1),
      'sf apex run --file scripts/org/schedule-jobs.apex --target-org conduit --json'
    );
  });

  it('skips the build with --skip-build', () => {
    assert.ok(!lines('create', ['--skip-build']).includes('npm run build'));
  });

  it('stores credentials through setup:secrets only when their variables are set', () => {
    const secrets = 'npm run --silent setup:secrets -- --target-org conduit';
    assert.ok(!lines('create', []).includes(secrets));
    const withKey = lines('create', [], { CONDUIT_OTLP_API_KEY: 'k' });
    assert.equal(
      withKey.indexOf(secrets),
      withKey.indexOf(
        'sf apex run --file scripts/org/schedule-jobs.apex --target-org conduit --json'
      ) - 1
    );
    assert.ok(!withKey.join('\n').includes(' k'), 'the secret never appears in a command');
  });

  it('refuses half a credential before creating anything', () => {
    assert.throws(
      () => lines('create', [], { CONDUIT_ERP_CLIENT_ID: 'id' }),
      /CONDUIT_ERP_CLIENT_SECRET is not set/
    );
    assert.equal(hasCredentialSecrets({}), false);
  });

  it('marks the slow steps long, so progress ticks', () => {
    const long = planFor(parseArgs('create', []), ctx())
      .filter((s) => s.long)
      .map((s) => s.description);
    assert.deepEqual(long, [
      "Creating scratch org 'conduit'",
      'Building LWC from lwc-ts/',
      'Deploying force-app/main',
      'Deploying force-app/examples',
      'Deploying force-app/tests',
      'Importing sample data'
    ]);
  });
});

describe('the other commands', () => {
  it('org:deploy builds and deploys each package directory', () => {
    assert.deepEqual(lines('deploy', ['-o', 'dev']), [
      'npm run build',
      'sf project deploy start --source-dir force-app/main --target-org dev --wait 60 --json',
      'sf project deploy start --source-dir force-app/examples --target-org dev --wait 60 --json',
      'sf project deploy start --source-dir force-app/tests --target-org dev --wait 60 --json'
    ]);
    assert.equal(lines('deploy', ['--skip-build']).length, 3);
  });

  it('org:test runs the local tests with coverage, JSON and JUnit into the output dir', () => {
    assert.deepEqual(lines('test', []), [
      'sf apex run test --target-org conduit --test-level RunLocalTests --code-coverage --result-format json --output-dir reports/org-tests --wait 60 --json'
    ]);
    assert.deepEqual(lines('test', ['-o', 'ci', '--output-dir', 'out dir', '--wait', '30']), [
      "sf apex run test --target-org ci --test-level RunLocalTests --code-coverage --result-format json --output-dir 'out dir' --wait 30 --json"
    ]);
  });

  it('org:validate checks the framework and its tests alone, with coverage and JUnit', () => {
    assert.deepEqual(lines('validate', ['-o', 'cov']), [
      'sf project deploy validate --source-dir force-app/main/default --source-dir force-app/tests/default --test-level RunLocalTests --coverage-formatters json-summary --junit --results-dir reports/org-validate --target-org cov --wait 60 --json'
    ]);
  });

  it('org:open opens a browser, or prints the URL under --json', () => {
    assert.deepEqual(lines('open', []), ['sf org open --target-org conduit --json']);
    assert.deepEqual(lines('open', ['--json', '-o', 'x']), [
      'sf org open --url-only --target-org x --json'
    ]);
  });

  it('org:delete deletes the scratch org without a prompt', () => {
    assert.deepEqual(lines('delete', ['-o', 'ci-7']), [
      'sf org delete scratch --target-org ci-7 --no-prompt --json'
    ]);
  });

  it('org:status displays the org', () => {
    assert.deepEqual(lines('status', []), ['sf org display --target-org conduit --json']);
  });
});

describe('runDescription', () => {
  it('carries the GitHub run id and attempt in CI, under the prefix the cleanup looks for', () => {
    const text = runDescription({ GITHUB_RUN_ID: '987', GITHUB_RUN_ATTEMPT: '2' }, new Date(0));
    assert.equal(text, 'Conduit CI run 987 attempt 2');
    assert.ok(text.startsWith(CI_DESCRIPTION_PREFIX));
  });

  it('carries a timestamp locally, outside the CI prefix', () => {
    const text = runDescription({}, new Date('2026-01-02T03:04:05.678Z'));
    assert.equal(text, 'Conduit local 2026-01-02T03:04:05Z');
    assert.ok(!text.startsWith(CI_DESCRIPTION_PREFIX));
  });
});

describe('dry-run text', () => {
  it('quotes only what the shell would split or expand', () => {
    assert.equal(quote('force-app/main'), 'force-app/main');
    assert.equal(quote('a b'), "'a b'");
    assert.equal(quote("it's"), `'it'\\''s'`);
    assert.equal(quote(''), "''");
    assert.equal(quote('$HOME'), "'$HOME'");
  });

  it('prints each step as a comment and its command', () => {
    const text = dryRunText(planFor(parseArgs('delete', []), ctx()));
    assert.equal(
      text,
      "# Deleting scratch org 'conduit'\nsf org delete scratch --target-org conduit --no-prompt --json"
    );
  });
});
