/**
 * Asynchronous Apex: a queue of jobs (Queueable, @future, Batchable, Schedulable) with their
 * AsyncApexJob rows. In a test, `Test.stopTest()` runs the jobs enqueued since `startTest()`
 * synchronously, in order; jobs those jobs enqueue are not run, as on the platform. Each job runs
 * as its own transaction with the asynchronous governor limits, and the test's counters come
 * back when it ends.
 */
import type { Database } from '../database/database.ts';
import type { Schema } from '../schema/schema.ts';
import { ApexDatetime, nowMillis } from '../values/datetime.ts';
import { nextFireTime } from './cron.ts';
import { ApexThrow, UnsupportedError } from './errors.ts';
import type { EventBus } from './events.ts';
import type { Limits } from './limits.ts';

export type JobType = 'Queueable' | 'Future' | 'BatchApex' | 'ScheduledApex' | 'BatchApexWorker';

export interface Job {
  id: string;
  type: JobType;
  /** Runs the job; throws what the job's code throws. */
  run: (job: Job) => void;
  /** Whether it was enqueued between Test.startTest() and Test.stopTest(). */
  sinceStart: boolean;
  /** For Schedulable jobs: the CronTrigger row. */
  cronTriggerId?: string;
  /** Queueable: its place in its chain (1 for a job not enqueued by a queueable). */
  depth: number;
  /** Queueable: AsyncOptions.MaximumQueueableStackDepth of its chain, or null. */
  maxDepth: number | null;
  /** Queueable: the delay it was enqueued with, in minutes, or null. */
  delay: number | null;
  /** Queueable: its AsyncOptions.DuplicateSignature, or null. */
  signature?: string | null;
  /** When it was enqueued (the runtime's clock), for delays and schedules. */
  enqueuedAt: number;
  /** Schedulable: its cron expression; the job runs again at each fire time. */
  cron?: string;
  /** The Apex class of the job's object (or `Class.method` of an @future call), for reports. */
  className?: string;
}

/** Throws an Apex exception of a platform type. */
export type Fail = (typeName: string, message: string) => never;

export class AsyncQueue {
  private pending: Job[] = [];
  /** True while stopTest runs jobs: what they enqueue waits (and never runs in the test). */
  private draining = false;
  testStarted = false;
  /** The job whose code is running now (System.isQueueable(), AsyncInfo, chaining). */
  running: Job | null = null;
  /** Set by a local org: called as a job's transaction begins (fresh static state). */
  onJobStart: ((job: Job) => void) | null = null;
  /** Set by a local org: told of each job runDue ran, with what it threw (null on success). */
  onJobEnd: ((job: Job, error: unknown) => void) | null = null;
  /**
   * Where the current job transaction began in the database journal and on the event bus, to
   * roll back its DML and its publish-after-commit events together.
   */
  private transactionMark = { db: 0, events: 0 };

  constructor(
    private readonly schema: Schema,
    private readonly db: Database,
    private readonly events: EventBus,
    private readonly limits: Limits,
    private readonly fail: Fail
  ) {}

  reset(): void {
    this.pending = [];
    this.draining = false;
    this.testStarted = false;
    this.running = null;
  }

  /**
   * Adds a job and its AsyncApexJob row (Status Queued); returns the job. Work enqueued outside
   * Test.startTest()/stopTest() is uncommitted work of the transaction: a callout after it fails.
   */
  enqueue(type: JobType, methodName: string | null, run: Job['run']): Job {
    const object = this.schema.get('AsyncApexJob')!;
    const id = this.db.seed(
      object,
      new Map<string, unknown>([
        ['jobtype', type],
        ['status', 'Queued'],
        ['methodname', methodName],
        ['jobitemsprocessed', 0],
        ['totaljobitems', 0],
        ['numberoferrors', 0],
        ['createddate', ApexDatetime.now()]
      ])
    );
    const sinceStart = this.testStarted && !this.draining;
    const job: Job = {
      id,
      type,
      run,
      sinceStart,
      depth: 1,
      maxDepth: null,
      delay: null,
      enqueuedAt: nowMillis()
    };
    if (!sinceStart) this.db.uncommittedWork = true;
    this.pending.push(job);
    return job;
  }

  /**
   * An @future call from a future or batch job is refused (Apex Developer Guide, Future
   * Methods: "You can't call a method annotated with future from a method that also has the
   * future annotation"); `signature` is `Class.method(ParamTypes)`.
   */
  checkFutureCall(signature: string): void {
    const type = this.running?.type;
    if (type === 'Future' || type === 'BatchApex')
      this.fail(
        'AsyncException',
        `Future method cannot be called from a future or batch method: ${signature}`
      );
  }

  /** Whether a job with this duplicate signature is queued or running. */
  hasSignature(signature: string): boolean {
    const running = this.running?.signature === signature;
    return running || this.pending.some((j) => j.signature === signature);
  }

  /** Updates a job's AsyncApexJob row. */
  update(job: Job, changes: Record<string, unknown>): void {
    this.db.patch(this.schema.get('AsyncApexJob')!, job.id, new Map(Object.entries(changes)));
  }

  /** System.abortJob: a queued job is taken off the queue and marked Aborted. */
  abort(id: string): boolean {
    const job = this.pending.find((j) => j.id === id || j.cronTriggerId === id);
    if (!job) return false;
    this.pending = this.pending.filter((j) => j !== job);
    this.update(job, { status: 'Aborted', completeddate: ApexDatetime.now() });
    return true;
  }

  /**
   * Test.stopTest(): runs the jobs enqueued since startTest, one after another. A job that
   * throws is marked Failed and its exception surfaces from stopTest, failing the test.
   */
  runSinceStart(): void {
    const due = this.pending.filter((j) => j.sinceStart);
    this.pending = this.pending.filter((j) => !j.sinceStart);
    this.draining = true;
    try {
      for (const job of due) this.runOne(job);
    } finally {
      this.draining = false;
    }
  }

  /** When a job may run: its enqueue time plus its delay, or its schedule's next fire time. */
  dueAt(job: Job): number | null {
    if (job.cron) return nextFireTime(job.cron, job.enqueuedAt - 1000);
    return job.enqueuedAt + (job.delay ?? 0) * 60000;
  }

  /**
   * Outside tests (the local run), the scheduler of a virtual clock: runs every job due at `now`,
   * oldest due first, including jobs those jobs enqueue when they are due too. A scheduled job is
   * queued again for its next fire time. A job that throws is marked Failed and the others go
   * on. Returns how many jobs ran.
   */
  runDue(now: number = nowMillis(), maxJobs = 10000): number {
    let ran = 0;
    for (;;) {
      const due = this.pending
        .map((job, order) => ({ job, order, at: this.dueAt(job) }))
        .filter((j) => j.at !== null && j.at <= now)
        .sort((a, b) => a.at! - b.at! || a.order - b.order)[0];
      if (!due || ran >= maxJobs) return ran;
      this.pending = this.pending.filter((j) => j !== due.job);
      let failure: unknown = null;
      try {
        this.runOne(due.job);
      } catch (error) {
        // A failed job is reported and the org goes on; a bug of the runtime itself stops it.
        if (!(error instanceof ApexThrow) && !(error instanceof UnsupportedError)) throw error;
        failure = error;
      }
      this.onJobEnd?.(due.job, failure);
      ran++;
      if (due.job.cron) this.reschedule(due.job, due.at!);
    }
  }

  /** A fired schedule waits for its next fire time with a new AsyncApexJob row. */
  private reschedule(job: Job, firedAt: number): void {
    const next = this.enqueue(job.type, null, job.run);
    next.cron = job.cron;
    next.cronTriggerId = job.cronTriggerId;
    next.className = job.className;
    next.enqueuedAt = firedAt + 1000;
    if (job.cronTriggerId) {
      const trigger = this.schema.get('CronTrigger')!;
      const row = this.db.find(job.cronTriggerId);
      const times = (row?.row.get('timestriggered') as number | null) ?? 0;
      const nextFire = this.dueAt(next);
      this.db.patch(
        trigger,
        job.cronTriggerId,
        new Map<string, unknown>([
          ['timestriggered', times + 1],
          ['previousfiretime', ApexDatetime.newInstance(firedAt)],
          ['nextfiretime', nextFire === null ? null : ApexDatetime.newInstance(nextFire)]
        ])
      );
    }
  }

  /** The earliest time a queued job becomes due, or null when nothing waits (for the clock). */
  nextDueAt(): number | null {
    const times = this.pending.map((j) => this.dueAt(j)).filter((t): t is number => t !== null);
    return times.length === 0 ? null : Math.min(...times);
  }

  /** A new transaction inside a job (a batch's start, each execute, finish): fresh limits. */
  freshTransaction(): void {
    this.limits.endAsyncTransaction();
    this.limits.reset(true);
    // The previous transaction committed: its DML no longer blocks this one's callouts.
    this.db.uncommittedWork = false;
    this.beginTransaction();
  }

  /** Marks where a job transaction begins: its DML and after-commit events can be undone. */
  private beginTransaction(): void {
    this.transactionMark = { db: this.db.mark(), events: this.events.mark() };
  }

  /**
   * Rolls back the current transaction inside a job (a batch chunk that threw, or a whole job):
   * its DML and its publish-after-commit events, leaving what earlier transactions of the job
   * committed. Publish-immediately events survive.
   */
  rollbackTransaction(): void {
    this.db.rollbackTo(this.transactionMark.db);
    this.events.rolledBackTo(this.transactionMark.events);
  }

  private runOne(job: Job): void {
    this.update(job, { status: 'Processing' });
    const outerJob = this.running;
    const work = this.db.uncommittedWork;
    // The job committed its own transaction; the test goes on with its own counters.
    this.limits.runAsync(() => {
      // A job is a transaction of its own: the caller's pending DML does not block its callouts.
      this.db.uncommittedWork = false;
      this.running = job;
      this.beginTransaction();
      this.onJobStart?.(job);
      try {
        job.run(job);
        this.update(job, { status: 'Completed', completeddate: ApexDatetime.now() });
      } catch (error) {
        // An uncaught exception rolls back the transaction it ended. A Queueable has already
        // rolled back its own before its finalizer ran in a new one, which stays committed.
        if (job.type !== 'Queueable' || !(error instanceof ApexThrow)) this.rollbackTransaction();
        const message =
          error instanceof ApexThrow
            ? String(error.exception.fields[0] ?? '')
            : (error as Error).message;
        this.update(job, {
          status: 'Failed',
          extendedstatus: message,
          numberoferrors: 1,
          completeddate: ApexDatetime.now()
        });
        throw error;
      } finally {
        this.running = outerJob;
        this.db.uncommittedWork = work;
      }
    });
  }

  /** Jobs waiting to run (for tests of the runtime and the local scheduler). */
  get queued(): readonly Job[] {
    return this.pending;
  }
}
