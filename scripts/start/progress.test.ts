import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress, formatProgress } from './progress.ts';
import type { ProgressSnapshot } from './progress.ts';

const snapshot = (
  delivered: number,
  virtualMs = Date.UTC(2026, 0, 15, 9, 0, 5)
): ProgressSnapshot => ({
  virtualMs,
  counts: { enqueued: 10, queued: 10 - delivered, retrying: 0, delivered, dead: 0 },
  deadLetters: 0,
  circuits: [
    { endpoint: 'ERP_Orders', state: 'OPEN' },
    { endpoint: 'ERP_Customers', state: 'CLOSED' }
  ],
  erpUp: false
});

describe('the progress display', () => {
  it('shows the virtual time, the counts and the circuits that are not closed', () => {
    assert.equal(
      formatProgress(snapshot(4)),
      '[09:00:05] ERP DOWN | enqueued 10 delivered 4 queued 6 retrying 0 dead-lettered 0 | ERP_Orders OPEN'
    );
  });

  it('without a terminal prints a line only when something changed, at most once a second', () => {
    const written: string[] = [];
    let now = 0;
    const progress = createProgress(
      { isTTY: false, write: (text) => written.push(text) },
      () => now
    );
    progress.update(snapshot(1));
    now = 2_000;
    progress.update(snapshot(1, Date.UTC(2026, 0, 15, 9, 0, 10)));
    progress.update(snapshot(2));
    now = 2_500;
    progress.update(snapshot(3));
    now = 3_100;
    progress.update(snapshot(3));
    progress.end();
    // The same counts at a later time are not news; a change within the second waits.
    assert.deepEqual(
      written.map((line) => /delivered (\d+)/.exec(line)?.[1]),
      ['1', '2', '3']
    );
    assert.equal(written.length, 3);
    assert.ok(written.every((line) => line.endsWith('\n') && !line.includes('\r')));
  });

  it('on a terminal rewrites one line and ends it', () => {
    const written: string[] = [];
    const progress = createProgress({
      isTTY: true,
      columns: 200,
      write: (text) => written.push(text)
    });
    progress.update(snapshot(1));
    progress.update(snapshot(2));
    progress.end();
    assert.equal(written.length, 3);
    assert.ok(written[0].startsWith('\r[09:00:05]'));
    assert.equal(written[2], '\n');
  });
});
