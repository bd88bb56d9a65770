/**
 * Compiles method calls: unqualified, `super.`, static and instance calls on Apex classes, the
 * methods every object has (equals, hashCode, toString), `@future` entry, and calls into native
 * (platform) classes with the caller's variables for `Database.query` binds.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import { sobjectStaticsKey } from './sobjects.ts';
import { CompileError, UnsupportedError } from './errors.ts';
import type { Frame } from './runtime.ts';
import {
  type ClassInfo,
  type FieldInfo,
  type MethodInfo,
  type NativeCallContext,
  type NativeMethod,
  T,
  type TypeInfo,
  typeName
} from './types.ts';
import type { ApexObject } from './values.ts';
import * as S from './semantics.ts';
import {
  type Ev,
  fail,
  invokeValue,
  type Resolved,
  type Scope,
  type Value
} from './compile-context.ts';
import { fieldAccess, findField, typeOrNamespace } from './compile-members.ts';
import {
  checkVisible,
  choose,
  chooseBy,
  convertArgs,
  nativeCallContext,
  nativeOf,
  specType
} from './compile-resolution.ts';

/** A method call `name(args)`, `target.name(args)`, `Type.name(args)` or `super.name(args)`. */
export function callExpr(cx: Compiler, e: A.CallExpr, scope: Scope): Resolved {
  const m = scope.m;
  const lowerName = e.name.toLowerCase();
  if (e.target === null && (lowerName === 'this' || lowerName === 'super')) {
    return fail(
      `Constructor call must be the first statement of a constructor: ${e.name}()`,
      e.loc
    );
  }
  const args = e.args.map((a) => cx.valueOf(a, scope));
  if (e.target === null) {
    return unqualifiedCall(cx, e, args, scope);
  }
  if (e.target.kind === 'Super') {
    const sup = m.cls.superclass;
    if (!sup || m.isStatic) return fail('super is not available here', e.loc);
    const method = choose(
      sup.findMethods(e.name).filter((x) => !x.isStatic),
      args,
      e.loc,
      `${sup.fullName}.${e.name}`
    );
    const conv = convertArgs(
      cx,
      args,
      method.params.map((p) => p.type),
      e.loc
    );
    const target = sup.resolveVirtual(method);
    return invokeValue(method.returnType, (f) => {
      if (!target.invoke) throw new UnsupportedError(`abstract ${target.traceName}`);
      return target.invoke(
        f.self,
        conv.map((c) => c(f))
      );
    });
  }
  const target = cx.chainTarget(e, scope);
  if (target.what === 'namespace') {
    const t = typeOrNamespace(cx, [target.name], m.cls, e.loc);
    if (t.what === 'type') return staticCall(cx, t.t, e, args, scope);
    return fail(`Method does not exist or incorrect signature: ${target.name}.${e.name}`, e.loc);
  }
  if (target.what === 'type') return staticCall(cx, target.t, e, args, scope);
  return instanceCall(cx, target, e, args, scope);
}

function unqualifiedCall(cx: Compiler, e: A.CallExpr, args: Value[], scope: Scope): Value {
  const m = scope.m;
  for (let cls: ClassInfo | null = m.cls; cls; cls = cls.outer) {
    const candidates = cls.findMethods(e.name).filter((x) => (cls === m.cls ? true : x.isStatic));
    if (candidates.length === 0) continue;
    const method = choose(candidates, args, e.loc, `${cls.fullName}.${e.name}`);
    if (!method.isStatic && m.isStatic)
      fail(`Non static method cannot be referenced from a static context: ${e.name}`, e.loc);
    const conv = convertArgs(
      cx,
      args,
      method.params.map((p) => p.type),
      e.loc
    );
    if (method.isStatic) {
      const call = staticEntry(cx, method, e.loc);
      return invokeValue(method.returnType, (f) => call(conv.map((c) => c(f))));
    }
    return invokeValue(method.returnType, (f) => {
      const self = f.self as ApexObject;
      const impl = self.cls.resolveVirtual(method);
      if (!impl.invoke) throw new UnsupportedError(`abstract ${impl.traceName}`);
      return impl.invoke(
        self,
        conv.map((c) => c(f))
      );
    });
  }
  return fail(
    `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${m.cls.fullName}`,
    e.loc
  );
}

/**
 * How a static method is entered: directly, or, for an `@future` method, by queueing a job that
 * runs it later (its own transaction, after the caller's).
 */
function staticEntry(cx: Compiler, method: MethodInfo, loc: A.Loc): (args: unknown[]) => unknown {
  const owner = method.owner;
  const rt = cx.rt;
  const future = method.annotations.some((a) => a.name.toLowerCase() === 'future');
  if (!future) {
    return (args) => {
      rt.statics(owner);
      return method.invoke!(null, args);
    };
  }
  if (method.returnType.kind !== 'void') fail('Future methods must be static and return void', loc);
  const signature = `${owner.fullName}.${method.name}(${method.params.map((p) => typeName(p.type)).join(', ')})`;
  return (args) => {
    rt.data.async.checkFutureCall(signature);
    rt.data.limits.charge('futureCalls');
    const job = rt.data.async.enqueue('Future', method.name, () => {
      rt.statics(owner);
      method.invoke!(null, args);
    });
    job.className = `${owner.fullName}.${method.name}`;
    return null;
  };
}

function staticCall(cx: Compiler, t: TypeInfo, e: A.CallExpr, args: Value[], scope: Scope): Value {
  if (t.kind === 'class') {
    const cls = t.cls;
    const candidates = cls.findMethods(e.name).filter((x) => x.isStatic);
    if (candidates.length === 0) {
      return fail(
        `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${cls.fullName}`,
        e.loc
      );
    }
    const method = choose(candidates, args, e.loc, `${cls.fullName}.${e.name}`);
    const conv = visibleCallArgs(cx, method, args, scope, `${cls.fullName}.${method.name}`, e.loc);
    const call = staticEntry(cx, method, e.loc);
    return invokeValue(method.returnType, (f) => call(conv.map((c) => c(f))));
  }
  // Static methods of SObject types depend on the kind of object (custom settings, metadata).
  const native =
    t.kind === 'sobject' && t.schema
      ? cx.platform.natives.get(sobjectStaticsKey(t.schema))
      : nativeOf(cx, t);
  const candidates = native?.statics.get(e.name.toLowerCase()) ?? [];
  if (candidates.length === 0) {
    return fail(
      `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${typeName(t)}`,
      e.loc
    );
  }
  return nativeCall(cx, candidates, null, t, args, e, `${typeName(t)}.${e.name}`, scope);
}

/**
 * The arguments of a call to `method`, converted to its parameter types, once the calling class
 * may see it (`label` names it in the error: `Type.method`).
 */
function visibleCallArgs(
  cx: Compiler,
  method: MethodInfo,
  args: Value[],
  scope: Scope,
  label: string,
  loc: A.Loc
): Ev[] {
  checkVisible(
    method.visibility,
    method.owner,
    scope.m.cls,
    method.annotations.some((a) => a.name.toLowerCase() === 'testvisible'),
    `Method is not visible: ${label}`,
    loc
  );
  return convertArgs(
    cx,
    args,
    method.params.map((p) => p.type),
    loc
  );
}

function instanceCall(
  cx: Compiler,
  target: Value,
  e: A.CallExpr,
  args: Value[],
  scope: Scope
): Value {
  const t = target.t;
  const rt = cx.rt;
  const npe = () => rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
  if (t.kind === 'class') {
    const candidates = t.cls.findMethods(e.name).filter((x) => !x.isStatic);
    if (candidates.length === 0) {
      const inherited = objectMethod(cx, target, e, args);
      if (inherited) return inherited;
      return fail(
        `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${t.cls.fullName}`,
        e.loc
      );
    }
    const method = choose(candidates, args, e.loc, `${t.cls.fullName}.${e.name}`);
    const conv = visibleCallArgs(
      cx,
      method,
      args,
      scope,
      `${t.cls.fullName}.${method.name}`,
      e.loc
    );
    const safe = e.safe;
    if (t.cls.kind === 'enum') {
      // Enum values are not objects of a class hierarchy: no virtual dispatch.
      return invokeValue(method.returnType, (f) => {
        const self = target.ev(f);
        if (self === null) return safe ? null : npe();
        return method.invoke!(
          self,
          conv.map((c) => c(f))
        );
      });
    }
    return invokeValue(method.returnType, (f) => {
      const self = target.ev(f) as ApexObject | null;
      if (self === null) return safe ? null : npe();
      const impl = self.cls.resolveVirtual(method);
      if (!impl.invoke) throw new UnsupportedError(`abstract ${impl.traceName}`);
      return impl.invoke(
        self,
        conv.map((c) => c(f))
      );
    });
  }
  const native = nativeOf(cx, t);
  const candidates = native?.instance.get(e.name.toLowerCase()) ?? objectMethods(cx, e.name);
  if (candidates.length === 0) {
    return fail(
      `Method does not exist or incorrect signature: void ${e.name}(${args.map((a) => typeName(a.t)).join(', ')}) from the type ${typeName(t)}`,
      e.loc
    );
  }
  return nativeCall(cx, candidates, target, t, args, e, `${typeName(t)}.${e.name}`);
}

/**
 * `equals(Object)`, `hashCode()` and `toString()`, which every object has even when its class
 * does not declare them: reference equality, an identity hash and the default string form.
 */
function objectMethod(cx: Compiler, target: Value, e: A.CallExpr, args: Value[]): Value | null {
  const name = e.name.toLowerCase();
  const rt = cx.rt;
  const receiver = (f: Frame): unknown => {
    const self = target.ev(f);
    if (self === null && !e.safe)
      rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return self;
  };
  if (name === 'equals' && args.length === 1) {
    const other = args[0];
    return invokeValue(T.Boolean, (f) => {
      const self = receiver(f);
      return self === null ? null : S.valueEquals(self, other.ev(f), cx.caller);
    });
  }
  if (name === 'hashcode' && args.length === 0)
    return invokeValue(T.Integer, (f) => {
      const self = receiver(f);
      return self === null ? null : identityHash(self as object);
    });
  if (name === 'tostring' && args.length === 0)
    return invokeValue(T.String, (f) => {
      const self = receiver(f);
      return self === null ? null : rt.toApexString(self);
    });
  return null;
}

/** Methods every value has (`equals`, `hashCode`, `toString`) where the type has no table. */
function objectMethods(cx: Compiler, name: string): NativeMethod[] {
  return cx.platform.natives.get('object')?.instance.get(name.toLowerCase()) ?? [];
}

function nativeCall(
  cx: Compiler,
  candidates: NativeMethod[],
  target: Value | null,
  receiverType: TypeInfo,
  args: Value[],
  e: A.CallExpr,
  label: string,
  scope?: Scope
): Value {
  const resolved = candidates.map((c) => ({
    c,
    params: c.params.map((p) => specType(cx, p, receiverType, args))
  }));
  const pickable = resolved.map((r) => ({
    params: r.params.map((p) => ({ name: '', type: p })),
    r
  }));
  const chosen = chooseBy(pickable, args, e.loc, label);
  const native = chosen.r.c;
  const conv = convertArgs(cx, args, chosen.r.params, e.loc);
  const returns = specType(cx, native.returns, receiverType, args);
  const rt = cx.rt;
  const ctx = nativeCallContext(cx, receiverType);
  const impl = native.impl as (self: unknown, args: unknown[], call: typeof ctx) => unknown;
  if (!target && native.needsCallerScope && scope) {
    const resolve = callerVariables(cx, scope, e.loc);
    return invokeValue(returns, (f) =>
      impl(
        undefined,
        conv.map((c) => c(f)),
        {
          ...ctx,
          resolveVariable: (name: string) => resolve(f, name)
        } satisfies NativeCallContext
      )
    );
  }
  if (!target) {
    return invokeValue(returns, (f) =>
      impl(
        undefined,
        conv.map((c) => c(f)),
        ctx
      )
    );
  }
  const safe = e.safe;
  return invokeValue(returns, (f) => {
    const self = target.ev(f);
    if (self === null)
      return safe
        ? null
        : rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return impl(
      self,
      conv.map((c) => c(f)),
      ctx
    );
  });
}

/**
 * The variables visible at a call site, for `Database.query` binds: the locals declared so far
 * (captured now, so later declarations stay invisible) and the fields of the class.
 */
function callerVariables(
  cx: Compiler,
  scope: Scope,
  loc: A.Loc
): (f: Frame, name: string) => unknown {
  const locals = new Map<string, number>();
  for (let s: Scope | null = scope; s; s = s.parent)
    for (const [name, v] of s.vars) if (!locals.has(name)) locals.set(name, v.slot);
  const m = scope.m;
  const fields = new Map<string, Ev | null>();
  return (f, name) => {
    const key = name.toLowerCase();
    const slot = locals.get(key);
    if (slot !== undefined) return f.l[slot];
    if (!fields.has(key)) {
      let field: FieldInfo | undefined;
      try {
        field = findField(m.cls, name, m.isStatic, loc);
      } catch (error) {
        if (!(error instanceof CompileError)) throw error;
      }
      fields.set(key, field ? fieldAccess(cx, field, null, loc).ev : null);
    }
    const ev = fields.get(key);
    return ev ? ev(f) : undefined;
  };
}

const identityHashes = new WeakMap<object, number>();
let nextIdentityHash = 1;

/** A stable hash for an object compared by reference. */
function identityHash(o: object): number {
  let h = identityHashes.get(o);
  if (h === undefined) {
    h = nextIdentityHash++;
    identityHashes.set(o, h);
  }
  return h;
}
