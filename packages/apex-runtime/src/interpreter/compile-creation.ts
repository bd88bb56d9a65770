/**
 * Compiles object and collection creation: `new` on Apex classes, SObjects and native types,
 * collection copy constructors (including `new Map<Id, SObject>(rows)`), array sizes and
 * `{ ... }` initialisers of lists, sets and maps.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import type { SObjectValue } from './sobjects.ts';
import { isAssignable } from './conversions.ts';
import type { Frame } from './runtime.ts';
import { isPrim, type TypeInfo, typeName } from './types.ts';
import { ApexList, ApexMap, ApexSet } from './values.ts';
import { fail, invokeValue, type Scope, type Value } from './compile-context.ts';
import { implicitExceptionConstructor, pickConstructor } from './compile-classes.ts';
import { newSObject } from './compile-data.ts';
import {
  checkVisible,
  chooseBy,
  convertArgs,
  nativeCallContext,
  nativeOf,
  specType
} from './compile-resolution.ts';

/** `new T(args)`: an Apex class, an SObject, a collection copy or a native type. */
export function newExpr(cx: Compiler, e: A.NewExpr, scope: Scope): Value {
  const t = cx.table.resolveType(e.type, scope.m.cls);
  const args = e.args.map((a) => cx.valueOf(a, scope));
  if (t.kind === 'sobject') return newSObject(cx, t.schema, e, args, scope);
  if (e.fieldInits) return fail(`Field initialisers need an SObject type: ${typeName(t)}`, e.loc);
  if (t.kind === 'list' || t.kind === 'set' || t.kind === 'map')
    return copyCollection(cx, t, args, e.loc);
  if (t.kind === 'class') {
    const cls = t.cls;
    if (cls.kind !== 'class') fail(`Type cannot be constructed: ${cls.fullName}`, e.loc);
    if (cls.isAbstract) fail(`Abstract classes cannot be constructed: ${cls.fullName}`, e.loc);
    const implicit = implicitExceptionConstructor(cx, cls, args, e.loc);
    if (implicit) {
      return invokeValue(t, (f) => {
        const obj = cx.instantiate(cls);
        implicit(obj, f);
        return obj;
      });
    }
    const target = pickConstructor(cx, cls, args, e.loc);
    if (target.ctor)
      checkVisible(
        target.ctor.visibility,
        cls,
        scope.m.cls,
        target.ctor.annotations.some((a) => a.name.toLowerCase() === 'testvisible'),
        `Constructor is not visible: [${cls.fullName}].<Constructor>`,
        e.loc
      );
    return invokeValue(t, (f) => {
      const obj = cx.instantiate(cls);
      cx.runConstructor(
        cls,
        target.ctor,
        obj,
        target.args.map((a) => a(f))
      );
      return obj;
    });
  }
  const native = nativeOf(cx, t);
  if (!native || native.constructors.length === 0)
    return fail(`Type cannot be constructed: ${typeName(t)}`, e.loc);
  const pick = chooseBy(
    native.constructors.map((c) => ({
      params: c.params.map((p) => ({ type: specType(cx, p, t, args) })),
      r: c
    })),
    args,
    e.loc,
    `${typeName(t)}.<Constructor>`
  );
  const conv = convertArgs(
    cx,
    args,
    pick.params.map((p) => p.type),
    e.loc
  );
  const ctx = nativeCallContext(cx, t);
  const impl = pick.r.impl as (self: unknown, args: unknown[], call: typeof ctx) => unknown;
  return invokeValue(t, (f) =>
    impl(
      undefined,
      conv.map((c) => c(f)),
      ctx
    )
  );
}

function copyCollection(cx: Compiler, t: TypeInfo, args: Value[], loc: A.Loc): Value {
  if (args.length === 0) return invokeValue(t, () => cx.emptyCollection(t));
  if (args.length !== 1)
    return fail(
      `Constructor not defined: ${typeName(t)}.<Constructor>(${args.map((a) => typeName(a.t)).join(', ')})`,
      loc
    );
  const source = args[0];
  if (t.kind === 'list' && isPrim(source.t, 'Integer')) {
    return invokeValue(t, (f) => {
      cx.nonNull(source.ev(f));
      return new ApexList(t.elem, []);
    });
  }
  if (
    t.kind === 'map' &&
    (isPrim(t.key, 'Id') || isPrim(t.key, 'String')) &&
    t.value.kind === 'sobject' &&
    source.t.kind === 'list' &&
    isAssignable(source.t.elem, t.value)
  )
    return invokeValue(t, (f) => mapById(cx, t, cx.nonNull(source.ev(f)) as ApexList));
  const okSource =
    (t.kind === 'list' || t.kind === 'set') && (source.t.kind === 'list' || source.t.kind === 'set')
      ? isAssignable(source.t.elem, t.elem)
      : t.kind === 'map' && source.t.kind === 'map' && isAssignable(source.t, t);
  if (!okSource)
    return fail(
      `Constructor not defined: ${typeName(t)}.<Constructor>(${typeName(source.t)})`,
      loc
    );
  return invokeValue(t, (f) => {
    const from = cx.nonNull(source.ev(f));
    const out = cx.emptyCollection(t);
    const items =
      from instanceof ApexList ? from.items : from instanceof ApexSet ? from.values() : null;
    if (out instanceof ApexList) out.items.push(...items!);
    else if (out instanceof ApexSet) items!.forEach((v) => out.add(v));
    else if (out instanceof ApexMap && from instanceof ApexMap)
      from.keys().forEach((k) => out.put(k, from.get(k)));
    return out;
  });
}

/** `new Map<Id, Account>(records)`: each record keyed by its id, as the platform builds it. */
function mapById(cx: Compiler, t: TypeInfo, list: ApexList): ApexMap {
  const out = cx.emptyCollection(t) as ApexMap;
  list.items.forEach((r, i) => {
    const id = r === null ? null : (r as SObjectValue).get('id');
    if (id === null) cx.rt.throwApex('ListException', `Row with null Id at index: ${i}`);
    if (out.has(id)) cx.rt.throwApex('ListException', `Duplicate id in list: ${String(id)}`);
    out.put(id, r);
  });
  return out;
}

/** `new T[n]`, `new List<T>{ ... }`, `new Set<T>{ ... }` and `new Map<K, V>{ k => v }`. */
export function newCollection(cx: Compiler, e: A.NewCollectionExpr, scope: Scope): Value {
  const t = cx.table.resolveType(e.type, scope.m.cls);
  if (e.size) {
    const size = cx.valueOf(e.size, scope);
    if (!isPrim(size.t, 'Integer')) fail('Array size must be an Integer', e.size.loc);
    const elem = (t as { elem: TypeInfo }).elem;
    return invokeValue(t, (f) => {
      const n = cx.nonNull(size.ev(f)) as number;
      if (n < 0) cx.rt.throwApex('ListException', `Invalid array size: ${n}`);
      return new ApexList(elem, new Array<unknown>(n).fill(null));
    });
  }
  if (e.pairs) {
    if (t.kind !== 'map') return fail(`Map initializer needs a Map type: ${typeName(t)}`, e.loc);
    const pairs = e.pairs.map((p) => {
      const k = cx.valueOf(p.key, scope);
      const v = cx.valueOf(p.value, scope);
      return {
        k: k.ev,
        kc: cx.convert(k.t, t.key, p.key.loc),
        v: v.ev,
        vc: cx.convert(v.t, t.value, p.value.loc)
      };
    });
    return invokeValue(t, (f) => {
      const map = cx.emptyCollection(t) as ApexMap;
      for (const p of pairs) map.put(p.kc(p.k(f)), p.vc(p.v(f)));
      return map;
    });
  }
  if (t.kind !== 'list' && t.kind !== 'set') {
    if (t.kind === 'map' && (e.elements ?? []).length === 0)
      return invokeValue(t, () => cx.emptyCollection(t));
    return fail(`Initializer needs a List or Set type: ${typeName(t)}`, e.loc);
  }
  const elems = (e.elements ?? []).map((x) => {
    const v = cx.valueOf(x, scope);
    const c = cx.convert(v.t, t.elem, x.loc);
    return (f: Frame) => c(v.ev(f));
  });
  return invokeValue(t, (f) => {
    const coll = cx.emptyCollection(t);
    if (coll instanceof ApexList) for (const el of elems) coll.items.push(el(f));
    else for (const el of elems) (coll as ApexSet).add(el(f));
    return coll;
  });
}
