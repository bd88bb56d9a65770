/**
 * What every standard-library module needs from the interpreter, plus small helpers for
 * declaring natives tersely.
 */
import type { ClassTable } from '../interpreter/classes.ts';
import { DEFAULT_API_VERSION } from '../loader/project.ts';
import type { Compiler } from '../interpreter/compiler.ts';
import type { Platform } from '../interpreter/platform.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { ApexHasher, apexEquals, valueEquals } from '../interpreter/semantics.ts';
import type { NativeClass, TypeInfo } from '../interpreter/types.ts';
import { ApexList, ApexMap, type ApexObject, ApexSet } from '../interpreter/values.ts';

export class Lib {
  /** Set by the engine once the project's classes are loaded (Type.forName, JSON, stubs need them). */
  table!: ClassTable;
  compiler!: Compiler;
  /**
   * The project's API version ('66.0'): the version in the REST URL of a record's JSON
   * attributes, and the version-dependent rules of JSON.deserialize. Set by the engine.
   */
  apiVersion = DEFAULT_API_VERSION;

  constructor(
    readonly platform: Platform,
    readonly rt: Runtime
  ) {}

  readonly call = (self: ApexObject, name: string, args: unknown[]): unknown =>
    this.rt.callMethod(self, name, args);

  list(elem: TypeInfo, items: unknown[]): ApexList {
    return new ApexList(elem, items);
  }

  set(elem: TypeInfo, items: unknown[] = []): ApexSet {
    const s = new ApexSet(elem, new ApexHasher(this.call));
    for (const item of items) s.add(item);
    return s;
  }

  map(key: TypeInfo, value: TypeInfo): ApexMap {
    return new ApexMap(key, value, new ApexHasher(this.call));
  }

  str(value: unknown): string {
    return this.rt.toApexString(value);
  }

  /** Apex `==`. */
  equals(a: unknown, b: unknown): boolean {
    return apexEquals(a, b, this.call);
  }

  /** `equals()` as collections use it: case-sensitive strings. */
  strictEquals(a: unknown, b: unknown): boolean {
    return valueEquals(a, b, this.call);
  }

  throwApex(type: string, message: string): never {
    return this.rt.throwApex(type, message);
  }

  /** Rejects a null argument the way platform methods do. */
  need<V>(value: V | null, what = 'argument'): V {
    if (value === null || value === undefined)
      this.throwApex('NullPointerException', `Argument cannot be null: ${what}`);
    return value as V;
  }

  native(name: string): NativeClass {
    const found = this.platform.natives.get(name.toLowerCase());
    if (!found) throw new Error(`native ${name} is not registered`);
    return found;
  }
}
