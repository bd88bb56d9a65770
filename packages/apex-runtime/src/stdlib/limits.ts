/** System.Limits: what the transaction has used and may use, per governor limit. */
import type { LimitName } from '../interpreter/limits.ts';
import { NativeClass, T } from '../interpreter/types.ts';
import type { Lib } from './lib.ts';

/** Apex method suffix → counter, as the Limits class names them. */
const METHODS: Record<string, LimitName> = {
  Queries: 'queries',
  QueryRows: 'queryRows',
  AggregateQueries: 'aggregateQueries',
  SoslQueries: 'soslQueries',
  DmlStatements: 'dmlStatements',
  DmlRows: 'dmlRows',
  Callouts: 'callouts',
  QueueableJobs: 'queueableJobs',
  FutureCalls: 'futureCalls',
  PublishImmediateDML: 'publishImmediateDml',
  EmailInvocations: 'emailInvocations',
  CpuTime: 'cpuTime',
  HeapSize: 'heapSize'
};

export function installLimits(lib: Lib): void {
  const limits = lib.platform.addNative(new NativeClass('Limits'), 'System');
  for (const [suffix, counter] of Object.entries(METHODS)) {
    limits.addStatic(`get${suffix}`, [], T.Integer, () => lib.rt.data.limits.get(counter));
    limits.addStatic(`getLimit${suffix}`, [], T.Integer, () => lib.rt.data.limits.limit(counter));
  }
}
