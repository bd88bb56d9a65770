// Apex Date, Datetime and Time values. Expectations quote the Apex Reference Guide (Date,
// Datetime, Time and String classes) where it documents the behaviour; the rest say where
// they come from. The user is en_US in America/Los_Angeles unless a test says otherwise.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  ApexDate,
  ApexDateTimeError,
  ApexDatetime,
  ApexTime,
  nowMillis,
  offsetMillis,
  setClock,
  setUserTimeZone,
  userTimeZone,
  wallTimeToInstant
} from '../src/values/datetime.ts';

const utc = Date.UTC;
const date = (y: number, m: number, d: number): ApexDate => ApexDate.newInstance(y, m, d);
const iso = (dt: ApexDatetime): string => dt.toJson();
// 2026-01-15 15:04:05.007 PST, a Thursday: the instant most format tests use.
const SAMPLE = ApexDatetime.newInstance(utc(2026, 0, 15, 23, 4, 5, 7));

function throwsKind(fn: () => unknown, kind: ApexDateTimeError['kind'], message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ApexDateTimeError);
    assert.equal(error.kind, kind);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

beforeEach(() => {
  setUserTimeZone('America/Los_Angeles');
  setClock(() => utc(2026, 0, 16, 5, 0, 0));
});

afterEach(() => {
  setUserTimeZone('America/Los_Angeles');
  setClock(Date.now);
});

describe('Date construction', () => {
  it('exposes year, month and day', () => {
    // Date doc examples: day() of 1989-04-21 is 21, month() of 2004-11-21 is 11, year() 1988.
    assert.equal(date(1989, 4, 21).day(), 21);
    assert.equal(date(2004, 11, 21).month(), 11);
    assert.equal(date(1988, 12, 17).year(), 1988);
  });

  it('rolls an out-of-range day into the next month', () => {
    // Undocumented; Apex resolves fields like Java's lenient calendar (see next test).
    assert.equal(date(2024, 2, 30).toString(), '2024-03-01');
    assert.equal(date(2023, 2, 29).toString(), '2023-03-01');
  });

  it('rolls surplus months into years and day 0 back to the previous month', () => {
    // salesforce.stackexchange.com/q/167737: newInstance(2016, 27, 7) debugs 2018-03-07 and
    // newInstance(year, month, 0) is the last day of the previous month.
    assert.equal(date(2016, 27, 7).toString(), '2018-03-07');
    assert.equal(date(2024, 3, 0).toString(), '2024-02-29');
    assert.equal(date(2024, 0, 1).toString(), '2023-12-01');
  });

  it('prints non-positive years as Java year-of-era', () => {
    // salesforce.stackexchange.com/q/167737: Date.newInstance(-3, 1, 1) debugs 0004-01-01.
    assert.equal(date(-3, 1, 1).toString(), '0004-01-01');
  });

  it('refuses NaN and fractions', () => {
    throwsKind(() => date(2024, Number.NaN, 1), 'argument', /month/);
    throwsKind(() => date(2024.5, 1, 1), 'argument', /year/);
  });

  it('round-trips epoch days', () => {
    assert.equal(date(1970, 1, 1).toEpochDay(), 0);
    assert.equal(ApexDate.fromEpochDay(-1).toString(), '1969-12-31');
    assert.ok(ApexDate.fromEpochDay(20468).equals(date(2026, 1, 15)));
  });
});

describe('Date static helpers', () => {
  it('knows leap years', () => {
    // Date.isLeapYear doc: system.assert(Date.isLeapYear(2004)); Gregorian century rule.
    assert.equal(ApexDate.isLeapYear(2004), true);
    assert.equal(ApexDate.isLeapYear(2000), true);
    assert.equal(ApexDate.isLeapYear(1900), false);
    assert.equal(ApexDate.isLeapYear(2023), false);
  });

  it('counts days in a month', () => {
    // Date.daysInMonth doc: "the number of days in the month of February in the year 1960".
    assert.equal(ApexDate.daysInMonth(1960, 2), 29);
    assert.equal(ApexDate.daysInMonth(2023, 2), 28);
    assert.equal(ApexDate.daysInMonth(2024, 4), 30);
    assert.equal(ApexDate.daysInMonth(2024, 12), 31);
  });

  it('today() is the date in the user time zone', () => {
    // Date.today doc: "the current date in the current user's time zone". The clock reads
    // 2026-01-16 05:00 GMT, which is still the 15th in Los Angeles.
    assert.equal(ApexDate.today().toString(), '2026-01-15');
    setUserTimeZone('Europe/Paris');
    assert.equal(ApexDate.today().toString(), '2026-01-16');
  });
});

describe('Date parsing', () => {
  it('valueOf reads yyyy-MM-dd with or without a time', () => {
    // Date.valueOf doc: "standard date format yyyy-MM-dd HH:mm:ss"; its example builds the
    // unpadded '2008-10-5 12:20:20'.
    assert.equal(ApexDate.valueOf('2008-10-5 12:20:20').toString(), '2008-10-05');
    assert.equal(ApexDate.valueOf('1983-10-11').toString(), '1983-10-11');
  });

  it('valueOf rejects the locale format with Apex message', () => {
    // raydehler.com "parse vs valueOf for Date in Apex": Date.valueOf('10/11/1983') throws
    // System.TypeException: Invalid date: 10/11/1983.
    throwsKind(() => ApexDate.valueOf('10/11/1983'), 'parse', /^Invalid date: 10\/11\/1983$/);
    throwsKind(() => ApexDate.valueOf('2008-10-05T00:00:00Z'), 'parse');
  });

  it('parse reads the en_US M/d/yyyy format', () => {
    // Date.parse doc: "The format of the String depends on the local date format";
    // example date.parse('12/27/2009').
    assert.equal(ApexDate.parse('12/27/2009').toString(), '2009-12-27');
    assert.equal(ApexDate.parse('3/5/2024').toString(), '2024-03-05');
  });

  it('parse rejects the ISO format', () => {
    // raydehler.com: Date.parse('1983-10-11') throws Invalid date: 1983-10-11.
    throwsKind(() => ApexDate.parse('1983-10-11'), 'parse', /^Invalid date: 1983-10-11$/);
  });
});

describe('Date arithmetic', () => {
  it('adds days across month and year ends', () => {
    // Date.addDays doc example: 1960-02-17 plus 2.
    assert.equal(date(1960, 2, 17).addDays(2).toString(), '1960-02-19');
    assert.equal(date(2024, 12, 31).addDays(1).toString(), '2025-01-01');
    assert.equal(date(2024, 3, 1).addDays(-1).toString(), '2024-02-29');
  });

  it('adds months', () => {
    // Date.addMonths doc: 1990-11-21 plus 3 months is 1991-02-21.
    assert.ok(
      date(1990, 11, 21)
        .addMonths(3)
        .equals(date(1991, 2, 21))
    );
    assert.equal(date(2024, 5, 15).addMonths(-17).toString(), '2022-12-15');
  });

  it('addMonths clamps to the last day of the month', () => {
    // Java Calendar.add(MONTH) semantics: the day is pinned to the target month's length.
    assert.equal(date(2024, 1, 31).addMonths(1).toString(), '2024-02-29');
    assert.equal(date(2023, 1, 31).addMonths(1).toString(), '2023-02-28');
    assert.equal(date(2024, 3, 31).addMonths(-1).toString(), '2024-02-29');
    assert.equal(date(2024, 8, 31).addMonths(1).toString(), '2024-09-30');
  });

  it('adds years, pinning Feb 29 to Feb 28', () => {
    // Date.addYears doc: 1983-07-15 plus 2 years is 1985-07-15.
    assert.ok(
      date(1983, 7, 15)
        .addYears(2)
        .equals(date(1985, 7, 15))
    );
    assert.equal(date(2024, 2, 29).addYears(1).toString(), '2025-02-28');
    assert.equal(date(2024, 2, 29).addYears(4).toString(), '2028-02-29');
  });

  it('daysBetween is negative when the receiver is later', () => {
    // Date.daysBetween doc: "If the Date that calls the method occurs after the
    // secondDate, the return value is negative." Example: 2008-01-01 to 2008-01-30.
    assert.equal(date(2008, 1, 1).daysBetween(date(2008, 1, 30)), 29);
    assert.equal(date(2008, 1, 30).daysBetween(date(2008, 1, 1)), -29);
    assert.equal(date(2024, 2, 28).daysBetween(date(2024, 3, 1)), 2);
  });

  it('monthsBetween ignores days', () => {
    // Date.monthsBetween doc: "ignoring the difference in days"; 2006-12-02 to 2012-12-08 is 72.
    assert.equal(date(2006, 12, 2).monthsBetween(date(2012, 12, 8)), 72);
    assert.equal(date(2024, 1, 31).monthsBetween(date(2024, 2, 1)), 1);
    assert.equal(date(2024, 3, 1).monthsBetween(date(2024, 3, 31)), 0);
    assert.equal(date(2024, 3, 1).monthsBetween(date(2023, 12, 31)), -3);
  });

  it('toStartOfMonth', () => {
    // Date.toStartOfMonth doc: 1987-12-17 gives 1987-12-01.
    assert.ok(
      date(1987, 12, 17)
        .toStartOfMonth()
        .equals(date(1987, 12, 1))
    );
  });

  it('toStartOfWeek is Sunday for en_US', () => {
    // Date.toStartOfWeek doc: "the start of a week is Sunday in the United States locale".
    assert.equal(date(2026, 1, 14).toStartOfWeek().toString(), '2026-01-11');
    assert.equal(date(2026, 1, 11).toStartOfWeek().toString(), '2026-01-11');
    assert.equal(date(2026, 4, 1).toStartOfWeek().toString(), '2026-03-29');
  });

  it('dayOfYear', () => {
    // Date.dayOfYear doc: 1998-10-21 is day 294; a leap year's Dec 31 is day 366.
    assert.equal(date(1998, 10, 21).dayOfYear(), 294);
    assert.equal(date(2024, 12, 31).dayOfYear(), 366);
  });
});

describe('Date comparison and text', () => {
  it('isSameDay, compareTo and equals', () => {
    assert.equal(date(2008, 1, 30).isSameDay(date(2008, 1, 30)), true);
    assert.equal(date(2008, 1, 30).isSameDay(date(2008, 1, 31)), false);
    assert.equal(date(2008, 1, 30).compareTo(date(2008, 1, 31)), -1);
    assert.equal(date(2008, 2, 1).compareTo(date(2008, 1, 31)), 1);
    assert.equal(date(2008, 2, 1).compareTo(date(2008, 2, 1)), 0);
    assert.equal(date(2008, 2, 1).equals('2008-02-01'), false);
  });

  it('format() uses the en_US short date', () => {
    // Date.format doc: "In American-English locale" newInstance(2001, 3, 21) is '3/21/2001'.
    assert.equal(date(2001, 3, 21).format(), '3/21/2001');
    assert.equal(date(2026, 11, 5).format(), '11/5/2026');
  });

  it('String.valueOf, implicit conversion and JSON', () => {
    // String.valueOf(Date) doc: "standard yyyy-MM-dd format". Primitive Data Types doc:
    // "Using an implicit string conversion with a Date value results in the date with the
    // timestamp appended."
    assert.equal(date(2026, 1, 5).toString(), '2026-01-05');
    assert.equal(date(2026, 1, 5).toImplicitString(), '2026-01-05 00:00:00');
    assert.equal(date(2026, 1, 5).toJson(), '2026-01-05');
  });
});

describe('Time', () => {
  it('exposes its components', () => {
    // Time doc examples: Time.newInstance(3, 14, 15, 926).
    const t = ApexTime.newInstance(3, 14, 15, 926);
    assert.deepEqual([t.hour(), t.minute(), t.second(), t.millisecond()], [3, 14, 15, 926]);
  });

  it('adds hours, minutes, seconds and milliseconds', () => {
    // Time doc: (1,2,3,4)+3h is (4,2,3,4); (1,2,55,0)+10s is (1,3,5,0);
    // (1,2,3,0)+1400ms is (1,2,4,400); (18,30,2,20) plus 2 hours has hour 20.
    assert.ok(
      ApexTime.newInstance(1, 2, 3, 4)
        .addHours(3)
        .equals(ApexTime.newInstance(4, 2, 3, 4))
    );
    assert.ok(
      ApexTime.newInstance(1, 2, 55, 0)
        .addSeconds(10)
        .equals(ApexTime.newInstance(1, 3, 5, 0))
    );
    assert.ok(
      ApexTime.newInstance(1, 2, 3, 0)
        .addMilliseconds(1400)
        .equals(ApexTime.newInstance(1, 2, 4, 400))
    );
    assert.equal(ApexTime.newInstance(18, 30, 2, 20).addHours(2).hour(), 20);
    assert.equal(ApexTime.newInstance(18, 30, 2, 20).addMinutes(5).minute(), 35);
  });

  it('wraps around midnight', () => {
    // A Time has no date, so arithmetic is modulo one day.
    assert.equal(ApexTime.newInstance(23, 0, 0, 0).addHours(2).toString(), '01:00:00.000Z');
    assert.equal(ApexTime.newInstance(0, 0, 0, 0).addMilliseconds(-1).toString(), '23:59:59.999Z');
    assert.equal(
      ApexTime.newInstance(12, 0, 0, 0)
        .addMinutes(-24 * 60 * 3)
        .hour(),
      12
    );
  });

  it('newInstance wraps out-of-range fields', () => {
    // Undocumented; treated leniently like Date.newInstance.
    assert.equal(ApexTime.newInstance(25, 0, 0, 0).toString(), '01:00:00.000Z');
    assert.equal(ApexTime.newInstance(0, 0, -1, 0).toString(), '23:59:59.000Z');
  });

  it('prints as HH:mm:ss.SSSZ', () => {
    // salesforce.stackexchange.com/q/220809: '' + Time.newInstance(10,10,10,10) is
    // "10:10:10.010Z" (also what JSON.serialize writes).
    assert.equal(ApexTime.newInstance(10, 10, 10, 10).toString(), '10:10:10.010Z');
    assert.equal(ApexTime.newInstance(15, 4, 5, 0).toJson(), '15:04:05.000Z');
  });

  it('compareTo and equals', () => {
    const early = ApexTime.newInstance(8, 0, 0, 0);
    assert.equal(early.compareTo(ApexTime.newInstance(8, 0, 0, 1)), -1);
    assert.equal(early.compareTo(ApexTime.newInstance(7, 59, 59, 999)), 1);
    assert.ok(early.equals(ApexTime.newInstance(8, 0, 0, 0)));
    assert.equal(early.equals(8), false);
  });

  it('refuses non-integers', () => {
    throwsKind(() => ApexTime.newInstance(1, 2, 3, 0.5), 'argument', /millisecond/);
  });
});

describe('Datetime construction', () => {
  it('newInstance(milliseconds) is an instant', () => {
    // Datetime.newInstance(Long) doc: 1341828183000 equals newInstance(2012, 7, 09, 3, 3, 3)
    // (local, PDT).
    assert.ok(
      ApexDatetime.newInstance(1341828183000).equals(ApexDatetime.newInstance(2012, 7, 9, 3, 3, 3))
    );
  });

  it('getTime is epoch milliseconds', () => {
    // Datetime.getTime doc: newInstanceGMT(2007, 6, 23, 3, 3, 3) is 1182567783000.
    assert.equal(ApexDatetime.newInstanceGmt(2007, 6, 23, 3, 3, 3).getTime(), 1182567783000);
  });

  it('newInstance(date, time) is local, newInstanceGmt(date, time) is GMT', () => {
    // Datetime doc: newInstance(Date(2011,11,18), Time(3,3,3,0)) equals
    // newInstance(2011, 11, 18, 3, 3, 3); the GMT form equals newInstanceGMT(2013,11,12,3,3,3).
    const t = ApexTime.newInstance(3, 3, 3, 0);
    assert.ok(
      ApexDatetime.newInstance(date(2011, 11, 18), t).equals(
        ApexDatetime.newInstance(2011, 11, 18, 3, 3, 3)
      )
    );
    assert.ok(
      ApexDatetime.newInstanceGmt(date(2013, 11, 12), t).equals(
        ApexDatetime.newInstanceGmt(2013, 11, 12, 3, 3, 3)
      )
    );
  });

  it('newInstanceGmt versus local time', () => {
    // Datetime.newInstanceGmt doc ("California local time"): newInstanceGMT(1998, 1, 29, 2, 2, 3)
    // equals newInstance(1998, 1, 28, 18, 2, 3).
    assert.ok(
      ApexDatetime.newInstanceGmt(1998, 1, 29, 2, 2, 3).equals(
        ApexDatetime.newInstance(1998, 1, 28, 18, 2, 3)
      )
    );
  });

  it('newInstance(year, month, day) is local midnight', () => {
    // Datetime.newInstance doc: "at midnight in the local time zone".
    const dt = ApexDatetime.newInstance(2008, 12, 1);
    assert.equal(dt.hour(), 0);
    assert.equal(dt.hourGmt(), 8);
    assert.equal(iso(ApexDatetime.newInstanceGmt(1996, 3, 22)), '1996-03-22T00:00:00.000Z');
  });

  it('fields roll over like Date.newInstance', () => {
    // Same lenient resolution as Date.newInstance (salesforce.stackexchange.com/q/167737).
    assert.equal(
      iso(ApexDatetime.newInstanceGmt(2024, 2, 30, 25, 0, 0)),
      '2024-03-02T01:00:00.000Z'
    );
  });

  it('a Date converts to midnight GMT', () => {
    // Datetime doc: casting a Date "with the time component being zeroed out"; it is
    // midnight GMT, hence the previous day in Los Angeles (gist cemerson, SE a/218059).
    const dt = ApexDatetime.fromDate(date(2024, 1, 5));
    assert.equal(iso(dt), '2024-01-05T00:00:00.000Z');
    assert.equal(dt.day(), 4);
  });

  it('refuses non-integer parts', () => {
    throwsKind(() => ApexDatetime.newInstance(2024, 1, 1, 1.5, 0, 0), 'argument', /hour/);
    throwsKind(() => ApexDatetime.newInstance(Number.NaN), 'argument');
  });
});

describe('Datetime local and GMT accessors', () => {
  it('date() and dateGmt()', () => {
    // Datetime doc: newInstance(2006, 3, 16, 12, 6, 13).date() is 2006-03-16;
    // ("California local time, PST") newInstance(2006, 3, 16, 23, 0, 0).dateGMT() is 2006-03-17.
    assert.ok(
      ApexDatetime.newInstance(2006, 3, 16, 12, 6, 13)
        .date()
        .equals(date(2006, 3, 16))
    );
    const late = ApexDatetime.newInstance(2006, 3, 16, 23, 0, 0);
    assert.ok(late.dateGmt().equals(date(2006, 3, 17)));
    assert.ok(late.date().equals(date(2006, 3, 16)));
  });

  it('day, dayGmt, hourGmt', () => {
    // Datetime doc: newInstance(1986, 2, 21, 23, 0, 0).day() is 21;
    // newInstance(1987, 1, 14, 23, 0, 3).dayGMT() is 15; newInstance(2000, 4, 27, 3, 3, 3).hourGMT() is 10.
    assert.equal(ApexDatetime.newInstance(1986, 2, 21, 23, 0, 0).day(), 21);
    assert.equal(ApexDatetime.newInstance(1987, 1, 14, 23, 0, 3).dayGmt(), 15);
    assert.equal(ApexDatetime.newInstance(2000, 4, 27, 3, 3, 3).hourGmt(), 10);
    assert.equal(ApexDatetime.newInstance(1998, 11, 21, 3, 3, 3).hour(), 3);
  });

  it('dayOfYear and dayOfYearGmt', () => {
    // Datetime doc: newInstance(2008, 2, 5, 8, 30, 12).dayOfYear() is 36;
    // newInstance(1999, 2, 5, 23, 0, 3).dayOfYearGmt() is 37 ("adding 8 hours to the PST time zone").
    assert.equal(ApexDatetime.newInstance(2008, 2, 5, 8, 30, 12).dayOfYear(), 36);
    assert.equal(ApexDatetime.newInstance(1999, 2, 5, 23, 0, 3).dayOfYearGmt(), 37);
  });

  it('time() and timeGmt()', () => {
    // Datetime doc: newInstance(2002, 11, 21, 0, 2, 2).time() is Time(0, 2, 2, 0);
    // ("based on the PST time zone") newInstance(2004, 1, 27, 4, 1, 2).timeGMT() is Time(12, 1, 2, 0).
    assert.ok(
      ApexDatetime.newInstance(2002, 11, 21, 0, 2, 2)
        .time()
        .equals(ApexTime.newInstance(0, 2, 2, 0))
    );
    assert.ok(
      ApexDatetime.newInstance(2004, 1, 27, 4, 1, 2)
        .timeGmt()
        .equals(ApexTime.newInstance(12, 1, 2, 0))
    );
  });

  it('minute, second and their GMT forms', () => {
    // Datetime doc: minute() of newInstance(2001,2,27,3,3,3) is 3, minuteGMT() of
    // (2002,12,3,3,3,3) is 3, second() of newInstanceGMT(1999,9,22,3,1,2) is 2,
    // secondGMT() of (2000,2,3,3,1,5) is 5; month() and monthGMT() examples are 11.
    assert.equal(ApexDatetime.newInstance(2001, 2, 27, 3, 3, 3).minute(), 3);
    assert.equal(ApexDatetime.newInstance(2002, 12, 3, 3, 3, 3).minuteGmt(), 3);
    assert.equal(ApexDatetime.newInstanceGmt(1999, 9, 22, 3, 1, 2).second(), 2);
    assert.equal(ApexDatetime.newInstance(2000, 2, 3, 3, 1, 5).secondGmt(), 5);
    assert.equal(ApexDatetime.newInstance(2004, 11, 4, 3, 3, 3).month(), 11);
    assert.equal(ApexDatetime.newInstance(2006, 11, 19, 3, 3, 3).monthGmt(), 11);
  });

  it('year and yearGmt differ on New Year’s Eve evening', () => {
    // Datetime doc examples: year() of (2012,1,26,...) and yearGMT() of (2012,10,4,...) are 2012.
    const eve = ApexDatetime.newInstance(2025, 12, 31, 20, 0, 0);
    assert.deepEqual([eve.year(), eve.month(), eve.day()], [2025, 12, 31]);
    assert.deepEqual([eve.yearGmt(), eve.monthGmt(), eve.dayGmt()], [2026, 1, 1]);
    assert.equal(ApexDatetime.newInstance(2012, 10, 4, 6, 4, 6).yearGmt(), 2012);
  });

  it('millisecond and millisecondGmt', () => {
    assert.equal(SAMPLE.millisecond(), 7);
    assert.equal(SAMPLE.millisecondGmt(), 7);
  });

  it('isSameDay compares local dates', () => {
    // Datetime.isSameDay doc: "the same as the specified Datetime in the local time zone".
    const morning = ApexDatetime.newInstance(2026, 1, 15, 1, 0, 0);
    const night = ApexDatetime.newInstance(2026, 1, 15, 23, 0, 0);
    assert.notEqual(morning.dayGmt(), night.dayGmt());
    assert.equal(morning.isSameDay(night), true);
    assert.equal(morning.isSameDay(night.addHours(1)), false);
  });

  it('compareTo and equals', () => {
    const a = ApexDatetime.newInstance(1000);
    assert.equal(a.compareTo(ApexDatetime.newInstance(1001)), -1);
    assert.equal(a.compareTo(ApexDatetime.newInstance(999)), 1);
    assert.equal(a.compareTo(ApexDatetime.newInstance(1000)), 0);
    assert.equal(a.equals(1000), false);
  });
});

describe('Datetime parsing', () => {
  it('valueOf reads local yyyy-MM-dd HH:mm:ss', () => {
    // Datetime.valueOf doc: "yyyy-MM-dd HH:mm:ss in the local time zone"; example '2008-10-5 12:20:20'.
    const dt = ApexDatetime.valueOf('2008-10-5 12:20:20');
    assert.equal(dt.hour(), 12);
    assert.equal(iso(dt), '2008-10-05T19:20:20.000Z');
  });

  it('valueOfGmt reads GMT yyyy-MM-dd HH:mm:ss', () => {
    // Datetime.valueOfGmt doc ("California locale time"): '2009-3-5 5:2:2' equals
    // newInstance(2009, 3, 4, 21, 2, 2).
    assert.ok(
      ApexDatetime.valueOfGmt('2009-3-5 5:2:2').equals(
        ApexDatetime.newInstance(2009, 3, 4, 21, 2, 2)
      )
    );
  });

  it('valueOf rejects other shapes with Apex message', () => {
    // TypeException text "Invalid date/time: …" (salesforce.stackexchange.com/q/339236).
    throwsKind(
      () => ApexDatetime.valueOf('2008-10-05'),
      'parse',
      /^Invalid date\/time: 2008-10-05$/
    );
    throwsKind(() => ApexDatetime.valueOfGmt('2008-10-05T12:00:00Z'), 'parse');
  });

  it('parse reads the en_US ICU datetime format', () => {
    // Datetime.parse doc (ICU locale formats): parse('10/14/2011, 11:46 AM').format() is
    // '10/14/2011, 11:46 AM'.
    assert.equal(ApexDatetime.parse('10/14/2011, 11:46 AM').format(), '10/14/2011, 11:46 AM');
    assert.equal(iso(ApexDatetime.parse('10/14/2011, 11:46 AM')), '2011-10-14T18:46:00.000Z');
  });

  it('parse handles 12 AM, 12 PM and the pre-ICU form', () => {
    assert.equal(ApexDatetime.parse('1/2/2026, 12:05 AM').hour(), 0);
    assert.equal(ApexDatetime.parse('1/2/2026, 12:05 PM').hour(), 12);
    assert.equal(ApexDatetime.parse('1/2/2026 3:04 PM').hour(), 15);
    throwsKind(() => ApexDatetime.parse('96598'), 'parse', /^Invalid date\/time: 96598$/);
  });
});

describe('Datetime arithmetic', () => {
  it('adds seconds, minutes and hours', () => {
    // Datetime doc: (2001,7,19,10,7,12)+4s, (1999,2,11,8,6,16)+7min, (1997,1,31,7,8,16)+3h.
    const n = ApexDatetime.newInstance;
    assert.ok(
      n(2001, 7, 19, 10, 7, 12)
        .addSeconds(4)
        .equals(n(2001, 7, 19, 10, 7, 16))
    );
    assert.ok(
      n(1999, 2, 11, 8, 6, 16)
        .addMinutes(7)
        .equals(n(1999, 2, 11, 8, 13, 16))
    );
    assert.ok(
      n(1997, 1, 31, 7, 8, 16)
        .addHours(3)
        .equals(n(1997, 1, 31, 10, 8, 16))
    );
  });

  it('adds days, months and years', () => {
    // Datetime doc: (1960,2,17)+2 days, (2000,7,7,7,8,12)+1 month, (2009,12,17,13,6,6)+1 year.
    const n = ApexDatetime.newInstance;
    assert.ok(
      n(1960, 2, 17)
        .addDays(2)
        .equals(n(1960, 2, 19))
    );
    assert.ok(
      n(2000, 7, 7, 7, 8, 12)
        .addMonths(1)
        .equals(n(2000, 8, 7, 7, 8, 12))
    );
    assert.ok(
      n(2009, 12, 17, 13, 6, 6)
        .addYears(1)
        .equals(n(2010, 12, 17, 13, 6, 6))
    );
  });

  it('addDays adds 24-hour days across a DST change', () => {
    // salesforce.stackexchange.com/q/238465 (America/Chicago): newInstance(2018, 11, 4) is
    // 05:00 GMT; addDays(1) formats locally as '2018-11-04 23:00:00' and in GMT as
    // '2018-11-05 05:00:00'.
    setUserTimeZone('America/Chicago');
    const next = ApexDatetime.newInstance(2018, 11, 4).addDays(1);
    assert.equal(next.format('yyyy-MM-dd HH:mm:ss'), '2018-11-04 23:00:00');
    assert.equal(next.formatGmt('yyyy-MM-dd HH:mm:ss'), '2018-11-05 05:00:00');
  });

  it('addDays over spring-forward moves the local hour', () => {
    // Same GMT-calendar arithmetic: 12:00 PST plus one day is 13:00 PDT.
    assert.equal(ApexDatetime.newInstance(2026, 3, 7, 12, 0, 0).addDays(1).hour(), 13);
  });

  it('addMonths uses the GMT calendar and clamps', () => {
    // Inferred from addDays (not documented): months are added to the GMT fields, so
    // 2026-01-15 00:00 PST (08:00 GMT) plus 6 months is 08:00 GMT, 01:00 PDT.
    const jan = ApexDatetime.newInstance(2026, 1, 15, 0, 0, 0);
    assert.equal(iso(jan.addMonths(6)), '2026-07-15T08:00:00.000Z');
    assert.equal(
      iso(ApexDatetime.newInstanceGmt(2024, 1, 31, 10, 0, 0).addMonths(1)),
      '2024-02-29T10:00:00.000Z'
    );
    assert.equal(
      iso(ApexDatetime.newInstanceGmt(2024, 2, 29, 10, 0, 0).addYears(-1)),
      '2023-02-28T10:00:00.000Z'
    );
  });
});

describe('daylight saving time in America/Los_Angeles', () => {
  it('offsetMillis switches exactly at the transitions', () => {
    assert.equal(offsetMillis('America/Los_Angeles', utc(2026, 0, 15)), -8 * 3600000);
    assert.equal(offsetMillis('America/Los_Angeles', utc(2026, 6, 15)), -7 * 3600000);
    // 2026-03-08 02:00 PST = 10:00 GMT; 2026-11-01 02:00 PDT = 09:00 GMT.
    assert.equal(offsetMillis('America/Los_Angeles', utc(2026, 2, 8, 10) - 1), -8 * 3600000);
    assert.equal(offsetMillis('America/Los_Angeles', utc(2026, 2, 8, 10)), -7 * 3600000);
    assert.equal(offsetMillis('America/Los_Angeles', utc(2026, 10, 1, 9) - 1), -7 * 3600000);
    assert.equal(offsetMillis('America/Los_Angeles', utc(2026, 10, 1, 9)), -8 * 3600000);
  });

  it('a wall time in the spring-forward gap moves forward', () => {
    // java.util.GregorianCalendar reads 02:30 (which does not exist) with the old offset:
    // 02:30 PST = 10:30 GMT = 03:30 PDT.
    const gap = ApexDatetime.newInstance(2026, 3, 8, 2, 30, 0);
    assert.equal(iso(gap), '2026-03-08T10:30:00.000Z');
    assert.equal(gap.format('HH:mm z'), '03:30 PDT');
    assert.ok(gap.equals(ApexDatetime.newInstance(2026, 3, 8, 3, 30, 0)));
    assert.equal(iso(ApexDatetime.newInstance(2026, 3, 8, 1, 59, 0)), '2026-03-08T09:59:00.000Z');
  });

  it('a wall time in the fall-back overlap takes standard time', () => {
    // GregorianCalendar (ZoneInfo.getOffsetsByWall) picks the offset in force after the
    // transition, so 01:30 is the second 01:30: 01:30 PST = 09:30 GMT.
    assert.equal(iso(ApexDatetime.newInstance(2026, 11, 1, 1, 30, 0)), '2026-11-01T09:30:00.000Z');
    assert.equal(iso(ApexDatetime.newInstance(2026, 11, 1, 0, 59, 59)), '2026-11-01T07:59:59.000Z');
    assert.equal(iso(ApexDatetime.newInstance(2026, 11, 1, 2, 0, 0)), '2026-11-01T10:00:00.000Z');
  });

  it('both 01:30s of the fall-back day read back as 01:30', () => {
    const first = ApexDatetime.newInstance(utc(2026, 10, 1, 8, 30));
    const second = ApexDatetime.newInstance(utc(2026, 10, 1, 9, 30));
    assert.equal(first.format('HH:mm z'), '01:30 PDT');
    assert.equal(second.format('HH:mm z'), '01:30 PST');
  });

  it('wallTimeToInstant applies the same rule in other zones', () => {
    // London springs forward at 01:00 GMT on 2026-03-29; Sydney falls back at 03:00 AEDT on
    // 2026-04-05, so its 02:30 is read as AEST (+10).
    assert.equal(
      wallTimeToInstant('Europe/London', utc(2026, 2, 29, 1, 30)),
      utc(2026, 2, 29, 1, 30)
    );
    assert.equal(
      wallTimeToInstant('Australia/Sydney', utc(2026, 3, 5, 2, 30)),
      utc(2026, 3, 4, 16, 30)
    );
    assert.equal(wallTimeToInstant('Australia/Sydney', utc(2026, 0, 15, 12)), utc(2026, 0, 15, 1));
  });
});

describe('Datetime default formats', () => {
  it('format() is the en_US ICU short datetime', () => {
    // Datetime.format doc (ICU locale formats): newInstance(1993, 6, 6, 3, 3, 3) is '6/6/1993, 3:03 AM'.
    assert.equal(ApexDatetime.newInstance(1993, 6, 6, 3, 3, 3).format(), '6/6/1993, 3:03 AM');
    assert.equal(SAMPLE.format(), '1/15/2026, 3:04 PM');
  });

  it('formatLong', () => {
    // Datetime.formatLong doc: newInstance(2012,12,28,10,0,0) "Writes 12/28/2012 10:00:00 AM PST".
    assert.equal(
      ApexDatetime.newInstance(2012, 12, 28, 10, 0, 0).formatLong(),
      '12/28/2012 10:00:00 AM PST'
    );
    assert.equal(
      ApexDatetime.newInstance(2012, 7, 4, 22, 5, 9).formatLong(),
      '7/4/2012 10:05:09 PM PDT'
    );
  });

  it('string conversions and JSON', () => {
    // String.valueOf(Datetime) doc: "yyyy-MM-dd HH:mm:ss format for the local time zone";
    // valueOfGmt: "for the GMT time zone"; concatenation prints GMT (albasfdc.com, 2016).
    assert.equal(SAMPLE.toString(), '2026-01-15 23:04:05');
    assert.equal(SAMPLE.toStringGmt(), '2026-01-15 23:04:05');
    assert.equal(SAMPLE.toStringLocal(), '2026-01-15 15:04:05');
    assert.equal(SAMPLE.toJson(), '2026-01-15T23:04:05.007Z');
  });
});

describe('Datetime patterns', () => {
  // Datetime.format(dateFormatString) doc: "using the supplied Java simple date format".
  const fmt = (pattern: string, dt = SAMPLE): string => dt.format(pattern);
  // 2026-03-05 09:07:03.000 PST, a Thursday, for zero padding.
  const EARLY = ApexDatetime.newInstance(2026, 3, 5, 9, 7, 3);

  it('doc examples', () => {
    // format doc: (2022,5,4,19,37,55) with 'yyyy-MM-dd h:mm a' is '2022-05-04 7:37 PM'.
    // formatGmt doc: (1993,6,6,3,3,3) with 'EEE, MMM d yyyy HH:mm:ss' is 'Sun, Jun 6 1993 10:03:03'.
    assert.equal(
      ApexDatetime.newInstance(2022, 5, 4, 19, 37, 55).format('yyyy-MM-dd h:mm a'),
      '2022-05-04 7:37 PM'
    );
    assert.equal(
      ApexDatetime.newInstance(1993, 6, 6, 3, 3, 3).formatGmt('EEE, MMM d yyyy HH:mm:ss'),
      'Sun, Jun 6 1993 10:03:03'
    );
  });

  it('format(pattern, timezone)', () => {
    // format(dateFormatString, timezone) doc: newInstanceGmt(2011,6,1,12,1,5) in
    // 'America/New_York' with 'MM/dd/yyyy HH:mm:ss' is '06/01/2011 08:01:05'; "If the
    // supplied time zone is not in the correct format, GMT is used."
    const gmt = ApexDatetime.newInstanceGmt(2011, 6, 1, 12, 1, 5);
    assert.equal(gmt.format('MM/dd/yyyy HH:mm:ss', 'America/New_York'), '06/01/2011 08:01:05');
    assert.equal(gmt.format('HH:mm z', 'Not/AZone'), '12:01 GMT');
    assert.equal(gmt.format('HH:mm z', 'america/new_york'), '12:01 GMT');
    assert.equal(gmt.format('HH:mm z', 'GMT+05:30'), '17:31 GMT+05:30');
  });

  it('y, yy, yyyy', () => {
    // SimpleDateFormat: "yy" truncates to two digits, other counts are minimum widths.
    assert.deepEqual(
      ['y', 'yy', 'yyyy', 'yyyyy'].map((p) => fmt(p)),
      ['2026', '26', '2026', '02026']
    );
  });

  it('M, MM, MMM, MMMM', () => {
    // SimpleDateFormat "Month": 3+ letters are text, 4+ the full form.
    assert.deepEqual(
      ['M', 'MM', 'MMM', 'MMMM'].map((p) => fmt(p)),
      ['1', '01', 'Jan', 'January']
    );
    assert.equal(fmt('M/MM', EARLY), '3/03');
  });

  it('d, dd, D, E, EEE, EEEE', () => {
    assert.deepEqual(
      ['d', 'dd', 'D', 'DDD'].map((p) => fmt(p, EARLY)),
      ['5', '05', '64', '064']
    );
    assert.deepEqual(
      ['E', 'EEE', 'EEEE'].map((p) => fmt(p)),
      ['Thu', 'Thu', 'Thursday']
    );
  });

  it('a, h, hh, H, HH, k, K', () => {
    assert.deepEqual(
      ['a', 'h', 'hh', 'H', 'HH', 'k', 'K'].map((p) => fmt(p)),
      ['PM', '3', '03', '15', '15', '15', '3']
    );
    assert.deepEqual(
      ['h', 'hh', 'H', 'HH'].map((p) => fmt(p, EARLY)),
      ['9', '09', '9', '09']
    );
    const midnight = ApexDatetime.newInstance(2026, 1, 15, 0, 0, 0);
    assert.deepEqual(
      ['a', 'h', 'H', 'k', 'K'].map((p) => fmt(p, midnight)),
      ['AM', '12', '0', '24', '0']
    );
    const noon = ApexDatetime.newInstance(2026, 1, 15, 12, 0, 0);
    assert.deepEqual(
      ['a', 'h', 'H', 'k', 'K'].map((p) => fmt(p, noon)),
      ['PM', '12', '12', '12', '0']
    );
  });

  it('m, mm, s, ss, S, SSS', () => {
    // SimpleDateFormat "S" is the millisecond as a number, padded to the letter count.
    assert.deepEqual(
      ['m', 'mm', 's', 'ss'].map((p) => fmt(p, EARLY)),
      ['7', '07', '3', '03']
    );
    assert.deepEqual(
      ['S', 'SSS', 'SSSS'].map((p) => fmt(p)),
      ['7', '007', '0007']
    );
  });

  it('z, zzzz, Z, X, XX, XXX', () => {
    // SimpleDateFormat: z is the general time zone (4+ letters: long name), Z RFC 822, X ISO 8601.
    assert.deepEqual(
      ['z', 'zzzz', 'Z', 'X', 'XX', 'XXX'].map((p) => fmt(p)),
      ['PST', 'Pacific Standard Time', '-0800', '-08', '-0800', '-08:00']
    );
    const summer = ApexDatetime.newInstance(2026, 7, 1, 12, 0, 0);
    assert.deepEqual(
      ['z', 'zzzz', 'XXX'].map((p) => fmt(p, summer)),
      ['PDT', 'Pacific Daylight Time', '-07:00']
    );
    assert.deepEqual(
      ['z', 'zzzz', 'Z', 'X', 'XXX'].map((p) => SAMPLE.formatGmt(p)),
      ['GMT', 'Greenwich Mean Time', '+0000', 'Z', 'Z']
    );
    assert.equal(SAMPLE.format('XXX', 'Asia/Kolkata'), '+05:30');
  });

  it('G, L, u, F, w, W, Y', () => {
    // The remaining SimpleDateFormat letters; weeks follow en_US (Sunday first, week 1
    // holds January 1st).
    assert.deepEqual(
      ['G', 'L', 'u', 'F', 'w', 'W'].map((p) => fmt(p)),
      ['AD', '1', '4', '3', '3', '3']
    );
    const newYearsEve = ApexDatetime.newInstance(2026, 12, 31, 12, 0, 0);
    assert.equal(newYearsEve.format('yyyy YYYY w'), '2026 2027 1');
    assert.equal(ApexDatetime.newInstance(2026, 1, 4, 12, 0, 0).format('w'), '2');
  });

  it('quoted text and escaped quotes', () => {
    // SimpleDateFormat: text in single quotes is literal; '' is a single quote.
    assert.equal(SAMPLE.formatGmt("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"), '2026-01-15T23:04:05.007Z');
    assert.equal(fmt("h 'o''clock' a"), "3 o'clock PM");
    assert.equal(fmt("''yy''"), "'26'");
    assert.equal(fmt('dd/MM, HH:mm - EEE!'), '15/01, 15:04 - Thu!');
  });

  it('other letters and unterminated quotes throw', () => {
    // SimpleDateFormat: "Illegal pattern character"; X takes at most three letters.
    throwsKind(() => fmt('yyyy-qq'), 'pattern', /^Illegal pattern character 'q'$/);
    throwsKind(() => fmt("yyyy 'open"), 'pattern', /Unterminated quote/);
    throwsKind(() => fmt('XXXX'), 'pattern', /ISO 8601/);
  });
});

describe('settings', () => {
  it('the user time zone drives local fields', () => {
    assert.equal(userTimeZone(), 'America/Los_Angeles');
    setUserTimeZone('Asia/Tokyo');
    assert.equal(SAMPLE.hour(), 8);
    assert.equal(SAMPLE.day(), 16);
    assert.equal(
      ApexDatetime.newInstance(2026, 1, 16, 8, 4, 5).getTime(),
      utc(2026, 0, 15, 23, 4, 5)
    );
  });

  it('unknown or wrongly cased zones are refused', () => {
    // Java time-zone IDs are case-sensitive.
    throwsKind(() => setUserTimeZone('Mars/Olympus_Mons'), 'argument', /Unknown time zone/);
    throwsKind(() => setUserTimeZone('america/los_angeles'), 'argument');
    assert.equal(userTimeZone(), 'America/Los_Angeles');
  });

  it('now() and today() read the clock seam', () => {
    setClock(() => utc(2026, 6, 4, 6, 59, 59));
    assert.equal(nowMillis(), utc(2026, 6, 4, 6, 59, 59));
    assert.equal(iso(ApexDatetime.now()), '2026-07-04T06:59:59.000Z');
    assert.equal(ApexDate.today().toString(), '2026-07-03');
  });

  it('a clock returning a fraction is refused', () => {
    setClock(() => 1.5);
    throwsKind(() => ApexDatetime.now(), 'argument', /clock/i);
  });
});
