import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextFireTime, parseCron } from '../src/interpreter/cron.ts';

const at = (iso: string) => Date.parse(iso);

describe('cron expressions', () => {
  it('fires at the next matching second in the user time zone', () => {
    // 2026-01-15 10:30 in Los Angeles is 18:30 GMT; '0 0 * * * ?' is every hour on the hour.
    const next = nextFireTime('0 0 * * * ?', at('2026-01-15T18:30:00Z'), 'America/Los_Angeles');
    assert.equal(new Date(next!).toISOString(), '2026-01-15T19:00:00.000Z');
  });

  it('reads lists, ranges, increments and names', () => {
    const cron = parseCron('0 0/15 9-17 ? JAN-MAR MON,WED,FRI');
    assert.deepEqual([...cron.minutes.values], [0, 15, 30, 45]);
    assert.deepEqual([...cron.hours.values], [9, 10, 11, 12, 13, 14, 15, 16, 17]);
    assert.deepEqual([...cron.months.values], [1, 2, 3]);
    assert.deepEqual([...cron.daysOfWeek.values], [2, 4, 6]);
  });

  it('finds a weekday at a fixed time (the guide example 0 0 13 ? * MON-FRI)', () => {
    // Saturday 2026-01-17 in LA: the next weekday 13:00 is Monday 2026-01-19 13:00 PST = 21:00Z.
    const next = nextFireTime(
      '0 0 13 ? * MON-FRI',
      at('2026-01-17T20:00:00Z'),
      'America/Los_Angeles'
    );
    assert.equal(new Date(next!).toISOString(), '2026-01-19T21:00:00.000Z');
  });

  it('refuses malformed expressions', () => {
    assert.throws(() => parseCron('0 0 *'), /6 or 7 fields/);
    assert.throws(() => parseCron('0 61 * * * ?'), /out of range: 61/);
    assert.throws(() => parseCron('0 0 0 L * ?'), /Unsupported/);
  });
});
