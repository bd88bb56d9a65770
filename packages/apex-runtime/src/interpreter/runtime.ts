/**
 * The interpreter's state while tests run: call frames (for stack traces), the static state of
 * every class for the current test, the debug log, and the helpers natives use to throw platform
 * exceptions and call back into Apex.
 */
import type { Loc } from '../frontend/ast.ts';
import { ApexThrow, UnsupportedError } from './errors.ts';
import type { Platform } from './platform.ts';
import type { DataContext } from './sobjects.ts';
import { apexToString, exceptionTypeName, isInstance } from './semantics.ts';
import type { ClassInfo, MethodInfo } from './types.ts';
import { ApexObject } from './values.ts';

/** One activation of a method: its locals, its receiver and where it is. */
export class Frame {
  readonly l: unknown[];
  ret: unknown = null;
  /** Index into `locs` of the statement being executed. */
  at = 0;
  constructor(
    readonly method: MethodInfo | { traceName: string },
    readonly self: unknown,
    size: number,
    readonly locs: Loc[]
  ) {
    this.l = new Array<unknown>(size).fill(null);
  }
}

/** Apex stops a transaction at a stack depth of 1,000. */
const MAX_STACK_DEPTH = 1000;

export class Runtime {
  readonly stack: Frame[] = [];
  /** Bumped for each test: a class whose epoch differs re-runs its static initialisation. */
  epoch = 0;
  readonly debugLog: string[] = [];
  platform!: Platform;
  /** Whether code runs as an Apex test (the default) or as the local org of `npm start`. */
  testMode = true;
  /** The org this run works against: schema, database, query engine, governor limits. */
  data!: DataContext;

  private calls = 0;

  push(frame: Frame): void {
    if (this.stack.length >= MAX_STACK_DEPTH) {
      this.throwApex('LimitException', 'Maximum stack depth reached: 1001');
    }
    // Checking the clock on every call would cost more than the calls; every 4,096th is enough.
    if ((++this.calls & 4095) === 0) this.data?.limits.checkCpu();
    this.stack.push(frame);
  }

  pop(): void {
    this.stack.pop();
  }

  /** Static field values of a class for the current test, initialising them on first use. */
  statics(cls: ClassInfo): unknown[] {
    if (cls.staticEpoch !== this.epoch) {
      cls.staticEpoch = this.epoch;
      cls.staticValues = new Array<unknown>(cls.staticSlotCount).fill(null);
      if (cls.superclass) this.statics(cls.superclass);
      cls.staticInit?.(this);
    }
    return cls.staticValues;
  }

  /** The stack trace as Apex prints it, innermost call first. */
  captureTrace(): string[] {
    const lines: string[] = [];
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i];
      const loc = frame.locs[frame.at];
      if (loc) lines.push(`${frame.method.traceName}: line ${loc.line}, column ${loc.column}`);
    }
    return lines;
  }

  /** Creates a platform exception object such as System.NullPointerException. */
  newException(typeName: string, message: string): ApexObject {
    const cls = this.platform.exceptionClass(typeName);
    const ex = new ApexObject(cls, new Array<unknown>(cls.instanceSlotCount).fill(null));
    ex.fields[0] = message;
    ex.trace = this.captureTrace();
    return ex;
  }

  /** Throws an exception object that is already built (keeps its stack trace). */
  throwDirect(ex: ApexObject): never {
    throw new ApexThrow(ex);
  }

  throwApex(typeName: string, message: string): never {
    throw new ApexThrow(this.newException(typeName, message));
  }

  /** Calls an instance method of a project class by name, with virtual dispatch. */
  callMethod(self: ApexObject, name: string, args: unknown[]): unknown {
    const candidates = self.cls
      .findMethods(name)
      .filter((m) => !m.isStatic && m.params.length === args.length);
    if (candidates.length === 0) {
      throw new UnsupportedError(`${self.cls.fullName}.${name} with ${args.length} argument(s)`);
    }
    // Overloads of one arity (a class that is both Schedulable and Queueable has two
    // `execute(context)`) are told apart by the runtime types of the arguments.
    const chosen =
      candidates.length === 1
        ? candidates[0]
        : (candidates.find((m) =>
            m.params.every((p, i) => args[i] === null || isInstance(args[i], p.type))
          ) ?? candidates[0]);
    const target = self.cls.resolveVirtual(chosen);
    if (!target.invoke) throw new UnsupportedError(`abstract ${target.traceName}`);
    return target.invoke(self, args);
  }

  toApexString(value: unknown): string {
    return apexToString(value, (self, name, args) => this.callMethod(self, name, args));
  }

  /** `Type: message` of an exception object, as test failures show it. */
  describeException(ex: ApexObject): string {
    const message = ex.fields[0];
    return `${exceptionTypeName(ex.cls)}: ${message === null ? '' : String(message)}`;
  }
}
