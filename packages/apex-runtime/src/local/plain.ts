/**
 * Apex values as plain JSON-ready JavaScript, in the shape Lightning hands Apex results to
 * components: records as objects of API field names (no `attributes`), parent records nested
 * under their relationship names, child records as arrays, Apex objects by their `@AuraEnabled`
 * fields and properties only (Lightning leaves the others out), Dates and Datetimes as ISO
 * strings, Decimals as numbers.
 */
import { SObjectValue } from '../database/sobject.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import {
  ApexBlob,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet
} from '../interpreter/values.ts';
import { relationshipField } from '../schema/schema.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/datetime.ts';
import { ApexDecimal } from '../values/decimal.ts';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export function toPlain(rt: Runtime, value: unknown, path: Set<object> = new Set()): Plain {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
      return value;
    case 'bigint':
      return Number(value);
  }
  if (value instanceof ApexDecimal) return Number(value.toString());
  if (value instanceof ApexDouble) return value.v;
  if (value instanceof ApexDate || value instanceof ApexDatetime || value instanceof ApexTime)
    return value.toJson();
  if (value instanceof ApexBlob) return Buffer.from(value.bytes).toString('base64');
  if (value instanceof ApexEnumValue) return value.name;
  const container = value as object;
  if (path.has(container)) throw new UnsupportedError('a cyclic value as an Apex call result');
  path.add(container);
  try {
    if (value instanceof ApexList) return value.items.map((v) => toPlain(rt, v, path));
    if (value instanceof ApexSet) return value.values().map((v) => toPlain(rt, v, path));
    if (value instanceof ApexMap) {
      const out: Record<string, Plain> = {};
      for (const [key, item] of value.entries.values())
        out[rt.toApexString(key)] = toPlain(rt, item, path);
      return out;
    }
    if (value instanceof SObjectValue) return record(rt, value, path);
    if (value instanceof ApexObject && !value.cls.isException && value.cls.source) {
      const out: Record<string, Plain> = {};
      for (const field of value.cls.instanceFields.values()) {
        const exposed = field.decl?.modifiers.annotations.some(
          (a) => a.name.toLowerCase() === 'auraenabled'
        );
        if (!exposed) continue;
        const v = field.getter ? field.getter.invoke!(value, []) : value.fields[field.slot];
        out[field.name] = toPlain(rt, v, path);
      }
      return out;
    }
  } finally {
    path.delete(container);
  }
  throw new UnsupportedError(`${rt.toApexString(value)} as an Apex call result`);
}

function record(rt: Runtime, value: SObjectValue, path: Set<object>): Plain {
  const schema = value.schema;
  const out: Record<string, Plain> = {};
  for (const [key, v] of value.values) {
    const field = schema.fields.get(key);
    const name =
      field?.name ??
      schema.childRelationships.get(key)?.name ??
      relationshipField(schema, key)?.relationshipName ??
      key;
    out[name] = toPlain(rt, v, path);
  }
  return out;
}
