import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Limits } from '../src/interpreter/limits.ts';

class LimitError extends Error {}
const tracker = () =>
  new Limits((message) => {
    throw new LimitError(message);
  });

describe('governor limits', () => {
  it('allows exactly the limit and fails on the next use with the platform wording', () => {
    const limits = tracker();
    for (let i = 0; i < 100; i++) limits.charge('queries');
    assert.equal(limits.get('queries'), 100);
    assert.throws(() => limits.charge('queries'), { message: 'Too many SOQL queries: 101' });
  });

  it('gives the code between startTest and stopTest its own counters', () => {
    const limits = tracker();
    limits.charge('dmlStatements', 5);
    limits.startTest();
    assert.equal(limits.get('dmlStatements'), 0);
    limits.charge('dmlStatements', 150);
    limits.stopTest();
    assert.equal(limits.get('dmlStatements'), 5);
  });

  it('uses the larger asynchronous limits when asked', () => {
    const limits = new Limits(() => {
      throw new LimitError('x');
    }, true);
    assert.equal(limits.limit('queries'), 200);
    assert.equal(limits.limit('cpuTime'), 60000);
  });
});
