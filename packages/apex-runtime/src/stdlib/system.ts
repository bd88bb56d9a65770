/**
 * System, Assert, Test and UserInfo: the test-facing core of the standard library.
 */
import { isAssignable } from '../interpreter/conversions.ts';
import { ApexThrow, CompileError, UnsupportedError } from '../interpreter/errors.ts';
import { StubClass } from '../interpreter/platform.ts';
import { isInstance } from '../interpreter/semantics.ts';
import {
  type ClassInfo,
  NativeClass,
  T,
  type TypeInfo,
  isNumeric,
  listOf,
  mapOf,
  sameType,
  typeName
} from '../interpreter/types.ts';
import {
  type ApexEnumValue,
  ApexObject,
  ApexType,
  runtimeTypeName
} from '../interpreter/values.ts';
import { ApexDate, ApexDatetime, nowMillis } from '../values/datetime.ts';
import type { Database } from '../database/database.ts';
import type { SObjectSchema } from '../schema/schema.ts';
import { seedAudit } from '../security/seed.ts';
import type { Lib } from './lib.ts';

/** The Automated Process user of a local org (the runtime seeds it outside tests). */
export const AUTOMATED_PROCESS_USERNAME = 'autoproc@local-org.invalid';

/** The fixed user every test runs as (see the runtime README). */
export const TEST_USER = {
  id: '005000000000001AAA',
  orgId: '00D000000000001EAA',
  profileId: '00e000000000001AAA',
  userName: 'test-user@conduit.example',
  firstName: 'Test',
  lastName: 'User',
  email: 'test-user@conduit.example',
  orgName: 'Conduit Test Org',
  timeZone: 'America/Los_Angeles',
  locale: 'en_US',
  language: 'en_US',
  currency: 'USD'
};

/** Test-phase state the runner resets for every test method. */
export interface TestPhase {
  started: boolean;
  stopped: boolean;
  onStart: () => void;
  onStop: () => void;
}

export function installSystem(lib: Lib, phase: TestPhase): void {
  const p = lib.platform;
  const system = p.addNative(new NativeClass('System'));
  const log = (level: string, value: unknown) => {
    lib.rt.debugLog.push(`${level}|${lib.str(value)}`);
    return null;
  };
  system.addStatic('debug', [T.Object], T.Void, (_s, [v]) => log('DEBUG', v));
  // Apex Reference, LoggingLevel Enum: the levels from lowest to highest, NONE first.
  const loggingLevel = p.defineEnum('LoggingLevel', [
    'NONE',
    'ERROR',
    'WARN',
    'INFO',
    'DEBUG',
    'FINE',
    'FINER',
    'FINEST'
  ]);
  system.addStatic('debug', [loggingLevel.type, T.Object], T.Void, (_s, [level, v]) => {
    if (level === null) throw new UnsupportedError('System.debug with a null LoggingLevel');
    return log((level as ApexEnumValue).name, v);
  });
  system.addStatic('now', [], T.Datetime, () => ApexDatetime.now());
  system.addStatic('today', [], T.Date, () => ApexDate.today());
  system.addStatic('currentTimeMillis', [], T.Long, () => BigInt(nowMillis()));

  const fail = (message: string): never => {
    // Assertion failures cannot be caught by Apex code; the catch logic treats AssertException so.
    lib.throwApex('AssertException', message);
  };
  const detail = (message: unknown) =>
    message === null || message === undefined ? '' : `${lib.str(message)}: `;
  const describe = (expected: unknown, actual: unknown) =>
    `Expected: ${lib.str(expected)}, Actual: ${lib.str(actual)}`;
  const same = (a: unknown, b: unknown) =>
    lib.strictEquals(a, b) || (typeof a !== 'string' && typeof b !== 'string' && lib.equals(a, b));

  system.addStatic('assert', [T.Boolean], T.Void, (_s, [c]) =>
    c === true ? null : fail('Assertion Failed')
  );
  system.addStatic('assert', [T.Boolean, T.Object], T.Void, (_s, [c, m]) =>
    c === true ? null : fail(`Assertion Failed: ${lib.str(m)}`)
  );
  for (const [name, wantEqual] of [
    ['assertEquals', true],
    ['assertNotEquals', false]
  ] as const) {
    const check = (e: unknown, a: unknown, m: unknown) =>
      same(e, a) === wantEqual
        ? null
        : fail(
            `Assertion Failed: ${detail(m)}${wantEqual ? describe(e, a) : `Same value: ${lib.str(a)}`}`
          );
    system.addStatic(name, [T.Object, T.Object], T.Void, (_s, [e, a]) => check(e, a, null));
    system.addStatic(name, [T.Object, T.Object, T.Object], T.Void, (_s, [e, a, m]) =>
      check(e, a, m)
    );
  }

  const assertClass = p.addNative(new NativeClass('Assert'), 'System');
  const both = (
    name: string,
    params: (typeof T.Object)[],
    check: (args: unknown[]) => string | null
  ) => {
    assertClass.addStatic(name, params, T.Void, (_s, args) => {
      const problem = check(args as unknown[]);
      return problem === null ? null : fail(`Assertion Failed: ${problem}`);
    });
    assertClass.addStatic(name, [...params, T.String], T.Void, (_s, args) => {
      const all = args as unknown[];
      const problem = check(all);
      return problem === null
        ? null
        : fail(`Assertion Failed: ${detail(all[params.length])}${problem}`);
    });
  };
  both('areEqual', [T.Object, T.Object], ([e, a]) => (same(e, a) ? null : describe(e, a)));
  both('areNotEqual', [T.Object, T.Object], ([e, a]) =>
    same(e, a) ? `Same value: ${lib.str(a)}` : null
  );
  both('isTrue', [T.Boolean], ([c]) =>
    c === true ? null : 'Expected: true, Actual: ' + lib.str(c)
  );
  both('isFalse', [T.Boolean], ([c]) =>
    c === false ? null : 'Expected: false, Actual: ' + lib.str(c)
  );
  both('isNull', [T.Object], ([v]) =>
    v === null ? null : 'Expected: null, Actual: ' + lib.str(v)
  );
  both('isNotNull', [T.Object], ([v]) => (v !== null ? null : 'Expected: not null, Actual: null'));
  const typeOf = (t: unknown) => (t as ApexType).type;
  both('isInstanceOfType', [T.Object, T.Object], ([v, t]) =>
    isInstance(v, typeOf(t)) ? null : `Expected instance of ${lib.str(t)}, Actual: ${lib.str(v)}`
  );
  both('isNotInstanceOfType', [T.Object, T.Object], ([v, t]) =>
    isInstance(v, typeOf(t)) ? `Expected not instance of ${lib.str(t)}` : null
  );
  assertClass.addStatic('fail', [], T.Void, () => fail('Assertion Failed'));
  assertClass.addStatic('fail', [T.String], T.Void, (_s, [m]) =>
    fail(`Assertion Failed: ${lib.str(m)}`)
  );

  const test = p.addNative(new NativeClass('Test'), 'System');
  test.addStatic('isRunningTest', [], T.Boolean, () => lib.rt.testMode);
  test.addStatic('startTest', [], T.Void, () => {
    if (phase.started) lib.throwApex('FinalException', 'Testing already started');
    phase.started = true;
    phase.onStart();
    return null;
  });
  test.addStatic('getStandardPricebookId', [], T.Id, () => standardPricebookId(lib));
  test.addStatic('stopTest', [], T.Void, () => {
    if (phase.stopped) lib.throwApex('FinalException', 'Testing has already been stopped');
    phase.stopped = true;
    phase.onStop();
    return null;
  });

  const user = p.addNative(new NativeClass('UserInfo'), 'System');
  const u = TEST_USER;
  const getters: [string, unknown][] = [
    ['getUserId', u.id],
    ['getUserName', u.userName],
    ['getName', `${u.firstName} ${u.lastName}`],
    ['getFirstName', u.firstName],
    ['getLastName', u.lastName],
    ['getUserEmail', u.email],
    ['getOrganizationId', u.orgId],
    ['getOrganizationName', u.orgName],
    ['getProfileId', u.profileId],
    ['getLocale', u.locale],
    ['getLanguage', u.language],
    ['getDefaultCurrency', u.currency],
    ['getUserType', 'Standard']
  ];
  // Inside System.runAs the DML actor is another User row: the getters about the user read it.
  const name = (r: Map<string, unknown>): string =>
    [r.get('firstname'), r.get('lastname')].filter((v) => v != null && v !== '').join(' ');
  const ofRow: Record<string, (r: Map<string, unknown>) => unknown> = {
    getUserId: (r) => r.get('id'),
    getUserName: (r) => r.get('username') ?? null,
    getName: name,
    getFirstName: (r) => r.get('firstname') ?? null,
    getLastName: (r) => r.get('lastname') ?? null,
    getUserEmail: (r) => r.get('email') ?? null,
    getProfileId: (r) => r.get('profileid') ?? null
  };
  for (const [getter, value] of getters) {
    const read = ofRow[getter];
    user.addStatic(
      getter,
      [],
      getter.endsWith('Id') ? T.Id : T.String,
      read === undefined
        ? () => value
        : () => {
            const db = lib.rt.data.db;
            const id = db.actor.userId;
            if (id === u.id) return value;
            const found = db.find(id);
            return found === null ? value : read(found.row);
          }
    );
  }
  user.addStatic('isMultiCurrencyOrganization', [], T.Boolean, () => false);

  const type = installType(lib);
  installPlatformInterfaces(lib, type.type);
  test.addStatic(
    'createStub',
    [type.type, p.lookupType(['System', 'StubProvider'])!],
    T.Object,
    (_s, [t, provider]) =>
      createStub(
        lib,
        lib.need(t, 'parentType') as ApexType,
        lib.need(provider, 'stubProvider') as ApexObject
      )
  );
}

/**
 * Test.getStandardPricebookId(): the id of the org's standard price book, which a test without
 * SeeAllData uses to give products standard prices before it adds them to orders (Apex
 * Reference, Test class, getStandardPricebookId). The row is made on first use in a test and is
 * rolled back with the test's other data.
 */
function standardPricebookId(lib: Lib): string {
  const { schema, db } = lib.rt.data;
  return standardPricebook(db, schema.get('Pricebook2')!, TEST_USER.id);
}

/** The id of the org's standard price book, seeded (created by `userId`) when it is not there. */
export function standardPricebook(db: Database, object: SObjectSchema, userId: string): string {
  const standard = db.rows(object).find((row) => row.get('isstandard') === true);
  if (standard) return standard.get('id') as string;
  return db.seed(
    object,
    new Map<string, unknown>([
      ['name', 'Standard Price Book'],
      ['isactive', true],
      ['isstandard', true],
      ['isarchived', false],
      ...seedAudit(userId)
    ])
  );
}

/** System.Type: the runtime representation of a type (`Foo.class`, `Type.forName`). */
function installType(lib: Lib): NativeClass {
  const type = lib.platform.addNative(
    new NativeClass('Type', (v) => v instanceof ApexType),
    'System'
  );
  const self = (v: unknown) => (v as ApexType).type;
  type.addMethod('getName', [], T.String, (t) => typeName(self(t)));
  type.addMethod('toString', [], T.String, (t) => typeName(self(t)));
  type.addMethod('equals', [T.Object], T.Boolean, (t, [o]) => lib.strictEquals(t, o));
  type.addMethod('hashCode', [], T.Integer, (t) => stringHash(typeName(self(t)).toLowerCase()));
  type.addMethod('isAssignableFrom', [type.type], T.Boolean, (t, [source]) =>
    isReferenceAssignable(self(lib.need(source, 'sourceType')), self(t))
  );
  type.addMethod('newInstance', [], T.Object, (t) => newInstance(lib, self(t)));
  type.addStatic('forName', [T.String], type.type, (_s, [name]) =>
    name === null ? null : forName(lib, name as string)
  );
  type.addStatic('forName', [T.String, T.String], type.type, (_s, [namespace, name]) => {
    if (name === null) return null;
    const ns = (namespace as string | null) ?? '';
    // The project has no namespace: the local one is '' (or null); System holds platform types.
    if (ns === '') return forName(lib, name as string);
    if (ns.toLowerCase() === 'system') return forName(lib, `System.${name as string}`);
    return null;
  });
  return type;
}

/** Type.forName: a project class (public or global, possibly Outer.Inner) or a platform type. */
function forName(lib: Lib, name: string): ApexType | null {
  if (/[<[]/.test(name)) throw new UnsupportedError(`Type.forName('${name}') with a generic type`);
  const names = name.split('.').map((n) => n.trim());
  let t: TypeInfo;
  try {
    t = lib.table.resolveType(
      { names, typeArgs: [], arrayDims: 0, loc: { line: 0, column: 0 } },
      null
    );
  } catch (error) {
    if (error instanceof CompileError) return null;
    throw error;
  }
  // Private inner classes are not visible to Type.forName.
  if (t.kind === 'class' && t.cls.outer && isPrivate(t.cls)) return null;
  return new ApexType(t);
}

function isPrivate(cls: ClassInfo): boolean {
  const keywords = cls.decl?.modifiers.keywords;
  return !keywords || !['public', 'global', 'protected'].some((k) => keywords.has(k));
}

/** Type.isAssignableFrom: reference assignability (subclasses, interfaces, Object), no numeric widening. */
function isReferenceAssignable(from: TypeInfo, to: TypeInfo): boolean {
  if (isNumeric(from) && isNumeric(to)) return sameType(from, to);
  return isAssignable(from, to);
}

/** Type.newInstance: runs the no-argument constructor of a class or creates an empty collection. */
function newInstance(lib: Lib, t: TypeInfo): unknown {
  if (t.kind === 'list' || t.kind === 'set' || t.kind === 'map')
    return lib.compiler.emptyCollection(t);
  if (t.kind === 'class' && t.cls.kind === 'class' && !t.cls.isAbstract && t.cls.source) {
    const cls = t.cls;
    const ctor = cls.constructors.find((c) => c.params.length === 0) ?? null;
    if (cls.constructors.length > 0 && !ctor)
      throw new UnsupportedError(
        `Type.newInstance() of ${cls.fullName}, which has no no-argument constructor`
      );
    const obj = lib.compiler.instantiate(cls);
    lib.compiler.runConstructor(cls, ctor, obj, []);
    return obj;
  }
  throw new UnsupportedError(`Type.newInstance() of ${typeName(t)}`);
}

/** Java's String.hashCode, which the platform uses for names. */
function stringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/** The platform interfaces project classes implement (Apex Reference, System namespace). */
function installPlatformInterfaces(lib: Lib, typeType: TypeInfo): void {
  const p = lib.platform;
  p.addInterface('Comparable', 'System', [
    { name: 'compareTo', params: [['objectToCompareTo', T.Object]], returns: T.Integer }
  ]);
  p.addInterface('Callable', 'System', [
    {
      name: 'call',
      params: [
        ['action', T.String],
        ['args', mapOf(T.String, T.Object)]
      ],
      returns: T.Object
    }
  ]);
  p.addInterface('StubProvider', 'System', [
    {
      name: 'handleMethodCall',
      params: [
        ['stubbedObject', T.Object],
        ['stubbedMethodName', T.String],
        ['returnType', typeType],
        ['listOfParamTypes', listOf(typeType)],
        ['listOfParamNames', listOf(T.String)],
        ['listOfArgs', listOf(T.Object)]
      ],
      returns: T.Object
    }
  ]);
}

/**
 * Test.createStub(parentType, stubProvider): an object of a stub subclass whose instance methods
 * call the provider's handleMethodCall with the method's name, types, parameter names and
 * arguments (Apex Developer Guide, Build a Mocking Framework with the Stub API).
 */
function createStub(lib: Lib, parent: ApexType, provider: ApexObject): ApexObject {
  const t = parent.type;
  if (t.kind !== 'class' || t.cls.kind === 'enum' || !t.cls.source)
    throw new UnsupportedError(`Test.createStub of ${typeName(t)}`);
  const typeType = lib.native('Type').type;
  const cls = new StubClass(t.cls, (self, method, args) => {
    const result = lib.call(provider, 'handleMethodCall', [
      self,
      method.name,
      new ApexType(method.returnType),
      lib.list(
        typeType,
        method.params.map((param) => new ApexType(param.type))
      ),
      lib.list(
        T.String,
        method.params.map((param) => param.name)
      ),
      lib.list(T.Object, [...args])
    ]);
    if (
      method.returnType.kind === 'void' ||
      result === null ||
      isInstance(result, method.returnType)
    )
      return method.returnType.kind === 'void' ? null : result;
    return lib.throwApex(
      'TypeException',
      `Invalid conversion from runtime type ${runtimeTypeName(result)} to ${typeName(method.returnType)}`
    );
  });
  return new ApexObject(cls, new Array<unknown>(cls.instanceSlotCount).fill(null));
}

/** Whether a thrown value is an assertion failure, which Apex code cannot catch. */
export function isAssertionFailure(error: unknown): boolean {
  return error instanceof ApexThrow && error.exception.cls.name === 'AssertException';
}
