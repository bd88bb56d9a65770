/**
 * Apex's value semantics in one place: equality (`==` is case-insensitive for strings), the
 * case-sensitive keys of sets and maps, ordering, `String.valueOf`, `instanceof` and the implicit
 * conversions between numeric types.
 */
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/datetime.ts';
import { SObjectValue } from '../database/sobject.ts';
import { toId18 } from './ids.ts';
import { type ClassInfo, type TypeInfo, NUMERIC_RANK, typeName } from './types.ts';
import {
  ApexBlob,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  ApexType,
  type HashKey,
  type KeyHasher,
  runtimeTypeName
} from './values.ts';

/** Calls an Apex instance method by name; provided by the runtime. */
export type MethodCaller = (self: ApexObject, name: string, args: unknown[]) => unknown;

/** Whether a project class overrides `equals(Object)` (and so `hashCode()`). */
function userEquality(cls: ClassInfo): boolean {
  return cls.findMethods('equals').some((m) => m.params.length === 1 && !m.isStatic);
}

export function isNumber(v: unknown): boolean {
  return (
    typeof v === 'number' ||
    typeof v === 'bigint' ||
    v instanceof ApexDouble ||
    v instanceof ApexDecimal
  );
}

/** Numeric rank of a runtime number: Integer 1, Long 2, Double 3, Decimal 4. */
function rankOf(v: unknown): number {
  if (typeof v === 'number') return 1;
  if (typeof v === 'bigint') return 2;
  if (v instanceof ApexDouble) return 3;
  return 4;
}

export function toDecimal(v: unknown): ApexDecimal {
  if (typeof v === 'number') return ApexDecimal.fromInteger(v);
  if (typeof v === 'bigint') return ApexDecimal.fromBigInt(v);
  if (v instanceof ApexDouble) return ApexDecimal.fromDouble(v.v);
  return v as ApexDecimal;
}

export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof ApexDouble) return v.v;
  return (v as ApexDecimal).doubleValue();
}

/** Compares two non-null numbers of any numeric type by value. */
export function compareNumbers(a: unknown, b: unknown): number {
  const rank = Math.max(rankOf(a), rankOf(b));
  if (rank === 1) return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  if (rank === 2) {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (rank === 3) {
    const x = toDouble(a);
    const y = toDouble(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return toDecimal(a).compareTo(toDecimal(b));
}

/**
 * Apex `==`: strings case-insensitively, numbers by value across types, collections element by
 * element, objects with their own `equals`, everything else by identity or value.
 */
export function apexEquals(a: unknown, b: unknown, call: MethodCaller): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') {
    return a.length === b.length && a.toLowerCase() === b.toLowerCase();
  }
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b) === 0;
  return valueEquals(a, b, call, true);
}

/**
 * `equals` as sets, maps and `String.equals` use it: case-sensitive strings. `caseInsensitive`
 * applies `==`'s rule to strings nested inside collections.
 */
export function valueEquals(
  a: unknown,
  b: unknown,
  call: MethodCaller,
  caseInsensitive = false
): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'string' && typeof b === 'string') {
    return caseInsensitive ? a.toLowerCase() === b.toLowerCase() : false;
  }
  if (isNumber(a) && isNumber(b)) return rankOf(a) === rankOf(b) && compareNumbers(a, b) === 0;
  if (a instanceof ApexDate && b instanceof ApexDate) return a.compareTo(b) === 0;
  if (a instanceof ApexDatetime && b instanceof ApexDatetime) return a.getTime() === b.getTime();
  if (a instanceof ApexTime && b instanceof ApexTime) return a.compareTo(b) === 0;
  if (a instanceof ApexBlob && b instanceof ApexBlob) {
    return a.bytes.length === b.bytes.length && a.bytes.every((x, i) => x === b.bytes[i]);
  }
  if (a instanceof ApexList && b instanceof ApexList) {
    return (
      a.items.length === b.items.length &&
      a.items.every((x, i) => valueEquals(x, b.items[i], call, caseInsensitive))
    );
  }
  if (a instanceof ApexSet && b instanceof ApexSet) {
    return a.size === b.size && a.values().every((x) => b.has(x));
  }
  if (a instanceof ApexMap && b instanceof ApexMap) {
    return (
      a.size === b.size &&
      a.keys().every((k) => b.has(k) && valueEquals(a.get(k), b.get(k), call, caseInsensitive))
    );
  }
  if (a instanceof SObjectValue && b instanceof SObjectValue) {
    return a.sameFields(b, (x, y) => valueEquals(x, y, call, caseInsensitive));
  }
  if (a instanceof ApexType && b instanceof ApexType)
    return typeName(a.type).toLowerCase() === typeName(b.type).toLowerCase();
  if (a instanceof ApexObject && userEquality(a.cls)) {
    return call(a, 'equals', [b]) === true;
  }
  const custom = a as { apexEquals?: (other: unknown) => boolean };
  if (typeof custom.apexEquals === 'function') return custom.apexEquals(b);
  return false;
}

/** Buckets values for sets and maps with Apex's equals/hashCode. One hasher per collection. */
export class ApexHasher implements KeyHasher {
  private readonly buckets = new Map<string, ApexObject[]>();
  constructor(private readonly call: MethodCaller) {}

  keyOf(value: unknown): HashKey {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'string':
      case 'number':
      case 'boolean':
        return value;
      case 'bigint':
        return `L:${value}`;
    }
    if (value instanceof ApexDecimal) return `N:${value.stripTrailingZeros().toPlainString()}`;
    if (value instanceof ApexDouble) return `F:${value.v}`;
    if (value instanceof ApexDate) return `D:${value.toString()}`;
    if (value instanceof ApexDatetime) return `T:${value.getTime()}`;
    if (value instanceof ApexTime) return `t:${value.toString()}`;
    if (value instanceof ApexBlob) return `B:${Buffer.from(value.bytes).toString('base64')}`;
    if (value instanceof ApexList)
      return `[${value.items.map((v) => keyString(this.keyOf(v))).join(',')}]`;
    if (value instanceof ApexSet)
      return `{${value
        .values()
        .map((v) => keyString(this.keyOf(v)))
        .sort()
        .join(',')}}`;
    if (value instanceof ApexObject && userEquality(value.cls)) return this.representative(value);
    if (value instanceof SObjectValue) {
      const fields = [...value.values]
        .filter(([k]) => value.schema.fields.has(k))
        .sort(([a], [b]) => a.localeCompare(b));
      return `S:${value.schema.name}{${fields.map(([k, v]) => `${k}=${keyString(this.keyOf(v))}`).join(',')}}`;
    }
    const custom = value as { apexHashKey?: () => string };
    if (typeof custom.apexHashKey === 'function') return custom.apexHashKey();
    return value as object;
  }

  /** The first member of the hash bucket equal to `value`, so equal objects share one key. */
  private representative(value: ApexObject): ApexObject {
    const hash = String(this.call(value, 'hashCode', []));
    const bucket = this.buckets.get(hash) ?? [];
    const found = bucket.find(
      (other) => other === value || this.call(other, 'equals', [value]) === true
    );
    if (found) return found;
    bucket.push(value);
    this.buckets.set(hash, bucket);
    return value;
  }
}

function keyString(key: HashKey): string {
  if (key !== null && typeof key === 'object')
    return `#${objectIds.get(key) ?? assignObjectId(key)}`;
  return `${typeof key}:${String(key)}`;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;
function assignObjectId(key: object): number {
  objectIds.set(key, nextObjectId);
  return nextObjectId++;
}

/** Orders two non-null values for `<`, `>`, and sorting: numbers, strings, dates, times, ids. */
export function compareValues(a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof ApexDate && b instanceof ApexDate) return a.compareTo(b);
  if (a instanceof ApexDatetime && b instanceof ApexDatetime)
    return Math.sign(a.getTime() - b.getTime());
  if (a instanceof ApexTime && b instanceof ApexTime) return a.compareTo(b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof ApexEnumValue && b instanceof ApexEnumValue) return a.ordinal - b.ordinal;
  throw new TypeError(`cannot compare ${runtimeTypeName(a)} with ${runtimeTypeName(b)}`);
}

/** Java's Double.toString, which Apex uses for Double values in strings. */
export function doubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.replace('+', '')}`;
}

/** `String.valueOf(value)` and string concatenation. */
export function apexToString(value: unknown, call: MethodCaller): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof ApexDouble) return doubleToString(value.v);
  // Concatenation and System.debug print a Date with a zero time and a Datetime in GMT;
  // String.valueOf differs for both and is handled by its own native.
  if (value instanceof ApexDate) return value.toImplicitString();
  if (value instanceof ApexDecimal || value instanceof ApexTime || value instanceof ApexDatetime)
    return value.toString();
  if (value instanceof ApexBlob) return `Blob[${value.bytes.length}]`;
  if (value instanceof ApexEnumValue) return value.name;
  if (value instanceof ApexList)
    return `(${value.items.map((v) => apexToString(v, call)).join(', ')})`;
  if (value instanceof ApexSet)
    return `{${value
      .values()
      .map((v) => apexToString(v, call))
      .join(', ')}}`;
  if (value instanceof ApexMap) {
    return `{${value
      .keys()
      .map((k) => `${apexToString(k, call)}=${apexToString(value.get(k), call)}`)
      .join(', ')}}`;
  }
  if (value instanceof ApexType) return typeName(value.type);
  if (value instanceof SObjectValue) {
    const fields = [...value.values].filter(([k]) => value.schema.fields.has(k));
    return `${value.schema.name}:{${fields.map(([k, v]) => `${value.schema.fields.get(k)!.name}=${apexToString(v, call)}`).join(', ')}}`;
  }
  if (value instanceof ApexObject) {
    if (
      value.cls
        .findMethods('toString')
        .some((m) => m.params.length === 0 && !m.isStatic && m.owner.source !== null)
    ) {
      return apexToString(call(value, 'toString', []), call);
    }
    if (value.cls.isException) {
      const message = value.fields[0];
      return `${exceptionTypeName(value.cls)}: ${message === null ? 'null' : String(message)}`;
    }
    const fields = [...value.cls.instanceFields.values()].map(
      (f) => `${f.name}=${apexToString(value.fields[f.slot], call)}`
    );
    return `${value.cls.fullName}:[${fields.join(', ')}]`;
  }
  const custom = value as { apexToString?: () => string };
  if (typeof custom.apexToString === 'function') return custom.apexToString();
  return runtimeTypeName(value);
}

/** Platform exceptions print with their namespace: `System.NullPointerException`. */
export function exceptionTypeName(cls: ClassInfo): string {
  return cls.source === null ? `${cls.platformNamespace ?? 'System'}.${cls.name}` : cls.fullName;
}

/** Whether a runtime value is an instance of a type (for `instanceof`, casts and `catch`). */
export function isInstance(value: unknown, t: TypeInfo): boolean {
  if (value === null || value === undefined) return false;
  switch (t.kind) {
    case 'prim':
      switch (t.name) {
        case 'Object':
          return true;
        case 'String':
          return typeof value === 'string';
        case 'Id':
          return typeof value === 'string' && toId18(value) !== null;
        case 'Integer':
          return typeof value === 'number';
        case 'Long':
          return typeof value === 'bigint';
        case 'Boolean':
          return typeof value === 'boolean';
        case 'Double':
          return value instanceof ApexDouble;
        case 'Decimal':
          return value instanceof ApexDecimal;
        case 'Date':
          return value instanceof ApexDate;
        case 'Datetime':
          return value instanceof ApexDatetime;
        case 'Time':
          return value instanceof ApexTime;
        case 'Blob':
          return value instanceof ApexBlob;
      }
      return false;
    case 'class':
      if (value instanceof ApexObject) return value.cls.isSubtypeOf(t.cls);
      return value instanceof ApexEnumValue && value.enumType === t.cls;
    case 'list':
      return value instanceof ApexList && elementTypeFits(value.elemType, t.elem);
    case 'set':
      return value instanceof ApexSet && elementTypeFits(value.elemType, t.elem);
    case 'map':
      return (
        value instanceof ApexMap &&
        elementTypeFits(value.keyType, t.key) &&
        elementTypeFits(value.valueType, t.value)
      );
    case 'native':
      return t.native.isInstance(value);
    case 'sobject':
      return value instanceof SObjectValue && (t.schema === null || value.schema === t.schema);
    default:
      return false;
  }
}

function elementTypeFits(actual: TypeInfo, wanted: TypeInfo): boolean {
  if (wanted.kind === 'prim' && wanted.name === 'Object') return true;
  if (actual.kind === 'class' && wanted.kind === 'class') return actual.cls.isSubtypeOf(wanted.cls);
  if (actual.kind === 'sobject' && wanted.kind === 'sobject')
    return wanted.schema === null || actual.schema === wanted.schema;
  return typeName(actual).toLowerCase() === typeName(wanted).toLowerCase();
}

/** Converts a number to another numeric type (widening, or an explicit cast). */
export function convertNumber(v: unknown, to: string): unknown {
  if (v === null) return null;
  switch (to) {
    case 'Integer':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
      if (v instanceof ApexDouble) return Number(BigInt.asIntN(32, BigInt(Math.trunc(v.v))));
      return (v as ApexDecimal).intValue();
    case 'Long':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number') return BigInt(v);
      if (v instanceof ApexDouble) return BigInt.asIntN(64, BigInt(Math.trunc(v.v)));
      return (v as ApexDecimal).longValue();
    case 'Double':
      return v instanceof ApexDouble ? v : new ApexDouble(toDouble(v));
    case 'Decimal':
      return toDecimal(v);
  }
  return v;
}

export function numericRankOfType(t: TypeInfo): number | undefined {
  return t.kind === 'prim' ? NUMERIC_RANK[t.name] : undefined;
}
