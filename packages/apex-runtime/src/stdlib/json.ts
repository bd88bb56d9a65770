/**
 * System.JSON (serialize, deserialize typed and untyped), System.JSONGenerator, System.JSONParser
 * and the System.JSONToken enum (Apex Reference: JSON Class, JSONGenerator Class, JSONParser
 * Class, JSONToken Enum). Text is read by json-lexer.ts, written by json-writer.ts and turned
 * into Apex values by json-reader.ts.
 */
import { toIdOrThrow } from '../interpreter/conversions.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import { doubleToString } from '../interpreter/semantics.ts';
import {
  type ClassInfo,
  type FieldInfo,
  NativeClass,
  T,
  type TypeInfo
} from '../interpreter/types.ts';
import {
  ApexBlob,
  ApexDouble,
  ApexEnumValue,
  ApexList,
  ApexMap,
  ApexObject,
  ApexSet,
  type ApexType
} from '../interpreter/values.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/datetime.ts';
import { ApexDecimal, RoundingMode } from '../values/decimal.ts';
import { SObjectValue } from '../database/sobject.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import { relationshipField } from '../schema/schema.ts';
import { JsonLexer, JsonSyntaxError, type Token, type TokenKind } from './json-lexer.ts';
import {
  type Cursor,
  JsonValueReader,
  parseBase64,
  parseIsoDate,
  parseIsoDatetime,
  parseIsoTime,
  skipValue
} from './json-reader.ts';
import { JsonStateError, JsonWriter, quote } from './json-writer.ts';
import type { Lib } from './lib.ts';

type Impl = (self: unknown, args: unknown[]) => unknown;

const TOKENS = [
  'END_ARRAY',
  'END_OBJECT',
  'FIELD_NAME',
  'NOT_AVAILABLE',
  'START_ARRAY',
  'START_OBJECT',
  'VALUE_EMBEDDED_OBJECT',
  'VALUE_FALSE',
  'VALUE_NULL',
  'VALUE_NUMBER_FLOAT',
  'VALUE_NUMBER_INT',
  'VALUE_STRING',
  'VALUE_TRUE'
];

export function installJson(lib: Lib): void {
  const tokenEnum = lib.platform.defineEnum('JSONToken', TOKENS);
  const tokenOf = (kind: TokenKind | undefined): unknown =>
    kind === undefined
      ? null
      : (tokenEnum.enumValues as ApexEnumValue[]).find((v) => v.name === kind)!;
  const generator = lib.platform.addNative(
    new NativeClass('JSONGenerator', (v) => v instanceof Generator),
    'System'
  );
  const parser = lib.platform.addNative(
    new NativeClass('JSONParser', (v) => v instanceof Parser),
    'System'
  );
  installJsonClass(lib, generator, parser);
  installGenerator(lib, generator);
  installParser(lib, parser, tokenEnum, tokenOf);
}

/** Runs a native, turning JSON syntax and generator state errors into System.JSONException. */
function guarded(lib: Lib, impl: Impl): Impl {
  return (self, args) => {
    try {
      return impl(self, args);
    } catch (error) {
      if (error instanceof JsonSyntaxError || error instanceof JsonStateError) {
        lib.throwApex('JSONException', error.message);
      }
      throw error;
    }
  };
}

function typeArg(lib: Lib, t: unknown): TypeInfo {
  return (lib.need(t, 'apexType') as ApexType).type;
}

function installJsonClass(lib: Lib, generator: NativeClass, parser: NativeClass): void {
  const json = lib.platform.addNative(new NativeClass('JSON'), 'System');
  const typeType = lib.native('Type').type;
  const s = (name: string, params: TypeInfo[], returns: TypeInfo, impl: Impl) =>
    json.addStatic(name, params, returns, guarded(lib, impl));
  const B = T.Boolean;
  s('serialize', [T.Object], T.String, (_x, [v]) => serialize(lib, v, false, false));
  s('serialize', [T.Object, B], T.String, (_x, [v, n]) => serialize(lib, v, false, n === true));
  s('serializePretty', [T.Object], T.String, (_x, [v]) => serialize(lib, v, true, false));
  s('serializePretty', [T.Object, B], T.String, (_x, [v, n]) =>
    serialize(lib, v, true, n === true)
  );
  const deserialize = (text: unknown, type: unknown, strict: boolean) => {
    const cursor = lexerCursor(lib.need(text, 'jsonString') as string);
    cursor.advance();
    return new JsonValueReader(lib, cursor, strict).read(typeArg(lib, type));
  };
  s('deserialize', [T.String, typeType], T.Object, (_x, [text, t]) => deserialize(text, t, false));
  s('deserializeStrict', [T.String, typeType], T.Object, (_x, [text, t]) =>
    deserialize(text, t, true)
  );
  s('deserializeUntyped', [T.String], T.Object, (_x, [text]) => {
    const cursor = lexerCursor(lib.need(text, 'jsonString') as string);
    cursor.advance();
    return new JsonValueReader(lib, cursor, false).untyped();
  });
  s('createGenerator', [B], generator.type, (_x, [pretty]) => new Generator(pretty === true));
  s(
    'createParser',
    [T.String],
    parser.type,
    (_x, [text]) => new Parser(lib.need(text, 'jsonString') as string)
  );
}

function lexerCursor(text: string): Cursor {
  const lexer = new JsonLexer(text);
  const cursor: Cursor = {
    current: null,
    advance: () => (cursor.current = lexer.next())
  };
  return cursor;
}

// ------------------------------------------------------------------------------------ serialize

function serialize(lib: Lib, value: unknown, pretty: boolean, suppressNulls: boolean): string {
  const writer = new JsonWriter(pretty);
  new Serializer(lib, writer, suppressNulls).write(value);
  return writer.toString();
}

/** JSON text of a scalar value, or null when the value is not a scalar. */
function scalarText(value: unknown): string | null {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof ApexDecimal) return value.toString();
  if (value instanceof ApexDouble) return doubleText(value.v);
  if (value instanceof ApexDate || value instanceof ApexDatetime || value instanceof ApexTime) {
    return quote(value.toJson());
  }
  if (value instanceof ApexBlob) return quote(Buffer.from(value.bytes).toString('base64'));
  if (value instanceof ApexEnumValue) return quote(value.name);
  return null;
}

/** Jackson writes a double with Java's Double.toString; NaN and infinities as quoted strings. */
function doubleText(d: number): string {
  return Number.isFinite(d) ? doubleToString(d) : quote(doubleToString(d));
}

/** Map keys are written as String.valueOf(key) (JSON Support: the supported key types). */
function keyText(lib: Lib, key: unknown): string {
  if (key instanceof ApexDate) return key.toString();
  return lib.str(key);
}

class Serializer {
  /** Objects being written, to refuse cyclic graphs instead of recursing forever. */
  private readonly path = new Set<object>();

  constructor(
    private readonly lib: Lib,
    private readonly w: JsonWriter,
    private readonly suppressNulls: boolean
  ) {}

  write(value: unknown): void {
    const scalar = scalarText(value);
    if (scalar !== null) {
      this.w.scalar(scalar);
      return;
    }
    const container = value as object;
    if (this.path.has(container)) {
      throw new UnsupportedError('JSON.serialize of a cyclic object graph');
    }
    this.path.add(container);
    if (value instanceof ApexList || value instanceof ApexSet) this.array(value);
    else if (value instanceof ApexMap) this.map(value);
    else if (value instanceof SObjectValue) this.sobject(value);
    else if (value instanceof ApexObject) this.object(value);
    else throw new UnsupportedError(`JSON.serialize of ${this.lib.str(value)}`);
    this.path.delete(container);
  }

  private array(value: ApexList | ApexSet): void {
    this.w.startArray();
    for (const item of value instanceof ApexList ? value.items : value.values()) this.write(item);
    this.w.endArray();
  }

  private map(value: ApexMap): void {
    this.w.startObject();
    for (const [key, item] of value.entries.values()) {
      this.w.fieldName(keyText(this.lib, key));
      this.write(item);
    }
    this.w.endObject();
  }

  /**
   * An SObject as the platform writes it (Apex Developer Guide, Roundtrip Serialization and
   * Deserialization): an `attributes` object with its type and, for a record with an Id, its REST
   * URL in the project's API version; then what the record holds, in order, under API names:
   * fields, parent records under their relationship names, and the child records of a subquery
   * as a query result `{"totalSize":n,"done":true,"records":[...]}`. A field a query selected
   * that is null is left out (API 28.0 and later); one set to null in Apex is written as null,
   * unless `suppressApexObjectNulls` asks for no nulls at all. A subquery with no rows is left
   * out as well. Datetime fields use the REST form `yyyy-MM-ddTHH:mm:ss.SSS+0000`.
   */
  private sobject(record: SObjectValue): void {
    const schema = record.schema;
    this.w.startObject();
    this.w.fieldName('attributes');
    this.w.startObject();
    this.w.fieldName('type');
    this.w.string(schema.name);
    const id = record.get('id');
    if (typeof id === 'string') {
      this.w.fieldName('url');
      this.w.string(`/services/data/v${this.lib.apiVersion}/sobjects/${schema.name}/${id}`);
    }
    this.w.endObject();
    for (const [key, value] of record.values) {
      if (value === null && (this.suppressNulls || (record.queried?.has(key) ?? false))) continue;
      const field = schema.fields.get(key);
      if (field) {
        this.w.fieldName(field.name);
        if (value instanceof ApexDatetime) this.w.string(value.formatGmt(SOBJECT_DATETIME));
        else this.write(value);
        continue;
      }
      const member = recordMember(schema, key);
      if (!member) throw new UnsupportedError(`JSON.serialize of ${schema.name} with ${key}`);
      if (member.kind === 'children') {
        const rows = value === null ? [] : (value as ApexList).items;
        if (rows.length === 0) continue;
        this.w.fieldName(member.name);
        this.children(rows);
      } else {
        this.w.fieldName(member.name);
        this.write(value);
      }
    }
    this.w.endObject();
  }

  /** The child records of a subquery, as the query result the platform nests in the parent. */
  private children(rows: unknown[]): void {
    this.w.startObject();
    this.w.fieldName('totalSize');
    this.w.scalar(String(rows.length));
    this.w.fieldName('done');
    this.w.scalar('true');
    this.w.fieldName('records');
    this.w.startArray();
    for (const row of rows) this.write(row);
    this.w.endArray();
    this.w.endObject();
  }

  private object(obj: ApexObject): void {
    if (obj.cls.isException || !obj.cls.source) {
      throw new UnsupportedError(`JSON.serialize of ${obj.cls.fullName}`);
    }
    this.w.startObject();
    for (const field of serializedFields(obj.cls)) {
      const value = field.getter ? field.getter.invoke!(obj, []) : obj.fields[field.slot];
      if (value === null && this.suppressNulls) continue;
      this.w.fieldName(field.name);
      this.write(value);
    }
    this.w.endObject();
  }
}

/** A Datetime field of a record, as the REST API and JSON.serialize of SObjects write it. */
const SOBJECT_DATETIME = "yyyy-MM-dd'T'HH:mm:ss.SSSZ";

/**
 * What a key a record holds that is not a field names: a parent record (by the relationship name
 * of a lookup) or the child records of a subquery (by the child relationship name).
 */
function recordMember(
  schema: SObjectSchema,
  key: string
): { kind: 'parent' | 'children'; name: string } | undefined {
  const parent = relationshipField(schema, key);
  if (parent) return { kind: 'parent', name: parent.relationshipName! };
  const child = schema.childRelationships.get(key);
  return child ? { kind: 'children', name: child.name } : undefined;
}

/** Instance fields and properties in declaration order (inherited first), without transients. */
function serializedFields(cls: ClassInfo): FieldInfo[] {
  return [...cls.instanceFields.values()].filter(
    (f) => !(f.decl?.modifiers.keywords.has('transient') ?? false)
  );
}

// ------------------------------------------------------------------------------------ generator

class Generator {
  readonly apexTypeName = 'System.JSONGenerator';
  readonly writer: JsonWriter;
  constructor(pretty: boolean) {
    this.writer = new JsonWriter(pretty);
  }
}

function installGenerator(lib: Lib, native: NativeClass): void {
  const W = (self: unknown) => (self as Generator).writer;
  const m = (name: string, params: TypeInfo[], returns: TypeInfo, impl: Impl) =>
    native.addMethod(name, params, returns, guarded(lib, impl));
  /** A void method: runs `write` on the generator's writer. */
  const v = (name: string, params: TypeInfo[], write: (w: JsonWriter, args: unknown[]) => void) =>
    m(name, params, T.Void, (self, args) => {
      write(W(self), args);
      return null;
    });
  const S = T.String;
  const name = (n: unknown) => lib.need(n, 'fieldName') as string;
  const object = (w: JsonWriter, value: unknown) => new Serializer(lib, w, false).write(value);
  v('close', [], (w) => w.close());
  m('isClosed', [], T.Boolean, (self) => W(self).closed);
  m('getAsString', [], S, (self) => {
    W(self).close();
    return W(self).toString();
  });
  v('writeStartObject', [], (w) => w.startObject());
  v('writeEndObject', [], (w) => w.endObject());
  v('writeStartArray', [], (w) => w.startArray());
  v('writeEndArray', [], (w) => w.endArray());
  v('writeFieldName', [S], (w, [n]) => w.fieldName(name(n)));
  v('writeNull', [], (w) => w.scalar('null'));
  v('writeNullField', [S], (w, [n]) => {
    w.fieldName(name(n));
    w.scalar('null');
  });
  v('writeObject', [T.Object], (w, [value]) => object(w, value));
  v('writeObjectField', [S, T.Object], (w, [n, value]) => {
    w.fieldName(name(n));
    object(w, value);
  });
  // Scalar writers: writeX(value) and writeXField(name, value) for each documented type.
  const scalars: [string, TypeInfo][] = [
    ['Blob', T.Blob],
    ['Boolean', T.Boolean],
    ['Date', T.Date],
    ['DateTime', T.Datetime],
    ['Id', T.Id],
    ['Number', T.Decimal],
    ['Number', T.Double],
    ['Number', T.Integer],
    ['Number', T.Long],
    ['String', T.String],
    ['Time', T.Time]
  ];
  for (const [suffix, type] of scalars) {
    v(`write${suffix}`, [type], (w, [value]) => w.scalar(scalarText(value)!));
    v(`write${suffix}Field`, [S, type], (w, [n, value]) => {
      w.fieldName(name(n));
      w.scalar(scalarText(value)!);
    });
  }
}

// --------------------------------------------------------------------------------------- parser

class Parser implements Cursor {
  readonly apexTypeName = 'System.JSONParser';
  current: Token | null = null;
  lastCleared: Token | null = null;
  private readonly lexer: JsonLexer;

  constructor(text: string) {
    this.lexer = new JsonLexer(text);
  }

  advance(): Token | null {
    this.current = this.lexer.next();
    return this.current;
  }
}

function installParser(
  lib: Lib,
  native: NativeClass,
  tokenEnum: ClassInfo,
  tokenOf: (kind: TokenKind | undefined) => unknown
): void {
  const P = (self: unknown) => self as Parser;
  const m = (name: string, params: TypeInfo[], returns: TypeInfo, impl: Impl) =>
    native.addMethod(name, params, returns, guarded(lib, impl));
  const tokenType = tokenEnum.type;
  m('nextToken', [], tokenType, (self) => tokenOf(P(self).advance()?.kind));
  m('nextValue', [], tokenType, (self) => {
    let t = P(self).advance();
    if (t?.kind === 'FIELD_NAME') t = P(self).advance();
    return tokenOf(t?.kind);
  });
  m('getCurrentToken', [], tokenType, (self) => tokenOf(P(self).current?.kind));
  m('hasCurrentToken', [], T.Boolean, (self) => P(self).current !== null);
  m('clearCurrentToken', [], T.Void, (self) => {
    P(self).lastCleared = P(self).current;
    P(self).current = null;
    return null;
  });
  m('getLastClearedToken', [], tokenType, (self) => tokenOf(P(self).lastCleared?.kind));
  m('getCurrentName', [], T.String, (self) => P(self).current?.name ?? null);
  m('getText', [], T.String, (self) => P(self).current?.text ?? null);
  m('skipChildren', [], T.Void, (self) => {
    skipValue(P(self));
    return null;
  });
  const readAs = (self: unknown, type: unknown, strict: boolean) => {
    const parser = P(self);
    if (parser.current === null || parser.current.kind === 'FIELD_NAME') parser.advance();
    return new JsonValueReader(lib, parser, strict).read(typeArg(lib, type));
  };
  const typeType = lib.native('Type').type;
  m('readValueAs', [typeType], T.Object, (self, [t]) => readAs(self, t, false));
  m('readValueAsStrict', [typeType], T.Object, (self, [t]) => readAs(self, t, true));
  installParserValues(lib, m, P);
}

function installParserValues(
  lib: Lib,
  m: (name: string, params: TypeInfo[], returns: TypeInfo, impl: Impl) => void,
  P: (self: unknown) => Parser
): void {
  const fail = (message: string): never => lib.throwApex('JSONException', message);
  const numeric = (self: unknown): Token => {
    const t = P(self).current;
    if (t?.kind !== 'VALUE_NUMBER_INT' && t?.kind !== 'VALUE_NUMBER_FLOAT') {
      return fail(
        `Current token (${t?.kind ?? 'null'}) not numeric, can not use numeric value accessors`
      );
    }
    return t;
  };
  const ranged = (self: unknown, bits: 32 | 64, label: string): bigint => {
    const t = numeric(self);
    const whole = BigInt(
      ApexDecimal.fromString(t.text).setScale(0, RoundingMode.DOWN).toPlainString()
    );
    const limit = 2n ** BigInt(bits - 1);
    if (whole < -limit || whole >= limit)
      fail(`Numeric value (${t.text}) out of range of ${label}`);
    return whole;
  };
  m('getIntegerValue', [], T.Integer, (self) => Number(ranged(self, 32, 'int')));
  m('getLongValue', [], T.Long, (self) => ranged(self, 64, 'long'));
  m('getDecimalValue', [], T.Decimal, (self) => ApexDecimal.fromString(numeric(self).text));
  m('getDoubleValue', [], T.Double, (self) => new ApexDouble(Number(numeric(self).text)));
  m('getBooleanValue', [], T.Boolean, (self) => {
    const t = P(self).current;
    if (t?.kind !== 'VALUE_TRUE' && t?.kind !== 'VALUE_FALSE') {
      return fail(`Current token (${t?.kind ?? 'null'}) not of boolean type`);
    }
    return t.kind === 'VALUE_TRUE';
  });
  const text = (self: unknown, what: string, parse: (s: string) => unknown): unknown => {
    const t = P(self).current;
    if (t === null || t.kind === 'VALUE_NULL') return null;
    return parse(t.text) ?? fail(`Invalid ${what}: ${t.text}`);
  };
  m('getDateValue', [], T.Date, (self) => text(self, 'date', parseIsoDate));
  m('getDatetimeValue', [], T.Datetime, (self) => text(self, 'datetime', parseIsoDatetime));
  m('getTimeValue', [], T.Time, (self) => text(self, 'time', parseIsoTime));
  m('getBlobValue', [], T.Blob, (self) => text(self, 'base64 value', parseBase64));
  m('getIdValue', [], T.Id, (self) => {
    const t = P(self).current;
    return t === null || t.kind === 'VALUE_NULL' ? null : toIdOrThrow(t.text, lib.rt);
  });
}
