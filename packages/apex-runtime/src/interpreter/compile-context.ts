/**
 * The vocabulary the compile-* modules share: compiled code (Ev, Ex and the statement completion
 * codes), what an expression resolves to (a value, a type or a namespace), the method being
 * compiled with its nested scopes of locals, and the few helpers every module needs (compile
 * errors, statement tracking for coverage and stack traces).
 */
import type * as A from '../frontend/ast.ts';
import { CompileError } from './errors.ts';
import { reservedNameError } from './reserved.ts';
import type { Frame } from './runtime.ts';
import type { ClassInfo, FieldInfo, TypeInfo } from './types.ts';

export type Ev = (f: Frame) => unknown;
export type Ex = (f: Frame) => number;

/** Statement completion codes: how a compiled statement ended (a RETURN value is in the frame). */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;

/** A compiled expression: its static type, how to evaluate it, and how to assign to it. */
export interface Value {
  what: 'value';
  t: TypeInfo;
  ev: Ev;
  set?: (f: Frame, v: unknown) => void;
  /** Set when the expression cannot be assigned: the compile error to report if it is. */
  readOnly?: string;
}
export interface TypeName {
  what: 'type';
  t: TypeInfo;
}
export interface Namespace {
  what: 'namespace';
  name: string;
}
export type Resolved = Value | TypeName | Namespace;

/** Line coverage of one source file. */
export interface Coverage {
  executable: Set<number>;
  hits: Map<number, number>;
}

interface LocalVar {
  slot: number;
  t: TypeInfo;
}

/** The method, constructor, accessor or initialiser being compiled. */
export class MethodContext {
  slots = 0;
  readonly locs: A.Loc[] = [];
  loopDepth = 0;
  constructor(
    readonly cls: ClassInfo,
    readonly isStatic: boolean,
    readonly returnType: TypeInfo,
    readonly coverage: Coverage,
    /** Inside a property accessor the property's name means its backing field. */
    readonly property: FieldInfo | null = null
  ) {}
}

/** A block's local variables, nested in the scope around it. */
export class Scope {
  readonly vars = new Map<string, LocalVar>();
  constructor(
    readonly parent: Scope | null,
    readonly m: MethodContext
  ) {}

  lookup(name: string): LocalVar | undefined {
    return this.vars.get(name.toLowerCase()) ?? this.parent?.lookup(name);
  }

  /** A local variable, loop variable or catch parameter: its name must not be reserved. */
  declare(name: string, t: TypeInfo, loc: A.Loc): LocalVar {
    const reserved = reservedNameError(name, loc);
    if (reserved) throw reserved;
    return this.declareParam(name, t, loc);
  }

  /** A parameter, whose name the class table has already checked. */
  declareParam(name: string, t: TypeInfo, loc: A.Loc): LocalVar {
    if (this.lookup(name)) throw new CompileError(`Duplicate variable: ${name}`, loc);
    const v = { slot: this.m.slots++, t };
    this.vars.set(name.toLowerCase(), v);
    return v;
  }
}

export const fail = (message: string, loc: A.Loc): never => {
  throw new CompileError(message, loc);
};

/** Records a statement's position for stack traces and coverage, and wraps its code. */
export function track(loc: A.Loc, m: MethodContext, run: Ex): Ex {
  const index = m.locs.push(loc) - 1;
  const line = loc.line;
  const hits = m.coverage.hits;
  m.coverage.executable.add(line);
  return (f) => {
    f.at = index;
    hits.set(line, (hits.get(line) ?? 0) + 1);
    return run(f);
  };
}

/** A computed value: it has a type and can be evaluated, but not assigned. */
export function invokeValue(t: TypeInfo, ev: Ev): Value {
  return { what: 'value', t, ev };
}

/** The generic `SObject` type (what `Database.query` returns rows of). */
export function isGenericSObject(t: TypeInfo): boolean {
  return t.kind === 'sobject' && t.schema === null;
}
