/**
 * Discovers and runs @IsTest methods, each in isolation: fresh static state, a fresh test phase,
 * an empty stack. Results carry the Apex stack trace of a failure.
 */
import type { Snapshot } from '../database/database.ts';
import type { Engine } from '../engine.ts';
import { ApexThrow, UnsupportedError } from '../interpreter/errors.ts';
import type { ClassInfo, MethodInfo } from '../interpreter/types.ts';

export type Outcome = 'Pass' | 'Fail' | 'Unsupported';

export interface TestResult {
  className: string;
  methodName: string;
  outcome: Outcome;
  message: string;
  stackTrace: string;
  durationMs: number;
  /** Governor-limit use of the test method's transaction. */
  limits: Record<string, number>;
  /** The asynchronous transactions the test ran (jobs, batch chunks, event batches) and the most each used. */
  asyncLimits: { transactions: number; peak: Record<string, number> };
}

export interface TestFilter {
  classes?: string[];
  methods?: string[];
}

const isTestAnnotated = (m: MethodInfo) =>
  m.annotations.some((a) => a.name.toLowerCase() === 'istest');
const isSetup = (m: MethodInfo) => m.annotations.some((a) => a.name.toLowerCase() === 'testsetup');

/** Test methods of a test class: `@IsTest` or the legacy `testMethod` keyword. */
export function testMethodsOf(cls: ClassInfo): MethodInfo[] {
  const methods = [...cls.methods.values()].flat();
  return methods
    .filter((m) => isTestAnnotated(m) || (m.decl?.modifiers.keywords.has('testmethod') ?? false))
    .sort((a, b) => a.decl!.loc.line - b.decl!.loc.line);
}

export function discover(
  engine: Engine,
  filter: TestFilter
): { cls: ClassInfo; method: MethodInfo }[] {
  const wantedClasses = filter.classes?.map((c) => c.toLowerCase());
  const wantedMethods = filter.methods?.map((m) => m.toLowerCase());
  const found: { cls: ClassInfo; method: MethodInfo }[] = [];
  for (const cls of engine.table.topLevel.values()) {
    if (!cls.isTest) continue;
    const name = cls.name.toLowerCase();
    for (const method of testMethodsOf(cls)) {
      const full = `${name}.${method.name.toLowerCase()}`;
      const byClass = wantedClasses?.includes(name) ?? false;
      const byMethod = wantedMethods?.includes(full) ?? false;
      if ((wantedClasses || wantedMethods) && !byClass && !byMethod) continue;
      found.push({ cls, method });
    }
  }
  return found.sort((a, b) => a.cls.name.localeCompare(b.cls.name));
}

/** Database state after each class's @TestSetup methods ran, or the error they threw. */
const setupStates = new WeakMap<ClassInfo, Snapshot | unknown>();

/** A fresh transaction: new static state, empty stack, fresh limits and test phase. */
function freshTransaction(engine: Engine): void {
  const rt = engine.runtime;
  rt.epoch++;
  rt.stack.length = 0;
  rt.data.limits.reset();
  rt.data.limits.clearAsync();
  rt.data.async.reset();
  rt.data.events.reset();
  for (const reset of rt.data.resets) reset();
  engine.phase.started = false;
  engine.phase.stopped = false;
}

/**
 * The database a test of `cls` starts with: the baseline plus what @TestSetup created. Setup
 * runs once per class; every test gets its own copy of the result, as the platform rolls back.
 */
function prepareDatabase(engine: Engine, cls: ClassInfo): void {
  const db = engine.runtime.data.db;
  const setups = [...cls.methods.values()].flat().filter(isSetup);
  if (setups.length === 0) {
    db.restore(engine.baseline);
    return;
  }
  if (!setupStates.has(cls)) {
    db.restore(engine.baseline);
    freshTransaction(engine);
    try {
      for (const setup of setups) setup.invoke!(null, []);
      setupStates.set(cls, db.snapshot());
    } catch (error) {
      setupStates.set(cls, error);
    }
  }
  const state = setupStates.get(cls);
  if (state instanceof Object && 'tables' in state) {
    db.restore(state as Snapshot);
    return;
  }
  throw state;
}

export function runTest(engine: Engine, cls: ClassInfo, method: MethodInfo): TestResult {
  const rt = engine.runtime;
  const started = performance.now();
  const result = (outcome: Outcome, message = '', stackTrace = ''): TestResult => ({
    className: cls.name,
    methodName: method.name,
    outcome,
    message,
    stackTrace,
    durationMs: Math.round(performance.now() - started),
    limits: rt.data.limits.usage(),
    asyncLimits: {
      transactions: rt.data.limits.asyncTransactions,
      peak: { ...rt.data.limits.asyncPeak }
    }
  });
  try {
    prepareDatabase(engine, cls);
    freshTransaction(engine);
    if (!method.isStatic)
      throw new UnsupportedError(`non-static test method ${cls.name}.${method.name}`);
    method.invoke!(null, []);
    return result('Pass');
  } catch (error) {
    if (error instanceof ApexThrow) {
      return result(
        'Fail',
        rt.describeException(error.exception),
        (error.exception.trace ?? []).join('\n')
      );
    }
    if (error instanceof UnsupportedError) {
      return result('Unsupported', error.message, rt.captureTrace().join('\n'));
    }
    const e = error as Error;
    return result(
      'Fail',
      `Internal runtime error: ${e.message}`,
      `${rt.captureTrace().join('\n')}\n${e.stack ?? ''}`
    );
  }
}
