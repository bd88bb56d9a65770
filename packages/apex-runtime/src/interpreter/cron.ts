/**
 * Salesforce cron expressions (Apex Developer Guide, "Apex Scheduler": Seconds Minutes Hours
 * Day_of_month Month Day_of_week optional_year) evaluated in the running user's time zone, for the
 * local scheduler that runs Schedulable jobs when they are due.
 */
import { UnsupportedError } from './errors.ts';
import { offsetMillis, userTimeZone, wallTimeToInstant } from '../values/datetime.ts';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  values: Set<number>;
  any: boolean;
}

export interface Cron {
  seconds: Field;
  minutes: Field;
  hours: Field;
  daysOfMonth: Field;
  months: Field;
  daysOfWeek: Field;
  years: Field;
}

/** Parses a cron expression; throws an Error with the platform's kind of message on bad input. */
export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length < 6 || parts.length > 7) {
    throw new Error(`Cron expression must have 6 or 7 fields: ${expression}`);
  }
  const [s, mi, h, dom, mon, dow, year] = parts;
  return {
    seconds: field(s, 0, 59, []),
    minutes: field(mi, 0, 59, []),
    hours: field(h, 0, 23, []),
    daysOfMonth: field(dom, 1, 31, []),
    months: field(mon, 1, 12, MONTHS, 1),
    daysOfWeek: field(dow, 1, 7, DAYS, 1),
    years: field(year ?? '*', 1970, 2099, [])
  };
}

function field(text: string, low: number, high: number, names: string[], nameBase = 0): Field {
  if (text === '*' || text === '?') return { values: new Set(), any: true };
  if (text.split(',').some((part) => /^(\d*L|LW|\d+W|\d+#\d+)$/i.test(part))) {
    throw new UnsupportedError(`cron special characters L, W and # (${text})`);
  }
  const values = new Set<number>();
  const read = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < low || n > high)
      throw new Error(`Cron value out of range: ${token}`);
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`Cron increment is not valid: ${part}`);
    const [from, to] =
      range === '*'
        ? [low, high]
        : range.includes('-')
          ? range.split('-').map(read)
          : [read(range), stepText === undefined ? read(range) : high];
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, any: false };
}

const matches = (f: Field, v: number) => f.any || f.values.has(v);

/** The first instant strictly after `afterMs` that the expression names, or null within 5 years. */
export function nextFireTime(
  expression: string,
  afterMs: number,
  timeZone = userTimeZone()
): number | null {
  const cron = parseCron(expression);
  // Walk wall-clock seconds in the user's zone, skipping whole days and hours that cannot match.
  let wall = afterMs + offsetMillis(timeZone, afterMs) + 1000;
  wall -= wall % 1000;
  const limit = wall + 5 * 366 * 86400000;
  while (wall < limit) {
    const d = new Date(wall);
    const dayOk =
      matches(cron.years, d.getUTCFullYear()) &&
      matches(cron.months, d.getUTCMonth() + 1) &&
      matches(cron.daysOfMonth, d.getUTCDate()) &&
      matches(cron.daysOfWeek, d.getUTCDay() + 1);
    if (!dayOk) {
      wall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!matches(cron.hours, d.getUTCHours())) {
      wall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!matches(cron.minutes, d.getUTCMinutes())) {
      wall = Date.UTC(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes() + 1
      );
      continue;
    }
    if (!matches(cron.seconds, d.getUTCSeconds())) {
      wall += 1000;
      continue;
    }
    return wallTimeToInstant(timeZone, wall);
  }
  return null;
}
