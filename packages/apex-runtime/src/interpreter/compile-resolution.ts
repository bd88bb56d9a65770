/**
 * Overload resolution and type lookups shared by calls and constructors: choosing the best
 * overload for the argument types, converting the arguments, resolving a native signature's
 * type variables, finding the native class of a type, and the `private` visibility check.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import { identity, isAssignable } from './conversions.ts';
import { UnsupportedError } from './errors.ts';
import type { Frame } from './runtime.ts';
import {
  type ClassInfo,
  listOf,
  mapOf,
  type MethodInfo,
  type NativeCallContext,
  type NativeClass,
  type NativeTypeSpec,
  sameType,
  setOf,
  T,
  type TypeInfo,
  typeName
} from './types.ts';
import type { ApexObject } from './values.ts';
import { type Ev, fail, type Value } from './compile-context.ts';

/** The native class that carries the methods of a type, if any. */
export function nativeOf(cx: Compiler, t: TypeInfo): NativeClass | undefined {
  switch (t.kind) {
    case 'prim':
      return cx.platform.primitiveNatives.get(t.name);
    case 'list':
      return cx.platform.natives.get('list');
    case 'set':
      return cx.platform.natives.get('set');
    case 'map':
      return cx.platform.natives.get('map');
    case 'native':
      return t.native;
    case 'sobject':
      return cx.platform.natives.get('sobject');
    default:
      return undefined;
  }
}

/** A `private` member is visible in its top-level class only (and to tests if `@TestVisible`). */
export function checkVisible(
  visibility: string,
  owner: ClassInfo,
  from: ClassInfo,
  testVisible: boolean,
  message: string,
  loc: A.Loc
): void {
  if (visibility !== 'private') return;
  const top = (c: ClassInfo): ClassInfo => (c.outer ? top(c.outer) : c);
  if (top(owner) === top(from)) return;
  if (testVisible && top(from).isTest) return;
  fail(message, loc);
}

/** Resolves a native signature's type variables against the receiver's type. */
export function specType(
  cx: Compiler,
  spec: NativeTypeSpec,
  receiver: TypeInfo,
  args: Value[]
): TypeInfo {
  if (typeof spec === 'function') return spec(receiver);
  if (typeof spec !== 'string') return spec;
  const elem =
    receiver.kind === 'list' || receiver.kind === 'set'
      ? receiver.elem
      : receiver.kind === 'map'
        ? receiver.key
        : receiver.kind === 'native' && receiver.args.length > 0
          ? receiver.args[0]
          : T.Object;
  const value = receiver.kind === 'map' ? receiver.value : T.Object;
  switch (spec) {
    case 'E':
    case 'K':
      return elem;
    case 'V':
      return value;
    case 'List<E>':
      return listOf(elem);
    case 'Set<E>':
    case 'Set<K>':
      return setOf(elem);
    case 'List<V>':
      return listOf(value);
    case 'Map<K,V>':
      return mapOf(elem, value);
    case 'Iterator<E>': {
      const iterator = cx.platform.natives.get('iterator');
      if (!iterator) throw new UnsupportedError('System.Iterator');
      return { kind: 'native', native: iterator, args: [elem] };
    }
    case 'Self':
      return receiver;
    case 'Any':
      return args.length > 0 ? T.Object : T.Object;
  }
}

/** Picks the best overload: exact parameter matches beat conversions; ties are ambiguous. */
export function choose(
  candidates: MethodInfo[],
  args: Value[],
  loc: A.Loc,
  label: string
): MethodInfo {
  return chooseBy(
    candidates.map((c) => ({ params: c.params, r: c })),
    args,
    loc,
    label
  ).r;
}

/** Picks the best of any overloads with parameter types (methods, natives, constructors). */
export function chooseBy<R>(
  candidates: { params: { type: TypeInfo }[]; r: R }[],
  args: Value[],
  loc: A.Loc,
  label: string
): { params: { type: TypeInfo }[]; r: R } {
  let best: { params: { type: TypeInfo }[]; r: R } | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (c.params.length !== args.length) continue;
    let score = 0;
    let ok = true;
    for (let i = 0; i < args.length && ok; i++) {
      const p = c.params[i].type;
      if (sameType(args[i].t, p)) continue;
      if (!isAssignable(args[i].t, p)) ok = false;
      else score += p.kind === 'prim' && p.name === 'Object' ? 10 : 1;
    }
    if (ok && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (!best) return fail(noMatchMessage(label, args), loc);
  return best;
}

/** The arguments converted to the parameter types of the chosen overload. */
export function convertArgs(cx: Compiler, args: Value[], params: TypeInfo[], loc: A.Loc): Ev[] {
  return args.map((a, i) => {
    const conv = cx.convert(a.t, params[i], loc);
    return conv === identity ? a.ev : (f: Frame) => conv(a.ev(f));
  });
}

/**
 * The platform's message for a call no overload accepts; `label` is `Type.method` or
 * `[Type].<Constructor>`.
 */
function noMatchMessage(label: string, args: { t: TypeInfo }[]): string {
  const list = args.map((a) => typeName(a.t)).join(', ');
  if (label.endsWith('.<Constructor>')) return `Constructor not defined: ${label}(${list})`;
  const dot = label.lastIndexOf('.');
  return `Method does not exist or incorrect signature: void ${label.slice(dot + 1)}(${list}) from the type ${label.slice(0, dot)}`;
}

/** What a native method or constructor is handed about its call: how to throw and call back into Apex. */
export function nativeCallContext(cx: Compiler, receiverType: TypeInfo | null): NativeCallContext {
  const rt = cx.rt;
  return {
    throwApex: (type: string, message: string): never => rt.throwApex(type, message),
    callMethod: (self: unknown, name: string, callArgs: unknown[]) =>
      rt.callMethod(self as ApexObject, name, callArgs),
    receiverType,
    runtime: rt
  };
}
