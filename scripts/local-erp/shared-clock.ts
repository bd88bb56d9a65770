/**
 * A clock two threads read: the thread that owns the virtual clock publishes an anchor
 * (virtual time at a real instant, and a speed), and the local ERP's worker computes the time
 * from it. The worker needs no message to see time move, which matters because the owner's
 * thread is blocked while Apex waits for a callout.
 */
import { performance } from 'node:perf_hooks';

/** Real epoch ms comparable across threads (performance.now() alone is per thread). */
function realNow(): number {
  return performance.timeOrigin + performance.now();
}

const SEQ = 0;
const VIRTUAL = 0;
const REAL = 1;
const SPEED = 2;

/** A virtual clock in shared memory, consistent under concurrent reads (a sequence lock). */
export class SharedClock {
  private readonly seq: Int32Array;
  private readonly values: Float64Array;

  private constructor(readonly buffer: SharedArrayBuffer) {
    this.seq = new Int32Array(buffer, 0, 2);
    this.values = new Float64Array(buffer, 8, 3);
  }

  /**
   * A new clock.
   * @param startMs virtual epoch ms now
   * @param speed virtual ms per real ms (0: time moves only by set)
   */
  static create(startMs: number, speed = 1): SharedClock {
    const clock = new SharedClock(new SharedArrayBuffer(8 + 3 * 8));
    clock.set(startMs, speed);
    return clock;
  }

  /** The same clock, seen from another thread. */
  static attach(buffer: SharedArrayBuffer): SharedClock {
    return new SharedClock(buffer);
  }

  /** Publishes the virtual time now and the speed from now on (after a jump, say). */
  set(virtualMs: number, speed: number): void {
    if (!Number.isFinite(virtualMs) || !Number.isFinite(speed) || speed < 0) {
      throw new Error(
        `A shared clock needs a time and a speed >= 0, got ${virtualMs} and ${speed}`
      );
    }
    Atomics.add(this.seq, SEQ, 1);
    this.values[VIRTUAL] = virtualMs;
    this.values[REAL] = realNow();
    this.values[SPEED] = speed;
    Atomics.add(this.seq, SEQ, 1);
  }

  /** Virtual epoch ms now, whole. */
  readonly now = (): number => {
    for (;;) {
      const before = Atomics.load(this.seq, SEQ);
      const virtual = this.values[VIRTUAL] ?? 0;
      const real = this.values[REAL] ?? 0;
      const speed = this.values[SPEED] ?? 0;
      // An odd or changed sequence means a write was under way: read again.
      if (before % 2 === 0 && Atomics.load(this.seq, SEQ) === before) {
        return Math.floor(virtual + (realNow() - real) * speed);
      }
    }
  };
}
