/**
 * Date, Datetime and Time methods (Apex Reference: Date Class, Datetime Class, Time Class), over
 * the value classes in values/datetime.ts, which hold the calendar and formatting rules.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import { type NativeClass, type NativeMethod, T, type TypeInfo } from '../interpreter/types.ts';
import { ApexDate, ApexDateTimeError, ApexDatetime, ApexTime } from '../values/datetime.ts';
import type { Lib } from './lib.ts';

type Impl = NativeMethod['impl'];

export function installDatetime(lib: Lib): void {
  installDate(lib);
  installDatetimeClass(lib);
  installTime(lib);
}

/**
 * Runs a value-class operation, turning its errors into what Apex raises: unparseable text is a
 * System.TypeException ("Invalid date: ..."). Bad format patterns and out-of-range instants have
 * no documented exception type, so they stop the test loudly instead of guessing one.
 */
function guarded(lib: Lib, label: string, impl: Impl): Impl {
  return (self, args, ctx) => {
    try {
      return impl(self, args, ctx);
    } catch (error) {
      if (!(error instanceof ApexDateTimeError)) throw error;
      if (error.kind === 'parse') lib.throwApex('TypeException', error.message);
      throw new UnsupportedError(`${label} failing with "${error.message}"`);
    }
  };
}

/** Declares methods on a native with every argument checked for null first. */
function declare(lib: Lib, native: NativeClass, isStatic: boolean) {
  return (name: string, params: TypeInfo[], returns: TypeInfo, fn: Impl): void => {
    const label = `${native.name}.${name}`;
    const impl = guarded(lib, label, (self, args, ctx) => {
      args.forEach((a) => lib.need(a));
      return fn(self, args, ctx);
    });
    if (isStatic) native.addStatic(name, params, returns, impl);
    else native.addMethod(name, params, returns, impl);
  };
}

const int = (v: unknown): number => v as number;

function installDate(lib: Lib): void {
  const native = lib.platform.primitive('Date');
  const s = declare(lib, native, true);
  const m = declare(lib, native, false);
  const I = T.Integer;
  const D = (v: unknown) => v as ApexDate;
  s('newInstance', [I, I, I], T.Date, (_x, [y, mo, d]) =>
    ApexDate.newInstance(int(y), int(mo), int(d))
  );
  s('today', [], T.Date, () => ApexDate.today());
  s('valueOf', [T.String], T.Date, (_x, [text]) => ApexDate.valueOf(text as string));
  s('valueOf', [T.Object], T.Date, (_x, [v]) => dateOfObject(v));
  s('parse', [T.String], T.Date, (_x, [text]) => ApexDate.parse(text as string));
  s('isLeapYear', [I], T.Boolean, (_x, [y]) => ApexDate.isLeapYear(int(y)));
  s('daysInMonth', [I, I], I, (_x, [y, mo]) => ApexDate.daysInMonth(int(y), int(mo)));
  m('addDays', [I], T.Date, (self, [n]) => D(self).addDays(int(n)));
  m('addMonths', [I], T.Date, (self, [n]) => D(self).addMonths(int(n)));
  m('addYears', [I], T.Date, (self, [n]) => D(self).addYears(int(n)));
  m('year', [], I, (self) => D(self).year());
  m('month', [], I, (self) => D(self).month());
  m('day', [], I, (self) => D(self).day());
  m('dayOfYear', [], I, (self) => D(self).dayOfYear());
  m('daysBetween', [T.Date], I, (self, [o]) => D(self).daysBetween(D(o)));
  m('monthsBetween', [T.Date], I, (self, [o]) => D(self).monthsBetween(D(o)));
  m('isSameDay', [T.Date], T.Boolean, (self, [o]) => D(self).isSameDay(D(o)));
  m('toStartOfMonth', [], T.Date, (self) => D(self).toStartOfMonth());
  m('toStartOfWeek', [], T.Date, (self) => D(self).toStartOfWeek());
  m('format', [], T.String, (self) => D(self).format());
}

/** Date.valueOf(Object): a Date stays as it is and a String is parsed as valueOf(String) does. */
function dateOfObject(v: unknown): ApexDate {
  if (v instanceof ApexDate) return v;
  if (typeof v === 'string') return ApexDate.valueOf(v);
  throw new UnsupportedError('Date.valueOf(Object) for a value that is not a Date or String');
}

function installDatetimeClass(lib: Lib): void {
  const native = lib.platform.primitive('Datetime');
  const s = declare(lib, native, true);
  const I = T.Integer;
  const DT = T.Datetime;
  s('newInstance', [T.Long], DT, (_x, [ms]) => ApexDatetime.newInstance(Number(ms as bigint)));
  s('newInstance', [T.Date, T.Time], DT, (_x, [d, t]) =>
    ApexDatetime.newInstance(d as ApexDate, t as ApexTime)
  );
  s('newInstance', [I, I, I], DT, (_x, [y, mo, d]) =>
    ApexDatetime.newInstance(int(y), int(mo), int(d))
  );
  s('newInstance', [I, I, I, I, I, I], DT, (_x, a) =>
    ApexDatetime.newInstance(int(a[0]), int(a[1]), int(a[2]), int(a[3]), int(a[4]), int(a[5]))
  );
  s('newInstanceGmt', [T.Date, T.Time], DT, (_x, [d, t]) =>
    ApexDatetime.newInstanceGmt(d as ApexDate, t as ApexTime)
  );
  s('newInstanceGmt', [I, I, I], DT, (_x, [y, mo, d]) =>
    ApexDatetime.newInstanceGmt(int(y), int(mo), int(d))
  );
  s('newInstanceGmt', [I, I, I, I, I, I], DT, (_x, a) =>
    ApexDatetime.newInstanceGmt(int(a[0]), int(a[1]), int(a[2]), int(a[3]), int(a[4]), int(a[5]))
  );
  s('now', [], DT, () => ApexDatetime.now());
  s('valueOf', [T.String], DT, (_x, [text]) => ApexDatetime.valueOf(text as string));
  s('valueOf', [T.Object], DT, (_x, [v]) => datetimeOfObject(v));
  s('valueOfGmt', [T.String], DT, (_x, [text]) => ApexDatetime.valueOfGmt(text as string));
  s('parse', [T.String], DT, (_x, [text]) => ApexDatetime.parse(text as string));
  installDatetimeMethods(lib, native);
}

/** Datetime.valueOf(Object): a Datetime stays as it is and a String is parsed as valueOf(String). */
function datetimeOfObject(v: unknown): ApexDatetime {
  if (v instanceof ApexDatetime) return v;
  if (typeof v === 'string') return ApexDatetime.valueOf(v);
  throw new UnsupportedError(
    'Datetime.valueOf(Object) for a value that is not a Datetime or String'
  );
}

function installDatetimeMethods(lib: Lib, native: NativeClass): void {
  const m = declare(lib, native, false);
  const I = T.Integer;
  const S = T.String;
  const DT = T.Datetime;
  const D = (v: unknown) => v as ApexDatetime;
  m('addSeconds', [I], DT, (self, [n]) => D(self).addSeconds(int(n)));
  m('addMinutes', [I], DT, (self, [n]) => D(self).addMinutes(int(n)));
  m('addHours', [I], DT, (self, [n]) => D(self).addHours(int(n)));
  m('addDays', [I], DT, (self, [n]) => D(self).addDays(int(n)));
  m('addMonths', [I], DT, (self, [n]) => D(self).addMonths(int(n)));
  m('addYears', [I], DT, (self, [n]) => D(self).addYears(int(n)));
  m('getTime', [], T.Long, (self) => BigInt(D(self).getTime()));
  m('date', [], T.Date, (self) => D(self).date());
  m('dateGmt', [], T.Date, (self) => D(self).dateGmt());
  m('time', [], T.Time, (self) => D(self).time());
  m('timeGmt', [], T.Time, (self) => D(self).timeGmt());
  const fields = [
    'year',
    'month',
    'day',
    'hour',
    'minute',
    'second',
    'millisecond',
    'dayOfYear'
  ] as const;
  for (const field of fields) {
    m(field, [], I, (self) => D(self)[field]());
    const gmt = `${field}Gmt` as const;
    m(gmt, [], I, (self) => D(self)[gmt]());
  }
  m('isSameDay', [DT], T.Boolean, (self, [o]) => D(self).isSameDay(D(o)));
  m('format', [], S, (self) => D(self).format());
  m('format', [S], S, (self, [p]) => D(self).format(p as string));
  m('format', [S, S], S, (self, [p, tz]) => D(self).format(p as string, tz as string));
  m('formatGmt', [S], S, (self, [p]) => D(self).formatGmt(p as string));
  m('formatLong', [], S, (self) => D(self).formatLong());
}

function installTime(lib: Lib): void {
  const native = lib.platform.primitive('Time');
  const s = declare(lib, native, true);
  const m = declare(lib, native, false);
  const I = T.Integer;
  const TM = (v: unknown) => v as ApexTime;
  s('newInstance', [I, I, I, I], T.Time, (_x, a) =>
    ApexTime.newInstance(int(a[0]), int(a[1]), int(a[2]), int(a[3]))
  );
  m('hour', [], I, (self) => TM(self).hour());
  m('minute', [], I, (self) => TM(self).minute());
  m('second', [], I, (self) => TM(self).second());
  m('millisecond', [], I, (self) => TM(self).millisecond());
  m('addHours', [I], T.Time, (self, [n]) => TM(self).addHours(int(n)));
  m('addMinutes', [I], T.Time, (self, [n]) => TM(self).addMinutes(int(n)));
  m('addSeconds', [I], T.Time, (self, [n]) => TM(self).addSeconds(int(n)));
  m('addMilliseconds', [I], T.Time, (self, [n]) => TM(self).addMilliseconds(int(n)));
}
