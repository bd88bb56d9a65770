/**
 * Asynchronous Apex for Apex code: System.enqueueJob, Database.executeBatch, System.schedule,
 * System.attachFinalizer, and the Queueable, Batchable, Schedulable and Finalizer interfaces
 * with their context objects.
 */
import type { AsyncQueue, Job } from '../interpreter/async.ts';
import { ApexThrow } from '../interpreter/errors.ts';
import {
  type ClassInfo,
  NativeClass,
  T,
  type TypeInfo,
  sobjectType
} from '../interpreter/types.ts';
import { ApexList, ApexObject, type ApexEnumValue } from '../interpreter/values.ts';
import type { Lib } from './lib.ts';

class JobContext {
  constructor(
    readonly apexTypeName: string,
    readonly jobId: string,
    readonly extra: { exception?: ApexObject | null; result?: ApexEnumValue } = {}
  ) {}
}

/** The Batchable chunk size when executeBatch is not given one, and its bounds. */
const DEFAULT_SCOPE = 200;
const MAX_SCOPE = 2000;

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
  const batchableContext = context('BatchableContext', 'Database', [
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
  const enqueue = (value: unknown): string => {
    const job = implementing(lib.need(value), queueable, 'The job');
    lib.rt.data.limits.charge('queueableJobs');
    return queue().enqueue('Queueable', null, (j) => runQueueable(job, j)).id;
  };
  const runQueueable = (job: ApexObject, j: Job): void => {
    finalizers = [];
    let failure: ApexThrow | null = null;
    const db = lib.rt.data.db;
    const mark = db.mark();
    try {
      lib.call(job, 'execute', [new JobContext('QueueableContext', j.id)]);
    } catch (error) {
      if (!(error instanceof ApexThrow)) throw error;
      failure = error;
      // The failed job's transaction is rolled back before its finalizer runs in a new one.
      db.rollbackTo(mark);
    }
    const attached = finalizers;
    finalizers = [];
    for (const f of attached) {
      const result = parentJobResult.enumValues[failure ? 1 : 0] as ApexEnumValue;
      lib.call(f, 'execute', [
        new JobContext('FinalizerContext', j.id, { exception: failure?.exception ?? null, result })
      ]);
    }
    if (failure) throw failure;
  };
  system.addStatic('enqueueJob', [T.Object], T.Id, (_s, [v]) => enqueue(v));
  system.addStatic('enqueueJob', [T.Object, T.Integer], T.Id, (_s, [v, delay]) => {
    const minutes = lib.need(delay) as number;
    if (minutes < 0 || minutes > 10)
      lib.throwApex('AsyncException', 'The delay must be between 0 and 10 minutes');
    return enqueue(v);
  });
  system.addStatic('attachFinalizer', [finalizer.type], T.Void, (_s, [f]) => {
    if (finalizers.length > 0)
      lib.throwApex('AsyncException', 'Only one finalizer can be attached to a Queueable job');
    finalizers.push(lib.need(f) as ApexObject);
    return null;
  });
  system.addStatic(
    'schedule',
    [T.String, T.String, schedulable.type],
    T.Id,
    (_s, [name, cron, job]) => {
      const target = lib.need(job) as ApexObject;
      lib.need(name);
      lib.need(cron);
      return queue().enqueue('ScheduledApex', null, (j) => {
        lib.call(target, 'execute', [new JobContext('SchedulableContext', j.id)]);
      }).id;
    }
  );

  const database = lib.native('Database');
  const executeBatch = (value: unknown, scope: number): string => {
    const batch = implementing(lib.need(value), batchable, 'The batch');
    if (scope < 1 || scope > MAX_SCOPE)
      lib.throwApex('AsyncException', `The scope must be between 1 and ${MAX_SCOPE}`);
    // Without Database.Stateful the platform restores the batch object's fields between chunks.
    const keepsState = batch.cls.isSubtypeOf(stateful);
    const initial = [...batch.fields];
    return queue().enqueue('BatchApex', null, (j) => {
      const ctx = new JobContext('BatchableContext', j.id);
      const start = lib.call(batch, 'start', [ctx]);
      const records = batchRecords(start, lib);
      let processed = 0;
      for (let i = 0; i < records.length; i += scope) {
        if (!keepsState) batch.fields.splice(0, batch.fields.length, ...initial);
        const chunk = records.slice(i, i + scope);
        lib.call(batch, 'execute', [ctx, new ApexList(listElem(chunk), chunk)]);
        processed++;
      }
      if (!keepsState) batch.fields.splice(0, batch.fields.length, ...initial);
      lib.call(batch, 'finish', [ctx]);
      queue().update(j, { jobitemsprocessed: processed, totaljobitems: processed });
    }).id;
  };
  database.addStatic('executeBatch', [T.Object], T.Id, (_s, [b]) => executeBatch(b, DEFAULT_SCOPE));
  database.addStatic('executeBatch', [T.Object, T.Integer], T.Id, (_s, [b, n]) =>
    executeBatch(b, lib.need(n) as number)
  );
  void batchableContext;
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
  const first = chunk[0] as { schema?: unknown } | undefined;
  return first && 'schema' in (first as object) ? sobjectType(null) : T.Object;
}
