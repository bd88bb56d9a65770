/**
 * List, Set and Map methods. Signatures use the receiver's type variables (E, K, V), resolved by
 * the compiler against the static type, so `List<String>.get(0)` is a String.
 */
import { compareValues, isNumber } from '../interpreter/semantics.ts';
import { NativeClass, T } from '../interpreter/types.ts';
import { ApexList, ApexMap, ApexObject, ApexSet } from '../interpreter/values.ts';
import type { Lib } from './lib.ts';

export function installCollections(lib: Lib): void {
  installList(lib);
  installSet(lib);
  installMap(lib);
}

function installList(lib: Lib): void {
  const list = lib.platform.addNative(new NativeClass('List', (v) => v instanceof ApexList));
  const L = (self: unknown) => self as ApexList;
  const bounds = (l: ApexList, i: number, size = l.items.length) => {
    if (i === null || i < 0 || i >= size)
      lib.throwApex('ListException', `List index out of bounds: ${i}`);
  };
  list.addMethod('add', ['E'], T.Void, (self, [v]) => {
    L(self).items.push(v);
    return null;
  });
  list.addMethod('add', [T.Integer, 'E'], T.Void, (self, [i, v]) => {
    bounds(L(self), i as number, L(self).items.length + 1);
    L(self).items.splice(i as number, 0, v);
    return null;
  });
  list.addMethod('addAll', ['List<E>'], T.Void, (self, [other]) => {
    L(self).items.push(...L(lib.need(other)).items);
    return null;
  });
  list.addMethod('addAll', ['Set<E>'], T.Void, (self, [other]) => {
    L(self).items.push(...(lib.need(other) as ApexSet).values());
    return null;
  });
  list.addMethod('get', [T.Integer], 'E', (self, [i]) => {
    bounds(L(self), i as number);
    return L(self).items[i as number];
  });
  list.addMethod('set', [T.Integer, 'E'], T.Void, (self, [i, v]) => {
    bounds(L(self), i as number);
    L(self).items[i as number] = v;
    return null;
  });
  list.addMethod('remove', [T.Integer], 'E', (self, [i]) => {
    bounds(L(self), i as number);
    return L(self).items.splice(i as number, 1)[0];
  });
  list.addMethod('size', [], T.Integer, (self) => L(self).items.length);
  list.addMethod('isEmpty', [], T.Boolean, (self) => L(self).items.length === 0);
  list.addMethod('clear', [], T.Void, (self) => {
    L(self).items.length = 0;
    return null;
  });
  list.addMethod('contains', ['E'], T.Boolean, (self, [v]) =>
    L(self).items.some((x) => lib.strictEquals(x, v))
  );
  list.addMethod('indexOf', ['E'], T.Integer, (self, [v]) =>
    L(self).items.findIndex((x) => lib.strictEquals(x, v))
  );
  list.addMethod('clone', [], 'Self', (self) => new ApexList(L(self).elemType, [...L(self).items]));
  list.addMethod(
    'deepClone',
    [],
    'Self',
    (self) => new ApexList(L(self).elemType, [...L(self).items])
  );
  list.addMethod('equals', ['List<E>'], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  list.addMethod('hashCode', [], T.Integer, (self) => L(self).items.length);
  list.addMethod('toString', [], T.String, (self) => lib.str(self));
  list.addMethod('iterator', [], T.Object, () =>
    lib.throwApex(
      'UnsupportedOperationException',
      'List.iterator is not supported by the offline runtime yet'
    )
  );
  list.addMethod('sort', [], T.Void, (self) => {
    sortInPlace(L(self).items, lib);
    return null;
  });
}

/** List.sort: natural order for primitives (nulls first), compareTo for Comparable objects. */
function sortInPlace(items: unknown[], lib: Lib): void {
  items.sort((a, b) => {
    if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
    if (a instanceof ApexObject) return lib.call(a, 'compareTo', [b]) as number;
    if (isNumber(a) || typeof a === 'string' || typeof a === 'boolean') {
      // Strings sort by UTF-16 code unit here (case-sensitive), unlike the < operator.
      if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
      return compareValues(a, b);
    }
    return compareValues(a, b);
  });
}

function installSet(lib: Lib): void {
  const set = lib.platform.addNative(new NativeClass('Set', (v) => v instanceof ApexSet));
  const S = (self: unknown) => self as ApexSet;
  const itemsOf = (v: unknown) =>
    v instanceof ApexList ? v.items : (lib.need(v) as ApexSet).values();
  set.addMethod('add', ['E'], T.Boolean, (self, [v]) => S(self).add(v));
  set.addMethod('addAll', ['List<E>'], T.Boolean, (self, [o]) =>
    itemsOf(o)
      .map((v) => S(self).add(v))
      .some(Boolean)
  );
  set.addMethod('addAll', ['Set<E>'], T.Boolean, (self, [o]) =>
    itemsOf(o)
      .map((v) => S(self).add(v))
      .some(Boolean)
  );
  set.addMethod('contains', ['E'], T.Boolean, (self, [v]) => S(self).has(v));
  set.addMethod('containsAll', ['List<E>'], T.Boolean, (self, [o]) =>
    itemsOf(o).every((v) => S(self).has(v))
  );
  set.addMethod('containsAll', ['Set<E>'], T.Boolean, (self, [o]) =>
    itemsOf(o).every((v) => S(self).has(v))
  );
  set.addMethod('remove', ['E'], T.Boolean, (self, [v]) => S(self).remove(v));
  set.addMethod('removeAll', ['List<E>'], T.Boolean, (self, [o]) =>
    itemsOf(o)
      .map((v) => S(self).remove(v))
      .some(Boolean)
  );
  set.addMethod('removeAll', ['Set<E>'], T.Boolean, (self, [o]) =>
    itemsOf(o)
      .map((v) => S(self).remove(v))
      .some(Boolean)
  );
  set.addMethod('retainAll', ['Set<E>'], T.Boolean, (self, [o]) =>
    retain(S(self), lib.set(S(self).elemType, itemsOf(o)))
  );
  set.addMethod('retainAll', ['List<E>'], T.Boolean, (self, [o]) =>
    retain(S(self), lib.set(S(self).elemType, itemsOf(o)))
  );
  set.addMethod('size', [], T.Integer, (self) => S(self).size);
  set.addMethod('isEmpty', [], T.Boolean, (self) => S(self).size === 0);
  set.addMethod('clear', [], T.Void, (self) => {
    S(self).entries.clear();
    return null;
  });
  set.addMethod('clone', [], 'Self', (self) => lib.set(S(self).elemType, S(self).values()));
  set.addMethod('equals', ['Set<E>'], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  set.addMethod('toString', [], T.String, (self) => lib.str(self));
}

function retain(target: ApexSet, keep: ApexSet): boolean {
  let changed = false;
  for (const v of target.values()) {
    if (!keep.has(v)) changed = target.remove(v) || changed;
  }
  return changed;
}

function installMap(lib: Lib): void {
  const map = lib.platform.addNative(new NativeClass('Map', (v) => v instanceof ApexMap));
  const M = (self: unknown) => self as ApexMap;
  map.addMethod('put', ['K', 'V'], 'V', (self, [k, v]) => M(self).put(k, v));
  map.addMethod('putAll', ['Map<K,V>'], T.Void, (self, [o]) => {
    const other = lib.need(o) as ApexMap;
    for (const k of other.keys()) M(self).put(k, other.get(k));
    return null;
  });
  map.addMethod('get', ['K'], 'V', (self, [k]) => M(self).get(k));
  map.addMethod('containsKey', ['K'], T.Boolean, (self, [k]) => M(self).has(k));
  map.addMethod('remove', ['K'], 'V', (self, [k]) => M(self).remove(k));
  map.addMethod('keySet', [], 'Set<K>', (self) => lib.set(M(self).keyType, M(self).keys()));
  map.addMethod('values', [], 'List<V>', (self) => lib.list(M(self).valueType, M(self).values()));
  map.addMethod('size', [], T.Integer, (self) => M(self).size);
  map.addMethod('isEmpty', [], T.Boolean, (self) => M(self).size === 0);
  map.addMethod('clear', [], T.Void, (self) => {
    M(self).entries.clear();
    return null;
  });
  map.addMethod('clone', [], 'Self', (self) => {
    const copy = lib.map(M(self).keyType, M(self).valueType);
    for (const k of M(self).keys()) copy.put(k, M(self).get(k));
    return copy;
  });
  map.addMethod('equals', ['Map<K,V>'], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  map.addMethod('toString', [], T.String, (self) => lib.str(self));
}
