/**
 * Compiles names and member access: locals, fields and properties (through their accessors),
 * static members of classes and native types, enum values, inner types and namespaces, and list
 * indexing. Each is one link of a `a?.b.c[i]` chain; the chain itself is the Compiler's.
 */
import type * as A from '../frontend/ast.ts';
import type { Compiler } from './compiler.ts';
import { singleRow } from './sobjects.ts';
import { isAssignable } from './conversions.ts';
import { CompileError } from './errors.ts';
import type { Frame } from './runtime.ts';
import {
  type ClassInfo,
  type FieldInfo,
  listOf,
  mapOf,
  type MethodInfo,
  type NativeClass,
  sobjectType,
  T,
  type TypeInfo,
  typeName
} from './types.ts';
import type { ApexEnumValue, ApexList, ApexObject } from './values.ts';
import {
  type Ev,
  fail,
  invokeValue,
  type Resolved,
  type Scope,
  type Value
} from './compile-context.ts';
import { sobjectField } from './compile-data.ts';
import { checkVisible, nativeOf } from './compile-resolution.ts';

const NO_ARGS: unknown[] = [];

/** A simple name: a local, the property behind an accessor, a field, a type or a namespace. */
export function nameExpr(cx: Compiler, e: A.NameExpr, scope: Scope): Resolved {
  const local = scope.lookup(e.name);
  if (local) {
    const slot = local.slot;
    return {
      what: 'value',
      t: local.t,
      ev: (f) => f.l[slot],
      set: (f, v) => {
        f.l[slot] = v;
      }
    };
  }
  const m = scope.m;
  if (m.property && m.property.name.toLowerCase() === e.name.toLowerCase()) {
    return rawField(cx, m.property, null, e.loc);
  }
  const field = findField(m.cls, e.name, m.isStatic, e.loc);
  if (field) return fieldAccess(cx, field, null, e.loc);
  return typeOrNamespace(cx, [e.name], m.cls, e.loc);
}

/** A dotted name that is no variable: a class, a platform type or a namespace. */
export function typeOrNamespace(
  cx: Compiler,
  names: string[],
  from: ClassInfo,
  loc: A.Loc
): Resolved {
  const lower = names.map((n) => n.toLowerCase());
  const user = cx.table.findClass(lower, from);
  if (user) return { what: 'type', t: user.type };
  const ref: A.TypeRef = { names, typeArgs: [], arrayDims: 0, loc };
  try {
    return { what: 'type', t: cx.table.resolveType(ref, from) };
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
  }
  if (names.length === 1 && cx.platform.namespaces.has(lower[0]))
    return { what: 'namespace', name: names[0] };
  return fail(`Variable does not exist: ${names.join('.')}`, loc);
}

/** A field visible by simple name from inside `cls`: own, inherited, or an outer class's static. */
export function findField(
  cls: ClassInfo,
  name: string,
  isStatic: boolean,
  loc: A.Loc
): FieldInfo | undefined {
  const key = name.toLowerCase();
  for (let c: ClassInfo | null = cls; c; c = c.superclass) {
    const s = c.staticFields.get(key);
    if (s) return s;
  }
  const inst = cls.instanceFields.get(key);
  if (inst) {
    if (isStatic) fail(`Non static field cannot be referenced from a static context: ${name}`, loc);
    return inst;
  }
  for (let outer = cls.outer; outer; outer = outer.outer) {
    for (let c: ClassInfo | null = outer; c; c = c.superclass) {
      const s = c.staticFields.get(key);
      if (s) return s;
    }
  }
  return undefined;
}

/** Reads or writes a field, through its property accessors when it has them. */
export function fieldAccess(
  cx: Compiler,
  field: FieldInfo,
  target: Value | null,
  loc: A.Loc,
  safe = false
): Value {
  const raw = rawField(cx, field, target, loc, safe);
  const decl = field.decl;
  const readOnly = decl?.kind === 'Property' && decl.getter !== null && decl.setter === null;
  if (!field.getter && !field.setter && !readOnly) return raw;
  const getter = field.getter;
  const setter = field.setter;
  const value: Value = {
    what: 'value',
    t: field.type,
    ev: getter ? accessorGet(cx, field, getter, target, safe) : raw.ev,
    set: setter ? accessorSet(cx, field, setter, target) : raw.set
  };
  // A property with only a get accessor is read-only.
  if (readOnly)
    return { ...value, set: undefined, readOnly: `Property is read-only: ${field.name}` };
  return value;
}

function accessorGet(
  cx: Compiler,
  field: FieldInfo,
  getter: MethodInfo,
  target: Value | null,
  safe: boolean
): Ev {
  const call = accessorCall(cx, field, getter, target, safe);
  return (f) => call(f, NO_ARGS);
}

function accessorSet(
  cx: Compiler,
  field: FieldInfo,
  setter: MethodInfo,
  target: Value | null
): (f: Frame, v: unknown) => void {
  const call = accessorCall(cx, field, setter, target, false);
  return (f, v) => {
    call(f, [v]);
  };
}

/** Runs a property accessor on the target object (or the class, for static properties). */
function accessorCall(
  cx: Compiler,
  field: FieldInfo,
  accessor: MethodInfo,
  target: Value | null,
  safe: boolean
): (f: Frame, args: unknown[]) => unknown {
  const rt = cx.rt;
  if (field.isStatic) {
    const owner = field.owner;
    return (_f, args) => {
      rt.statics(owner);
      return accessor.invoke!(null, args);
    };
  }
  if (!target) return (f, args) => accessor.invoke!(f.self, args);
  return (f, args) => {
    const self = target.ev(f);
    if (self === null) {
      if (safe) return null;
      rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    }
    return accessor.invoke!(self, args);
  };
}

function rawField(
  cx: Compiler,
  field: FieldInfo,
  target: Value | null,
  loc: A.Loc,
  safe = false
): Value {
  const slot = field.slot;
  const rt = cx.rt;
  if (field.isStatic) {
    const owner = field.owner;
    return {
      what: 'value',
      t: field.type,
      ev: () => rt.statics(owner)[slot],
      set: (_f, v) => {
        rt.statics(owner)[slot] = v;
      }
    };
  }
  if (!target) {
    return {
      what: 'value',
      t: field.type,
      ev: (f) => (f.self as ApexObject).fields[slot],
      set: (f, v) => {
        (f.self as ApexObject).fields[slot] = v;
      }
    };
  }
  void loc;
  const npe = () => rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
  return {
    what: 'value',
    t: field.type,
    ev: (f) => {
      const o = target.ev(f) as ApexObject | null;
      if (o === null) return safe ? null : npe();
      return o.fields[slot];
    },
    set: (f, v) => {
      const o = target.ev(f) as ApexObject | null;
      if (o === null) npe();
      o!.fields[slot] = v;
    }
  };
}

/** `target.name`: a field, a property, an SObject field, a native member or a static member. */
export function fieldExpr(cx: Compiler, e: A.FieldExpr, scope: Scope): Resolved {
  const target = cx.chainTarget(e, scope);
  if (target.what === 'namespace')
    return typeOrNamespace(cx, [target.name, e.name], scope.m.cls, e.loc);
  if (target.what === 'type') return staticMember(cx, target.t, e, scope);
  const t = target.t;
  if (t.kind === 'class') {
    const field = t.cls.instanceFields.get(e.name.toLowerCase());
    if (field) {
      checkVisible(
        field.visibility,
        field.owner,
        scope.m.cls,
        field.testVisible,
        `Variable is not visible: ${field.name}`,
        e.loc
      );
      return fieldAccess(cx, field, target, e.loc, e.safe);
    }
    const staticField = t.cls.staticFields.get(e.name.toLowerCase());
    if (staticField)
      return fail(`Static field cannot be referenced from a non static context: ${e.name}`, e.loc);
  }
  if (t.kind === 'sobject') return sobjectField(cx, t.schema, target, e);
  if (t.kind === 'list' && (t as { soql?: boolean }).soql && t.elem.kind === 'sobject') {
    // `[SELECT Name FROM Account WHERE Id = :id].Name` reads the single row of the query.
    const rt = cx.rt;
    const row: Value = { what: 'value', t: t.elem, ev: (f) => singleRow(rt, target.ev(f)) };
    return sobjectField(cx, t.elem.schema, row, e);
  }
  const member = nativeOf(cx, t)?.member?.(e.name, t);
  if (member) {
    const rt = cx.rt;
    const safe = e.safe;
    const value = invokeValue(member.type, (f) => {
      const self = target.ev(f);
      if (self !== null) return member.get(self);
      return safe
        ? null
        : rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    });
    const setter = member.set;
    if (!setter) return value;
    return {
      ...value,
      set: (f, v) => {
        const self = target.ev(f);
        if (self === null)
          rt.throwApex('NullPointerException', 'Attempt to de-reference a null object');
        setter(self, v);
      }
    };
  }
  return fail(`Variable does not exist: ${e.name}`, e.loc);
}

function staticMember(cx: Compiler, t: TypeInfo, e: A.FieldExpr, scope: Scope): Resolved {
  if (t.kind === 'class') {
    const cls = t.cls;
    const key = e.name.toLowerCase();
    if (cls.kind === 'enum') {
      const value = cls.enumValues.find((v) => (v as ApexEnumValue).name.toLowerCase() === key);
      if (value) return { what: 'value', t: cls.type, ev: () => value };
    }
    for (let c: ClassInfo | null = cls; c; c = c.superclass) {
      const field = c.staticFields.get(key);
      if (field) {
        checkVisible(
          field.visibility,
          field.owner,
          scope.m.cls,
          field.testVisible,
          `Variable is not visible: ${cls.fullName}.${field.name}`,
          e.loc
        );
        return fieldAccess(cx, field, null, e.loc);
      }
    }
    const inner = cls.inner.get(key);
    if (inner) return { what: 'type', t: inner.type };
    if (cls.instanceFields.has(key))
      fail(`Non static field cannot be referenced from a static context: ${e.name}`, e.loc);
    return fail(`Variable does not exist: ${cls.fullName}.${e.name}`, e.loc);
  }
  const native = nativeOf(cx, t);
  const prop = native?.staticProps.get(e.name.toLowerCase());
  if (prop) {
    return {
      what: 'value',
      t: refineTriggerType(native!, e.name, prop.type, scope.m.cls),
      ev: () => prop.get()
    };
  }
  const dynamic = native?.staticMember?.(e.name, t);
  if (dynamic) return { what: 'value', t: dynamic.type, ev: () => dynamic.get(null) };
  if (t.kind === 'native' && cx.platform.namespaces.has(t.native.name.toLowerCase())) {
    return typeOrNamespace(cx, [t.native.name, e.name], scope.m.cls, e.loc);
  }
  return fail(`Variable does not exist: ${typeName(t)}.${e.name}`, e.loc);
}

/** `list[i]`, readable and assignable, with the platform's bounds check. */
export function indexExpr(cx: Compiler, e: A.IndexExpr, scope: Scope): Value {
  const target = cx.expectValue(cx.chainTarget(e, scope), e.target.loc);
  const index = cx.valueOf(e.index, scope);
  if (target.t.kind !== 'list')
    return fail(`Expression must be a list type: ${typeName(target.t)}`, e.loc);
  if (!isAssignable(index.t, T.Integer))
    fail(`Invalid index type: ${typeName(index.t)}`, e.index.loc);
  const rt = cx.rt;
  const bounds = (list: ApexList, i: number): void => {
    if (i < 0 || i >= list.items.length)
      rt.throwApex('ListException', `List index out of bounds: ${i}`);
  };
  return {
    what: 'value',
    t: target.t.elem,
    ev: (f) => {
      const list = cx.nonNull(target.ev(f)) as ApexList;
      const i = cx.nonNull(index.ev(f)) as number;
      bounds(list, i);
      return list.items[i];
    },
    set: (f, v) => {
      const list = cx.nonNull(target.ev(f)) as ApexList;
      const i = cx.nonNull(index.ev(f)) as number;
      bounds(list, i);
      list.items[i] = v;
    }
  };
}

/**
 * Inside a trigger `Trigger.new` is a `List<Account>` (for a trigger on Account), not a list of
 * generic SObjects as it is elsewhere.
 */
function refineTriggerType(
  native: NativeClass,
  name: string,
  t: TypeInfo,
  cls: ClassInfo
): TypeInfo {
  const object = cls.trigger?.object;
  if (!object || native.name !== 'Trigger') return t;
  const record = sobjectType(object);
  switch (name.toLowerCase()) {
    case 'new':
    case 'old':
      return listOf(record);
    case 'newmap':
    case 'oldmap':
      return mapOf(T.Id, record);
    default:
      return t;
  }
}
