/**
 * The local scheduler: outside tests, queued jobs wait for their due time on the runtime's clock
 * and run when the clock reaches it; scheduled jobs fire by their cron expression, again and again.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { createEngine } from '../src/engine.ts';
import { ANONYMOUS_ENTRY } from '../src/frontend/lower.ts';
import { setClock } from '../src/values/datetime.ts';

let now = Date.UTC(2026, 0, 15, 18, 30, 0);

function run(code: string) {
  const source = {
    path: 'a.apex',
    relativePath: 'a.apex',
    kind: 'anonymous' as const,
    name: 'AnonymousBlock',
    text: code
  };
  const engine = createEngine({ root: '.', packageDirectories: [], sources: [] }, [source], {
    testMode: false
  });
  assert.deepEqual(engine.diagnostics, []);
  const block = engine.table.all.find((c) => c.source === source)!;
  engine.runtime.epoch++;
  block.methods.get(ANONYMOUS_ENTRY)![0].invoke!(null, []);
  return engine;
}

describe('local scheduler (virtual clock)', () => {
  afterEach(() => setClock(() => Date.now()));

  it('runs a delayed queueable only when the clock reaches its delay, and lets it chain', () => {
    setClock(() => now);
    const engine = run(`
public class Step implements Queueable {
    public Integer n;
    public Step(Integer n) { this.n = n; }
    public void execute(QueueableContext context) {
        insert new Account(Name = 'Step ' + n);
        if (n < 3) { System.enqueueJob(new Step(n + 1)); }
    }
}
System.assert(!Test.isRunningTest());
System.enqueueJob(new Step(1), 5);
`);
    const queue = engine.runtime.data.async;
    const db = engine.runtime.data.db;
    const account = engine.runtime.data.schema.get('Account')!;
    assert.equal(queue.runDue(now), 0, 'not due before its five-minute delay');
    now += 5 * 60000;
    assert.equal(queue.runDue(now), 3, 'the job and the two it chained');
    assert.deepEqual(
      db.rows(account).map((r) => r.get('name')),
      ['Step 1', 'Step 2', 'Step 3']
    );
  });

  it('fires a scheduled job at each matching time and records it on the CronTrigger', () => {
    setClock(() => now);
    const engine = run(`
public class Tick implements Schedulable {
    public void execute(SchedulableContext context) {
        insert new Account(Name = 'tick');
    }
}
System.schedule('Ticker', '0 0 * * * ?', new Tick());
`);
    const queue = engine.runtime.data.async;
    const account = engine.runtime.data.schema.get('Account')!;
    assert.equal(
      new Date(queue.nextDueAt()!).toISOString(),
      '2026-01-15T19:00:00.000Z',
      'next hour'
    );
    assert.equal(
      queue.runDue(Date.UTC(2026, 0, 15, 21, 0, 0)),
      3,
      'fired at 19:00, 20:00 and 21:00'
    );
    assert.equal(engine.runtime.data.db.rows(account).length, 3);
    const trigger = engine.runtime.data.schema.get('CronTrigger')!;
    assert.equal(engine.runtime.data.db.rows(trigger)[0].get('timestriggered'), 3);
  });
});
