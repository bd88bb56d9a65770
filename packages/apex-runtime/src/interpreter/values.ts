/**
 * Runtime values. Apex values map onto JavaScript as:
 *   null → null; Boolean → boolean; Integer → number (always a 32-bit integer); Long → bigint;
 *   Double → ApexDouble; Decimal → ApexDecimal; String and Id → string; Date/Datetime/Time →
 *   ApexDate/ApexDatetime/ApexTime; Blob → ApexBlob; collections → ApexList/ApexSet/ApexMap;
 *   objects of project classes → ApexObject; enum constants → ApexEnumValue; System.Type → ApexType.
 * Every value therefore knows its own runtime type, which `instanceof`, casts, `==` and
 * `String.valueOf` rely on.
 */
import { ApexDecimal } from '../values/decimal.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/datetime.ts';
import { type ClassInfo, type TypeInfo, T, typeName } from './types.ts';

export class ApexDouble {
  constructor(readonly v: number) {}
}

export class ApexBlob {
  constructor(readonly bytes: Uint8Array) {}
}

export class ApexObject {
  /** Set for exceptions: the stack trace captured when thrown or created by the platform. */
  trace: string[] | null = null;
  constructor(
    readonly cls: ClassInfo,
    readonly fields: unknown[]
  ) {}
}

export class ApexEnumValue {
  constructor(
    readonly enumType: ClassInfo | string,
    readonly name: string,
    readonly ordinal: number
  ) {}
}

/** A value of System.Type. */
export class ApexType {
  constructor(readonly type: TypeInfo) {}
}

export class ApexList {
  constructor(
    public elemType: TypeInfo,
    public items: unknown[]
  ) {}
}

/** Key used to bucket a value in a JS Map with Apex's equality (case-sensitive strings). */
export type HashKey = string | number | bigint | boolean | null | object;

/**
 * Apex sets and maps compare keys with `equals` and `hashCode`: exact strings, numbers by value,
 * SObjects and collections by content, project classes by their own equals/hashCode when they
 * define them, by identity otherwise. `keyOf` turns a value into a JS Map key with that meaning;
 * values that need a user-defined equals return an object key and are compared by `sameKey`.
 */
export interface KeyHasher {
  keyOf(value: unknown): HashKey;
}

export class ApexSet {
  readonly entries = new Map<HashKey, unknown>();
  constructor(
    public elemType: TypeInfo,
    readonly hasher: KeyHasher
  ) {}

  add(value: unknown): boolean {
    const key = this.hasher.keyOf(value);
    if (this.entries.has(key)) return false;
    this.entries.set(key, value);
    return true;
  }

  has(value: unknown): boolean {
    return this.entries.has(this.hasher.keyOf(value));
  }

  remove(value: unknown): boolean {
    return this.entries.delete(this.hasher.keyOf(value));
  }

  values(): unknown[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }
}

export class ApexMap {
  readonly entries = new Map<HashKey, [unknown, unknown]>();
  constructor(
    public keyType: TypeInfo,
    public valueType: TypeInfo,
    readonly hasher: KeyHasher
  ) {}

  get(key: unknown): unknown {
    const entry = this.entries.get(this.hasher.keyOf(key));
    return entry === undefined ? null : entry[1];
  }

  /** Returns the previous value or null, as Map.put does. */
  put(key: unknown, value: unknown): unknown {
    const k = this.hasher.keyOf(key);
    const previous = this.entries.get(k);
    if (previous) {
      const old = previous[1];
      previous[1] = value;
      return old;
    }
    this.entries.set(k, [key, value]);
    return null;
  }

  has(key: unknown): boolean {
    return this.entries.has(this.hasher.keyOf(key));
  }

  remove(key: unknown): unknown {
    const k = this.hasher.keyOf(key);
    const entry = this.entries.get(k);
    if (!entry) return null;
    this.entries.delete(k);
    return entry[1];
  }

  keys(): unknown[] {
    return [...this.entries.values()].map((e) => e[0]);
  }

  values(): unknown[] {
    return [...this.entries.values()].map((e) => e[1]);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The runtime type name of a value, as `getTypeName`-style messages show it. */
export function runtimeTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'Boolean';
    case 'number':
      return 'Integer';
    case 'bigint':
      return 'Long';
    case 'string':
      return 'String';
  }
  if (value instanceof ApexDouble) return 'Double';
  if (value instanceof ApexDecimal) return 'Decimal';
  if (value instanceof ApexDate) return 'Date';
  if (value instanceof ApexDatetime) return 'Datetime';
  if (value instanceof ApexTime) return 'Time';
  if (value instanceof ApexBlob) return 'Blob';
  if (value instanceof ApexObject) return value.cls.fullName;
  if (value instanceof ApexEnumValue)
    return typeof value.enumType === 'string' ? value.enumType : value.enumType.fullName;
  if (value instanceof ApexList) return `List<${typeName(value.elemType)}>`;
  if (value instanceof ApexSet) return `Set<${typeName(value.elemType)}>`;
  if (value instanceof ApexMap)
    return `Map<${typeName(value.keyType)},${typeName(value.valueType)}>`;
  if (value instanceof ApexType) return 'System.Type';
  const named = (value as { apexTypeName?: string }).apexTypeName;
  return named ?? 'Object';
}

/** The static type that describes a runtime primitive value, or Object when it is not one. */
export function primitiveTypeOf(value: unknown): TypeInfo {
  switch (runtimeTypeName(value)) {
    case 'Boolean':
      return T.Boolean;
    case 'Integer':
      return T.Integer;
    case 'Long':
      return T.Long;
    case 'String':
      return T.String;
    case 'Double':
      return T.Double;
    case 'Decimal':
      return T.Decimal;
    case 'Date':
      return T.Date;
    case 'Datetime':
      return T.Datetime;
    case 'Time':
      return T.Time;
    case 'Blob':
      return T.Blob;
    default:
      return T.Object;
  }
}
