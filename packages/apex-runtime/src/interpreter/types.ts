/**
 * The type model shared by the checker and the interpreter: primitive types, collections, the
 * project's classes and the platform's native classes. Names are case-insensitive everywhere, so
 * every lookup key is lowercased.
 */
import type * as A from '../frontend/ast.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import type { SourceFile } from '../loader/project.ts';

export type PrimitiveName =
  | 'Integer'
  | 'Long'
  | 'Double'
  | 'Decimal'
  | 'String'
  | 'Boolean'
  | 'Id'
  | 'Date'
  | 'Datetime'
  | 'Time'
  | 'Blob'
  | 'Object';

export type TypeInfo =
  | { kind: 'prim'; name: PrimitiveName }
  | { kind: 'void' }
  | { kind: 'null' }
  | { kind: 'list'; elem: TypeInfo }
  | { kind: 'set'; elem: TypeInfo }
  | { kind: 'map'; key: TypeInfo; value: TypeInfo }
  | { kind: 'class'; cls: ClassInfo }
  | { kind: 'native'; native: NativeClass; args: TypeInfo[] }
  /** An SObject type; `schema` is null for the generic `SObject`. */
  | { kind: 'sobject'; schema: SObjectSchema | null };

const sobjectTypes = new Map<SObjectSchema | null, TypeInfo>();
/** The singleton TypeInfo of an SObject type (null: the generic SObject). */
export function sobjectType(schema: SObjectSchema | null): TypeInfo {
  let t = sobjectTypes.get(schema);
  if (!t) {
    t = { kind: 'sobject', schema };
    sobjectTypes.set(schema, t);
  }
  return t;
}

const prims = new Map<string, TypeInfo>();
/** The singleton TypeInfo of a primitive. */
export function prim(name: PrimitiveName): TypeInfo {
  let t = prims.get(name);
  if (!t) {
    t = { kind: 'prim', name };
    prims.set(name, t);
  }
  return t;
}

export const T = {
  Integer: prim('Integer'),
  Long: prim('Long'),
  Double: prim('Double'),
  Decimal: prim('Decimal'),
  String: prim('String'),
  Boolean: prim('Boolean'),
  Id: prim('Id'),
  Date: prim('Date'),
  Datetime: prim('Datetime'),
  Time: prim('Time'),
  Blob: prim('Blob'),
  Object: prim('Object'),
  Void: { kind: 'void' } as TypeInfo,
  Null: { kind: 'null' } as TypeInfo
};

export const PRIMITIVE_NAMES: Record<string, PrimitiveName> = Object.fromEntries(
  (
    [
      'Integer',
      'Long',
      'Double',
      'Decimal',
      'String',
      'Boolean',
      'Id',
      'Date',
      'Datetime',
      'Time',
      'Blob',
      'Object'
    ] as const
  ).map((n) => [n.toLowerCase(), n])
);

export const listOf = (elem: TypeInfo): TypeInfo => ({ kind: 'list', elem });
export const setOf = (elem: TypeInfo): TypeInfo => ({ kind: 'set', elem });
export const mapOf = (key: TypeInfo, value: TypeInfo): TypeInfo => ({ kind: 'map', key, value });

/** How a type is written in Apex, for messages and `getTypeName`. */
export function typeName(t: TypeInfo): string {
  switch (t.kind) {
    case 'prim':
      return t.name;
    case 'void':
      return 'void';
    case 'null':
      return 'null';
    case 'list':
      return `List<${typeName(t.elem)}>`;
    case 'set':
      return `Set<${typeName(t.elem)}>`;
    case 'map':
      return `Map<${typeName(t.key)},${typeName(t.value)}>`;
    case 'class':
      return t.cls.fullName;
    case 'native':
      return t.args.length > 0
        ? `${t.native.name}<${t.args.map(typeName).join(',')}>`
        : t.native.name;
    case 'sobject':
      return t.schema ? t.schema.name : 'SObject';
  }
}

export function sameType(a: TypeInfo, b: TypeInfo): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'prim':
      return a.name === (b as typeof a).name;
    case 'list':
    case 'set':
      return sameType(a.elem, (b as typeof a).elem);
    case 'map':
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case 'class':
      return a.cls === (b as typeof a).cls;
    case 'sobject':
      return a.schema === (b as typeof a).schema;
    case 'native':
      return (
        a.native === (b as typeof a).native &&
        a.args.length === (b as typeof a).args.length &&
        a.args.every((x, i) => sameType(x, (b as typeof a).args[i]))
      );
    default:
      return true;
  }
}

/** Numeric widening order: Integer → Long → Double → Decimal. */
export const NUMERIC_RANK: Record<string, number> = { Integer: 1, Long: 2, Double: 3, Decimal: 4 };

export function isNumeric(t: TypeInfo): boolean {
  return t.kind === 'prim' && NUMERIC_RANK[t.name] !== undefined;
}

export function isPrim(t: TypeInfo, name: PrimitiveName): boolean {
  return t.kind === 'prim' && t.name === name;
}

// ------------------------------------------------------------------------------- project classes

export interface FieldInfo {
  name: string;
  type: TypeInfo;
  isStatic: boolean;
  isFinal: boolean;
  /** Index into the owner's instance field array or the class's static array. */
  slot: number;
  owner: ClassInfo;
  visibility: string;
  /** Properties with accessor bodies run these instead of reading or writing the slot. */
  getter: MethodInfo | null;
  setter: MethodInfo | null;
  isProperty: boolean;
  testVisible: boolean;
  decl: A.FieldDecl | A.PropertyDecl | null;
  declarator: A.VarDeclarator | null;
}

/** Compiled code of a method: receives the receiver (or null) and the converted arguments. */
export type Invocable = (self: unknown, args: unknown[]) => unknown;

export interface MethodInfo {
  name: string;
  params: { name: string; type: TypeInfo }[];
  returnType: TypeInfo;
  isStatic: boolean;
  isAbstract: boolean;
  isVirtual: boolean;
  isOverride: boolean;
  visibility: string;
  owner: ClassInfo;
  decl: A.MethodDecl | A.ConstructorDecl | null;
  annotations: A.Annotation[];
  /** Set once compiled; natives set it directly. */
  invoke: Invocable | null;
  /** For stack traces: `Class.Outer.Inner.method`. */
  traceName: string;
}

export type ClassKind = 'class' | 'interface' | 'enum';

export class ClassInfo {
  readonly inner = new Map<string, ClassInfo>();
  readonly staticFields = new Map<string, FieldInfo>();
  /** Instance fields including inherited ones (a subclass's map starts as a copy of its parent's). */
  readonly instanceFields = new Map<string, FieldInfo>();
  instanceSlotCount = 0;
  staticSlotCount = 0;
  /** Methods declared here, by lowercased name. */
  readonly methods = new Map<string, MethodInfo[]>();
  readonly constructors: MethodInfo[] = [];
  superclass: ClassInfo | null = null;
  interfaces: ClassInfo[] = [];
  enumValues: unknown[] = [];
  isAbstract = false;
  isVirtual = false;
  isException = false;
  isTest = false;
  /** The namespace of a platform class outside System (`EventBus` for RetryableException). */
  platformNamespace: string | null = null;
  /** Set for the class a trigger is compiled into. */
  trigger: { name: string; object: SObjectSchema | null; events: string[] } | null = null;
  /** Runs static field initialisers and static blocks in source order. */
  staticInit: ((rt: unknown) => void) | null = null;
  /** Runs instance field initialisers and instance blocks in source order. */
  instanceInit: ((self: unknown) => void) | null = null;
  /** Static state of the current test: reset by bumping the runtime's epoch. */
  staticEpoch = -1;
  staticValues: unknown[] = [];
  readonly type: TypeInfo;

  constructor(
    readonly name: string,
    readonly kind: ClassKind,
    readonly outer: ClassInfo | null,
    readonly decl: A.TypeDecl | null,
    readonly source: SourceFile | null
  ) {
    this.type = { kind: 'class', cls: this };
  }

  get fullName(): string {
    return this.outer ? `${this.outer.fullName}.${this.name}` : this.name;
  }

  /** Whether this class is `other` or inherits from or implements it. */
  isSubtypeOf(other: ClassInfo): boolean {
    if (this === other) return true;
    if (this.superclass?.isSubtypeOf(other)) return true;
    return this.interfaces.some((i) => i.isSubtypeOf(other));
  }

  /** Finds methods by name here and in superclasses (and superinterfaces for interfaces). */
  findMethods(name: string): MethodInfo[] {
    const key = name.toLowerCase();
    const found: MethodInfo[] = [];
    const seen = new Set<string>();
    const visit = (cls: ClassInfo | null): void => {
      if (!cls) return;
      for (const m of cls.methods.get(key) ?? []) {
        const sig = m.params.map((p) => typeName(p.type).toLowerCase()).join(',');
        if (!seen.has(sig)) {
          seen.add(sig);
          found.push(m);
        }
      }
      visit(cls.superclass);
      cls.interfaces.forEach(visit);
    };
    visit(this);
    return found;
  }

  /** The implementation that runs for a virtual call of `method` on an instance of this class. */
  resolveVirtual(method: MethodInfo): MethodInfo {
    let cached = this.vtable.get(method);
    if (!cached) {
      cached = this.findImplementation(method) ?? method;
      this.vtable.set(method, cached);
    }
    return cached;
  }

  private readonly vtable = new Map<MethodInfo, MethodInfo>();

  private findImplementation(method: MethodInfo): MethodInfo | undefined {
    const sig = method.params.map((p) => typeName(p.type).toLowerCase()).join(',');
    const match = (this.methods.get(method.name.toLowerCase()) ?? []).find(
      (m) =>
        !m.isStatic &&
        !m.isAbstract &&
        m.params.map((p) => typeName(p.type).toLowerCase()).join(',') === sig
    );
    return match ?? this.superclass?.findImplementation(method);
  }
}

// -------------------------------------------------------------------------------- native classes

/** A parameter or return type of a native method: a type, or a type variable of the receiver. */
export type NativeTypeSpec =
  | TypeInfo
  | 'E'
  | 'K'
  | 'V'
  | 'List<E>'
  | 'Set<E>'
  | 'List<V>'
  | 'Set<K>'
  | 'Map<K,V>'
  | 'Iterator<E>'
  | 'Self'
  | 'Any'
  /** A type computed from the receiver (`Custom__mdt.getAll()` returns Map<String, Custom__mdt>). */
  | ((receiver: TypeInfo) => TypeInfo);

export interface NativeMethod {
  name: string;
  params: NativeTypeSpec[];
  returns: NativeTypeSpec;
  isStatic: boolean;
  /** self is the receiver (undefined for static), args are already converted to the param types. */
  impl: (self: unknown, args: unknown[], call: NativeCallContext) => unknown;
  /** Set for natives that read the caller's variables (`Database.query` binds). */
  needsCallerScope?: boolean;
}

/** A property of a native value or type, resolved by name against the static type. */
export interface NativeMember {
  type: TypeInfo;
  get: (self: unknown) => unknown;
  /** For a settable property (e.g. `options.MaximumQueueableStackDepth = 2`). */
  set?: (self: unknown, value: unknown) => void;
}

/** What a native needs from the interpreter while it runs. */
export interface NativeCallContext {
  /** Throws an Apex exception of a platform type, e.g. ('NullPointerException', '...'). */
  throwApex(typeName: string, message: string): never;
  /** Invokes an Apex method on an object by name (e.g. compareTo, equals, hashCode, call). */
  callMethod(self: unknown, name: string, args: unknown[]): unknown;
  /** The static type of the receiver expression (collections carry their element types). */
  receiverType: TypeInfo | null;
  runtime: unknown;
  /**
   * Reads a variable visible at the call site by name (`Database.query` binds `:name` to the
   * caller's locals and fields). Undefined when the name is not visible there.
   */
  resolveVariable?: (name: string) => unknown;
}

export class NativeClass {
  readonly statics = new Map<string, NativeMethod[]>();
  readonly instance = new Map<string, NativeMethod[]>();
  readonly staticProps = new Map<string, { type: TypeInfo; get: () => unknown }>();
  /** Constructors (`new Pattern()` is not allowed, `new HttpRequest()` is). */
  readonly constructors: NativeMethod[] = [];
  readonly type: TypeInfo;
  /** Superclass for subtype checks, e.g. every exception extends Exception. */
  parent: NativeClass | null = null;
  /** Instance properties named at compile time (`describe.fields`, `fields.Name`). */
  member: ((name: string, receiver: TypeInfo) => NativeMember | undefined) | null = null;
  /** Static properties named at compile time (`Schema.SObjectType.Account`, `Account.Name`). */
  staticMember: ((name: string, type: TypeInfo) => NativeMember | undefined) | null = null;

  constructor(
    readonly name: string,
    /** Recognises a runtime value of this class (for instanceof and casts). */
    readonly isInstance: (value: unknown) => boolean = () => false
  ) {
    this.type = { kind: 'native', native: this, args: [] };
  }

  addStatic(
    name: string,
    params: NativeTypeSpec[],
    returns: NativeTypeSpec,
    impl: NativeMethod['impl']
  ): this {
    const key = name.toLowerCase();
    this.statics.set(key, [
      ...(this.statics.get(key) ?? []),
      { name, params, returns, isStatic: true, impl }
    ]);
    return this;
  }

  addMethod(
    name: string,
    params: NativeTypeSpec[],
    returns: NativeTypeSpec,
    impl: NativeMethod['impl']
  ): this {
    const key = name.toLowerCase();
    this.instance.set(key, [
      ...(this.instance.get(key) ?? []),
      { name, params, returns, isStatic: false, impl }
    ]);
    return this;
  }

  addConstructor(params: NativeTypeSpec[], impl: NativeMethod['impl']): this {
    this.constructors.push({ name: this.name, params, returns: this.type, isStatic: true, impl });
    return this;
  }
}
