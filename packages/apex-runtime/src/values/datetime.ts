/**
 * Apex `Date`, `Datetime` and `Time` as immutable values, with the platform's documented
 * semantics for a user whose locale is en_US (ICU locale formats) and whose time zone is a
 * module-level setting. No dependencies: time-zone rules come from the runtime's Intl data.
 *
 * Sources (Apex Reference Guide, System namespace):
 * - Date Class: apex_methods_system_date.htm
 * - Datetime Class: apex_methods_system_datetime.htm
 * - Time Class: apex_methods_system_time.htm
 * - String Class (valueOf / valueOfGmt): apex_methods_system_string.htm
 * Where the guide is silent the behaviour follows java.util.GregorianCalendar and
 * java.text.SimpleDateFormat, which the guide names for patterns and which Apex's lenient
 * constructors visibly use (Date.newInstance(2016, 27, 7) is 2018-03-07).
 */

// ---------------------------------------------------------------------------------------------
// Errors

/** What went wrong, so the interpreter can pick the Apex exception type. */
export type DateTimeErrorKind = 'argument' | 'parse' | 'pattern';

/**
 * A failed date/time operation. `parse` errors carry Apex's own message text
 * ("Invalid date: …", "Invalid date/time: …"), which Apex raises as System.TypeException.
 */
export class ApexDateTimeError extends Error {
  override name = 'ApexDateTimeError';
  constructor(
    message: string,
    readonly kind: DateTimeErrorKind
  ) {
    super(message);
  }
}

function requireInteger(value: number, what: string): number {
  if (!Number.isInteger(value)) {
    throw new ApexDateTimeError(`${what} must be an integer, got ${String(value)}`, 'argument');
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Settings: the running user's time zone and the clock

const DEFAULT_TIME_ZONE = 'America/Los_Angeles';
let currentUserZone = DEFAULT_TIME_ZONE;
let clock: () => number = Date.now;

/** Sets the running user's time zone (a Java/IANA time-zone ID); unknown IDs are refused. */
export function setUserTimeZone(tz: string): void {
  if (lookupZone(tz) === undefined) {
    throw new ApexDateTimeError(`Unknown time zone: ${tz}`, 'argument');
  }
  currentUserZone = tz;
}

export function userTimeZone(): string {
  return currentUserZone;
}

/** Replaces the clock behind Datetime.now() and Date.today() (tests pin it). */
export function setClock(fn: () => number): void {
  clock = fn;
}

/** The current instant in epoch milliseconds, from the clock seam. */
export function nowMillis(): number {
  return requireInteger(clock(), 'The clock');
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic: proleptic Gregorian, days counted from 1970-01-01 ("epoch day")

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

/** Modulo with the sign of the divisor, so negative instants split into day + time-of-day. */
function floorMod(a: number, b: number): number {
  return a - floorDiv(a, b) * b;
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthLength(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Epoch day of a valid civil date (H. Hinnant's days_from_civil, 400-year eras). */
function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = floorDiv(153 * monthFromMarch + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Civil date of an epoch day (H. Hinnant's civil_from_days). */
function civilOf(epochDay: number): CivilDate {
  const z = epochDay + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = floorDiv(
    dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36524) - floorDiv(dayOfEra, 146096),
    365
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const monthFromMarch = floorDiv(5 * dayOfYear + 2, 153);
  const day = dayOfYear - floorDiv(153 * monthFromMarch + 2, 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * Epoch day of possibly out-of-range fields, resolved like Java's lenient calendar: surplus
 * months roll into years, then the day counts on from the 1st (so day 0 is the previous
 * month's last day). Apex does this: Date.newInstance(2016, 27, 7) is 2018-03-07.
 */
function lenientEpochDay(year: number, month: number, day: number): number {
  const monthIndex = month - 1;
  const normalYear = year + floorDiv(monthIndex, 12);
  const normalMonth = floorMod(monthIndex, 12) + 1;
  return epochDayOf(normalYear, normalMonth, 1) + day - 1;
}

/** Adds months keeping the day, clamped to the target month's length (Java Calendar.add). */
function addMonthsToCivil(date: CivilDate, months: number): number {
  const monthIndex = date.month - 1 + months;
  const year = date.year + floorDiv(monthIndex, 12);
  const month = floorMod(monthIndex, 12) + 1;
  return epochDayOf(year, month, Math.min(date.day, monthLength(year, month)));
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function dayOfWeek(epochDay: number): number {
  return floorMod(epochDay + 4, 7);
}

function dayOfYearOf(epochDay: number, year: number): number {
  return epochDay - epochDayOf(year, 1, 1) + 1;
}

// ---------------------------------------------------------------------------------------------
// Time zones

/** A time zone as the formatter and the wall-time resolver need it. */
interface Zone {
  readonly id: string;
  offsetAt(epochMs: number): number;
  shortName(epochMs: number): string;
  longName(epochMs: number): string;
}

// Java's TimeZone names these zones "GMT"/"UTC"; ICU would call all of them UTC.
const GMT_IDS = new Set(['GMT', 'Etc/GMT', 'Etc/GMT+0', 'Etc/GMT-0', 'Etc/GMT0', 'GMT0']);
const GMT_ALIASES = new Set([...GMT_IDS, 'Greenwich', 'Etc/Greenwich']);
// Java's custom zone IDs: GMT+h, GMT+hh, GMT+hhmm, GMT+hh:mm (TimeZone.getTimeZone).
const CUSTOM_ID = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/;

const zoneCache = new Map<string, Zone | null>();

function lookupZone(id: string): Zone | undefined {
  let zone = zoneCache.get(id);
  if (zone === undefined) {
    zone = customZone(id) ?? intlZone(id) ?? null;
    zoneCache.set(id, zone);
  }
  return zone ?? undefined;
}

/** Datetime.format(pattern, timezone) doc: "If the supplied time zone is not in the correct format, GMT is used." */
function zoneOrGmt(id: string): Zone {
  return lookupZone(id) ?? gmtZone();
}

function gmtZone(): Zone {
  return lookupZone('GMT') as Zone;
}

function userZone(): Zone {
  return lookupZone(currentUserZone) as Zone;
}

function formatOffsetId(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMs) / MS_PER_MINUTE;
  return `GMT${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

function fixedZone(id: string, offsetMs: number, short: string, long: string): Zone {
  return { id, offsetAt: () => offsetMs, shortName: () => short, longName: () => long };
}

function customZone(id: string): Zone | undefined {
  if (id === 'GMT') {
    return fixedZone(id, 0, 'GMT', 'Greenwich Mean Time');
  }
  const match = CUSTOM_ID.exec(id);
  if (match === null) {
    return undefined;
  }
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) {
    return undefined;
  }
  const offset = (match[1] === '-' ? -1 : 1) * (hours * MS_PER_HOUR + minutes * MS_PER_MINUTE);
  const name = formatOffsetId(offset);
  return fixedZone(id, offset, name, name);
}

function newIntlFormat(id: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    });
  } catch {
    return undefined;
  }
}

function intlZone(id: string): Zone | undefined {
  const fields = newIntlFormat(id);
  if (fields === undefined || isWrongCase(id, fields.resolvedOptions().timeZone)) {
    return undefined;
  }
  const short = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'short' });
  const long = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'long' });
  const gmt = GMT_ALIASES.has(id);
  return {
    id,
    offsetAt: (ms) => intlOffset(fields, ms),
    shortName: (ms) => (gmt ? 'GMT' : javaShortName(zoneNamePart(short, ms))),
    longName: (ms) => (gmt ? 'Greenwich Mean Time' : zoneNamePart(long, ms))
  };
}

/** Java's zone IDs are case-sensitive ("america/los_angeles" is GMT); ICU's are not. */
function isWrongCase(id: string, resolved: string): boolean {
  return resolved !== id && resolved.toLowerCase() === id.toLowerCase();
}

function zoneNamePart(format: Intl.DateTimeFormat, ms: number): string {
  return format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
}

/** ICU writes "GMT+9" where Java's fallback is "GMT+09:00". */
function javaShortName(icuName: string): string {
  const match = /^GMT([+-])(\d{1,2})(?::(\d{2}))?$/.exec(icuName);
  if (match === null) {
    return icuName;
  }
  return `GMT${match[1]}${pad(Number(match[2]), 2)}:${match[3] ?? '00'}`;
}

/** Offset = the zone's wall clock (read through Intl, to the second) minus the instant. */
function intlOffset(format: Intl.DateTimeFormat, epochMs: number): number {
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(epochMs)) {
    parts[part.type] = part.value;
  }
  const eraYear = Number(parts.year);
  const year = parts.era === 'BC' ? 1 - eraYear : eraYear;
  const day = epochDayOf(year, Number(parts.month), Number(parts.day));
  const wallSeconds = ((day * 24 + Number(parts.hour)) * 60 + Number(parts.minute)) * 60;
  const wallMs = (wallSeconds + Number(parts.second)) * MS_PER_SECOND;
  return wallMs - (epochMs - floorMod(epochMs, MS_PER_SECOND));
}

/** Milliseconds to add to UTC to get wall time in `tz` at an instant (unknown zones: GMT). */
export function offsetMillis(tz: string, epochMs: number): number {
  return zoneOrGmt(tz).offsetAt(epochMs);
}

// Two days either side of a wall time is wider than any offset, and no zone changes its
// offset twice within four days, so the window holds at most the one transition that matters.
const SEARCH_WINDOW = 2 * MS_PER_DAY;

/**
 * The instant at which `tz`'s wall clock shows `wallMs` (wall fields counted as if in UTC),
 * resolved as java.util.GregorianCalendar does (ZoneInfo.getOffsetsByWall): a wall time at
 * or after a transition's new-offset wall time takes the new offset, earlier ones the old.
 * So in a spring-forward gap the time is read with the old offset (02:30 becomes 03:30 PDT),
 * and in a fall-back overlap with the new, standard one (01:30 is the second 01:30, PST).
 */
export function wallTimeToInstant(tz: string, wallMs: number): number {
  return resolveWall(zoneOrGmt(tz), wallMs);
}

function resolveWall(zone: Zone, wallMs: number): number {
  const before = zone.offsetAt(wallMs - SEARCH_WINDOW);
  const after = zone.offsetAt(wallMs + SEARCH_WINDOW);
  if (before === after) {
    return wallMs - before;
  }
  const transition = findTransition(zone, wallMs - SEARCH_WINDOW, wallMs + SEARCH_WINDOW, after);
  return wallMs < transition + after ? wallMs - before : wallMs - after;
}

/** First instant in (low, high] whose offset is `after`, by bisection. */
function findTransition(zone: Zone, low: number, high: number, after: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zone.offsetAt(mid) === after) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

// ---------------------------------------------------------------------------------------------
// Fields of an instant in a zone

interface Fields extends CivilDate {
  epochDay: number;
  msOfDay: number;
  offset: number;
  zone: Zone;
  instant: number;
}

function fieldsAt(instant: number, zone: Zone): Fields {
  const offset = zone.offsetAt(instant);
  const wall = instant + offset;
  const epochDay = floorDiv(wall, MS_PER_DAY);
  return {
    ...civilOf(epochDay),
    epochDay,
    msOfDay: wall - epochDay * MS_PER_DAY,
    offset,
    zone,
    instant
  };
}

// ---------------------------------------------------------------------------------------------
// SimpleDateFormat patterns (Datetime.format doc: "using the supplied Java simple date format")

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Java prints years as year-of-era: astronomical year 0 is 1 BC. */
function yearOfEra(year: number): number {
  return year <= 0 ? 1 - year : year;
}

/** SimpleDateFormat: "yy" truncates to two digits; any other count is a minimum width. */
function formatYear(year: number, count: number): string {
  const value = yearOfEra(year);
  return count === 2 ? pad(value % 100, 2) : pad(value, count);
}

/** Text for 4+ letters, the 3-letter abbreviation for 3, else a number (SimpleDateFormat "Month"). */
function formatMonth(month: number, count: number): string {
  if (count >= 4) {
    return MONTH_NAMES[month - 1];
  }
  return count === 3 ? MONTH_NAMES[month - 1].slice(0, 3) : pad(month, count);
}

function formatDayName(epochDay: number, count: number): string {
  const name = DAY_NAMES[dayOfWeek(epochDay)];
  return count >= 4 ? name : name.slice(0, 3);
}

/** RFC 822 ("Z": -0800) or ISO 8601 ("X": -08, -0800, -08:00, Z for zero). */
function formatOffset(offsetMs: number, colon: boolean, withMinutes = true): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.floor(Math.abs(offsetMs) / MS_PER_MINUTE);
  const hours = pad(Math.floor(minutes / 60), 2);
  return withMinutes
    ? `${sign}${hours}${colon ? ':' : ''}${pad(minutes % 60, 2)}`
    : `${sign}${hours}`;
}

function formatIsoOffset(offsetMs: number, count: number): string {
  if (count > 3) {
    throw new ApexDateTimeError(`invalid ISO 8601 format: length=${count}`, 'pattern');
  }
  if (offsetMs === 0) {
    return 'Z';
  }
  return formatOffset(offsetMs, count === 3, count > 1);
}

/**
 * Week fields for the en_US locale (first day Sunday, minimal days in first week 1): week 1
 * is the week holding January 1st, so the last days of December can be week 1 of next year.
 */
function weekOfYear(f: Fields): { week: number; weekYear: number } {
  const weekStart = f.epochDay - dayOfWeek(f.epochDay);
  const nextJan1 = epochDayOf(f.year + 1, 1, 1);
  if (weekStart + 6 >= nextJan1) {
    return { week: 1, weekYear: f.year + 1 };
  }
  const jan1 = epochDayOf(f.year, 1, 1);
  return { week: floorDiv(f.epochDay - jan1 + dayOfWeek(jan1), 7) + 1, weekYear: f.year };
}

function weekOfMonth(f: Fields): number {
  const first = f.epochDay - f.day + 1;
  return floorDiv(f.day - 1 + dayOfWeek(first), 7) + 1;
}

const hourOf = (f: Fields): number => Math.floor(f.msOfDay / MS_PER_HOUR);

type LetterFormatter = (f: Fields, count: number) => string;

/** Every SimpleDateFormat letter; any other ASCII letter is an illegal pattern character. */
const LETTERS: Record<string, LetterFormatter> = {
  G: (f) => (f.year <= 0 ? 'BC' : 'AD'),
  y: (f, n) => formatYear(f.year, n),
  Y: (f, n) => formatYear(weekOfYear(f).weekYear, n),
  M: (f, n) => formatMonth(f.month, n),
  L: (f, n) => formatMonth(f.month, n),
  w: (f, n) => pad(weekOfYear(f).week, n),
  W: (f, n) => pad(weekOfMonth(f), n),
  D: (f, n) => pad(dayOfYearOf(f.epochDay, f.year), n),
  d: (f, n) => pad(f.day, n),
  F: (f, n) => pad(floorDiv(f.day - 1, 7) + 1, n),
  E: (f, n) => formatDayName(f.epochDay, n),
  u: (f, n) => pad(dayOfWeek(f.epochDay) === 0 ? 7 : dayOfWeek(f.epochDay), n),
  a: (f) => (hourOf(f) < 12 ? 'AM' : 'PM'),
  H: (f, n) => pad(hourOf(f), n),
  k: (f, n) => pad(hourOf(f) === 0 ? 24 : hourOf(f), n),
  K: (f, n) => pad(hourOf(f) % 12, n),
  h: (f, n) => pad(hourOf(f) % 12 === 0 ? 12 : hourOf(f) % 12, n),
  m: (f, n) => pad(Math.floor(f.msOfDay / MS_PER_MINUTE) % 60, n),
  s: (f, n) => pad(Math.floor(f.msOfDay / MS_PER_SECOND) % 60, n),
  S: (f, n) => pad(f.msOfDay % MS_PER_SECOND, n),
  z: (f, n) => (n >= 4 ? f.zone.longName(f.instant) : f.zone.shortName(f.instant)),
  Z: (f) => formatOffset(f.offset, false),
  X: (f, n) => formatIsoOffset(f.offset, n)
};

type Token = { letter: string; count: number } | { text: string };

/** Splits a pattern into letter runs and literal text ('quoted', '' for a quote). */
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (ch === "'") {
      const { text, next } = readQuoted(pattern, i);
      tokens.push({ text });
      i = next;
    } else if (/[A-Za-z]/.test(ch)) {
      let end = i;
      while (pattern[end] === ch) end++;
      tokens.push(letterToken(ch, end - i));
      i = end;
    } else {
      tokens.push({ text: ch });
      i++;
    }
  }
  return tokens;
}

function letterToken(letter: string, count: number): Token {
  if (!(letter in LETTERS)) {
    throw new ApexDateTimeError(`Illegal pattern character '${letter}'`, 'pattern');
  }
  return { letter, count };
}

/** Reads a quote starting at `start`: '' is one quote; 'abc' is abc; '' inside stays a quote. */
function readQuoted(pattern: string, start: number): { text: string; next: number } {
  if (pattern[start + 1] === "'") {
    return { text: "'", next: start + 2 };
  }
  let text = '';
  let i = start + 1;
  while (i < pattern.length) {
    if (pattern[i] === "'") {
      if (pattern[i + 1] !== "'") {
        return { text, next: i + 1 };
      }
      text += "'";
      i += 2;
    } else {
      text += pattern[i++];
    }
  }
  throw new ApexDateTimeError('Unterminated quote', 'pattern');
}

function formatInstant(instant: number, pattern: string, zone: Zone): string {
  const fields = fieldsAt(instant, zone);
  return tokenize(pattern)
    .map((t) => ('text' in t ? t.text : LETTERS[t.letter](fields, t.count)))
    .join('');
}

// en_US with ICU locale formats. Datetime.format doc: '6/6/1993, 3:03 AM'; Date.format doc:
// '3/21/2001'. formatLong doc: '12/28/2012 10:00:00 AM PST'.
const EN_US_DATE = 'M/d/yyyy';
const EN_US_DATETIME = 'M/d/yyyy, h:mm a';
const EN_US_LONG = 'M/d/yyyy h:mm:ss a z';

// ---------------------------------------------------------------------------------------------
// Parsing

function parseFailure(kind: 'date' | 'date/time', text: string): ApexDateTimeError {
  // Apex's TypeException text, e.g. "Invalid date: 10/11/1983", "Invalid date/time: 96598".
  return new ApexDateTimeError(`Invalid ${kind}: ${text}`, 'parse');
}

function numbers(match: RegExpExecArray, from: number, to: number): number[] {
  return match.slice(from, to + 1).map(Number);
}

// Date.valueOf / Datetime.valueOf doc: "standard date format yyyy-MM-dd HH:mm:ss"; the doc's
// own examples build '2008-10-5 12:20:20', so fields need not be zero-padded.
const ISO_DATE_TIME = /^(\d{1,9})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2}):(\d{1,2}))?$/;
// en_US short formats: M/d/yyyy and (ICU) M/d/yyyy, h:mm a; the pre-ICU form had no comma.
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{1,9})$/;
const US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{1,9}),? (\d{1,2}):(\d{2}) ?([AaPp][Mm])$/;

/** Hour of day from a 12-hour clock: "h" counts 12 as 0, "a" adds 12 for PM. */
function hourFrom12(hour: number, marker: string): number {
  return (hour === 12 ? 0 : hour) + (marker.toUpperCase() === 'PM' ? 12 : 0);
}

// ---------------------------------------------------------------------------------------------
// Date

/** An Apex Date: a day with no time and no zone. */
export class ApexDate {
  private readonly y: number;
  private readonly m: number;
  private readonly d: number;

  private constructor(private readonly epochDay: number) {
    const civil = civilOf(epochDay);
    this.y = civil.year;
    this.m = civil.month;
    this.d = civil.day;
  }

  static fromEpochDay(epochDay: number): ApexDate {
    return new ApexDate(requireInteger(epochDay, 'Epoch day'));
  }

  /**
   * Date.newInstance(year, month, day). Out-of-range months and days roll over like Java's
   * lenient calendar (undocumented; observed: newInstance(2016, 27, 7) is 2018-03-07 and
   * newInstance(y, m, 0) is the last day of the previous month).
   */
  static newInstance(year: number, month: number, day: number): ApexDate {
    requireInteger(year, 'Date year');
    requireInteger(month, 'Date month');
    requireInteger(day, 'Date day');
    return new ApexDate(lenientEpochDay(year, month, day));
  }

  /** Date.today doc: "the current date in the current user's time zone". */
  static today(): ApexDate {
    return new ApexDate(fieldsAt(nowMillis(), userZone()).epochDay);
  }

  /**
   * Date.valueOf(stringDate): "yyyy-MM-dd HH:mm:ss" per the doc; the time part is optional
   * and ignored, and "yyyy-MM-dd" alone is the common form.
   */
  static valueOf(text: string): ApexDate {
    const match = ISO_DATE_TIME.exec(text);
    if (match === null) {
      throw parseFailure('date', text);
    }
    const [year, month, day] = numbers(match, 1, 3);
    return new ApexDate(lenientEpochDay(year, month, day));
  }

  /** Date.parse doc: "The format of the String depends on the local date format" (en_US M/d/yyyy). */
  static parse(text: string): ApexDate {
    const match = US_DATE.exec(text);
    if (match === null) {
      throw parseFailure('date', text);
    }
    const [month, day, year] = numbers(match, 1, 3);
    return new ApexDate(lenientEpochDay(year, month, day));
  }

  static isLeapYear(year: number): boolean {
    return isLeap(requireInteger(year, 'Year'));
  }

  /** Date.daysInMonth doc: "for the specified year and month (1=Jan)". */
  static daysInMonth(year: number, month: number): number {
    requireInteger(year, 'Year');
    requireInteger(month, 'Month');
    const first = civilOf(lenientEpochDay(year, month, 1));
    return monthLength(first.year, first.month);
  }

  year(): number {
    return this.y;
  }

  month(): number {
    return this.m;
  }

  day(): number {
    return this.d;
  }

  dayOfYear(): number {
    return dayOfYearOf(this.epochDay, this.y);
  }

  toEpochDay(): number {
    return this.epochDay;
  }

  addDays(days: number): ApexDate {
    return new ApexDate(this.epochDay + requireInteger(days, 'Days'));
  }

  /** Adds calendar months; a day past the target month's end becomes its last day (Java Calendar.add). */
  addMonths(months: number): ApexDate {
    return new ApexDate(addMonthsToCivil(this.civil(), requireInteger(months, 'Months')));
  }

  /** Feb 29 plus a year is Feb 28 (same clamping as addMonths). */
  addYears(years: number): ApexDate {
    return new ApexDate(addMonthsToCivil(this.civil(), 12 * requireInteger(years, 'Years')));
  }

  /** Date.daysBetween doc: negative when this date is after `other`. */
  daysBetween(other: ApexDate): number {
    return other.epochDay - this.epochDay;
  }

  /** Date.monthsBetween doc: "ignoring the difference in days" (2006-12-02 to 2012-12-08 is 72). */
  monthsBetween(other: ApexDate): number {
    return (other.y - this.y) * 12 + (other.m - this.m);
  }

  toStartOfMonth(): ApexDate {
    return new ApexDate(this.epochDay - this.d + 1);
  }

  /** Date.toStartOfWeek doc: depends on the user's locale; "Sunday in the United States locale". */
  toStartOfWeek(): ApexDate {
    return new ApexDate(this.epochDay - dayOfWeek(this.epochDay));
  }

  isSameDay(other: ApexDate): boolean {
    return this.epochDay === other.epochDay;
  }

  /** Date.format doc (American-English locale): newInstance(2001, 3, 21).format() is '3/21/2001'. */
  format(): string {
    return this.formatPattern(EN_US_DATE);
  }

  /** String.valueOf(Date) doc: the standard "yyyy-MM-dd" format. */
  toString(): string {
    return this.formatPattern('yyyy-MM-dd');
  }

  /**
   * Implicit conversion ('' + date, System.debug). Primitive data types doc: "Using an
   * implicit string conversion with a Date value results in the date with the timestamp
   * appended", e.g. "2018-03-07 00:00:00".
   */
  toImplicitString(): string {
    return this.formatPattern('yyyy-MM-dd HH:mm:ss');
  }

  /** What JSON.serialize writes for a Date, e.g. "2026-01-15". */
  toJson(): string {
    return this.toString();
  }

  compareTo(other: ApexDate): number {
    return Math.sign(this.epochDay - other.epochDay);
  }

  equals(other: unknown): boolean {
    return other instanceof ApexDate && other.epochDay === this.epochDay;
  }

  private civil(): CivilDate {
    return { year: this.y, month: this.m, day: this.d };
  }

  private formatPattern(pattern: string): string {
    return formatInstant(this.epochDay * MS_PER_DAY, pattern, gmtZone());
  }
}

// ---------------------------------------------------------------------------------------------
// Time

/** An Apex Time: milliseconds since midnight, 0..86399999, with no zone. */
export class ApexTime {
  private constructor(private readonly msOfDay: number) {}

  /** Time.newInstance(hour, minutes, seconds, milliseconds); out-of-range values wrap around midnight. */
  static newInstance(hour: number, minute: number, second: number, millisecond: number): ApexTime {
    const total =
      requireInteger(hour, 'Time hour') * MS_PER_HOUR +
      requireInteger(minute, 'Time minute') * MS_PER_MINUTE +
      requireInteger(second, 'Time second') * MS_PER_SECOND +
      requireInteger(millisecond, 'Time millisecond');
    return ApexTime.fromMillisOfDay(total);
  }

  static fromMillisOfDay(ms: number): ApexTime {
    return new ApexTime(floorMod(requireInteger(ms, 'Milliseconds of day'), MS_PER_DAY));
  }

  hour(): number {
    return Math.floor(this.msOfDay / MS_PER_HOUR);
  }

  minute(): number {
    return Math.floor(this.msOfDay / MS_PER_MINUTE) % 60;
  }

  second(): number {
    return Math.floor(this.msOfDay / MS_PER_SECOND) % 60;
  }

  millisecond(): number {
    return this.msOfDay % MS_PER_SECOND;
  }

  toMillisOfDay(): number {
    return this.msOfDay;
  }

  addHours(hours: number): ApexTime {
    return this.plus(requireInteger(hours, 'Hours') * MS_PER_HOUR);
  }

  addMinutes(minutes: number): ApexTime {
    return this.plus(requireInteger(minutes, 'Minutes') * MS_PER_MINUTE);
  }

  addSeconds(seconds: number): ApexTime {
    return this.plus(requireInteger(seconds, 'Seconds') * MS_PER_SECOND);
  }

  /** Time.addMilliseconds doc: (1, 2, 3, 0) plus 1400 is (1, 2, 4, 400). */
  addMilliseconds(milliseconds: number): ApexTime {
    return this.plus(requireInteger(milliseconds, 'Milliseconds'));
  }

  /** How Apex prints a Time (string concatenation, System.debug), e.g. "10:10:10.010Z". */
  toString(): string {
    return formatInstant(this.msOfDay, "HH:mm:ss.SSS'Z'", gmtZone());
  }

  /** What JSON.serialize writes for a Time. */
  toJson(): string {
    return this.toString();
  }

  compareTo(other: ApexTime): number {
    return Math.sign(this.msOfDay - other.msOfDay);
  }

  equals(other: unknown): boolean {
    return other instanceof ApexTime && other.msOfDay === this.msOfDay;
  }

  private plus(ms: number): ApexTime {
    return new ApexTime(floorMod(this.msOfDay + ms, MS_PER_DAY));
  }
}

// ---------------------------------------------------------------------------------------------
// Datetime

type LocalArgs =
  | [date: ApexDate, time: ApexTime]
  | [year: number, month: number, day: number]
  | [year: number, month: number, day: number, hour: number, minute: number, second: number];

type DatetimeArgs = [milliseconds: number] | LocalArgs;

// ECMAScript's instant range; Intl cannot place instants outside it in a zone.
const MAX_INSTANT = 8.64e15;

/** Wall milliseconds (fields counted as if UTC) from (date, time) or lenient integer fields. */
function wallFromArgs(args: LocalArgs): number {
  if (args[0] instanceof ApexDate) {
    const [date, time] = args as [ApexDate, ApexTime];
    return date.toEpochDay() * MS_PER_DAY + time.toMillisOfDay();
  }
  const [year, month, day, hour = 0, minute = 0, second = 0] = args as number[];
  const names = ['year', 'month', 'day', 'hour', 'minute', 'second'];
  (args as number[]).forEach((value, i) => requireInteger(value, `Datetime ${names[i]}`));
  const epochDay = lenientEpochDay(year, month, day);
  return (
    epochDay * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND
  );
}

/** An Apex Datetime: an instant, in epoch milliseconds. */
export class ApexDatetime {
  private constructor(private readonly instant: number) {
    if (Math.abs(instant) > MAX_INSTANT) {
      throw new ApexDateTimeError(`Datetime out of range: ${instant}`, 'argument');
    }
  }

  /**
   * Datetime.newInstance: (milliseconds since the epoch), (date, time), (year, month, day)
   * at midnight, or (year, month, day, hour, minute, second), all "in the local time zone"
   * (the user's). Out-of-range fields roll over as in Date.newInstance.
   */
  static newInstance(milliseconds: number): ApexDatetime;
  static newInstance(date: ApexDate, time: ApexTime): ApexDatetime;
  static newInstance(year: number, month: number, day: number): ApexDatetime;
  static newInstance(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number
  ): ApexDatetime;
  static newInstance(...args: DatetimeArgs): ApexDatetime {
    if (args.length === 1) {
      return new ApexDatetime(requireInteger(args[0], 'Datetime milliseconds'));
    }
    return new ApexDatetime(resolveWall(userZone(), wallFromArgs(args)));
  }

  /** Datetime.newInstanceGmt: the same shapes as newInstance (less milliseconds), in GMT. */
  static newInstanceGmt(date: ApexDate, time: ApexTime): ApexDatetime;
  static newInstanceGmt(year: number, month: number, day: number): ApexDatetime;
  static newInstanceGmt(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number
  ): ApexDatetime;
  static newInstanceGmt(...args: LocalArgs): ApexDatetime {
    return new ApexDatetime(wallFromArgs(args));
  }

  /**
   * The Datetime a Date converts to (implicitly or by cast). Datetime doc: "the time component
   * being zeroed out"; it is midnight GMT, which is why code formatting such a value in a
   * US zone sees the previous day.
   */
  static fromDate(date: ApexDate): ApexDatetime {
    return new ApexDatetime(date.toEpochDay() * MS_PER_DAY);
  }

  static fromEpochMillis(ms: number): ApexDatetime {
    return new ApexDatetime(requireInteger(ms, 'Epoch milliseconds'));
  }

  static now(): ApexDatetime {
    return new ApexDatetime(nowMillis());
  }

  /** Datetime.valueOf doc: "yyyy-MM-dd HH:mm:ss" in the local time zone. */
  static valueOf(text: string): ApexDatetime {
    return new ApexDatetime(resolveWall(userZone(), parseIsoWall(text)));
  }

  /** Datetime.valueOfGmt doc: "yyyy-MM-dd HH:mm:ss" in the GMT time zone. */
  static valueOfGmt(text: string): ApexDatetime {
    return new ApexDatetime(parseIsoWall(text));
  }

  /**
   * Datetime.parse doc: "in the local time zone and in the format of the user locale";
   * en_US example (ICU): parse('10/14/2011, 11:46 AM'). The pre-ICU form without the comma
   * is accepted too.
   */
  static parse(text: string): ApexDatetime {
    const match = US_DATE_TIME.exec(text);
    if (match === null) {
      throw parseFailure('date/time', text);
    }
    const [month, day, year, hour, minute] = numbers(match, 1, 5);
    const wall = wallFromArgs([year, month, day, hourFrom12(hour, match[6]), minute, 0]);
    return new ApexDatetime(resolveWall(userZone(), wall));
  }

  getTime(): number {
    return this.instant;
  }

  addSeconds(seconds: number): ApexDatetime {
    return new ApexDatetime(this.instant + requireInteger(seconds, 'Seconds') * MS_PER_SECOND);
  }

  addMinutes(minutes: number): ApexDatetime {
    return new ApexDatetime(this.instant + requireInteger(minutes, 'Minutes') * MS_PER_MINUTE);
  }

  addHours(hours: number): ApexDatetime {
    return new ApexDatetime(this.instant + requireInteger(hours, 'Hours') * MS_PER_HOUR);
  }

  /**
   * Whole 24-hour days: Apex adds days on the GMT calendar, so across a DST change the
   * local time shifts (America/Chicago, 2018-11-04 00:00 CDT plus one day is 2018-11-04
   * 23:00 CST; salesforce.stackexchange.com/q/238465).
   */
  addDays(days: number): ApexDatetime {
    return new ApexDatetime(this.instant + requireInteger(days, 'Days') * MS_PER_DAY);
  }

  /** Calendar months on the GMT calendar (like addDays), the day clamped to the month's end. */
  addMonths(months: number): ApexDatetime {
    return this.plusGmtMonths(requireInteger(months, 'Months'));
  }

  addYears(years: number): ApexDatetime {
    return this.plusGmtMonths(12 * requireInteger(years, 'Years'));
  }

  /** Datetime.date doc: the Date component "in the local time zone of the context user". */
  date(): ApexDate {
    return ApexDate.fromEpochDay(this.local().epochDay);
  }

  dateGmt(): ApexDate {
    return ApexDate.fromEpochDay(this.gmt().epochDay);
  }

  time(): ApexTime {
    return ApexTime.fromMillisOfDay(this.local().msOfDay);
  }

  timeGmt(): ApexTime {
    return ApexTime.fromMillisOfDay(this.gmt().msOfDay);
  }

  year(): number {
    return this.local().year;
  }

  month(): number {
    return this.local().month;
  }

  day(): number {
    return this.local().day;
  }

  hour(): number {
    return this.time().hour();
  }

  minute(): number {
    return this.time().minute();
  }

  second(): number {
    return this.time().second();
  }

  millisecond(): number {
    return this.time().millisecond();
  }

  dayOfYear(): number {
    return this.date().dayOfYear();
  }

  yearGmt(): number {
    return this.gmt().year;
  }

  monthGmt(): number {
    return this.gmt().month;
  }

  dayGmt(): number {
    return this.gmt().day;
  }

  hourGmt(): number {
    return this.timeGmt().hour();
  }

  minuteGmt(): number {
    return this.timeGmt().minute();
  }

  secondGmt(): number {
    return this.timeGmt().second();
  }

  millisecondGmt(): number {
    return this.timeGmt().millisecond();
  }

  dayOfYearGmt(): number {
    return this.dateGmt().dayOfYear();
  }

  /** Datetime.isSameDay doc: the same day "in the local time zone of the context user". */
  isSameDay(other: ApexDatetime): boolean {
    return this.local().epochDay === other.local().epochDay;
  }

  /**
   * format() is the user's locale format in the user's zone; format(pattern) a
   * SimpleDateFormat pattern in the user's zone; format(pattern, timezone) in that zone,
   * where an unrecognised zone means GMT (doc).
   */
  format(pattern?: string, timezone?: string): string {
    const zone = timezone === undefined ? userZone() : zoneOrGmt(timezone);
    return formatInstant(this.instant, pattern ?? EN_US_DATETIME, zone);
  }

  /** Datetime.formatGmt doc: newInstance(1993, 6, 6, 3, 3, 3) (PDT) with 'EEE, MMM d yyyy HH:mm:ss' is 'Sun, Jun 6 1993 10:03:03'. */
  formatGmt(pattern: string): string {
    return formatInstant(this.instant, pattern, gmtZone());
  }

  /** Datetime.formatLong doc: "Writes 12/28/2012 10:00:00 AM PST". */
  formatLong(): string {
    return formatInstant(this.instant, EN_US_LONG, userZone());
  }

  /**
   * Implicit conversion ('' + dt, System.debug): GMT "yyyy-MM-dd HH:mm:ss". Note that
   * String.valueOf(dt) is documented as the user's zone: see toStringLocal().
   */
  toString(): string {
    return this.toStringGmt();
  }

  /** String.valueOf(Datetime) doc: "yyyy-MM-dd HH:mm:ss" format "for the local time zone". */
  toStringLocal(): string {
    return this.format('yyyy-MM-dd HH:mm:ss');
  }

  /** String.valueOfGmt(Datetime) doc: "yyyy-MM-dd HH:mm:ss" format "for the GMT time zone". */
  toStringGmt(): string {
    return this.formatGmt('yyyy-MM-dd HH:mm:ss');
  }

  /** What JSON.serialize writes for a Datetime, e.g. "2026-01-15T23:04:05.000Z". */
  toJson(): string {
    return this.formatGmt("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
  }

  compareTo(other: ApexDatetime): number {
    return Math.sign(this.instant - other.instant);
  }

  equals(other: unknown): boolean {
    return other instanceof ApexDatetime && other.instant === this.instant;
  }

  private local(): Fields {
    return fieldsAt(this.instant, userZone());
  }

  private gmt(): Fields {
    return fieldsAt(this.instant, gmtZone());
  }

  private plusGmtMonths(months: number): ApexDatetime {
    const gmt = this.gmt();
    return new ApexDatetime(addMonthsToCivil(gmt, months) * MS_PER_DAY + gmt.msOfDay);
  }
}

function parseIsoWall(text: string): number {
  const match = ISO_DATE_TIME.exec(text);
  if (match === null || match[4] === undefined) {
    throw parseFailure('date/time', text);
  }
  const [year, month, day, hour, minute, second] = numbers(match, 1, 6);
  return wallFromArgs([year, month, day, hour, minute, second]);
}
