/**
 * System, Assert, Test and UserInfo: the test-facing core of the standard library.
 */
import { ApexThrow } from '../interpreter/errors.ts';
import { isInstance } from '../interpreter/semantics.ts';
import { NativeClass, T } from '../interpreter/types.ts';
import { ApexType } from '../interpreter/values.ts';
import { ApexDate, ApexDatetime, nowMillis } from '../values/datetime.ts';
import type { Lib } from './lib.ts';

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
  test.addStatic('isRunningTest', [], T.Boolean, () => true);
  test.addStatic('startTest', [], T.Void, () => {
    if (phase.started) lib.throwApex('FinalException', 'Testing already started');
    phase.started = true;
    phase.onStart();
    return null;
  });
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
  for (const [name, value] of getters) {
    user.addStatic(name, [], name.endsWith('Id') ? T.Id : T.String, () => value);
  }
  user.addStatic('isMultiCurrencyOrganization', [], T.Boolean, () => false);

  const type = p.addNative(new NativeClass('Type', (v) => v instanceof ApexType), 'System');
  type.addMethod('getName', [], T.String, (self) => lib.str(self));
  type.addMethod('toString', [], T.String, (self) => lib.str(self));
  type.addMethod('equals', [T.Object], T.Boolean, (self, [o]) => lib.strictEquals(self, o));
}

/** Whether a thrown value is an assertion failure, which Apex code cannot catch. */
export function isAssertionFailure(error: unknown): boolean {
  return error instanceof ApexThrow && error.exception.cls.name === 'AssertException';
}
