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

  for (const { cls, method } of discover(engine, {})) {
    it(`${cls.name}.${method.name}`, () => {
      const result = runTest(engine, cls, method);
      assert.equal(result.outcome, 'Pass', `${result.message}\n${result.stackTrace}`);
    });
  }
});
