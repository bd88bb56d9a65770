/**
 * Asynchronous Apex: a queue of jobs (Queueable, @future, Batchable, Schedulable) with their
 * AsyncApexJob rows. In a test, `Test.stopTest()` runs the jobs enqueued since `startTest()`
 * synchronously, in order; jobs those jobs enqueue are not run, as on the platform.
 */
import type { Database } from '../database/database.ts';
import type { Schema } from '../schema/schema.ts';
import { ApexDatetime } from '../values/datetime.ts';
import { ApexThrow } from './errors.ts';

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
}

export class AsyncQueue {
  private pending: Job[] = [];
  /** True while stopTest runs jobs: what they enqueue waits (and never runs in the test). */
  private draining = false;
  testStarted = false;

  constructor(
    private readonly schema: Schema,
    private readonly db: Database
  ) {}

  reset(): void {
    this.pending = [];
    this.draining = false;
    this.testStarted = false;
  }

  /** Adds a job and its AsyncApexJob row (Status Queued); returns the job id. */
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
    const job: Job = { id, type, run, sinceStart: this.testStarted && !this.draining };
    this.pending.push(job);
    return job;
  }

  /** Updates a job's AsyncApexJob row. */
  update(job: Job, changes: Record<string, unknown>): void {
    this.db.patch(this.schema.get('AsyncApexJob')!, job.id, new Map(Object.entries(changes)));
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

  private runOne(job: Job): void {
    this.update(job, { status: 'Processing' });
    try {
      job.run(job);
      this.update(job, { status: 'Completed', completeddate: ApexDatetime.now() });
    } catch (error) {
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
    }
  }

  /** Jobs waiting to run (for tests of the runtime and the local scheduler). */
  get queued(): readonly Job[] {
    return this.pending;
  }
}
