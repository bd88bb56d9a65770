/**
 * Turns JSON tokens into Apex values: untyped (JSON.deserializeUntyped: Map<String,Object>,
 * List<Object>, Integer/Long/Decimal, String, Boolean, null) and typed (JSON.deserialize and
 * JSONParser.readValueAs: project classes, collections, primitives with the platform's
 * conversions). Objects are created without running their constructors, as on the platform.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { toId18 } from '../interpreter/ids.ts';
import { convertNumber } from '../interpreter/semantics.ts';
import {
  type ClassInfo,
  type FieldInfo,
  T,
  type TypeInfo,
  sobjectType,
  typeName
} from '../interpreter/types.ts';
import {
  ApexBlob,
  ApexDouble,
  type ApexEnumValue,
  type ApexObject
} from '../interpreter/values.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/datetime.ts';
import { ApexDecimal, RoundingMode } from '../values/decimal.ts';
import { SObjectValue } from '../database/sobject.ts';
import { sobjectMember } from '../interpreter/sobjects.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import type { Token } from './json-lexer.ts';
import type { Lib } from './lib.ts';

/** A position in a token stream: JSON.deserialize's own lexer, or a JSONParser. */
export interface Cursor {
  current: Token | null;
  advance(): Token | null;
}

const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The class name as Apex code wrote it: classes of an anonymous block have no outer prefix. */
export function apexClassName(cls: ClassInfo): string {
  let top = cls;
  while (top.outer) top = top.outer;
  if (top !== cls && top.source?.kind === 'anonymous') {
    return cls.fullName.slice(top.name.length + 1);
  }
  return cls.fullName;
}

/** Moves past the value at the cursor: a scalar stays, a container is skipped to its end token. */
export function skipValue(cursor: Cursor): void {
  const start = cursor.current?.kind;
  if (start !== 'START_OBJECT' && start !== 'START_ARRAY') return;
  let depth = 1;
  while (depth > 0) {
    const t = cursor.advance();
    if (t === null) return;
    if (t.kind === 'START_OBJECT' || t.kind === 'START_ARRAY') depth++;
    else if (t.kind === 'END_OBJECT' || t.kind === 'END_ARRAY') depth--;
  }
}

/** JSON number text as deserializeUntyped returns it: Integer, Long, or Decimal. */
export function untypedNumber(t: Token): unknown {
  if (t.kind === 'VALUE_NUMBER_FLOAT') return ApexDecimal.fromString(t.text);
  const n = BigInt(t.text);
  if (n >= INT32_MIN && n <= INT32_MAX) return Number(n);
  if (n >= INT64_MIN && n <= INT64_MAX) return n;
  return ApexDecimal.fromString(t.text);
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

function millisOf(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(3, '0').slice(0, 3)) : 0;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/** ISO 8601 date and time ('2011-03-22T13:01:23.000Z', offsets allowed; no zone means GMT). */
export function parseIsoDatetime(text: string): ApexDatetime | null {
  const m = ISO_DATETIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, millisOf(m[7]));
  return ApexDatetime.fromEpochMillis(utc - offsetMinutes(m[8]) * 60000);
}

export function parseIsoDate(text: string): ApexDate | null {
  const m = ISO_DATE.exec(text);
  return m ? ApexDate.newInstance(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** 'HH:mm', 'HH:mm:ss', 'HH:mm:ss.SSSZ' (the JSONParser doc's example parses "18:05"). */
export function parseIsoTime(text: string): ApexTime | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  return ApexTime.newInstance(Number(m[1]), Number(m[2]), Number(m[3] ?? '0'), millisOf(m[4]));
}

/** Base64 text as a Blob; null when the text is not Base64. */
export function parseBase64(text: string): ApexBlob | null {
  if (!/^[A-Za-z0-9+/\s]*={0,2}$/.test(text)) return null;
  return new ApexBlob(new Uint8Array(Buffer.from(text, 'base64')));
}

export class JsonValueReader {
  constructor(
    private readonly lib: Lib,
    private readonly cursor: Cursor,
    private readonly strict: boolean
  ) {}

  /** The untyped value at the cursor; the cursor ends on the value's last token. */
  untyped(): unknown {
    const t = this.token();
    switch (t.kind) {
      case 'START_OBJECT': {
        const map = this.lib.map(T.String, T.Object);
        for (
          let f = this.cursor.advance();
          f && f.kind === 'FIELD_NAME';
          f = this.cursor.advance()
        ) {
          this.cursor.advance();
          map.put(f.text, this.untyped());
        }
        return map;
      }
      case 'START_ARRAY': {
        const items: unknown[] = [];
        for (
          let v = this.cursor.advance();
          v && v.kind !== 'END_ARRAY';
          v = this.cursor.advance()
        ) {
          items.push(this.untyped());
        }
        return this.lib.list(T.Object, items);
      }
      case 'VALUE_STRING':
        return t.text;
      case 'VALUE_NUMBER_INT':
      case 'VALUE_NUMBER_FLOAT':
        return untypedNumber(t);
      case 'VALUE_TRUE':
        return true;
      case 'VALUE_FALSE':
        return false;
      case 'VALUE_NULL':
        return null;
      default:
        return this.fail(`Unexpected token ${t.kind}`);
    }
  }

  /** The value at the cursor converted to `type`. */
  read(type: TypeInfo): unknown {
    const t = this.token();
    if (t.kind === 'VALUE_NULL') return null;
    switch (type.kind) {
      case 'prim':
        return type.name === 'Object' ? this.untyped() : this.primitive(type.name, t);
      case 'list':
      case 'set':
        return this.collection(type, type.elem);
      case 'map':
        return this.map(type.key, type.value);
      case 'class':
        return type.cls.kind === 'enum' ? this.enumValue(type.cls, t) : this.object(type.cls);
      case 'sobject':
        return this.sobject(type.schema);
      default:
        throw new UnsupportedError(`JSON deserialization into ${typeName(type)}`);
    }
  }

  private collection(type: TypeInfo, elem: TypeInfo): unknown {
    const t = this.token();
    if (t.kind !== 'START_ARRAY') {
      return this.fail(
        this.depth === 0
          ? "Malformed JSON: Expected '[' at the beginning of List/Set"
          : `Expected ${typeName(type)} but found ${t.text}`
      );
    }
    const items: unknown[] = [];
    this.depth++;
    for (let v = this.cursor.advance(); v && v.kind !== 'END_ARRAY'; v = this.cursor.advance()) {
      items.push(this.read(elem));
    }
    this.depth--;
    return type.kind === 'set' ? this.lib.set(elem, items) : this.lib.list(elem, items);
  }

  private map(key: TypeInfo, value: TypeInfo): unknown {
    const t = this.token();
    if (t.kind !== 'START_OBJECT') {
      return this.fail("Malformed JSON: Expected '{' at the beginning of object");
    }
    const map = this.lib.map(key, value);
    this.depth++;
    for (let f = this.cursor.advance(); f && f.kind === 'FIELD_NAME'; f = this.cursor.advance()) {
      const k = this.mapKey(key, f);
      this.cursor.advance();
      map.put(k, this.read(value));
    }
    this.depth--;
    return map;
  }

  private mapKey(key: TypeInfo, f: Token): unknown {
    if (key.kind !== 'prim') throw new UnsupportedError(`JSON map keys of type ${typeName(key)}`);
    if (key.name === 'String' || key.name === 'Object') return f.text;
    return this.primitive(key.name, { ...f, kind: 'VALUE_STRING' });
  }

  private enumValue(cls: ClassInfo, t: Token): unknown {
    const values = cls.enumValues as ApexEnumValue[];
    const found =
      t.kind === 'VALUE_STRING'
        ? (values.find((v) => v.name === t.text) ??
          values.find((v) => v.name.toLowerCase() === t.text.toLowerCase()))
        : undefined;
    return found ?? this.mismatch(apexClassName(cls), t);
  }

  private object(cls: ClassInfo): ApexObject {
    const t = this.token();
    if (cls.kind === 'interface' || cls.isAbstract) {
      this.lib.throwApex(
        'TypeException',
        `Cannot deserialize JSON as abstract type: ${apexClassName(cls)}`
      );
    }
    if (cls.isException || !cls.source) {
      throw new UnsupportedError(`JSON deserialization into ${apexClassName(cls)}`);
    }
    if (t.kind !== 'START_OBJECT') {
      return this.fail("Malformed JSON: Expected '{' at the beginning of object");
    }
    const compiler = this.lib.compiler;
    const obj = compiler.instantiate(cls);
    // No constructor runs, but field initialisers do (observed on orgs).
    compiler.runConstructor(cls, null, obj, []);
    this.depth++;
    for (let f = this.cursor.advance(); f && f.kind === 'FIELD_NAME'; f = this.cursor.advance()) {
      const field = cls.instanceFields.get(f.text.toLowerCase());
      this.cursor.advance();
      if (!field || isTransient(field)) {
        if (this.strict) this.fail(`Unknown field: ${apexClassName(cls)}.${f.text}`);
        skipValue(this.cursor);
        continue;
      }
      const value = this.read(field.type);
      if (field.setter) field.setter.invoke!(obj, [value]);
      else obj.fields[field.slot] = value;
    }
    this.depth--;
    return obj;
  }

  /**
   * A record (Apex Reference, JSON Class; Apex Developer Guide, Roundtrip Serialization and
   * Deserialization). `attributes` names the type when the target is SObject and is otherwise
   * skipped. Names are matched case-insensitively: a field is read as its Apex type (read-only
   * fields such as Id and CreatedDate included, as the platform allows), a relationship name as
   * the parent record, a child relationship name as the query result
   * `{"totalSize":n,"done":true,"records":[...]}` of a subquery. The record reads like one built
   * in Apex: an unset field is null. A name the object does not have is skipped by deserialize
   * in API 35.0 and later, and refused by deserializeStrict (and by deserialize before 35.0).
   */
  private sobject(target: SObjectSchema | null): SObjectValue {
    const t = this.token();
    if (t.kind !== 'START_OBJECT') {
      return this.fail("Malformed JSON: Expected '{' at the beginning of object");
    }
    let record = target ? new SObjectValue(target) : null;
    this.depth++;
    for (let f = this.cursor.advance(); f && f.kind === 'FIELD_NAME'; f = this.cursor.advance()) {
      this.cursor.advance();
      if (f.text === 'attributes') {
        const type = this.attributesType();
        record ??= new SObjectValue(this.typeOfAttributes(type, f));
        continue;
      }
      if (!record) {
        return this.fail(
          `Cannot deserialize ${f.text} into SObject: the record's "attributes" with its "type" must come first`,
          f
        );
      }
      this.recordMember(record, f);
    }
    this.depth--;
    if (!record) {
      return this.fail(
        'Cannot deserialize into SObject: the record has no "attributes" naming its type'
      );
    }
    return record;
  }

  /** The `type` of a record's `attributes` object (null when it names none); ends on its end. */
  private attributesType(): string | null {
    if (this.token().kind !== 'START_OBJECT') {
      skipValue(this.cursor);
      return null;
    }
    let type: string | null = null;
    for (let f = this.cursor.advance(); f && f.kind === 'FIELD_NAME'; f = this.cursor.advance()) {
      const v = this.cursor.advance();
      if (f.text === 'type' && v?.kind === 'VALUE_STRING') type = v.text;
      else skipValue(this.cursor);
    }
    return type;
  }

  private typeOfAttributes(type: string | null, at: Token): SObjectSchema {
    if (type === null) {
      return this.fail('Cannot deserialize into SObject: "attributes" names no "type"', at);
    }
    return this.lib.rt.data.schema.get(type) ?? this.fail(`Invalid type: ${type}`, at);
  }

  /** One name/value pair of a record; the cursor is on the value. */
  private recordMember(record: SObjectValue, f: Token): void {
    const schema = record.schema;
    const member = sobjectMember(this.lib.rt.data.schema, schema, f.text);
    if (!member) {
      if (schema.fields.has(f.text.toLowerCase())) {
        throw new UnsupportedError(`JSON deserialization of ${schema.name}.${f.text}`);
      }
      if (this.strict || apiMajor(this.lib.apiVersion) < 35) {
        this.fail(`No such column '${f.text}' on sobject of type ${schema.name}`);
      }
      skipValue(this.cursor);
      return;
    }
    if (member.kind === 'children') {
      record.set(member.key, this.childRecords(member.type, f));
      return;
    }
    // A parent of a polymorphic lookup (Task.What) is read as SObject: its attributes name it.
    record.set(member.key, this.read(member.type));
  }

  /** The child records of a parent: the query result a subquery nests in the parent. */
  private childRecords(type: TypeInfo, name: Token): unknown {
    const t = this.token();
    if (t.kind === 'VALUE_NULL') return null;
    if (t.kind !== 'START_OBJECT') {
      return this.fail(
        `Expected the child records of ${name.text} as {"totalSize","done","records"} but found ${t.text}`,
        t
      );
    }
    let records: unknown = this.lib.list(type.kind === 'list' ? type.elem : sobjectType(null), []);
    this.depth++;
    for (let f = this.cursor.advance(); f && f.kind === 'FIELD_NAME'; f = this.cursor.advance()) {
      this.cursor.advance();
      if (f.text === 'records') records = this.read(type);
      else if (f.text === 'totalSize' || f.text === 'done' || f.text === 'nextRecordsUrl')
        skipValue(this.cursor);
      else if (this.strict) this.fail(`Unknown field: ${name.text}.${f.text}`, f);
      else skipValue(this.cursor);
    }
    this.depth--;
    return records;
  }

  private primitive(name: string, t: Token): unknown {
    const scalar = t.kind.startsWith('VALUE_');
    const isNumber = t.kind === 'VALUE_NUMBER_INT' || t.kind === 'VALUE_NUMBER_FLOAT';
    switch (name) {
      case 'String':
        return scalar ? t.text : this.mismatch(name, t);
      case 'Id': {
        const id = t.kind === 'VALUE_STRING' ? toId18(t.text) : null;
        return id ?? this.fail(`Invalid id: ${t.text}`, t);
      }
      case 'Boolean':
        if (t.kind === 'VALUE_TRUE' || t.kind === 'VALUE_FALSE') return t.kind === 'VALUE_TRUE';
        if (t.kind === 'VALUE_STRING' && /^(true|false)$/i.test(t.text))
          return t.text.toLowerCase() === 'true';
        return this.mismatch(name, t);
      case 'Integer':
      case 'Long':
      case 'Double':
      case 'Decimal':
        return isNumber || t.kind === 'VALUE_STRING'
          ? this.number(name, t)
          : this.mismatch(name, t);
      case 'Date':
        return this.parsed(name, t, parseIsoDate);
      case 'Datetime':
        return this.parsed(name, t, parseIsoDatetime);
      case 'Time':
        return this.parsed(name, t, parseIsoTime);
      case 'Blob':
        return this.parsed(name, t, parseBase64);
      default:
        throw new UnsupportedError(`JSON deserialization into ${name}`);
    }
  }

  private parsed(name: string, t: Token, parse: (text: string) => unknown): unknown {
    const value = t.kind === 'VALUE_STRING' ? parse(t.text) : null;
    return value ?? this.mismatch(name, t);
  }

  /** A JSON number (or numeric string, which Jackson coerces) as an Apex number type. */
  private number(name: string, t: Token): unknown {
    const text = t.text.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return this.mismatch(name, t);
    if (name === 'Double') return new ApexDouble(Number(text));
    const decimal = ApexDecimal.fromString(text);
    if (name === 'Decimal') return decimal;
    const whole = BigInt(decimal.setScale(0, RoundingMode.DOWN).toPlainString());
    const [min, max, label] =
      name === 'Integer' ? [INT32_MIN, INT32_MAX, 'int'] : [INT64_MIN, INT64_MAX, 'long'];
    if (whole < min || whole > max) {
      return this.fail(`Numeric value (${text}) out of range of ${label}`, t);
    }
    return convertNumber(whole, name);
  }

  private mismatch(name: string, t: Token): never {
    return this.fail(
      `Cannot deserialize instance of ${name.toLowerCase()} from ${t.kind} value ${t.text} or request may be missing a required field`,
      t
    );
  }

  private depth = 0;

  private token(): Token {
    const t = this.cursor.current;
    if (!t) return this.fail('No content to map due to end-of-input');
    return t;
  }

  private fail(message: string, at?: Token): never {
    const where = at ? ` at [line:${at.line}, column:${at.column}]` : '';
    return this.lib.throwApex('JSONException', `${message}${where}`);
  }
}

/** 66 for '66.0'. */
function apiMajor(version: string): number {
  return Number.parseInt(version, 10);
}

function isTransient(field: FieldInfo): boolean {
  return field.decl?.modifiers.keywords.has('transient') ?? false;
}
