/**
 * An SObject value: a record of some object, with the fields it holds. A record built in Apex
 * (`new Account(...)`) reads unset fields as null; a record from SOQL knows which fields were
 * queried, and reading any other one is an SObjectException, as on the platform.
 */
import type { SObjectSchema } from '../schema/schema.ts';

export class SObjectValue {
  /** Field values, parent records (by relationship name) and child lists, by lowercased name. */
  readonly values: Map<string, unknown>;
  /** Errors added with `addError` or by a failing trigger; a record with errors is not saved. */
  readonly errors: { statusCode: string; message: string; fields: string[] }[] = [];
  /** Trigger.new in an after trigger and Trigger.old are read-only. */
  readOnly = false;

  constructor(
    readonly schema: SObjectSchema,
    values?: Map<string, unknown>,
    /** Lowercased names the query selected; null for a record built in Apex. */
    readonly queried: Set<string> | null = null
  ) {
    this.values = values ?? new Map();
  }

  get apexTypeName(): string {
    return this.schema.name;
  }

  /** Whether reading `name` is allowed (it was queried or set, or the record was built in Apex). */
  readable(name: string): boolean {
    return this.queried === null || this.values.has(name) || this.queried.has(name);
  }

  get(name: string): unknown {
    const v = this.values.get(name);
    return v === undefined ? null : v;
  }

  set(name: string, value: unknown): void {
    this.values.set(name, value);
  }

  /** Record-level equality: same object and the same field values (Apex `==` on SObjects). */
  sameFields(other: SObjectValue, equals: (a: unknown, b: unknown) => boolean): boolean {
    if (other.schema !== this.schema) return false;
    const keys = new Set(
      [...this.values.keys(), ...other.values.keys()].filter((k) => this.schema.fields.has(k))
    );
    for (const k of keys) if (!equals(this.get(k), other.get(k))) return false;
    return true;
  }
}
