/**
 * Governor limits of one transaction (synchronous limits; asynchronous code gets the larger ones).
 * Each counter is charged where the platform charges it; going over throws System.LimitException,
 * which Apex code cannot catch. `Test.startTest()` opens a fresh set, `stopTest()` returns to
 * the outer one, as the platform does.
 */
import { getHeapStatistics } from 'node:v8';

/**
 * The Node heap in use: what Limits.getHeapSize() reports offline. V8's own statistics, read at
 * every transaction's start, cost far less than process.memoryUsage(), which also measures RSS.
 */
function usedHeap(): number {
  return getHeapStatistics().used_heap_size;
}

export type LimitName =
  | 'queries'
  | 'queryRows'
  | 'aggregateQueries'
  | 'soslQueries'
  | 'dmlStatements'
  | 'dmlRows'
  | 'callouts'
  | 'queueableJobs'
  | 'futureCalls'
  | 'publishImmediateDml'
  | 'emailInvocations'
  | 'cpuTime'
  | 'heapSize';

/** Limit values from the Apex Developer Guide, "Execution Governors and Limits". */
const SYNC: Record<LimitName, number> = {
  queries: 100,
  queryRows: 50000,
  aggregateQueries: 300,
  soslQueries: 20,
  dmlStatements: 150,
  dmlRows: 10000,
  callouts: 100,
  queueableJobs: 50,
  futureCalls: 50,
  publishImmediateDml: 150,
  emailInvocations: 10,
  cpuTime: 10000,
  heapSize: 6 * 1024 * 1024
};

const ASYNC: Record<LimitName, number> = {
  ...SYNC,
  queries: 200,
  cpuTime: 60000,
  heapSize: 12 * 1024 * 1024,
  queueableJobs: 1
};

/** The wording of the platform's LimitException for each counter. */
const MESSAGES: Record<LimitName, string> = {
  queries: 'Too many SOQL queries',
  queryRows: 'Too many query rows',
  aggregateQueries: 'Too many aggregate queries',
  soslQueries: 'Too many SOSL queries',
  dmlStatements: 'Too many DML statements',
  dmlRows: 'Too many DML rows',
  callouts: 'Too many callouts',
  queueableJobs: 'Too many queueable jobs added to the queue',
  futureCalls: 'Too many future calls',
  publishImmediateDml: 'Too many immediate EventBus.publish calls',
  emailInvocations: 'Too many Email Invocations',
  cpuTime: 'Apex CPU time limit exceeded',
  heapSize: 'Apex heap size too large'
};

export interface SavedLimits {
  used: Record<LimitName, number>;
  outer: Record<LimitName, number> | null;
  limits: Record<LimitName, number>;
  started: number;
  heapAtStart: number;
}

export class Limits {
  private used: Record<LimitName, number>;
  private outer: Record<LimitName, number> | null = null;
  limits: Record<LimitName, number>;

  constructor(
    private readonly fail: (message: string) => never,
    asynchronous = false
  ) {
    this.limits = asynchronous ? ASYNC : SYNC;
    this.used = zero();
  }

  /** When the current transaction started (performance.now), for CPU time. */
  private started = performance.now();
  private heapAtStart = usedHeap();
  /**
   * The asynchronous transactions that ended since `clearAsync` (jobs, batch chunks, event
   * batches), and the most each used of every limit, for the per-test report.
   */
  asyncTransactions = 0;
  asyncPeak: Record<LimitName, number> = zero();

  /** Notes the usage of the asynchronous transaction that is ending. */
  endAsyncTransaction(): void {
    this.asyncTransactions++;
    const usage = this.usage();
    for (const name of Object.keys(usage) as LimitName[])
      this.asyncPeak[name] = Math.max(this.asyncPeak[name], usage[name]);
  }

  /** Forgets the asynchronous transactions noted so far (a new test starts). */
  clearAsync(): void {
    this.asyncTransactions = 0;
    this.asyncPeak = zero();
  }

  get(name: LimitName): number {
    if (name === 'cpuTime') return Math.round(performance.now() - this.started);
    if (name === 'heapSize') return Math.max(0, usedHeap() - this.heapAtStart);
    return this.used[name];
  }

  /**
   * Leaves time spent waiting (a real callout's round trip) out of CPU time: "the time spent
   * waiting for a callout to return isn't counted" (Apex Developer Guide, Execution Governors
   * and Limits, CPU time).
   */
  excludeWait(ms: number): void {
    this.started += ms;
  }

  /** Throws the platform's LimitException once the transaction has used its CPU time. */
  checkCpu(): void {
    if (performance.now() - this.started > this.limits.cpuTime) this.fail(MESSAGES.cpuTime);
  }

  limit(name: LimitName): number {
    return this.limits[name];
  }

  /** Charges `amount` to a counter; throws LimitException when the new total exceeds the limit. */
  charge(name: LimitName, amount = 1): void {
    const total = this.used[name] + amount;
    this.used[name] = total;
    if (total > this.limits[name]) {
      this.fail(
        name === 'cpuTime' || name === 'heapSize' ? MESSAGES[name] : `${MESSAGES[name]}: ${total}`
      );
    }
  }

  /** Test.startTest(): a fresh set of limits for the code under test. */
  startTest(): void {
    this.outer = this.used;
    this.used = zero();
  }

  /** Test.stopTest(): back to the limits of the test method itself. */
  stopTest(): void {
    if (this.outer) this.used = this.outer;
    this.outer = null;
  }

  /** A snapshot of every counter, for the per-test report. */
  usage(): Record<LimitName, number> {
    return { ...this.used, cpuTime: this.get('cpuTime'), heapSize: this.get('heapSize') };
  }

  /** Everything a transaction's limits hold, so an asynchronous job can run and hand them back. */
  save(): SavedLimits {
    return {
      used: this.used,
      outer: this.outer,
      limits: this.limits,
      started: this.started,
      heapAtStart: this.heapAtStart
    };
  }

  restore(saved: SavedLimits): void {
    this.used = saved.used;
    this.outer = saved.outer;
    this.limits = saved.limits;
    this.started = saved.started;
    this.heapAtStart = saved.heapAtStart;
  }

  /**
   * Runs `work` as an asynchronous transaction of its own (a job, a batch chunk, an event batch):
   * fresh asynchronous limits, then the caller's limits back, with the transaction's usage noted.
   */
  runAsync<T>(work: () => T): T {
    const outer = this.save();
    this.reset(true);
    try {
      return work();
    } finally {
      this.endAsyncTransaction();
      this.restore(outer);
    }
  }

  reset(asynchronous = false): void {
    this.limits = asynchronous ? ASYNC : SYNC;
    this.used = zero();
    this.outer = null;
    this.started = performance.now();
    this.heapAtStart = usedHeap();
  }
}

function zero(): Record<LimitName, number> {
  return Object.fromEntries(Object.keys(SYNC).map((k) => [k, 0])) as Record<LimitName, number>;
}
