/** Unit tests of `sf-json.ts` against the saved `sf --json` outputs in fixtures/. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture } from './fixtures.ts';
import {
  anonymousApexProblem,
  deployFailures,
  envelopeError,
  formatDeployFailure,
  loginUrl,
  orgStatus,
  parseEnvelope,
  permsetFailures,
  testReport
} from './sf-json.ts';
import type { Envelope } from './sf-json.ts';

const load = (name: string): Envelope => {
  const envelope = parseEnvelope(fixture(name));
  assert.ok(envelope, `${name} parses as an envelope`);
  return envelope;
};

describe('parseEnvelope', () => {
  it('reads success and error envelopes', () => {
    assert.equal(load('org-create-scratch.success').status, 0);
    const failed = load('org-create-scratch.no-dev-hub');
    assert.deepEqual([failed.status, failed.name], [1, 'NoDefaultDevHubError']);
  });

  it('skips a warning printed before the JSON', () => {
    const envelope = parseEnvelope(` ›   Warning: update available\n${fixture('org-open.url')}`);
    assert.equal(envelope?.status, 0);
  });

  it('returns null for text that is not an envelope', () => {
    assert.equal(parseEnvelope('Error: something'), null);
    assert.equal(parseEnvelope('{"not": "an envelope"}'), null);
    assert.equal(parseEnvelope('{broken'), null);
  });
});

describe('deployFailures', () => {
  it('lists every component failure with its type, name, file, line and problem', () => {
    const failures = deployFailures(load('deploy-start.failure'));
    assert.deepEqual(failures.map(formatDeployFailure), [
      'ApexClass OutboxDispatcher (force-app/main/default/classes/OutboxDispatcher.cls:42:17): Variable does not exist: nextAttempt',
      'CustomField Conduit_Outbox__c.Status__c (force-app/main/default/objects/Conduit_Outbox__c/fields/Status__c.field-meta.xml): Picklist value: Sent not found'
    ]);
  });

  it('reads a single failure given as an object, and none on success', () => {
    const one = load('deploy-start.failure');
    const result = one.result as { details: { componentFailures: unknown[] } };
    result.details.componentFailures = result.details.componentFailures[0] as unknown as unknown[];
    assert.equal(deployFailures(one).length, 1);
    assert.deepEqual(deployFailures(load('deploy-start.success')), []);
  });
});

describe('testReport', () => {
  it('reads the summary and coverage of a passing run', () => {
    const report = testReport(load('apex-run-test.passed'), 90);
    assert.deepEqual(
      [report.outcome, report.ran, report.passing, report.failing, report.coverage],
      ['Passed', 3, 3, 0, 93]
    );
    assert.deepEqual(report.lowCoverage, [{ name: 'RetentionScheduler', percent: 85 }]);
  });

  it('names the failing tests with their messages', () => {
    const report = testReport(load('apex-run-test.failed'), 90);
    assert.equal(report.failing, 1);
    assert.deepEqual(report.failures, [
      {
        name: 'CircuitBreaker_Tests.it_should_open_after_failures',
        message: 'System.AssertException: Assertion Failed: state: Expected: OPEN, Actual: CLOSED',
        stackTrace: 'Class.CircuitBreaker_Tests.it_should_open_after_failures: line 31, column 1'
      }
    ]);
  });

  it('reads low coverage, lowest class first', () => {
    const report = testReport(load('apex-run-test.low-coverage'), 90);
    assert.equal(report.coverage, 78);
    assert.deepEqual(report.lowCoverage, [{ name: 'RetentionScheduler', percent: 45 }]);
  });
});

describe('the other results', () => {
  it('reads the login URL', () => {
    assert.match(loginUrl(load('org-open.url')), /^https:\/\/.*frontdoor\.jsp/);
  });

  it('reads the org status without the access token', () => {
    const status = orgStatus(load('org-display.success'));
    assert.equal(status.status, 'Active');
    assert.equal(status.expirationDate, '2026-12-04');
    assert.ok(!JSON.stringify(status).includes('ACCESS_TOKEN'), 'no token in the status');
  });

  it('ignores permission sets that were already assigned', () => {
    assert.deepEqual(permsetFailures(load('permset-assign.partial')), [
      'test-user@example.com: Permission set not found in target org: Conduit_Integration'
    ]);
  });

  it('reads the anonymous Apex compile problem', () => {
    assert.equal(anonymousApexProblem(load('apex-run.success')), null);
    assert.equal(
      anonymousApexProblem(load('apex-run.compile-error')),
      'line 12, column 10: Variable does not exist: OutboxSweeper'
    );
  });
});

describe('envelopeError', () => {
  it('turns known failures into one-line instructions', () => {
    assert.match(
      envelopeError(load('org-create-scratch.no-dev-hub'), 'x').message,
      /^No Dev Hub is authorized: run `sf org login web --set-default-dev-hub/
    );
    assert.match(
      envelopeError(load('org-create-scratch.limit'), 'x').message,
      /^The Dev Hub's active scratch org limit is reached: delete one/
    );
    assert.match(
      envelopeError(load('org-display.not-found'), 'x', 'ci-1').message,
      /^No org 'ci-1' is authorized here/
    );
  });

  it("falls back to sf's own message", () => {
    const error = envelopeError(
      { status: 1, name: 'Weird', message: 'Something odd.' },
      'Importing sample data'
    );
    assert.equal(error.message, 'Importing sample data failed: Something odd.');
    assert.equal(error.code, 'Weird');
  });
});
