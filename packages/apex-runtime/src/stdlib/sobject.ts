/**
 * The SObject class (instance methods of every record) and the Schema namespace basics: sObject
 * and field tokens (`Account.SObjectType`, `Account.Name`), their describe results, picklist
 * entries, `Schema.getGlobalDescribe()` and `Schema.describeSObjects()`. Tokens are one object per
 * sObject type or field, so `==` and map keys compare them by identity, as tokens compare on the
 * platform.
 */
import { defaultLiteral } from '../database/database.ts';
import { toIdOrThrow } from '../interpreter/conversions.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import { toId18 } from '../interpreter/ids.ts';
import { readMember, SObjectValue } from '../interpreter/sobjects.ts';
import { convertNumber } from '../interpreter/semantics.ts';
import {
  type ClassInfo,
  type NativeMember,
  NativeClass,
  T,
  type TypeInfo,
  listOf,
  mapOf,
  sobjectType
} from '../interpreter/types.ts';
import {
  ApexDouble,
  type ApexEnumValue,
  type ApexObject,
  runtimeTypeName
} from '../interpreter/values.ts';
import { apexTypeOfField } from '../schema/apex-types.ts';
import type { FieldSchema, SObjectSchema } from '../schema/schema.ts';
import { relationshipField } from '../schema/schema.ts';
import { ApexDate, ApexDatetime, ApexTime } from '../values/datetime.ts';
import { ApexDecimal } from '../values/decimal.ts';
import type { Lib } from './lib.ts';

/** A `Schema.SObjectType` token. */
export class SObjectTypeToken {
  readonly apexTypeName = 'Schema.SObjectType';
  constructor(readonly object: SObjectSchema) {}
  apexToString(): string {
    return this.object.name;
  }
}

/** A `Schema.SObjectField` token. */
export class FieldToken {
  readonly apexTypeName = 'Schema.SObjectField';
  constructor(
    readonly object: SObjectSchema,
    readonly field: FieldSchema
  ) {}
  apexToString(): string {
    return this.field.name;
  }
}

/** A `Database.Error`: one failure of a record in a DML call (or added with `addError`). */
export class DatabaseError {
  readonly apexTypeName = 'Database.Error';
  constructor(
    readonly statusCode: string,
    readonly message: string,
    readonly fields: string[]
  ) {}
  apexToString(): string {
    return `Database.Error[getFields=(${this.fields.join(', ')});getMessage=${this.message};getStatusCode=${this.statusCode};]`;
  }
}

class DescribeSObject {
  readonly apexTypeName = 'Schema.DescribeSObjectResult';
  constructor(readonly object: SObjectSchema) {}
}

class DescribeField {
  readonly apexTypeName = 'Schema.DescribeFieldResult';
  constructor(
    readonly object: SObjectSchema,
    readonly field: FieldSchema
  ) {}
}

/** The `fields` member of a describe result: `Schema.SObjectType.Account.fields.Name`. */
class FieldsOf {
  readonly apexTypeName = 'Schema.SObjectTypeFields';
  constructor(readonly object: SObjectSchema) {}
}

class PicklistEntry {
  readonly apexTypeName = 'Schema.PicklistEntry';
  constructor(
    readonly value: string,
    readonly label: string,
    readonly isDefault: boolean
  ) {}
}

const objectTokens = new WeakMap<SObjectSchema, SObjectTypeToken>();
const fieldTokens = new WeakMap<FieldSchema, FieldToken>();

export function objectToken(object: SObjectSchema): SObjectTypeToken {
  let token = objectTokens.get(object);
  if (!token) {
    token = new SObjectTypeToken(object);
    objectTokens.set(object, token);
  }
  return token;
}

export function fieldToken(object: SObjectSchema, field: FieldSchema): FieldToken {
  let token = fieldTokens.get(field);
  if (!token) {
    token = new FieldToken(object, field);
    fieldTokens.set(field, token);
  }
  return token;
}

/** The object a static type names (`Account`, or a token type carrying it), if known. */
function objectOf(t: TypeInfo): SObjectSchema | null {
  if (t.kind === 'sobject') return t.schema;
  if (t.kind === 'native' && t.args.length > 0) return objectOf(t.args[0]);
  return null;
}

/** Describe's field types (Schema.DisplayType) for each metadata field type. */
const DISPLAY_TYPES: Record<string, string> = {
  Id: 'ID',
  Text: 'STRING',
  AutoNumber: 'STRING',
  TextArea: 'TEXTAREA',
  LongTextArea: 'TEXTAREA',
  Html: 'TEXTAREA',
  Long: 'TEXTAREA',
  EncryptedText: 'ENCRYPTEDSTRING',
  Email: 'EMAIL',
  Phone: 'PHONE',
  Url: 'URL',
  Picklist: 'PICKLIST',
  MultiselectPicklist: 'MULTIPICKLIST',
  Number: 'DOUBLE',
  Double: 'DOUBLE',
  Integer: 'INTEGER',
  Currency: 'CURRENCY',
  Percent: 'PERCENT',
  Checkbox: 'BOOLEAN',
  Date: 'DATE',
  DateTime: 'DATETIME',
  Time: 'TIME',
  Lookup: 'REFERENCE',
  MasterDetail: 'REFERENCE',
  Reference: 'REFERENCE',
  MetadataRelationship: 'REFERENCE',
  Address: 'ADDRESS',
  Location: 'LOCATION',
  Base64: 'BASE64'
};

const DISPLAY_TYPE_NAMES = [
  'ADDRESS',
  'ANYTYPE',
  'BASE64',
  'BOOLEAN',
  'COMBOBOX',
  'COMPLEXVALUE',
  'CURRENCY',
  'DATACATEGORYGROUPREFERENCE',
  'DATE',
  'DATETIME',
  'DOUBLE',
  'EMAIL',
  'ENCRYPTEDSTRING',
  'ID',
  'INTEGER',
  'JSON',
  'LOCATION',
  'LONG',
  'MULTIPICKLIST',
  'PERCENT',
  'PHONE',
  'PICKLIST',
  'REFERENCE',
  'SOBJECT',
  'STRING',
  'TEXTAREA',
  'TIME',
  'URL'
];

/** Audit fields `clone` clears unless asked to preserve read-only timestamps. */
const TIMESTAMP_FIELDS = ['createdbyid', 'createddate', 'lastmodifiedbyid', 'lastmodifieddate'];

export function installSObject(lib: Lib): void {
  const p = lib.platform;
  const displayType = p.defineEnum('DisplayType', DISPLAY_TYPE_NAMES, 'Schema');
  const native = (name: string, is: (v: unknown) => boolean) =>
    p.addNative(new NativeClass(name, is), 'Schema');
  const tokenClass = native('SObjectType', (v) => v instanceof SObjectTypeToken);
  const fieldClass = native('SObjectField', (v) => v instanceof FieldToken);
  const describeClass = native('DescribeSObjectResult', (v) => v instanceof DescribeSObject);
  const fieldDescribeClass = native('DescribeFieldResult', (v) => v instanceof DescribeField);
  const fieldsClass = native('SObjectTypeFields', (v) => v instanceof FieldsOf);
  const entryClass = native('PicklistEntry', (v) => v instanceof PicklistEntry);
  const schemaClass = p.addNative(new NativeClass('Schema'));
  const sobject = p.addNative(new NativeClass('SObject', (v) => v instanceof SObjectValue));

  /** A native type that remembers the object it describes, for compile-time field checks. */
  const typed = (cls: NativeClass, object: SObjectSchema | null): TypeInfo =>
    object ? { kind: 'native', native: cls, args: [sobjectType(object)] } : cls.type;
  const schema = () => lib.rt.data.schema;
  const invalidField = (object: SObjectSchema, name: string): never =>
    lib.throwApex('SObjectException', `Invalid field ${name} for ${object.name}`);

  // ------------------------------------------------------------------------ static type members

  sobject.staticMember = (name, t) => {
    const object = objectOf(t);
    if (!object) return undefined;
    if (name.toLowerCase() === 'sobjecttype') {
      const token = objectToken(object);
      return { type: typed(tokenClass, object), get: () => token };
    }
    const field = object.fields.get(name.toLowerCase());
    if (!field) return undefined;
    const token = fieldToken(object, field);
    return { type: fieldClass.type, get: () => token };
  };
  tokenClass.staticMember = (name) => {
    const object = schema().get(name);
    if (!object) return undefined;
    const describe = new DescribeSObject(object);
    return { type: typed(describeClass, object), get: () => describe };
  };

  // --------------------------------------------------------------------------------- tokens

  const describeOf = (r: TypeInfo) => typed(describeClass, objectOf(r));
  tokenClass.addMethod(
    'getDescribe',
    [],
    describeOf,
    (self) => new DescribeSObject((self as SObjectTypeToken).object)
  );
  // SObjectDescribeOptions only chooses when child relationships are loaded (Apex Reference,
  // SObjectDescribeOptions Enum); every describe here is complete, so all three read alike.
  const describeOptions = p.defineEnum('SObjectDescribeOptions', ['DEFAULT', 'DEFERRED', 'FULL']);
  tokenClass.addMethod('getDescribe', [describeOptions.type], describeOf, (self, [options]) => {
    lib.need(options, 'options');
    return new DescribeSObject((self as SObjectTypeToken).object);
  });
  tokenClass.addMethod('newSObject', [], sobjectType(null), (self) =>
    newRecord((self as SObjectTypeToken).object, null, false)
  );
  tokenClass.addMethod('newSObject', [T.Id], sobjectType(null), (self, [id]) =>
    newRecord((self as SObjectTypeToken).object, id as string | null, false)
  );
  tokenClass.addMethod('newSObject', [T.Id, T.Boolean], sobjectType(null), (self, [rt, defs]) => {
    if (rt !== null) throw new UnsupportedError('SObjectType.newSObject(Id recordTypeId, Boolean)');
    return newRecord((self as SObjectTypeToken).object, null, defs === true);
  });
  fieldClass.addMethod('getDescribe', [], fieldDescribeClass.type, (self) => {
    const token = self as FieldToken;
    return new DescribeField(token.object, token.field);
  });

  // ------------------------------------------------------------------------ object describe

  const d = (self: unknown) => (self as DescribeSObject).object;
  describeClass.member = (name, receiver) =>
    name.toLowerCase() === 'fields'
      ? {
          type: typed(fieldsClass, objectOf(receiver)),
          get: (self) => new FieldsOf(d(self))
        }
      : undefined;
  describeClass.addMethod('getName', [], T.String, (self) => d(self).name);
  describeClass.addMethod('getLocalName', [], T.String, (self) => d(self).name);
  describeClass.addMethod('getLabel', [], T.String, (self) => d(self).label);
  describeClass.addMethod('getLabelPlural', [], T.String, (self) => d(self).pluralLabel);
  describeClass.addMethod('getKeyPrefix', [], T.String, (self) => d(self).keyPrefix);
  describeClass.addMethod('isCustom', [], T.Boolean, (self) => d(self).kind !== 'standard');
  describeClass.addMethod(
    'isCustomSetting',
    [],
    T.Boolean,
    (self) => d(self).kind === 'customSetting'
  );
  // The running user's object permissions (Apex Reference, DescribeSObjectResult: "whether
  // the current user can ..."); custom metadata records are deployed, never written with DML.
  const can = (self: unknown, p: 'read' | 'create' | 'edit' | 'delete') =>
    lib.rt.data.security.current().object(d(self))[p];
  const writable = (self: unknown, p: 'create' | 'edit' | 'delete') =>
    d(self).kind !== 'customMetadata' && can(self, p);
  for (const flag of ['isAccessible', 'isQueryable', 'isSearchable']) {
    describeClass.addMethod(flag, [], T.Boolean, (self) => can(self, 'read'));
  }
  describeClass.addMethod('isCreateable', [], T.Boolean, (self) => writable(self, 'create'));
  describeClass.addMethod('isUpdateable', [], T.Boolean, (self) => writable(self, 'edit'));
  describeClass.addMethod('isDeletable', [], T.Boolean, (self) => writable(self, 'delete'));
  describeClass.addMethod('isUndeletable', [], T.Boolean, (self) => writable(self, 'delete'));
  describeClass.addMethod('getSObjectType', [], tokenClass.type, (self) => objectToken(d(self)));

  // ------------------------------------------------------------------------- fields member

  const fieldsMap = (object: SObjectSchema) => {
    const map = lib.map(T.String, fieldClass.type);
    for (const f of object.fields.values()) map.put(f.name.toLowerCase(), fieldToken(object, f));
    return map;
  };
  fieldsClass.member = (name, receiver): NativeMember | undefined => {
    const known = objectOf(receiver);
    if (known && !known.fields.has(name.toLowerCase())) return undefined;
    return {
      type: fieldDescribeClass.type,
      get: (self) => {
        const object = (self as FieldsOf).object;
        const f = object.fields.get(name.toLowerCase()) ?? invalidField(object, name);
        return new DescribeField(object, f);
      }
    };
  };
  fieldsClass.addMethod('getMap', [], mapOf(T.String, fieldClass.type), (self) =>
    fieldsMap((self as FieldsOf).object)
  );

  // ------------------------------------------------------------------------- field describe

  installFieldDescribe(lib, fieldDescribeClass, entryClass, tokenClass, fieldClass, displayType);

  // ------------------------------------------------------------------------- Schema statics

  schemaClass.addStatic('getGlobalDescribe', [], mapOf(T.String, tokenClass.type), () => {
    const map = lib.map(T.String, tokenClass.type);
    for (const object of schema().objects.values()) {
      if (object.name !== 'AggregateResult')
        map.put(object.name.toLowerCase(), objectToken(object));
    }
    return map;
  });
  schemaClass.addStatic(
    'describeSObjects',
    [listOf(T.String)],
    listOf(describeClass.type),
    (_s, [names]) => {
      const list = lib.need(names as { items: unknown[] } | null, 'sObjectTypes');
      return lib.list(
        describeClass.type,
        list.items.map((n) => {
          const object = schema().get(String(n));
          if (!object)
            lib.throwApex(
              'InvalidParameterValueException',
              `sObject type '${String(n)}' is not supported.`
            );
          return new DescribeSObject(object);
        })
      );
    }
  );

  installRecordMethods(lib, sobject, tokenClass, fieldClass);

  const id = p.primitive('Id');
  id.instance.set('getsobjecttype', [
    {
      name: 'getSObjectType',
      params: [],
      returns: tokenClass.type,
      isStatic: false,
      impl: (self) => {
        const object = schema().byKeyPrefix((self as string).slice(0, 3));
        if (!object)
          throw new UnsupportedError(
            `Id.getSObjectType() for key prefix ${(self as string).slice(0, 3)}`
          );
        return objectToken(object);
      }
    }
  ]);
}

/** `new Account()` through a token; with `loadDefaults`, the fields' default values are set. */
function newRecord(object: SObjectSchema, id: string | null, loadDefaults: boolean): SObjectValue {
  const record = new SObjectValue(object);
  if (id !== null) record.set('id', id);
  if (loadDefaults) {
    for (const f of object.fields.values()) {
      if (f.defaultValue !== undefined) record.set(f.name.toLowerCase(), defaultLiteral(f));
    }
  }
  return record;
}

function installFieldDescribe(
  lib: Lib,
  cls: NativeClass,
  entryClass: NativeClass,
  tokenClass: NativeClass,
  fieldClass: NativeClass,
  displayType: ClassInfo
): void {
  const f = (self: unknown) => (self as DescribeField).field;
  const textual = (field: FieldSchema) => apexTypeOfField(field) === 'String';
  cls.addMethod('getName', [], T.String, (self) => f(self).name);
  cls.addMethod('getLocalName', [], T.String, (self) => f(self).name);
  cls.addMethod('getLabel', [], T.String, (self) => f(self).label);
  cls.addMethod('getType', [], displayType.type, (self) => {
    const name = DISPLAY_TYPES[f(self).type];
    if (!name || f(self).formula !== undefined || f(self).type === 'Summary')
      throw new UnsupportedError(`DescribeFieldResult.getType() for a ${f(self).type} field`);
    return (displayType.enumValues as ApexEnumValue[]).find((v) => v.name === name);
  });
  cls.addMethod('getLength', [], T.Integer, (self) =>
    textual(f(self)) && f(self).type !== 'Lookup' ? (f(self).length ?? 0) : 0
  );
  cls.addMethod('getPrecision', [], T.Integer, (self) =>
    textual(f(self)) ? 0 : (f(self).precision ?? 0)
  );
  cls.addMethod('getScale', [], T.Integer, (self) => (textual(f(self)) ? 0 : (f(self).scale ?? 0)));
  // Required fields, checkboxes and the fields the platform maintains are never null.
  cls.addMethod(
    'isNillable',
    [],
    T.Boolean,
    (self) => !(f(self).required || f(self).type === 'Checkbox' || f(self).system)
  );
  cls.addMethod('isExternalId', [], T.Boolean, (self) => f(self).externalId);
  cls.addMethod('isUnique', [], T.Boolean, (self) => f(self).unique);
  cls.addMethod('isCaseSensitive', [], T.Boolean, (self) => f(self).caseSensitive);
  cls.addMethod('isCustom', [], T.Boolean, (self) => /__c$/i.test(f(self).name));
  // The schema's facts (a formula is never createable) and the running user's field-level
  // security (Apex Reference, DescribeFieldResult: "... by the current user").
  const fls = (self: unknown) =>
    lib.rt.data.security.current().field((self as DescribeField).object, f(self));
  cls.addMethod('isCreateable', [], T.Boolean, (self) => f(self).createable && fls(self).editable);
  cls.addMethod('isUpdateable', [], T.Boolean, (self) => f(self).updateable && fls(self).editable);
  cls.addMethod('isAccessible', [], T.Boolean, (self) => fls(self).readable);
  cls.addMethod('isCalculated', [], T.Boolean, (self) => f(self).formula !== undefined);
  cls.addMethod('isAutoNumber', [], T.Boolean, (self) => f(self).type === 'AutoNumber');
  cls.addMethod(
    'isRestrictedPicklist',
    [],
    T.Boolean,
    (self) => f(self).restrictedPicklist === true
  );
  cls.addMethod('getRelationshipName', [], T.String, (self) => f(self).relationshipName ?? null);
  cls.addMethod('getDefaultValueFormula', [], T.String, (self) => f(self).defaultValue ?? null);
  cls.addMethod('getDefaultValue', [], T.Object, (self) => defaultLiteral(f(self)));
  cls.addMethod('getSObjectField', [], fieldClass.type, (self) =>
    fieldToken((self as DescribeField).object, f(self))
  );
  cls.addMethod('getReferenceTo', [], listOf(tokenClass.type), (self) =>
    lib.list(
      tokenClass.type,
      (f(self).referenceTo ?? []).flatMap((name) => {
        const object = lib.rt.data.schema.get(name);
        return object ? [objectToken(object)] : [];
      })
    )
  );
  cls.addMethod('getPicklistValues', [], listOf(entryClass.type), (self) => {
    const field = f(self);
    const values = field.picklistValues ?? [];
    const fallback = field.type === 'Picklist' || field.type === 'MultiselectPicklist';
    if (fallback && !field.picklistValues)
      throw new UnsupportedError(`picklist values of ${field.name} (the org defines them)`);
    const defaultValue = defaultLiteral(field);
    return lib.list(
      entryClass.type,
      values.map((v, i) => new PicklistEntry(v, field.picklistLabels?.[i] ?? v, v === defaultValue))
    );
  });
  const e = (self: unknown) => self as PicklistEntry;
  entryClass.addMethod('getValue', [], T.String, (self) => e(self).value);
  entryClass.addMethod('getLabel', [], T.String, (self) => e(self).label);
  entryClass.addMethod('isActive', [], T.Boolean, () => true);
  entryClass.addMethod('isDefaultValue', [], T.Boolean, (self) => e(self).isDefault);
}

// ------------------------------------------------------------------------------ record methods

function installRecordMethods(
  lib: Lib,
  sobject: NativeClass,
  tokenClass: NativeClass,
  fieldClass: NativeClass
): void {
  const rec = (self: unknown) => self as SObjectValue;
  const invalid = (record: SObjectValue, name: string): never =>
    lib.throwApex('SObjectException', `Invalid field ${name} for ${record.schema.name}`);
  /** A field of the record by name; aggregate results also know their aliases. */
  const fieldKey = (record: SObjectValue, name: string | null): { key: string; label: string } => {
    const key = lib.need(name, 'field').toLowerCase();
    const f = record.schema.fields.get(key);
    if (f) return { key, label: f.name };
    if (record.schema.name === 'AggregateResult' && record.queried?.has(key))
      return { key, label: name! };
    return invalid(record, name!);
  };
  const tokenKey = (record: SObjectValue, token: FieldToken | null) => {
    const t = lib.need(token, 'field');
    if (t.object !== record.schema) invalid(record, t.field.name);
    return { key: t.field.name.toLowerCase(), label: t.field.name };
  };
  const read = (record: SObjectValue, k: { key: string; label: string }) =>
    readMember(lib.rt, record, k.key, k.label);
  sobject.addMethod('get', [T.String], T.Object, (self, [n]) =>
    read(rec(self), fieldKey(rec(self), n as string))
  );
  sobject.addMethod('get', [fieldClass.type], T.Object, (self, [t]) =>
    read(rec(self), tokenKey(rec(self), t as FieldToken))
  );
  const put = (record: SObjectValue, key: string, value: unknown): unknown => {
    // Like a field assignment: Trigger.old, and Trigger.new in an after trigger, cannot change.
    if (record.readOnly) lib.throwApex('FinalException', 'Record is read-only');
    const f = record.schema.fields.get(key)!;
    if (f.system && key !== 'id')
      throw new UnsupportedError(
        `SObject.put on the read-only field ${record.schema.name}.${f.name}`
      );
    const previous = record.values.has(key) ? record.get(key) : null;
    record.set(key, coerce(lib, f, value));
    return previous;
  };
  sobject.addMethod('put', [T.String, T.Object], T.Object, (self, [n, v]) =>
    put(rec(self), fieldKey(rec(self), n as string).key, v)
  );
  sobject.addMethod('put', [fieldClass.type, T.Object], T.Object, (self, [t, v]) =>
    put(rec(self), tokenKey(rec(self), t as FieldToken).key, v)
  );
  const relation = (record: SObjectValue, name: string | null, children: boolean): string => {
    const key = lib.need(name, 'relationship').toLowerCase();
    const known = children
      ? record.schema.childRelationships.has(key)
      : relationshipField(record.schema, key) !== undefined;
    if (!known) invalid(record, name!);
    return key;
  };
  sobject.addMethod('getSObject', [T.String], sobjectType(null), (self, [n]) => {
    const key = relation(rec(self), n as string, false);
    return readMember(lib.rt, rec(self), key, n as string);
  });
  sobject.addMethod(
    'putSObject',
    [T.String, sobjectType(null)],
    sobjectType(null),
    (self, [n, v]) => {
      const key = relation(rec(self), n as string, false);
      const previous = rec(self).get(key);
      rec(self).set(key, v);
      return previous;
    }
  );
  sobject.addMethod('getSObjects', [T.String], listOf(sobjectType(null)), (self, [n]) => {
    const key = relation(rec(self), n as string, true);
    return readMember(lib.rt, rec(self), key, n as string);
  });
  sobject.addMethod('getSObjectType', [], tokenClass.type, (self) => objectToken(rec(self).schema));
  // Records compare and hash by their field values, as `==` and sets of sObjects do.
  sobject.addMethod('equals', [T.Object], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
  sobject.addMethod('hashCode', [], T.Integer, (self) => hashString(lib.str(self)));
  sobject.addMethod('toString', [], T.String, (self) => lib.str(self));
  sobject.addMethod('isSet', [T.String], T.Boolean, (self, [n]) =>
    rec(self).values.has(fieldKey(rec(self), n as string).key)
  );
  sobject.addMethod('isSet', [fieldClass.type], T.Boolean, (self, [t]) =>
    rec(self).values.has(tokenKey(rec(self), t as FieldToken).key)
  );
  sobject.addMethod('getPopulatedFieldsAsMap', [], mapOf(T.String, T.Object), (self) => {
    const record = rec(self);
    const map = lib.map(T.String, T.Object);
    for (const [key, value] of record.values) map.put(apiName(record.schema, key), value);
    return map;
  });
  const cloneWith = (self: unknown, flags: unknown[]) =>
    cloneRecord(
      rec(self),
      flags.map((x) => x === true)
    );
  sobject.addMethod('clone', [], 'Self', (self) => cloneWith(self, []));
  sobject.addMethod('clone', [T.Boolean], 'Self', (self, args) => cloneWith(self, args));
  sobject.addMethod('clone', [T.Boolean, T.Boolean], 'Self', (self, args) => cloneWith(self, args));
  sobject.addMethod('clone', [T.Boolean, T.Boolean, T.Boolean], 'Self', (self, args) =>
    cloneWith(self, args)
  );
  sobject.addMethod('clone', [T.Boolean, T.Boolean, T.Boolean, T.Boolean], 'Self', (self, args) =>
    cloneWith(self, args)
  );
  installErrors(lib, sobject, fieldClass, fieldKey);
}

/** Errors on a record (`addError`): they make DML of the record fail with the message. */
function installErrors(
  lib: Lib,
  sobject: NativeClass,
  fieldClass: NativeClass,
  fieldKey: (record: SObjectValue, name: string | null) => { key: string; label: string }
): void {
  const add = (self: unknown, message: unknown, fields: string[]) => {
    (self as SObjectValue).errors.push({
      statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: message === null ? 'null' : lib.str(message),
      fields
    });
    return null;
  };
  sobject.addMethod('addError', [T.String], T.Void, (self, [m]) => add(self, m, []));
  sobject.addMethod('addError', [T.String, T.Boolean], T.Void, (self, [m]) => add(self, m, []));
  sobject.addMethod('addError', [lib.platform.exceptionRoot.type], T.Void, (self, [ex]) =>
    add(self, (lib.need(ex, 'exception') as ApexObject).fields[0], [])
  );
  sobject.addMethod('addError', [T.String, T.String], T.Void, (self, [n, m]) =>
    add(self, m, [fieldKey(self as SObjectValue, n as string).label])
  );
  sobject.addMethod('addError', [fieldClass.type, T.String], T.Void, (self, [t, m]) =>
    add(self, m, [lib.need(t as FieldToken | null, 'field').field.name])
  );
  sobject.addMethod('hasErrors', [], T.Boolean, (self) => (self as SObjectValue).errors.length > 0);
  const errorType = () => lib.native('Database.Error').type;
  sobject.addMethod(
    'getErrors',
    [],
    () => listOf(errorType()),
    (self) =>
      lib.list(
        errorType(),
        (self as SObjectValue).errors.map(
          (e) => new DatabaseError(e.statusCode, e.message, e.fields)
        )
      )
  );
}

/** Java's String.hashCode over the record's text: equal records hash alike. */
function hashString(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** The API name of a member a record holds: a field, a parent relationship or a child list. */
function apiName(object: SObjectSchema, key: string): string {
  const f = object.fields.get(key);
  if (f) return f.name;
  const ref = relationshipField(object, key);
  if (ref) return ref.relationshipName!;
  return object.childRelationships.get(key)?.name ?? key;
}

/**
 * `clone(preserveId, isDeepClone, preserveReadonlyTimestamps, preserveAutonumber)`; every flag
 * defaults to false. A shallow clone shares parent records and child lists; a deep one copies them.
 */
function cloneRecord(record: SObjectValue, flags: boolean[]): SObjectValue {
  const [preserveId, deep, preserveTimestamps, preserveAutonumber] = flags;
  const values = new Map(record.values);
  if (!preserveId) values.delete('id');
  if (!preserveTimestamps) for (const k of TIMESTAMP_FIELDS) values.delete(k);
  if (!preserveAutonumber) {
    for (const f of record.schema.fields.values())
      if (f.type === 'AutoNumber') values.delete(f.name.toLowerCase());
  }
  if (deep) {
    for (const [k, v] of values) {
      if (v instanceof SObjectValue) values.set(k, cloneRecord(v, flags));
      else if (v !== null && typeof v === 'object' && 'items' in v && Array.isArray(v.items)) {
        const list = v as { items: unknown[]; elemType: TypeInfo };
        values.set(k, {
          ...list,
          items: list.items.map((c) => (c instanceof SObjectValue ? cloneRecord(c, flags) : c))
        });
      }
    }
  }
  return new SObjectValue(record.schema, values, record.queried ? new Set(record.queried) : null);
}

/** `record.put(field, value)`: the value must fit the field's type, as an assignment would. */
function coerce(lib: Lib, f: FieldSchema, value: unknown): unknown {
  if (value === null) return null;
  const want = apexTypeOfField(f);
  if (!want) throw new UnsupportedError(`SObject.put on the compound field ${f.name}`);
  const illegal = (): never =>
    lib.throwApex(
      'SObjectException',
      `Illegal assignment from ${runtimeTypeName(value)} to ${want}`
    );
  const numeric =
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    value instanceof ApexDouble ||
    value instanceof ApexDecimal;
  switch (want) {
    case 'String':
      return typeof value === 'string' ? value : illegal();
    case 'Id':
      if (typeof value !== 'string') return illegal();
      return toId18(value) ?? toIdOrThrow(value, lib.rt);
    case 'Boolean':
      return typeof value === 'boolean' ? value : illegal();
    case 'Integer':
      return typeof value === 'number' ? value : illegal();
    case 'Double':
    case 'Decimal':
      return numeric ? convertNumber(value, want) : illegal();
    case 'Date':
      return value instanceof ApexDate ? value : illegal();
    case 'Datetime':
      return value instanceof ApexDatetime ? value : illegal();
    case 'Time':
      return value instanceof ApexTime ? value : illegal();
    default:
      throw new UnsupportedError(`SObject.put on a ${want} field`);
  }
}
