/**
 * Runs the Apex tests of a small project that exercises the org features end to end: triggers
 * (order, old values, addError, exceptions), @TestSetup isolation, Queueable with finalizers,
 * and stateful Batchable. The assertions live in the Apex test classes themselves.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEngine } from '../src/engine.ts';
import { loadProject } from '../src/loader/project.ts';
import { discover, runTest } from '../src/runner/runner.ts';

const ORG = join(import.meta.dirname, 'fixtures', 'org');

describe('org fixture project', () => {
  const engine = createEngine(loadProject(ORG));

  it('compiles', () => {
    assert.deepEqual(engine.diagnostics, []);
  });

  it('reports the asynchronous transactions a test ran and the most one of them used', () => {
    const [{ cls, method }] = discover(engine, {
      methods: ['Async_Tests.it_should_run_queued_jobs_at_stop_test_but_not_their_children']
    });
    const result = runTest(engine, cls, method);
    assert.equal(result.outcome, 'Pass', result.message);
    // The job and its finalizer are two transactions of their own; each inserts one Account,
    // whose after-insert trigger inserts one Contact.
    assert.equal(result.asyncLimits.transactions, 2);
    assert.equal(result.asyncLimits.peak.dmlStatements, 2);
    assert.equal(result.asyncLimits.peak.dmlRows, 2);
    assert.equal(result.limits.dmlStatements, 0, "the test method's own transaction made none");
    assert.equal(
      runTest(engine, cls, method).asyncLimits.transactions,
      2,
      'counted per test, not across tests'
    );
  });

  for (const { cls, method } of discover(engine, {})) {
    it(`${cls.name}.${method.name}`, () => {
      const result = runTest(engine, cls, method);
      assert.equal(result.outcome, 'Pass', `${result.message}\n${result.stackTrace}`);
    });
  }
});
