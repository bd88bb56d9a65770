/**
 * Compiles the members of a class: field initialisers and initialiser blocks, methods and property
 * accessors (with the missing-return check), constructors with their `this(...)`/`super(...)`
 * chaining and the implicit exception constructors, and the override and abstract-method checks.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import { isAssignable } from './conversions.ts';
import { Frame } from './runtime.ts';
import { type ClassInfo, type FieldInfo, type MethodInfo, T, typeName } from './types.ts';
import type { ApexObject } from './values.ts';
import {
  type Coverage,
  type Ev,
  type Ex,
  fail,
  MethodContext,
  NORMAL,
  Scope,
  track,
  type Value
} from './compile-context.ts';
import { block } from './compile-statements.ts';
import { choose, convertArgs } from './compile-resolution.ts';

/** Every interface method and inherited abstract method has an implementation; `override` is legal. */
export function checkOverrides(cls: ClassInfo): void {
  checkOverrideKeywords(cls);
  if (cls.isAbstract || cls.kind !== 'class') return;
  for (const iface of allInterfaces(cls)) {
    for (const methods of iface.methods.values()) {
      for (const m of methods) {
        const impl = cls.resolveVirtual(m);
        if (impl === m) {
          fail(
            `Class ${cls.fullName} must implement the method: ${typeName(m.returnType)} ${iface.fullName}.${m.name}(${m.params.map((p) => typeName(p.type)).join(', ')})`,
            cls.decl!.loc
          );
        }
      }
    }
  }
  for (let sup = cls.superclass; sup; sup = sup.superclass) {
    for (const methods of sup.methods.values()) {
      for (const m of methods) {
        if (m.isAbstract && cls.resolveVirtual(m) === m) {
          fail(
            `Class ${cls.fullName} must implement the abstract method: ${sup.fullName}.${m.name}`,
            cls.decl!.loc
          );
        }
      }
    }
  }
}

/** `override` must name a virtual or abstract method of a superclass. */
function checkOverrideKeywords(cls: ClassInfo): void {
  const sup = cls.superclass;
  for (const methods of cls.methods.values()) {
    for (const m of methods) {
      if (!m.isOverride || !m.decl) continue;
      const sig = m.params.map((p) => typeName(p.type).toLowerCase()).join(',');
      const parent = sup
        ?.findMethods(m.name)
        .find(
          (p) =>
            !p.isStatic && p.params.map((x) => typeName(x.type).toLowerCase()).join(',') === sig
        );
      const label = `${typeName(m.returnType)} ${m.name}(${m.params.map((p) => typeName(p.type)).join(', ')})`;
      if (!parent) fail(`Method does not override an ancestor method: ${label}`, m.decl.loc);
      // Anonymous-code classes are virtual by default; whether their methods are is not documented.
      const anonymous = parent!.owner.source?.kind === 'anonymous';
      if (!parent!.isVirtual && !anonymous)
        fail(`Non-virtual, non-abstract methods cannot be overridden: ${label}`, m.decl.loc);
    }
  }
}

/**
 * The static or instance field initialisers and initialiser blocks of a class, in source order,
 * as one function (null when there are none).
 */
export function compileInitializers(
  cx: Compiler,
  cls: ClassInfo,
  isStatic: boolean,
  coverage: Coverage
): ((self: unknown) => void) | null {
  const decl = cls.decl as A.ClassDecl;
  const m = new MethodContext(cls, isStatic, T.Void, coverage);
  const scope = new Scope(null, m);
  const steps: Ex[] = [];
  for (const member of decl.members) {
    if (member.kind === 'Field' && member.modifiers.keywords.has('static') === isStatic) {
      for (const d of member.declarators) {
        if (!d.init) continue;
        const field = (isStatic ? cls.staticFields : cls.instanceFields).get(d.name.toLowerCase())!;
        const value = cx.expectValue(cx.expr(d.init, scope), d.init.loc);
        const conv = cx.convert(value.t, field.type, d.init.loc);
        const slot = field.slot;
        const set: Ex = isStatic
          ? (f) => {
              cx.rt.statics(cls)[slot] = conv(value.ev(f));
              return NORMAL;
            }
          : (f) => {
              (f.self as ApexObject).fields[slot] = conv(value.ev(f));
              return NORMAL;
            };
        steps.push(track(d.loc, m, set));
      }
    } else if (member.kind === 'Initializer' && member.isStatic === isStatic) {
      steps.push(block(cx, member.body, scope));
    }
  }
  if (steps.length === 0) return null;
  const locs = m.locs;
  const traceName = `Class.${cls.fullName}.<${isStatic ? 'clinit' : 'init'}>`;
  return (self) => {
    const f = new Frame({ traceName }, self, m.slots, locs);
    cx.rt.push(f);
    try {
      for (const step of steps) step(f);
    } finally {
      cx.rt.pop();
    }
  };
}

/** Compiles a method or property accessor into `method.invoke`. */
export function compileMethod(
  cx: Compiler,
  cls: ClassInfo,
  method: MethodInfo,
  coverage: Coverage,
  property: FieldInfo | null = null
): void {
  const decl = method.decl as A.MethodDecl;
  if (!decl.body) {
    if (!method.isAbstract && cls.kind === 'class')
      fail(`Method must have a body: ${method.name}`, decl.loc);
    return;
  }
  if (method.isAbstract) fail(`Abstract methods cannot have a body: ${method.name}`, decl.loc);
  const m = new MethodContext(cls, method.isStatic, method.returnType, coverage, property);
  const scope = new Scope(null, m);
  method.params.forEach((p, i) => scope.declareParam(p.name, p.type, (decl.params[i] ?? decl).loc));
  const body = block(cx, decl.body, scope);
  if (method.returnType.kind !== 'void' && canCompleteNormally(decl.body)) {
    fail(`Missing return statement required return type: ${typeName(method.returnType)}`, decl.loc);
  }
  method.invoke = invoker(cx, method, m, body);
}

function invoker(
  cx: Compiler,
  method: MethodInfo,
  m: MethodContext,
  body: Ex
): (self: unknown, args: unknown[]) => unknown {
  const size = m.slots;
  const locs = m.locs;
  const rt = cx.rt;
  const count = method.params.length;
  return (self, args) => {
    const f = new Frame(method, self, size, locs);
    for (let i = 0; i < count; i++) f.l[i] = args[i];
    rt.push(f);
    try {
      body(f);
    } finally {
      rt.pop();
    }
    return f.ret;
  };
}

/** Compiles a constructor into `ctor.invoke`: its `this(...)`/`super(...)` prologue, then its body. */
export function compileConstructor(
  cx: Compiler,
  cls: ClassInfo,
  ctor: MethodInfo,
  coverage: Coverage
): void {
  const decl = ctor.decl as A.ConstructorDecl;
  const m = new MethodContext(cls, false, T.Void, coverage);
  const scope = new Scope(null, m);
  ctor.params.forEach((p, i) => scope.declareParam(p.name, p.type, decl.params[i].loc));
  const statements = decl.body.body;
  const first = statements[0];
  const chained =
    first?.kind === 'Expr' &&
    first.expr.kind === 'Call' &&
    first.expr.target === null &&
    ['this', 'super'].includes(first.expr.name.toLowerCase())
      ? first.expr
      : null;
  let prologue: Ex;
  const chainedArgs = chained ? chained.args.map((a) => cx.valueOf(a, scope)) : [];
  const implicit =
    chained?.name.toLowerCase() === 'this'
      ? implicitExceptionConstructor(cx, cls, chainedArgs, chained.loc)
      : null;
  if (chained && implicit) {
    prologue = track(chained.loc, m, (f) => {
      implicit(f.self as ApexObject, f);
      return NORMAL;
    });
  } else if (chained && chained.name.toLowerCase() === 'this') {
    const target = pickConstructor(cx, cls, chainedArgs, chained.loc);
    prologue = track(chained.loc, m, (f) => {
      cx.runConstructor(
        cls,
        target.ctor,
        f.self as ApexObject,
        target.args.map((a) => a(f))
      );
      return NORMAL;
    });
  } else {
    const superCall = chained
      ? superConstructorCall(cx, cls, chained, scope)
      : superConstructorCall(cx, cls, null, scope);
    prologue = (f) => {
      superCall(f);
      cls.instanceInit?.(f.self);
      return NORMAL;
    };
    if (chained) prologue = track(chained.loc, m, prologue);
  }
  const rest = block(
    cx,
    { kind: 'Block', body: chained ? statements.slice(1) : statements, loc: decl.body.loc },
    scope
  );
  const body: Ex = (f) => {
    prologue(f);
    return rest(f);
  };
  ctor.invoke = invoker(cx, ctor, m, body);
}

/** Runs the superclass constructor part of object construction (explicit or implicit). */
function superConstructorCall(
  cx: Compiler,
  cls: ClassInfo,
  call: A.CallExpr | null,
  scope: Scope
): (f: Frame) => void {
  const sup = cls.superclass;
  if (!sup) {
    if (call) fail('Object has no superclass constructor to call', call.loc);
    return () => undefined;
  }
  const args = call ? call.args.map((a) => cx.valueOf(a, scope)) : [];
  if (sup.source === null) {
    // Platform exception constructors: (), (String), (Exception), (String, Exception).
    const init = exceptionInit(cx, args, call?.loc ?? cls.decl!.loc);
    return (f) => init(f.self as ApexObject, f);
  }
  const target = pickConstructor(cx, sup, args, call?.loc ?? cls.decl!.loc);
  return (f) =>
    cx.runConstructor(
      sup,
      target.ctor,
      f.self as ApexObject,
      target.args.map((a) => a(f))
    );
}

/**
 * Exception classes keep the four implicit constructors ((), (String), (Exception),
 * (String, Exception)) next to their own; returns the implicit one the arguments select, or
 * null when the class is no exception or one of its own constructors accepts the arguments.
 */
export function implicitExceptionConstructor(
  cx: Compiler,
  cls: ClassInfo,
  args: Value[],
  loc: A.Loc
): ((self: ApexObject, f: Frame) => void) | null {
  if (!cls.isException) return null;
  const own = cls.constructors.some(
    (c) =>
      c.params.length === args.length && c.params.every((p, i) => isAssignable(args[i].t, p.type))
  );
  if (own) return null;
  const init = exceptionInit(cx, args, loc);
  return (self, f) => {
    init(self, f);
    cx.runConstructor(cls, null, self, []);
  };
}

function exceptionInit(
  cx: Compiler,
  args: Value[],
  loc: A.Loc
): (self: ApexObject, f: Frame) => void {
  const root = cx.platform.exceptionRoot.type;
  const isText = (v: Value) => isAssignable(v.t, T.String);
  const isCause = (v: Value) => isAssignable(v.t, root);
  if (args.length === 0) return () => undefined;
  if (args.length === 1 && isText(args[0])) {
    return (self, f) => {
      self.fields[0] = args[0].ev(f);
    };
  }
  if (args.length === 1 && isCause(args[0])) {
    return (self, f) => {
      const cause = args[0].ev(f) as ApexObject | null;
      self.fields[1] = cause;
      self.fields[0] = cause === null ? null : cx.rt.describeException(cause);
    };
  }
  if (args.length === 2 && isText(args[0]) && isCause(args[1])) {
    return (self, f) => {
      self.fields[0] = args[0].ev(f);
      self.fields[1] = args[1].ev(f);
    };
  }
  return fail(
    `Constructor not defined: Exception.<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
    loc
  );
}

/** The constructor of `cls` the arguments select (null: the implicit default), with converted arguments. */
export function pickConstructor(
  cx: Compiler,
  cls: ClassInfo,
  args: Value[],
  loc: A.Loc
): { ctor: MethodInfo | null; args: Ev[] } {
  if (cls.constructors.length === 0) {
    if (args.length > 0)
      fail(
        `Constructor not defined: [${cls.fullName}].<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
        loc
      );
    return { ctor: null, args: [] };
  }
  const ctor = choose(cls.constructors, args, loc, `[${cls.fullName}].<Constructor>`);
  return {
    ctor,
    args: convertArgs(
      cx,
      args,
      ctor.params.map((p) => p.type),
      loc
    )
  };
}

function allInterfaces(cls: ClassInfo): ClassInfo[] {
  const out = new Set<ClassInfo>();
  const visit = (c: ClassInfo | null): void => {
    if (!c) return;
    for (const i of c.interfaces) {
      out.add(i);
      visit(i);
    }
    visit(c.superclass);
  };
  visit(cls);
  return [...out];
}

/** Whether execution can fall off the end of a statement (for "missing return" errors). */
function canCompleteNormally(s: A.Stmt): boolean {
  switch (s.kind) {
    case 'Return':
    case 'Throw':
      return false;
    case 'Block':
      return s.body.every(canCompleteNormally);
    case 'If':
      return !s.otherwise || canCompleteNormally(s.then) || canCompleteNormally(s.otherwise);
    case 'Try':
      if (s.finally && !canCompleteNormally(s.finally)) return false;
      return canCompleteNormally(s.body) || s.catches.some((c) => canCompleteNormally(c.body));
    case 'While':
      return !(s.test.kind === 'Literal' && s.test.value === true) || containsBreak(s.body);
    case 'Switch':
      return (
        !s.whens.some((w) => w.kind === 'else') || s.whens.some((w) => canCompleteNormally(w.body))
      );
    default:
      return true;
  }
}

function containsBreak(s: A.Stmt): boolean {
  switch (s.kind) {
    case 'Break':
      return true;
    case 'Block':
      return s.body.some(containsBreak);
    case 'If':
      return containsBreak(s.then) || (s.otherwise !== null && containsBreak(s.otherwise));
    case 'Try':
      return containsBreak(s.body) || s.catches.some((c) => containsBreak(c.body));
    default:
      return false;
  }
}
