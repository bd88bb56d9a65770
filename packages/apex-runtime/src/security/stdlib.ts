/**
 * The Apex API of the running user's access: Security.stripInaccessible with
 * System.SObjectAccessDecision and System.AccessType (Apex Reference: Security Class,
 * SObjectAccessDecision Class, AccessType Enum), FeatureManagement.checkPermission (Apex
 * Reference: FeatureManagement Class) and QueryException.getInaccessibleFields (Apex Reference:
 * QueryException Class).
 */
import { SObjectValue } from '../database/sobject.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import { NativeClass, T, listOf, mapOf, setOf, sobjectType } from '../interpreter/types.ts';
import { ApexList, type ApexEnumValue, type ApexMap } from '../interpreter/values.ts';
import type { Lib } from '../stdlib/lib.ts';
import type { UserAccess } from './access.ts';
import { INACCESSIBLE_FIELDS } from './guard.ts';

type AccessKind = 'CREATABLE' | 'READABLE' | 'UPDATABLE' | 'UPSERTABLE';

/** What Security.stripInaccessible returns. */
class SObjectAccessDecision {
  readonly apexTypeName = 'System.SObjectAccessDecision';
  constructor(
    readonly records: SObjectValue[],
    readonly removed: Map<string, Set<string>>,
    readonly modified: number[]
  ) {}
}

export function installPermissions(lib: Lib): void {
  installStrip(lib);
  installFeatureManagement(lib);
  const stringSets = mapOf(T.String, setOf(T.String));
  lib.platform.addExceptionMethod(
    lib.platform.exceptionClass('QueryException'),
    'getInaccessibleFields',
    [],
    stringSets,
    (self) => toApexMap(lib, INACCESSIBLE_FIELDS.get(self) ?? new Map())
  );
}

function toApexMap(lib: Lib, fields: Map<string, Set<string>>): ApexMap {
  const map = lib.map(T.String, setOf(T.String));
  for (const [object, names] of fields) map.put(object, lib.set(T.String, [...names]));
  return map;
}

function installStrip(lib: Lib): void {
  const p = lib.platform;
  const accessType = p.defineEnum('AccessType', [
    'CREATABLE',
    'READABLE',
    'UPDATABLE',
    'UPSERTABLE'
  ]);
  const decision = p.addNative(
    new NativeClass('SObjectAccessDecision', (v) => v instanceof SObjectAccessDecision),
    'System'
  );
  const security = p.addNative(new NativeClass('Security'), 'System');
  const records = listOf(sobjectType(null));
  const strip = (kind: unknown, source: unknown, enforceRoot: unknown) =>
    stripInaccessible(
      lib,
      lib.need(kind as ApexEnumValue | null, 'accessCheckType').name as AccessKind,
      lib.need(source as ApexList | null, 'sourceRecords'),
      enforceRoot !== false
    );
  security.addStatic('stripInaccessible', [accessType.type, records], decision.type, (_s, [k, r]) =>
    strip(k, r, true)
  );
  security.addStatic(
    'stripInaccessible',
    [accessType.type, records, T.Boolean],
    decision.type,
    (_s, [k, r, e]) => strip(k, r, e)
  );
  security.addStatic(
    'stripInaccessible',
    [accessType.type, records, T.Boolean, T.Id],
    decision.type,
    () => {
      throw new UnsupportedError(
        'Security.stripInaccessible(AccessType, List<SObject>, Boolean, Id)'
      );
    }
  );
  const d = (self: unknown) => self as SObjectAccessDecision;
  decision.addMethod('getRecords', [], records, (self) =>
    lib.list(sobjectType(null), [...d(self).records])
  );
  decision.addMethod('getRemovedFields', [], mapOf(T.String, setOf(T.String)), (self) =>
    toApexMap(lib, d(self).removed)
  );
  decision.addMethod('getModifiedIndexes', [], setOf(T.Integer), (self) =>
    lib.set(T.Integer, d(self).modified)
  );
}

/**
 * Copies the records without the fields the running user may not access for the operation,
 * walking parent records and child lists; the Id is never stripped (Apex Developer Guide,
 * Enforce Security with the stripInaccessible Method). With enforceRootObjectCRUD, a root object
 * the user may not access throws System.NoAccessException.
 */
function stripInaccessible(
  lib: Lib,
  kind: AccessKind,
  source: ApexList,
  enforceRoot: boolean
): SObjectAccessDecision {
  const access = lib.rt.data.security.current();
  const removed = new Map<string, Set<string>>();
  const modified: number[] = [];
  const out = (source.items as (SObjectValue | null)[]).map((record, index) => {
    if (record === null) return null;
    if (enforceRoot && !objectAllowed(access, record, kind))
      lib.throwApex('NoAccessException', `No access to entity '${record.schema.name}'`);
    const changes = { count: 0 };
    const copy = stripRecord(access, kind, record, removed, changes);
    if (changes.count > 0) modified.push(index);
    return copy;
  });
  return new SObjectAccessDecision(out as SObjectValue[], removed, modified);
}

function objectAllowed(access: UserAccess, record: SObjectValue, kind: AccessKind): boolean {
  const p = access.object(record.schema);
  if (kind === 'READABLE') return p.read;
  if (kind === 'CREATABLE') return p.create;
  if (kind === 'UPDATABLE') return p.edit;
  return p.create && p.edit;
}

function stripRecord(
  access: UserAccess,
  kind: AccessKind,
  record: SObjectValue,
  removed: Map<string, Set<string>>,
  changes: { count: number }
): SObjectValue {
  const object = record.schema;
  const values = new Map<string, unknown>();
  const drop = (name: string) => {
    changes.count++;
    let set = removed.get(object.name);
    if (!set) removed.set(object.name, (set = new Set()));
    set.add(name);
  };
  for (const [key, value] of record.values) {
    const f = object.fields.get(key);
    if (f) {
      if (key === 'id' || fieldAllowed(access, kind, record, key)) values.set(key, value);
      else drop(f.name);
    } else if (value instanceof SObjectValue) {
      if (objectAllowed(access, value, 'READABLE'))
        values.set(key, stripRecord(access, kind, value, removed, changes));
      else drop(key);
    } else if (value instanceof ApexList) {
      const children = value.items as SObjectValue[];
      const allowed = children.every((c) => objectAllowed(access, c, 'READABLE'));
      if (allowed)
        values.set(
          key,
          new ApexList(
            value.elemType,
            children.map((c) => stripRecord(access, kind, c, removed, changes))
          )
        );
      else drop(key);
    } else values.set(key, value);
  }
  const queried = record.queried ? new Set([...record.queried].filter((k) => values.has(k))) : null;
  return new SObjectValue(object, values, queried);
}

function fieldAllowed(
  access: UserAccess,
  kind: AccessKind,
  record: SObjectValue,
  key: string
): boolean {
  const f = record.schema.fields.get(key)!;
  const fls = access.field(record.schema, f);
  const create = f.createable && fls.editable;
  const update = f.updateable && fls.editable;
  if (kind === 'READABLE') return fls.readable;
  if (kind === 'CREATABLE') return create;
  if (kind === 'UPDATABLE') return update;
  return create && update;
}

/** FeatureManagement: custom permissions of the running user; the package features are not modelled. */
function installFeatureManagement(lib: Lib): void {
  const fm = lib.platform.addNative(new NativeClass('FeatureManagement'), 'System');
  fm.addStatic('checkPermission', [T.String], T.Boolean, (_s, [name]) =>
    lib.rt.data.security.current().hasCustomPermission(lib.need(name as string | null, 'apiName'))
  );
  const unsupported: [string, number][] = [
    ['changeProtection', 3],
    ['checkPackageBooleanValue', 1],
    ['checkPackageDateValue', 1],
    ['checkPackageIntegerValue', 1],
    ['setPackageBooleanValue', 2],
    ['setPackageDateValue', 2],
    ['setPackageIntegerValue', 2]
  ];
  for (const [name, arity] of unsupported) {
    fm.addStatic(name, Array<typeof T.Object>(arity).fill(T.Object), T.Object, () => {
      throw new UnsupportedError(`FeatureManagement.${name}`);
    });
  }
}
