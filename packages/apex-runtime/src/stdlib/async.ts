/**
 * Asynchronous Apex for Apex code: System.enqueueJob (with a delay or AsyncOptions),
 * Database.executeBatch, System.schedule (with its CronTrigger row), System.abortJob,
 * System.attachFinalizer, System.isFuture/isBatch/isQueueable/isScheduled, AsyncInfo, and the
 * Queueable, Batchable, Schedulable and Finalizer interfaces with their context objects.
 */
import { SObjectValue } from '../database/sobject.ts';
import type { AsyncQueue, Job } from '../interpreter/async.ts';
import { ApexThrow, UnsupportedError } from '../interpreter/errors.ts';
import {
  type ClassInfo,
  NativeClass,
  T,
  type TypeInfo,
  sobjectType
} from '../interpreter/types.ts';
import { ApexList, ApexObject, type ApexEnumValue } from '../interpreter/values.ts';
import { ApexDatetime } from '../values/datetime.ts';
import type { Lib } from './lib.ts';

class JobContext {
  constructor(
    readonly apexTypeName: string,
    readonly jobId: string,
    readonly extra: { exception?: ApexObject | null; result?: ApexEnumValue } = {}
  ) {}
}

/** System.QueueableDuplicateSignature: the parts a Builder added, in order. */
class DuplicateSignature {
  readonly apexTypeName = 'System.QueueableDuplicateSignature';
  constructor(readonly text: string) {}
}

class SignatureBuilder {
  readonly apexTypeName = 'System.QueueableDuplicateSignature.Builder';
  readonly parts: string[] = [];
}

/** System.AsyncOptions: how a Queueable is enqueued (Apex Reference, AsyncOptions Class). */
class AsyncOptionsValue {
  readonly apexTypeName = 'System.AsyncOptions';
  maxDepth: number | null = null;
  minDelay: number | null = null;
  signature: DuplicateSignature | null = null;
}

/** The Batchable chunk size when executeBatch is not given one, and its bounds. */
const DEFAULT_SCOPE = 200;
const MAX_SCOPE = 2000;
/** Queueable delays are whole minutes from 0 to 10 (Apex Reference, System.enqueueJob). */
const MAX_DELAY = 10;

export function installAsync(lib: Lib, queue: () => AsyncQueue): void {
  const p = lib.platform;
  const context = (
    name: string,
    namespace: string,
    methods: [string, TypeInfo, (c: JobContext) => unknown][]
  ) => {
    const native = p.addNative(
      new NativeClass(name, (v) => v instanceof JobContext && v.apexTypeName === name),
      namespace
    );
    for (const [method, returns, impl] of methods)
      native.addMethod(method, [], returns, (self) => impl(self as JobContext));
    return native;
  };
  const queueableContext = context('QueueableContext', 'System', [
    ['getJobId', T.Id, (c) => c.jobId]
  ]);
  context('BatchableContext', 'Database', [
    ['getJobId', T.Id, (c) => c.jobId],
    ['getChildJobId', T.Id, (c) => c.jobId]
  ]);
  const schedulableContext = context('SchedulableContext', 'System', [
    ['getTriggerId', T.Id, (c) => c.jobId]
  ]);
  const parentJobResult = p.defineEnum('ParentJobResult', ['SUCCESS', 'UNHANDLED_EXCEPTION']);
  const finalizerContext = context('FinalizerContext', 'System', [
    ['getAsyncApexJobId', T.Id, (c) => c.jobId],
    ['getRequestId', T.String, (c) => c.jobId],
    ['getResult', parentJobResult.type, (c) => c.extra.result ?? null],
    ['getException', p.exceptionRoot.type, (c) => c.extra.exception ?? null]
  ]);

  const queueable = p.addInterface('Queueable', 'System', [
    { name: 'execute', params: [['context', queueableContext.type]], returns: T.Void }
  ]);
  const schedulable = p.addInterface('Schedulable', 'System', [
    { name: 'execute', params: [['context', schedulableContext.type]], returns: T.Void }
  ]);
  const finalizer = p.addInterface('Finalizer', 'System', [
    { name: 'execute', params: [['context', finalizerContext.type]], returns: T.Void }
  ]);
  // Batchable<T> is generic on the platform; its methods are checked by name when it runs.
  const batchable = p.addInterface('Batchable', 'Database', []);
  const stateful = p.addInterface('Stateful', 'Database', []);
  for (const marker of ['AllowsCallouts', 'RaisesPlatformEvents'])
    p.addInterface(marker, 'Database', []);

  const implementing = (value: unknown, iface: ClassInfo, what: string): ApexObject => {
    if (!(value instanceof ApexObject) || !value.cls.isSubtypeOf(iface)) {
      lib.throwApex('AsyncException', `${what} must implement ${iface.name}`);
    }
    return value as ApexObject;
  };

  /** Finalizers attached by the job running now. */
  let finalizers: ApexObject[] = [];

  const system = lib.native('System');
  const running = (type: Job['type']) => queue().running?.type === type;
  system.addStatic('isQueueable', [], T.Boolean, () => running('Queueable'));
  system.addStatic('isFuture', [], T.Boolean, () => running('Future'));
  system.addStatic('isBatch', [], T.Boolean, () => running('BatchApex'));
  system.addStatic('isScheduled', [], T.Boolean, () => running('ScheduledApex'));

  const enqueue = (
    value: unknown,
    delay: number | null,
    maxDepth: number | null,
    signature: string | null = null
  ): string => {
    const target = implementing(lib.need(value), queueable, 'The job');
    if (signature !== null && queue().hasSignature(signature))
      lib.throwApex(
        'DuplicateMessageException',
        'Attempt to enqueue job with duplicate queueable signature'
      );
    if (delay !== null && (delay < 0 || delay > MAX_DELAY))
      lib.throwApex('AsyncException', 'The delay must be between 0 and 10 minutes');
    const parent = queue().running;
    const chained = parent?.type === 'Queueable' ? parent : null;
    const depth = chained ? chained.depth + 1 : 1;
    const limit = maxDepth ?? chained?.maxDepth ?? null;
    // AsyncOptions.MaximumQueueableStackDepth bounds the chain; and in an Apex test "You can't
    // chain queueable jobs ... Doing so results in an error" (Apex Developer Guide, Queueable
    // Apex) — the same AsyncException.
    if ((chained && lib.rt.testMode) || (limit !== null && depth > limit))
      lib.throwApex('AsyncException', 'Maximum stack depth has been reached.');
    lib.rt.data.limits.charge('queueableJobs');
    const job = queue().enqueue('Queueable', null, (j) => runQueueable(target, j));
    job.className = target.cls.fullName;
    job.depth = depth;
    job.maxDepth = limit;
    job.delay = delay;
    job.signature = signature;
    return job.id;
  };
  const runQueueable = (target: ApexObject, j: Job): void => {
    finalizers = [];
    let failure: ApexThrow | null = null;
    const { db, events } = lib.rt.data;
    const mark = db.mark();
    const eventMark = events.mark();
    try {
      lib.call(target, 'execute', [new JobContext('QueueableContext', j.id)]);
    } catch (error) {
      if (!(error instanceof ApexThrow)) throw error;
      failure = error;
      // The failed job's transaction is rolled back before its finalizer runs in a new one: its
      // DML and its publish-after-commit events (publish-immediately events survive).
      db.rollbackTo(mark);
      events.rolledBackTo(eventMark);
    }
    const attached = finalizers;
    finalizers = [];
    // The job is over when its finalizer runs: its signature no longer blocks a new job.
    j.signature = null;
    for (const f of attached) {
      queue().freshTransaction();
      const result = parentJobResult.enumValues[failure ? 1 : 0] as ApexEnumValue;
      lib.call(f, 'execute', [
        new JobContext('FinalizerContext', j.id, { exception: failure?.exception ?? null, result })
      ]);
    }
    if (failure) throw failure;
  };
  const asyncOptions = installAsyncOptions(lib);
  system.addStatic('enqueueJob', [T.Object], T.Id, (_s, [v]) => enqueue(v, null, null));
  system.addStatic('enqueueJob', [T.Object, T.Integer], T.Id, (_s, [v, delay]) =>
    enqueue(v, lib.need(delay) as number, null)
  );
  system.addStatic('enqueueJob', [T.Object, asyncOptions.type], T.Id, (_s, [v, o]) => {
    const options = lib.need(o, 'options') as AsyncOptionsValue;
    return enqueue(v, options.minDelay, options.maxDepth, options.signature?.text ?? null);
  });
  system.addStatic('attachFinalizer', [finalizer.type], T.Void, (_s, [f]) => {
    if (finalizers.length > 0)
      lib.throwApex('AsyncException', 'Only one finalizer can be attached to a Queueable job');
    finalizers.push(lib.need(f) as ApexObject);
    return null;
  });
  installAsyncInfo(lib, queue);

  system.addStatic(
    'schedule',
    [T.String, T.String, schedulable.type],
    T.Id,
    (_s, [name, cron, job]) =>
      schedule(lib, queue(), lib.need(name) as string, lib.need(cron) as string, (ctx) =>
        lib.call(lib.need(job) as ApexObject, 'execute', [ctx])
      )
  );
  system.addStatic('abortJob', [T.String], T.Void, (_s, [id]) => {
    const jobId = lib.need(id) as string;
    if (!queue().abort(jobId))
      throw new UnsupportedError(
        `Unsupported: System.abortJob(String) of a job that is not queued`
      );
    return null;
  });

  const database = lib.native('Database');
  const executeBatch = (value: unknown, scope: number): string => {
    const batch = implementing(lib.need(value), batchable, 'The batch');
    if (scope < 1 || scope > MAX_SCOPE)
      lib.throwApex('AsyncException', `The scope must be between 1 and ${MAX_SCOPE}`);
    // Without Database.Stateful the platform restores the batch object's fields between chunks.
    const keepsState = batch.cls.isSubtypeOf(stateful);
    const initial = [...batch.fields];
    const job = queue().enqueue('BatchApex', null, (j) => {
      const ctx = new JobContext('BatchableContext', j.id);
      const start = lib.call(batch, 'start', [ctx]);
      const records = batchRecords(start, lib);
      let processed = 0;
      let errors = 0;
      for (let i = 0; i < records.length; i += scope) {
        // A test runs one execute() only (Apex Developer Guide, Using Batch Apex: "you can test
        // only one execution of the execute method").
        if (i > 0 && lib.rt.testMode) lib.throwApex('UnexpectedException', ONE_EXECUTE_IN_TESTS);
        if (!keepsState) batch.fields.splice(0, batch.fields.length, ...initial);
        queue().freshTransaction();
        const chunk = records.slice(i, i + scope);
        try {
          lib.call(batch, 'execute', [ctx, new ApexList(listElem(chunk), chunk)]);
        } catch (error) {
          // Outside tests a chunk that throws is rolled back alone; the job goes on with the next
          // chunk and finish() (Using Batch Apex: each execution is a discrete transaction).
          if (lib.rt.testMode || !(error instanceof ApexThrow)) throw error;
          queue().rollbackTransaction();
          errors++;
        }
        processed++;
      }
      if (!keepsState) batch.fields.splice(0, batch.fields.length, ...initial);
      queue().freshTransaction();
      lib.call(batch, 'finish', [ctx]);
      queue().update(j, {
        jobitemsprocessed: processed,
        totaljobitems: processed,
        numberoferrors: errors
      });
    });
    job.className = batch.cls.fullName;
    return job.id;
  };
  database.addStatic('executeBatch', [T.Object], T.Id, (_s, [b]) => executeBatch(b, DEFAULT_SCOPE));
  database.addStatic('executeBatch', [T.Object, T.Integer], T.Id, (_s, [b, n]) =>
    executeBatch(b, lib.need(n) as number)
  );
}

const ONE_EXECUTE_IN_TESTS =
  'No more than one executeBatch can be called from within a test method. Please make sure the iterable returned from your start method matches the batch size, resulting in one executeBatch invocation.';

/** System.AsyncOptions with its settable properties. */
function installAsyncOptions(lib: Lib): NativeClass {
  const native = lib.platform.addNative(
    new NativeClass('AsyncOptions', (v) => v instanceof AsyncOptionsValue),
    'System'
  );
  native.addConstructor([], () => new AsyncOptionsValue());
  const signatureType = installDuplicateSignature(lib).type;
  const integer = (
    read: (o: AsyncOptionsValue) => number | null,
    write: (o: AsyncOptionsValue, n: number | null) => void
  ) => ({
    type: T.Integer,
    get: (self: unknown) => read(self as AsyncOptionsValue),
    set: (self: unknown, v: unknown) => write(self as AsyncOptionsValue, v as number | null)
  });
  native.member = (name) => {
    switch (name.toLowerCase()) {
      case 'maximumqueueablestackdepth':
        return integer(
          (o) => o.maxDepth,
          (o, n) => (o.maxDepth = n)
        );
      case 'minimumqueueabledelayinminutes':
        return integer(
          (o) => o.minDelay,
          (o, n) => (o.minDelay = n)
        );
      case 'duplicatesignature':
        return {
          type: signatureType,
          get: (self: unknown) => (self as AsyncOptionsValue).signature,
          set: (self: unknown, v: unknown) =>
            ((self as AsyncOptionsValue).signature = v as DuplicateSignature | null)
        };
      default:
        return undefined;
    }
  };
  return native;
}

/**
 * System.QueueableDuplicateSignature and its Builder (addId, addInteger, addString, build): a
 * job enqueued with the signature of a job still queued or running is refused with
 * DuplicateMessageException (Apex Developer Guide, Detecting Duplicate Queueable Jobs).
 */
function installDuplicateSignature(lib: Lib): NativeClass {
  const p = lib.platform;
  const signature = p.addNative(
    new NativeClass('QueueableDuplicateSignature', (v) => v instanceof DuplicateSignature),
    'System'
  );
  signature.addMethod('toString', [], T.String, (self) => (self as DuplicateSignature).text);
  const builder = new NativeClass('Builder', (v) => v instanceof SignatureBuilder);
  // Registered by its qualified names only: a bare `Builder` is not a platform type.
  for (const name of [
    'QueueableDuplicateSignature.Builder',
    'System.QueueableDuplicateSignature.Builder'
  ])
    p.natives.set(name.toLowerCase(), builder);
  builder.addConstructor([], () => new SignatureBuilder());
  const add = (type: TypeInfo) =>
    builder.addMethod(
      `add${type === T.Id ? 'Id' : type === T.Integer ? 'Integer' : 'String'}`,
      [type],
      'Self',
      (self, [v]) => {
        (self as SignatureBuilder).parts.push(lib.str(lib.need(v)));
        return self;
      }
    );
  [T.Id, T.Integer, T.String].forEach(add);
  builder.addMethod(
    'build',
    [],
    signature.type,
    (self) => new DuplicateSignature((self as SignatureBuilder).parts.join('|'))
  );
  return signature;
}

/** System.AsyncInfo: the chain of the Queueable running now. */
function installAsyncInfo(lib: Lib, queue: () => AsyncQueue): void {
  const info = lib.platform.addNative(new NativeClass('AsyncInfo'), 'System');
  const current = (method: string): Job => {
    const job = queue().running;
    if (job?.type !== 'Queueable')
      throw new UnsupportedError(`Unsupported: AsyncInfo.${method}() outside a Queueable job`);
    return job;
  };
  info.addStatic(
    'getCurrentQueueableStackDepth',
    [],
    T.Integer,
    () => current('getCurrentQueueableStackDepth').depth
  );
  info.addStatic(
    'hasMaxStackDepth',
    [],
    T.Boolean,
    () => current('hasMaxStackDepth').maxDepth !== null
  );
  info.addStatic('getMaximumQueueableStackDepth', [], T.Integer, () => {
    const job = current('getMaximumQueueableStackDepth');
    if (job.maxDepth === null)
      throw new UnsupportedError(
        'Unsupported: AsyncInfo.getMaximumQueueableStackDepth() without a maximum stack depth'
      );
    return job.maxDepth;
  });
  // "Returns null if no delay is defined" (Apex Reference, AsyncInfo Class).
  info.addStatic(
    'getMinimumQueueableDelayInMinutes',
    [],
    T.Integer,
    () => current('getMinimumQueueableDelayInMinutes').delay
  );
}

/**
 * System.schedule: a CronJobDetail (the job's name) and a CronTrigger (its expression, state
 * WAITING) with an AsyncApexJob of type ScheduledApex; returns the CronTrigger id, which
 * SchedulableContext.getTriggerId() gives the job (Apex Developer Guide, Apex Scheduler).
 */
function schedule(
  lib: Lib,
  q: AsyncQueue,
  name: string,
  cron: string,
  run: (ctx: JobContext) => unknown
): string {
  const { schema, db } = lib.rt.data;
  const detail = schema.get('CronJobDetail')!;
  const taken = db
    .rows(detail)
    .some((r) => (r.get('name') as string | null)?.toLowerCase() === name.toLowerCase());
  if (taken)
    lib.throwApex(
      'AsyncException',
      `The Apex job named "${name}" is already scheduled for execution.`
    );
  // Scheduled Apex is job type 7 of CronJobDetail (SOAP API Developer Guide, CronJobDetail).
  const detailId = db.seed(
    detail,
    new Map<string, unknown>([
      ['name', name],
      ['jobtype', '7']
    ])
  );
  const triggerId = db.seed(
    schema.get('CronTrigger')!,
    new Map<string, unknown>([
      ['cronexpression', cron],
      ['cronjobdetailid', detailId],
      ['state', 'WAITING'],
      ['timestriggered', 0],
      ['starttime', ApexDatetime.now()],
      ['createddate', ApexDatetime.now()]
    ])
  );
  const job = q.enqueue('ScheduledApex', null, () => {
    run(new JobContext('SchedulableContext', triggerId));
  });
  job.className = name;
  job.cronTriggerId = triggerId;
  job.cron = cron;
  q.update(job, { crontriggerid: triggerId });
  let next: number | null;
  try {
    next = q.dueAt(job);
  } catch (error) {
    if (error instanceof UnsupportedError) throw error;
    lib.throwApex('StringException', (error as Error).message);
  }
  db.patch(
    schema.get('CronTrigger')!,
    triggerId,
    new Map<string, unknown>([
      ['nextfiretime', next === null ? null : ApexDatetime.newInstance(next)]
    ])
  );
  return triggerId;
}

/** The records a batch's start() hands over: a QueryLocator's rows or an Iterable's items. */
function batchRecords(start: unknown, lib: Lib): unknown[] {
  if (start instanceof ApexList) return start.items;
  const locator = start as { records?: () => unknown[] } | null;
  if (locator && typeof locator.records === 'function') return locator.records();
  return lib.throwApex(
    'AsyncException',
    'start() must return a Database.QueryLocator or an Iterable'
  );
}

function listElem(chunk: unknown[]): TypeInfo {
  return chunk[0] instanceof SObjectValue ? sobjectType(null) : T.Object;
}
