/** The local org's virtual clock, driven by a fake real clock. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../src/local/clock.ts';

describe('VirtualClock', () => {
  it('runs speed times as fast as the real clock from its start', () => {
    let real = 1000;
    const clock = new VirtualClock(5_000_000, 600, () => real);
    assert.equal(clock.now(), 5_000_000);
    real += 500;
    assert.equal(clock.now(), 5_000_000 + 300_000, 'half a real second is five virtual minutes');
    assert.equal(clock.realMsUntil(5_000_000 + 360_000), 100);
  });

  it('jumps forward with advanceTo and never goes back', () => {
    let real = 0;
    const clock = new VirtualClock(1000, 2, () => real);
    clock.advanceTo(10_000);
    assert.equal(clock.now(), 10_000);
    clock.advanceTo(5000);
    assert.equal(clock.now(), 10_000);
    real += 10;
    assert.equal(clock.now(), 10_020);
  });

  it('stands still at speed 0 until advanced', () => {
    let real = 0;
    const clock = new VirtualClock(42, 0, () => real);
    real += 1e6;
    assert.equal(clock.now(), 42);
    assert.equal(clock.realMsUntil(43), Infinity);
  });

  it('refuses a negative speed with a message that says what it expects', () => {
    assert.throws(() => new VirtualClock(0, -1), /speed must be a number >= 0/);
  });
});
