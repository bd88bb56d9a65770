/**
 * The virtual clock of a local org: virtual time runs `speed` times as fast as real time, from a
 * chosen start, and can jump forward to the next job's due time. It never goes back, so
 * CreatedDate and job times stay ordered.
 */
export class VirtualClock {
  private virtualAt: number;
  private realAt: number;

  /**
   * @param start virtual epoch milliseconds at creation
   * @param speed virtual milliseconds per real millisecond (0: time moves only by advanceTo)
   * @param realNow the real clock in milliseconds (a seam for tests of the clock itself)
   */
  constructor(
    start: number,
    readonly speed: number,
    private readonly realNow: () => number = () => performance.now()
  ) {
    if (!Number.isFinite(start)) throw new Error(`The clock's start must be a time, got ${start}`);
    if (!Number.isFinite(speed) || speed < 0)
      throw new Error(
        `The clock's speed must be a number >= 0 (virtual ms per real ms), got ${speed}`
      );
    this.virtualAt = Math.floor(start);
    this.realAt = realNow();
  }

  /** Virtual epoch milliseconds now (whole milliseconds, as Datetime holds them). */
  now(): number {
    return Math.floor(this.virtualAt + (this.realNow() - this.realAt) * this.speed);
  }

  /** Jumps forward to `t`; a time already passed leaves the clock as it is. */
  advanceTo(t: number): void {
    const now = this.now();
    if (t <= now) return;
    this.virtualAt = Math.floor(t);
    this.realAt = this.realNow();
  }

  /** Real milliseconds until the clock shows `t` by itself (Infinity when it is stopped). */
  realMsUntil(t: number): number {
    const virtual = t - this.now();
    if (virtual <= 0) return 0;
    return this.speed === 0 ? Infinity : virtual / this.speed;
  }
}
