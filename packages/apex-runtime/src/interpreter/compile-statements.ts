/**
 * Compiles statements: blocks, locals, if, loops (for, for-each with SOQL batches, while,
 * do-while), switch, return, throw, break/continue and try/catch/finally. Each compiled
 * statement returns its completion code (see compile-context.ts).
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import { identity, isAssignable } from './conversions.ts';
import { ApexThrow } from './errors.ts';
import type { Frame } from './runtime.ts';
import { isPrim, type TypeInfo, typeName } from './types.ts';
import { type ApexEnumValue, ApexList, type ApexObject, type ApexSet } from './values.ts';
import * as S from './semantics.ts';
import {
  BREAK,
  CONTINUE,
  type Ex,
  fail,
  isGenericSObject,
  NORMAL,
  RETURN,
  Scope,
  track,
  type Value
} from './compile-context.ts';
import { dml, runAs } from './compile-data.ts';
import { checkCast, literal } from './compile-literals.ts';

/** A block in its own scope: its statements in order, until one does not complete normally. */
export function block(cx: Compiler, b: A.BlockStmt, parent: Scope): Ex {
  const scope = new Scope(parent, parent.m);
  const steps = b.body.map((s) => stmt(cx, s, scope));
  if (steps.length === 0) return () => NORMAL;
  if (steps.length === 1) return steps[0];
  return (f) => {
    for (let i = 0; i < steps.length; i++) {
      const c = steps[i](f);
      if (c !== NORMAL) return c;
    }
    return NORMAL;
  };
}

function stmt(cx: Compiler, s: A.Stmt, scope: Scope): Ex {
  const m = scope.m;
  switch (s.kind) {
    case 'Block':
      return block(cx, s, scope);
    case 'LocalVar':
      return localVar(cx, s, scope);
    case 'Expr': {
      const e = cx.expr(s.expr, scope);
      if (e.what !== 'value') fail('Expression cannot be a statement', s.loc);
      const ev = (e as Value).ev;
      return track(s.loc, m, (f) => {
        ev(f);
        return NORMAL;
      });
    }
    case 'If': {
      const test = condition(cx, s.test, scope);
      const then = stmt(cx, s.then, new Scope(scope, m));
      const otherwise = s.otherwise ? stmt(cx, s.otherwise, new Scope(scope, m)) : null;
      return track(
        s.loc,
        m,
        otherwise ? (f) => (test(f) ? then(f) : otherwise(f)) : (f) => (test(f) ? then(f) : NORMAL)
      );
    }
    case 'While': {
      const test = condition(cx, s.test, scope);
      const body = loopBody(cx, s.body, scope);
      return track(s.loc, m, (f) => {
        while (test(f)) {
          const c = body(f);
          if (c === BREAK) break;
          if (c === RETURN) return RETURN;
        }
        return NORMAL;
      });
    }
    case 'DoWhile': {
      const body = loopBody(cx, s.body, scope);
      const test = condition(cx, s.test, scope);
      return track(s.loc, m, (f) => {
        do {
          const c = body(f);
          if (c === BREAK) break;
          if (c === RETURN) return RETURN;
        } while (test(f));
        return NORMAL;
      });
    }
    case 'For':
      return forLoop(cx, s, scope);
    case 'ForEach':
      return forEach(cx, s, scope);
    case 'Switch':
      return switchStmt(cx, s, scope);
    case 'Return':
      return returnStmt(cx, s, scope);
    case 'Throw': {
      const value = cx.valueOf(s.value, scope);
      if (!isAssignable(value.t, cx.platform.exceptionRoot.type))
        fail(`Throw expression must be of type Exception: ${typeName(value.t)}`, s.loc);
      return track(s.loc, m, (f) => {
        const ex = value.ev(f) as ApexObject | null;
        if (ex === null)
          cx.rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
        if (!ex.trace) ex.trace = cx.rt.captureTrace();
        throw new ApexThrow(ex);
      });
    }
    case 'Break':
    case 'Continue':
      if (m.loopDepth === 0) fail(`${s.kind} must be in a loop`, s.loc);
      return track(s.loc, m, s.kind === 'Break' ? () => BREAK : () => CONTINUE);
    case 'Try':
      return tryStmt(cx, s, scope);
    case 'Dml':
      return dml(cx, s, scope);
    case 'RunAs':
      return runAs(cx, s, scope);
  }
}

function loopBody(cx: Compiler, body: A.Stmt, scope: Scope): Ex {
  scope.m.loopDepth++;
  try {
    return stmt(cx, body, new Scope(scope, scope.m));
  } finally {
    scope.m.loopDepth--;
  }
}

function localVar(cx: Compiler, s: A.LocalVarStmt, scope: Scope): Ex {
  const t = cx.table.resolveType(s.type, scope.m.cls);
  const steps: Ex[] = [];
  for (const d of s.declarators) {
    const init = d.init ? cx.valueOf(d.init, scope) : null;
    const conv = init ? cx.convert(init.t, t, d.init!.loc) : identity;
    const v = scope.declare(d.name, t, d.loc);
    const slot = v.slot;
    steps.push(
      init
        ? (f) => {
            f.l[slot] = conv(init.ev(f));
            return NORMAL;
          }
        : (f) => {
            f.l[slot] = null;
            return NORMAL;
          }
    );
  }
  const run: Ex =
    steps.length === 1
      ? steps[0]
      : (f) => {
          for (const step of steps) step(f);
          return NORMAL;
        };
  return track(s.loc, scope.m, run);
}

function forLoop(cx: Compiler, s: A.ForStmt, outer: Scope): Ex {
  const scope = new Scope(outer, outer.m);
  let init: Ex = () => NORMAL;
  if (s.init && !Array.isArray(s.init)) init = localVar(cx, s.init, scope);
  else if (Array.isArray(s.init)) {
    const evs = s.init.map((e) => cx.valueOf(e, scope).ev);
    init = (f) => {
      for (const ev of evs) ev(f);
      return NORMAL;
    };
  }
  const test = s.test ? condition(cx, s.test, scope) : () => true;
  const updates = s.update.map((e) => cx.valueOf(e, scope).ev);
  const body = loopBody(cx, s.body, scope);
  return track(s.loc, outer.m, (f) => {
    for (init(f); test(f);) {
      const c = body(f);
      if (c === BREAK) break;
      if (c === RETURN) return RETURN;
      for (let i = 0; i < updates.length; i++) updates[i](f);
    }
    return NORMAL;
  });
}

function forEach(cx: Compiler, s: A.ForEachStmt, outer: Scope): Ex {
  const scope = new Scope(outer, outer.m);
  const iterable = cx.valueOf(s.iterable, outer);
  const t = cx.table.resolveType(s.type, outer.m.cls);
  let elem: TypeInfo;
  if (iterable.t.kind === 'list' || iterable.t.kind === 'set') elem = iterable.t.elem;
  else fail(`Loop must iterate over collection: ${typeName(iterable.t)}`, s.iterable.loc);
  const soql = (iterable.t as { soql?: boolean }).soql === true;
  // `for (List<Account> batch : [SELECT ...])` receives the rows in lists of 200.
  if (soql && t.kind === 'list' && isAssignable(elem!, t.elem))
    return forEachBatch(cx, s, outer, iterable, t);
  const dynamicRow = soql && isGenericSObject(elem!) && t.kind === 'sobject';
  if (!dynamicRow && !isAssignable(elem!, t))
    fail(`Loop variable must be of type ${typeName(elem!)}`, s.loc);
  const conv = dynamicRow ? (v: unknown) => checkCast(cx, v, t) : cx.convert(elem!, t, s.loc);
  const v = scope.declare(s.name, t, s.loc);
  const slot = v.slot;
  const body = loopBody(cx, s.body, scope);
  const rt = cx.rt;
  return track(s.loc, outer.m, (f) => {
    const coll = iterable.ev(f);
    if (coll === null)
      rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    const items = coll instanceof ApexList ? coll.items : (coll as ApexSet).values();
    const size = items.length;
    for (let i = 0; i < items.length; i++) {
      f.l[slot] = conv(items[i]);
      const c = body(f);
      // Like a Java iterator, the modification is detected when the loop asks for the next
      // element, so leaving the loop right after modifying the collection is allowed.
      if (c === BREAK) break;
      if (c === RETURN) return RETURN;
      if (coll instanceof ApexList ? coll.items.length !== size : (coll as ApexSet).size !== size) {
        rt.throwApex('FinalException', 'Cannot modify a collection while it is being iterated.');
      }
    }
    return NORMAL;
  });
}

/** A SOQL for loop over lists: the platform hands the rows over 200 at a time. */
function forEachBatch(
  cx: Compiler,
  s: A.ForEachStmt,
  outer: Scope,
  iterable: Value,
  t: TypeInfo
): Ex {
  const scope = new Scope(outer, outer.m);
  const slot = scope.declare(s.name, t, s.loc).slot;
  const body = loopBody(cx, s.body, scope);
  const elem = (t as { elem: TypeInfo }).elem;
  return track(s.loc, outer.m, (f) => {
    const rows = (iterable.ev(f) as ApexList).items;
    for (let i = 0; i < rows.length; i += 200) {
      f.l[slot] = new ApexList(elem, rows.slice(i, i + 200));
      const c = body(f);
      if (c === BREAK) break;
      if (c === RETURN) return RETURN;
    }
    return NORMAL;
  });
}

function switchStmt(cx: Compiler, s: A.SwitchStmt, scope: Scope): Ex {
  const subject = cx.valueOf(s.subject, scope);
  const st = subject.t;
  const enumCls = st.kind === 'class' && st.cls.kind === 'enum' ? st.cls : null;
  const arms: { test: (v: unknown, f: Frame) => boolean; body: Ex }[] = [];
  let otherwise: Ex | null = null;
  const seen = new Set<string>();
  for (const when of s.whens) {
    const armScope = new Scope(scope, scope.m);
    if (when.kind === 'else') {
      if (otherwise) fail('Only one when else is allowed', when.loc);
      otherwise = block(cx, when.body, armScope);
      continue;
    }
    if (when.kind === 'type') {
      const t = cx.table.resolveType(when.type, scope.m.cls);
      const v = armScope.declare(when.name, t, when.loc);
      const body = block(cx, when.body, armScope);
      arms.push({
        test: (value, f) => {
          if (!S.isInstance(value, t)) return false;
          f.l[v.slot] = value;
          return true;
        },
        body
      });
      continue;
    }
    const values: unknown[] = [];
    for (const lit of when.values) {
      let value: unknown;
      if (lit.kind === 'Name') {
        if (!enumCls) fail(`Invalid when value: ${lit.name}`, lit.loc);
        value = enumCls!.enumValues.find(
          (e) => (e as ApexEnumValue).name.toLowerCase() === lit.name.toLowerCase()
        );
        if (value === undefined) fail(`Invalid enum value: ${lit.name}`, lit.loc);
      } else {
        const c = literal(lit);
        if (lit.type !== 'Null' && !isAssignable(c.t, st))
          fail(
            `Incompatible when value ${String(lit.value)} for switch on ${typeName(st)}`,
            lit.loc
          );
        value = c.ev(undefined as unknown as Frame);
        if (isPrim(st, 'Long') && typeof value === 'number') value = BigInt(value);
      }
      const key =
        typeof value === 'object' && value !== null ? (value as ApexEnumValue).name : String(value);
      if (seen.has(key)) fail(`Duplicate when value: ${key}`, lit.loc);
      seen.add(key);
      values.push(value);
    }
    const body = block(cx, when.body, armScope);
    arms.push({
      test: (value) =>
        values.some((w) =>
          w === null ? value === null : value !== null && S.valueEquals(w, value, cx.caller)
        ),
      body
    });
  }
  const fallback = otherwise;
  return track(s.loc, scope.m, (f) => {
    const value = subject.ev(f);
    for (const arm of arms) {
      if (arm.test(value, f)) return arm.body(f);
    }
    return fallback ? fallback(f) : NORMAL;
  });
}

function returnStmt(cx: Compiler, s: A.ReturnStmt, scope: Scope): Ex {
  const expected = scope.m.returnType;
  if (!s.value) {
    if (expected.kind !== 'void') fail(`Missing return value: ${typeName(expected)}`, s.loc);
    return track(s.loc, scope.m, () => RETURN);
  }
  if (expected.kind === 'void') fail('Void method must not return a value', s.loc);
  const value = cx.valueOf(s.value, scope);
  const conv = cx.convert(value.t, expected, s.value.loc);
  return track(s.loc, scope.m, (f) => {
    f.ret = conv(value.ev(f));
    return RETURN;
  });
}

function tryStmt(cx: Compiler, s: A.TryStmt, scope: Scope): Ex {
  const body = block(cx, s.body, scope);
  const catches = s.catches.map((c) => {
    const t = cx.table.resolveType(c.type, scope.m.cls);
    if (!isAssignable(t, cx.platform.exceptionRoot.type))
      fail(`Catch block variable must be of type exception: ${typeName(t)}`, c.loc);
    const catchScope = new Scope(scope, scope.m);
    const v = catchScope.declare(c.name, t, c.loc);
    return { t, slot: v.slot, body: block(cx, c.body, catchScope) };
  });
  const fin = s.finally ? block(cx, s.finally, scope) : null;
  // LimitException and assertion failures end the transaction: no catch block sees them.
  const limitException = cx.platform.exceptionClass('LimitException');
  const assertException = cx.platform.exceptionClass('AssertException');
  return (f) => {
    let completion = NORMAL;
    try {
      completion = body(f);
    } catch (error) {
      if (
        !(error instanceof ApexThrow) ||
        error.exception.cls === limitException ||
        error.exception.cls === assertException
      )
        throw error;
      const handler = catches.find((c) => S.isInstance(error.exception, c.t));
      if (!handler) throw error;
      f.l[handler.slot] = error.exception;
      completion = handler.body(f);
    } finally {
      if (fin) {
        const c = fin(f);
        if (c !== NORMAL) completion = c;
      }
    }
    return completion;
  };
}

/** A Boolean condition; a null value throws NullPointerException as the platform does. */
export function condition(cx: Compiler, e: A.Expr, scope: Scope): (f: Frame) => boolean {
  const v = cx.valueOf(e, scope);
  if (!isPrim(v.t, 'Boolean')) fail(`Expression must be a Boolean: ${typeName(v.t)}`, e.loc);
  const rt = cx.rt;
  return (f) => {
    const b = v.ev(f);
    if (b === null) rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    return b as boolean;
  };
}
