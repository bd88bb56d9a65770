/**
 * List, Set and Map methods (Apex Reference: List Class, Set Class, Map Class), the Iterator that
 * their iterator() returns, and the Comparable and Comparator interfaces List.sort uses.
 * Signatures use the receiver's type variables (E, K, V), resolved by the compiler against the
 * static type, so `List<String>.get(0)` is a String.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { compareValues, isNumber } from '../interpreter/semantics.ts';
import { NativeClass, T } from '../interpreter/types.ts';
import {
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  runtimeTypeName
} from '../interpreter/values.ts';
import type { Lib } from './lib.ts';

export function installCollections(lib: Lib): void {
  installInterfaces(lib);
  installIterator(lib);
  installList(lib);
  installSet(lib);
  installMap(lib);
}

// ------------------------------------------------------------------------ platform interfaces

/**
 * System.Comparator<T> (compare(T, T)); System.Comparable is declared with the other platform
 * interfaces in system.ts. Comparator's method takes the class's own type argument, which the
 * type model cannot express, so it is declared without methods: `implements` checks nothing and
 * List.sort calls `compare` by name.
 */
function installInterfaces(lib: Lib): void {
  if (!lib.platform.classes.has('comparator'))
    lib.platform.addInterface('Comparator', 'System', []);
}

// ---------------------------------------------------------------------------------- iterator

/** The iterator of a list or set: it walks the elements as they were when iterator() was called. */
class IteratorValue {
  readonly apexTypeName = 'System.Iterator';
  private next = 0;
  constructor(private readonly items: unknown[]) {}

  hasNext(): boolean {
    return this.next < this.items.length;
  }

  take(lib: Lib): unknown {
    if (!this.hasNext()) lib.throwApex('NoSuchElementException', 'Iterator has no more elements.');
    return this.items[this.next++];
  }
}

function installIterator(lib: Lib): void {
  const iterator = lib.platform.addNative(
    new NativeClass('Iterator', (v) => v instanceof IteratorValue),
    'System'
  );
  iterator.addMethod('hasNext', [], T.Boolean, (self) => (self as IteratorValue).hasNext());
  iterator.addMethod('next', [], 'E', (self) => (self as IteratorValue).take(lib));
}

// -------------------------------------------------------------------------------------- list

function installList(lib: Lib): void {
  const list = lib.platform.addNative(new NativeClass('List', (v) => v instanceof ApexList));
  const L = (self: unknown) => (self as ApexList).items;
  const index = (i: unknown, size: number): number => {
    const n = lib.need(i as number | null, 'index');
    if (n < 0 || n >= size) lib.throwApex('ListException', `List index out of bounds: ${n}`);
    return n;
  };
  list.addMethod('add', ['E'], T.Void, (self, [v]) => {
    L(self).push(v);
    return null;
  });
  list.addMethod('add', [T.Integer, 'E'], T.Void, (self, [i, v]) => {
    L(self).splice(index(i, L(self).length + 1), 0, v);
    return null;
  });
  list.addMethod('addAll', ['List<E>'], T.Void, (self, [other]) => {
    L(self).push(...L(lib.need(other)));
    return null;
  });
  list.addMethod('addAll', ['Set<E>'], T.Void, (self, [other]) => {
    L(self).push(...(lib.need(other) as ApexSet).values());
    return null;
  });
  list.addMethod('get', [T.Integer], 'E', (self, [i]) => L(self)[index(i, L(self).length)]);
  list.addMethod('set', [T.Integer, 'E'], T.Void, (self, [i, v]) => {
    L(self)[index(i, L(self).length)] = v;
    return null;
  });
  list.addMethod(
    'remove',
    [T.Integer],
    'E',
    (self, [i]) => L(self).splice(index(i, L(self).length), 1)[0]
  );
  list.addMethod('size', [], T.Integer, (self) => L(self).length);
  list.addMethod('isEmpty', [], T.Boolean, (self) => L(self).length === 0);
  list.addMethod('clear', [], T.Void, (self) => {
    L(self).length = 0;
    return null;
  });
  list.addMethod('contains', ['E'], T.Boolean, (self, [v]) =>
    L(self).some((x) => lib.strictEquals(x, v))
  );
  list.addMethod('indexOf', ['E'], T.Integer, (self, [v]) =>
    L(self).findIndex((x) => lib.strictEquals(x, v))
  );
  const copy = (self: unknown) => new ApexList((self as ApexList).elemType, [...L(self)]);
  list.addMethod('clone', [], 'Self', copy);
  // deepClone also copies SObject records; for other element types it is a shallow copy.
  list.addMethod('deepClone', [], 'Self', (self) => deepCopyOf(self as ApexList, copy));
  list.addMethod('equals', ['List<E>'], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  list.addMethod('hashCode', [], T.Integer, (self) => hashOf(self, lib));
  list.addMethod('toString', [], T.String, (self) => lib.str(self));
  list.addMethod('iterator', [], 'Iterator<E>', (self) => new IteratorValue([...L(self)]));
  list.addMethod('sort', [], T.Void, (self) => {
    sortNatural(L(self), lib);
    return null;
  });
  list.addMethod('sort', [lib.platform.classes.get('comparator')!.type], T.Void, (self, [c]) => {
    const comparator = lib.need(c as ApexObject | null, 'comparator');
    L(self).sort((a, b) => compareResult(lib.call(comparator, 'compare', [a, b]), lib));
    return null;
  });
}

/** SObject values are not part of this module; refuse rather than share records silently. */
function deepCopyOf(l: ApexList, copy: (self: unknown) => ApexList): ApexList {
  if (l.items.some((v) => runtimeTypeName(v) === 'SObject'))
    throw new UnsupportedError('List.deepClone() of SObject records');
  return copy(l);
}

function compareResult(result: unknown, lib: Lib): number {
  return lib.need(result as number | null, 'compare result');
}

/**
 * List.sort(): ascending. Strings compare by UTF-16 code unit (case-sensitive, unlike `<`),
 * numbers by value, Comparable objects with compareTo, enums by ordinal, nulls first.
 * The sort is stable, as Java's is.
 */
function sortNatural(items: unknown[], lib: Lib): void {
  if (items.some((v) => v instanceof ApexObject && !isComparable(v)))
    lib.throwApex('ListException', 'One or more of the items in this list is not Comparable');
  items.sort((a, b) => {
    if (a === null || b === null) return a === null ? (b === null ? 0 : -1) : 1;
    if (a instanceof ApexObject) return compareResult(lib.call(a, 'compareTo', [b]), lib);
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    if (a instanceof ApexEnumValue && b instanceof ApexEnumValue) return a.ordinal - b.ordinal;
    if ((isNumber(a) && isNumber(b)) || runtimeTypeName(a) === runtimeTypeName(b)) {
      try {
        return compareValues(a, b);
      } catch {
        // compareValues refuses the pair below.
      }
    }
    throw new UnsupportedError(
      `List.sort() of ${runtimeTypeName(a)} and ${runtimeTypeName(b)} values together`
    );
  });
}

function isComparable(v: ApexObject): boolean {
  return v.cls.findMethods('compareTo').some((m) => !m.isStatic && m.params.length === 1);
}

// --------------------------------------------------------------------------------------- set

/**
 * The set Map.keySet() returns: a view backed by the map. Observed on orgs: removing from it
 * removes the mapping, while adding throws System.FinalException: Collection is read-only.
 */
class KeySetView extends ApexSet {
  constructor(
    readonly map: ApexMap,
    private readonly lib: Lib
  ) {
    super(map.keyType, map.hasher);
  }
  override add(): boolean {
    return this.lib.throwApex('FinalException', 'Collection is read-only');
  }
  override has(value: unknown): boolean {
    return this.map.has(value);
  }
  override remove(value: unknown): boolean {
    const had = this.map.has(value);
    this.map.remove(value);
    return had;
  }
  override values(): unknown[] {
    return this.map.keys();
  }
  override get size(): number {
    return this.map.size;
  }
}

function clearSet(s: ApexSet): void {
  if (s instanceof KeySetView) s.map.entries.clear();
  else s.entries.clear();
}

function installSet(lib: Lib): void {
  const set = lib.platform.addNative(new NativeClass('Set', (v) => v instanceof ApexSet));
  const S = (self: unknown) => self as ApexSet;
  const itemsOf = (v: unknown) =>
    v instanceof ApexList ? v.items : (lib.need(v) as ApexSet).values();
  const any = (results: boolean[]) => results.some(Boolean);
  set.addMethod('add', ['E'], T.Boolean, (self, [v]) => S(self).add(v));
  set.addMethod('contains', ['E'], T.Boolean, (self, [v]) => S(self).has(v));
  set.addMethod('remove', ['E'], T.Boolean, (self, [v]) => S(self).remove(v));
  for (const other of ['List<E>', 'Set<E>'] as const) {
    set.addMethod('addAll', [other], T.Boolean, (self, [o]) =>
      any(itemsOf(o).map((v) => S(self).add(v)))
    );
    set.addMethod('containsAll', [other], T.Boolean, (self, [o]) =>
      itemsOf(o).every((v) => S(self).has(v))
    );
    set.addMethod('removeAll', [other], T.Boolean, (self, [o]) =>
      any(itemsOf(o).map((v) => S(self).remove(v)))
    );
    set.addMethod('retainAll', [other], T.Boolean, (self, [o]) =>
      retain(S(self), lib.set(S(self).elemType, itemsOf(o)))
    );
  }
  set.addMethod('size', [], T.Integer, (self) => S(self).size);
  set.addMethod('isEmpty', [], T.Boolean, (self) => S(self).size === 0);
  set.addMethod('clear', [], T.Void, (self) => {
    clearSet(S(self));
    return null;
  });
  set.addMethod('clone', [], 'Self', (self) => lib.set(S(self).elemType, S(self).values()));
  set.addMethod('equals', ['Set<E>'], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  set.addMethod('hashCode', [], T.Integer, (self) => hashOf(self, lib));
  set.addMethod('toString', [], T.String, (self) => lib.str(self));
  set.addMethod('iterator', [], 'Iterator<E>', (self) => new IteratorValue(S(self).values()));
}

function retain(target: ApexSet, keep: ApexSet): boolean {
  let changed = false;
  for (const v of target.values()) {
    if (!keep.has(v)) changed = target.remove(v) || changed;
  }
  return changed;
}

// --------------------------------------------------------------------------------------- map

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
  map.addMethod('keySet', [], 'Set<K>', (self) => new KeySetView(M(self), lib));
  map.addMethod('values', [], 'List<V>', (self) => lib.list(M(self).valueType, M(self).values()));
  map.addMethod('size', [], T.Integer, (self) => M(self).size);
  map.addMethod('isEmpty', [], T.Boolean, (self) => M(self).size === 0);
  map.addMethod('clear', [], T.Void, (self) => {
    M(self).entries.clear();
    return null;
  });
  const copy = (self: unknown) => {
    const result = lib.map(M(self).keyType, M(self).valueType);
    for (const k of M(self).keys()) result.put(k, M(self).get(k));
    return result;
  };
  map.addMethod('clone', [], 'Self', copy);
  // deepClone also copies SObject values; for other value types it is a shallow copy.
  map.addMethod('deepClone', [], 'Self', (self) => {
    if (
      M(self)
        .values()
        .some((v) => runtimeTypeName(v) === 'SObject')
    )
      throw new UnsupportedError('Map.deepClone() of SObject records');
    return copy(self);
  });
  map.addMethod('equals', ['Map<K,V>'], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  map.addMethod('hashCode', [], T.Integer, (self) => hashOf(self, lib));
  map.addMethod('toString', [], T.String, (self) => lib.str(self));
}

// ---------------------------------------------------------------------------------- hashCode

/**
 * hashCode() of a collection, as java.util defines it (List: 31*h + e, Set: sum, Map: sum of
 * key ^ value), over the element hashes Apex gives primitives (String.hashCode is Java's).
 * Element types whose Apex hash is not known are refused.
 */
function hashOf(v: unknown, lib: Lib): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'string':
      return javaStringHash(v);
    case 'number':
      return v;
    case 'boolean':
      return v ? 1231 : 1237;
    case 'bigint':
      return Number(BigInt.asIntN(32, v ^ (BigInt.asUintN(64, v) >> 32n)));
  }
  if (v instanceof ApexList)
    return v.items.reduce<number>((h, e) => (Math.imul(31, h) + hashOf(e, lib)) | 0, 1);
  if (v instanceof ApexSet) return v.values().reduce<number>((h, e) => (h + hashOf(e, lib)) | 0, 0);
  if (v instanceof ApexMap)
    return v.keys().reduce<number>((h, k) => (h + (hashOf(k, lib) ^ hashOf(v.get(k), lib))) | 0, 0);
  if (v instanceof ApexObject && v.cls.findMethods('hashCode').some((m) => m.params.length === 0))
    return lib.call(v, 'hashCode', []) as number;
  throw new UnsupportedError(`hashCode() of a collection holding ${runtimeTypeName(v)} values`);
}

function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}
