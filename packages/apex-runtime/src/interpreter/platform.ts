/**
 * The platform's own types as the interpreter sees them: exception classes that project classes
 * can extend, interfaces they can implement (Comparable, Callable, ...) and the native classes of
 * the standard library, each registered by the stdlib modules.
 */
import { addEnumMethods } from './classes.ts';
import { UnsupportedError } from './errors.ts';
import type { Runtime } from './runtime.ts';
import { exceptionTypeName } from './semantics.ts';
import {
  ClassInfo,
  type MethodInfo,
  NativeClass,
  type PrimitiveName,
  T,
  type TypeInfo
} from './types.ts';
import { type ApexObject, ApexEnumValue } from './values.ts';

/** System exceptions documented in the Apex reference (System namespace). */
const SYSTEM_EXCEPTIONS = [
  'AsyncException',
  'AuraHandledException',
  'CalloutException',
  'DmlException',
  'EmailException',
  'ExternalObjectException',
  'FinalException',
  'HandledException',
  'IllegalArgumentException',
  'InvalidHeaderException',
  'InvalidParameterValueException',
  'JSONException',
  'LimitException',
  'ListException',
  'MathException',
  'NoAccessException',
  'NoDataFoundException',
  'NoSuchElementException',
  'NullPointerException',
  'QueryException',
  'RequiredFeatureMissingException',
  'SearchException',
  'SecurityException',
  'SerializationException',
  'SObjectException',
  'StringException',
  'TypeException',
  'UnexpectedException',
  'VisualforceException',
  'XmlException',
  'AssertException',
  'DuplicateMessageException',
  'IllegalStateException',
  'InvalidReadOnlyUserDmlException',
  'NoDataFoundException',
  'ProcedureException',
  'UnsupportedOperationException'
];

export class Platform {
  readonly exceptionRoot: ClassInfo;
  private readonly exceptions = new Map<string, ClassInfo>();
  /** Native classes by lowercased name, with and without their namespace. */
  readonly natives = new Map<string, NativeClass>();
  /** Methods of primitive types (`'abc'.length()`, `String.valueOf(...)`), by primitive name. */
  readonly primitiveNatives = new Map<PrimitiveName, NativeClass>();
  /** Platform interfaces and classes written as project-style classes (Comparable, ...). */
  readonly classes = new Map<string, ClassInfo>();
  /** Namespaces that prefix platform types: `System.`, `Database.`, ... */
  readonly namespaces = new Set([
    'system',
    'schema',
    'database',
    'auth',
    'eventbus',
    'test',
    'connectapi'
  ]);

  constructor(readonly runtime: Runtime) {
    this.exceptionRoot = this.makeExceptionRoot();
    for (const name of SYSTEM_EXCEPTIONS) {
      this.defineException(name);
    }
  }

  private makeExceptionRoot(): ClassInfo {
    const root = new ClassInfo('Exception', 'class', null, null, null);
    root.isException = true;
    root.isVirtual = true;
    const field = (name: string, slot: number, type: TypeInfo): void => {
      root.instanceFields.set(name.toLowerCase(), {
        name,
        type,
        isStatic: false,
        isFinal: false,
        slot,
        owner: root,
        visibility: 'private',
        getter: null,
        setter: null,
        isProperty: false,
        testVisible: false,
        decl: null,
        declarator: null
      });
    };
    field('message', 0, T.String);
    field('cause', 1, root.type);
    root.instanceSlotCount = 2;
    const rt = this.runtime;
    const method = (
      name: string,
      params: TypeInfo[],
      returnType: TypeInfo,
      invoke: (self: ApexObject, args: unknown[]) => unknown
    ): void => this.addExceptionMethod(root, name, params, returnType, invoke);
    method('getMessage', [], T.String, (self) => self.fields[0]);
    method('setMessage', [T.String], T.Void, (self, [m]) => {
      self.fields[0] = m;
      return null;
    });
    method('getCause', [], root.type, (self) => self.fields[1]);
    method('initCause', [root.type], root.type, (self, [c]) => {
      if (self.fields[1] !== null) rt.throwApex('IllegalStateException', "Can't overwrite cause");
      self.fields[1] = c;
      return self;
    });
    method('getTypeName', [], T.String, (self) => exceptionTypeName(self.cls));
    method('getStackTraceString', [], T.String, (self) => (self.trace ?? []).join('\n'));
    method('getLineNumber', [], T.Integer, (self) => {
      const match = /line (\d+)/.exec(self.trace?.[0] ?? '');
      return match ? Number(match[1]) : -1;
    });
    return root;
  }

  private defineException(name: string): ClassInfo {
    const cls = new ClassInfo(name, 'class', null, null, null);
    cls.superclass = this.exceptionRoot;
    cls.isException = true;
    cls.isVirtual = true;
    for (const [k, f] of this.exceptionRoot.instanceFields) cls.instanceFields.set(k, f);
    cls.instanceSlotCount = this.exceptionRoot.instanceSlotCount;
    this.exceptions.set(name.toLowerCase(), cls);
    return cls;
  }

  /**
   * Adds a platform method to a platform exception class (getMessage on Exception, getDmlMessage
   * on DmlException, ...); it dispatches like any virtual method.
   */
  addExceptionMethod(
    cls: ClassInfo,
    name: string,
    params: TypeInfo[],
    returnType: TypeInfo,
    invoke: (self: ApexObject, args: unknown[]) => unknown
  ): void {
    addPlatformMethod(cls, {
      name,
      params: params.map((type, i) => ({ name: `p${i}`, type })),
      returnType,
      isAbstract: false,
      isVirtual: true,
      visibility: 'public',
      traceName: `${exceptionTypeName(cls)}.${name}`,
      invoke: (self, args) => invoke(self as ApexObject, args)
    });
  }

  /** An exception class of another namespace (`EventBus.RetryableException`). */
  defineNamespacedException(namespace: string, name: string): ClassInfo {
    const cls = this.defineException(name);
    this.exceptions.delete(name.toLowerCase());
    this.exceptions.set(`${namespace}.${name}`.toLowerCase(), cls);
    cls.platformNamespace = namespace;
    return cls;
  }

  /** A System exception class by simple name; unknown names are a runtime bug, said loudly. */
  exceptionClass(name: string): ClassInfo {
    const cls =
      this.exceptions.get(name.toLowerCase()) ??
      this.exceptions.get(`system.${name}`.toLowerCase());
    if (!cls) throw new UnsupportedError(`platform exception ${name}`);
    return cls;
  }

  /** Looks up a platform class, interface, exception or native by (possibly namespaced) name. */
  lookupType(names: string[]): TypeInfo | undefined {
    const parts = names.map((n) => n.toLowerCase());
    const joined = parts.join('.');
    if (joined === 'exception' || joined === 'system.exception') return this.exceptionRoot.type;
    const simple = parts[0] === 'system' && parts.length === 2 ? parts[1] : joined;
    const ex = this.exceptions.get(simple);
    if (ex) return ex.type;
    const cls = this.classes.get(joined) ?? this.classes.get(simple);
    if (cls) return cls.type;
    const native = this.natives.get(joined) ?? this.natives.get(simple);
    return native?.type;
  }

  /**
   * Declares a platform enum (System.JSONToken, System.RoundingMode, ...) as an enum class, so
   * its constants, `switch on` and `instanceof` work as they do for a project enum.
   */
  defineEnum(name: string, constants: string[], namespace = 'System'): ClassInfo {
    const cls = new ClassInfo(name, 'enum', null, null, null);
    cls.enumValues = constants.map((c, i) => new ApexEnumValue(cls, c, i));
    addEnumMethods(cls);
    this.classes.set(name.toLowerCase(), cls);
    this.classes.set(`${namespace}.${name}`.toLowerCase(), cls);
    return cls;
  }

  /**
   * Declares a platform interface (Comparable, Callable, System.StubProvider, ...) that project
   * classes can implement; its methods are abstract, so `implements` is checked like a project
   * interface and calls dispatch through `resolveVirtual`.
   */
  addInterface(
    name: string,
    namespace: string,
    methods: { name: string; params: [string, TypeInfo][]; returns: TypeInfo }[]
  ): ClassInfo {
    const iface = new ClassInfo(name, 'interface', null, null, null);
    for (const m of methods) {
      addPlatformMethod(iface, {
        name: m.name,
        params: m.params.map(([pname, type]) => ({ name: pname, type })),
        returnType: m.returns,
        isAbstract: true,
        isVirtual: true,
        visibility: 'global',
        traceName: `${namespace}.${name}.${m.name}`,
        invoke: null
      });
    }
    this.classes.set(name.toLowerCase(), iface);
    this.classes.set(`${namespace}.${name}`.toLowerCase(), iface);
    return iface;
  }

  /** Registers a native class under its name and, when given, its namespaced name. */
  addNative(native: NativeClass, namespace?: string): NativeClass {
    this.natives.set(native.name.toLowerCase(), native);
    if (namespace) this.natives.set(`${namespace}.${native.name}`.toLowerCase(), native);
    return native;
  }

  primitive(name: PrimitiveName): NativeClass {
    let native = this.primitiveNatives.get(name);
    if (!native) {
      native = new NativeClass(name);
      this.primitiveNatives.set(name, native);
    }
    return native;
  }
}

/**
 * The class of an object made by `Test.createStub`: a subclass of the stubbed type (or an
 * implementation of the stubbed interface) whose every instance method goes to `handle`.
 */
export class StubClass extends ClassInfo {
  private readonly stubs = new Map<MethodInfo, MethodInfo>();

  constructor(
    readonly stubbed: ClassInfo,
    private readonly handle: (self: unknown, method: MethodInfo, args: unknown[]) => unknown
  ) {
    // Observed on orgs: stub objects report their type as `<Class>__sfdc_ApexStub`.
    super(`${stubbed.name}__sfdc_ApexStub`, 'class', stubbed.outer, null, null);
    if (stubbed.kind === 'interface') this.interfaces = [stubbed];
    else {
      this.superclass = stubbed;
      for (const [k, f] of stubbed.instanceFields) this.instanceFields.set(k, f);
      this.instanceSlotCount = stubbed.instanceSlotCount;
    }
  }

  override resolveVirtual(method: MethodInfo): MethodInfo {
    let stub = this.stubs.get(method);
    if (!stub) {
      stub = { ...method, invoke: (self, args) => this.handle(self, method, args) };
      this.stubs.set(method, stub);
    }
    return stub;
  }
}

/**
 * Adds an instance method of the platform (no Apex declaration behind it) to a class, next to
 * any overloads of the same name.
 */
export function addPlatformMethod(
  cls: ClassInfo,
  method: Pick<
    MethodInfo,
    | 'name'
    | 'params'
    | 'returnType'
    | 'isAbstract'
    | 'isVirtual'
    | 'visibility'
    | 'traceName'
    | 'invoke'
  >
): void {
  const info: MethodInfo = {
    ...method,
    isStatic: false,
    isOverride: false,
    owner: cls,
    decl: null,
    annotations: []
  };
  const key = method.name.toLowerCase();
  cls.methods.set(key, [...(cls.methods.get(key) ?? []), info]);
}
