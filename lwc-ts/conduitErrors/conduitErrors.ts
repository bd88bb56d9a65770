// The one error path of the monitoring app: every failure a component meets (a wire error, a
// rejected imperative Apex call, a UI API error, a thrown Error) goes through reduceErrors, so
// the admin always reads the platform's message rather than "[object Object]". Also the shared
// number and date formatting, so every tab writes durations and percentages the same way.
import LOCALE from '@salesforce/i18n/locale';
import TIME_ZONE from '@salesforce/i18n/timeZone';
import type { PageReference } from 'lightning/navigation';

/** What the tabs show in place of a value that is not known (null, undefined, not a number). */
export const NO_VALUE = '—';

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

function messageOf(value: unknown): string[] {
  if (isBag(value) && typeof value.message === 'string') {
    return [value.message];
  }
  return [];
}

/** `{ field: [{ message }] }` as UI API and DML errors report field problems. */
function fieldMessages(fieldErrors: unknown): string[] {
  if (!isBag(fieldErrors)) {
    return [];
  }
  return Object.values(fieldErrors).flatMap((entries) => {
    return Array.isArray(entries) ? entries.flatMap(messageOf) : messageOf(entries);
  });
}

/** Messages inside a response body, whichever server API produced it. */
function bodyMessages(body: unknown): string[] {
  if (typeof body === 'string') {
    return [body];
  }
  if (Array.isArray(body)) {
    return body.flatMap(messageOf);
  }
  if (!isBag(body)) {
    return [];
  }
  const messages: string[] = [];
  // UI API record operations: { output: { errors, fieldErrors } }.
  if (isBag(body.output)) {
    const { errors, fieldErrors } = body.output;
    messages.push(...(Array.isArray(errors) ? errors.flatMap(messageOf) : []));
    messages.push(...fieldMessages(fieldErrors));
  }
  // DML and UI API validation errors: { pageErrors, fieldErrors }.
  if (Array.isArray(body.pageErrors)) {
    messages.push(...body.pageErrors.flatMap(messageOf));
  }
  messages.push(...fieldMessages(body.fieldErrors));
  // Apex (AuraHandledException and any other exception): { message }.
  if (messages.length === 0) {
    messages.push(...messageOf(body));
  }
  return messages;
}

function collect(error: unknown): string[] {
  if (error === null || error === undefined) {
    return [];
  }
  if (typeof error === 'string') {
    return [error];
  }
  if (Array.isArray(error)) {
    return error.flatMap(collect);
  }
  if (!isBag(error)) {
    return [String(error)];
  }
  if ('body' in error) {
    const fromBody = bodyMessages(error.body);
    if (fromBody.length > 0) {
      return fromBody;
    }
  }
  if (typeof error.message === 'string') {
    return [error.message];
  }
  if (typeof error.statusText === 'string' && error.statusText !== '') {
    return [error.statusText];
  }
  return [];
}

/**
 * Turns any error a component can meet into readable messages: Apex errors (`{ body: { message } }`,
 * including AuraHandledException), arrays of errors, UI API errors (`body.output.errors`,
 * `fieldErrors`, `pageErrors`), JavaScript `Error`s and plain strings.
 *
 * @param error whatever was caught or delivered by a wire adapter
 * @returns the distinct, non-blank messages, in the order met; empty when there is no error
 * @example reduceErrors({ body: { message: 'Insufficient access' } }) // ['Insufficient access']
 */
export function reduceErrors(error: unknown): string[] {
  const messages = collect(error)
    .map((message) => message.trim())
    .filter((message) => message !== '');
  if (messages.length === 0 && error !== null && error !== undefined) {
    // Something failed without saying what: say so rather than show nothing.
    return ['An unexpected error occurred and the server gave no details.'];
  }
  return [...new Set(messages)];
}

// Built once: an Intl format is costly to construct and the locale and time zone never change
// while the page is open. Number formats are kept by their maximum fraction digits.
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
const PERCENT_FORMAT = new Intl.NumberFormat(LOCALE, {
  style: 'percent',
  maximumFractionDigits: 1
});
const DATE_TIME_FORMAT = new Intl.DateTimeFormat(LOCALE, {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: TIME_ZONE
});
const HOUR_FORMAT = new Intl.DateTimeFormat(LOCALE, { hour: 'numeric', timeZone: TIME_ZONE });
const TIME_FORMAT = new Intl.DateTimeFormat(LOCALE, { timeStyle: 'medium', timeZone: TIME_ZONE });

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Writes a duration the way people read it: `850 ms`, `1.2 s`, `3 min 5 s`.
 *
 * @param milliseconds the duration; null or undefined gives {@link NO_VALUE}
 * @returns the readable duration
 */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (!isNumber(milliseconds)) {
    return NO_VALUE;
  }
  if (milliseconds < 1000) {
    return `${Math.round(milliseconds)} ms`;
  }
  if (milliseconds < 60_000) {
    return `${formatNumber(milliseconds / 1000, 1)} s`;
  }
  const totalSeconds = Math.round(milliseconds / 1000);
  return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
}

/**
 * Writes a number in the user's locale.
 *
 * @param value the number; null or undefined gives {@link NO_VALUE}
 * @param fractionDigits at most this many digits after the decimal separator (default 0)
 * @returns the formatted number
 */
export function formatNumber(value: number | null | undefined, fractionDigits = 0): string {
  if (!isNumber(value)) {
    return NO_VALUE;
  }
  let format = NUMBER_FORMATS.get(fractionDigits);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: fractionDigits });
    NUMBER_FORMATS.set(fractionDigits, format);
  }
  return format.format(value);
}

/**
 * Writes a ratio (0..1) as a percentage in the user's locale, e.g. `0.125` → `12.5%`.
 *
 * @param ratio the ratio; null or undefined gives {@link NO_VALUE}
 * @returns the percentage with at most one decimal
 */
export function formatPercent(ratio: number | null | undefined): string {
  if (!isNumber(ratio)) {
    return NO_VALUE;
  }
  return PERCENT_FORMAT.format(ratio);
}

/**
 * Writes an ISO-8601 date-time with `formatter`.
 *
 * @param iso the date-time as Apex serialises it; null, undefined or unparsable gives
 *   {@link NO_VALUE}
 * @param formatter the locale and time-zone bound format to write it with
 * @returns the formatted date-time
 */
function formatIso(iso: string | null | undefined, formatter: Intl.DateTimeFormat): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) {
    return NO_VALUE;
  }
  return formatter.format(time);
}

/**
 * Writes an ISO-8601 date-time in the user's locale and Salesforce time zone.
 *
 * @param iso the date-time as Apex serialises it; null, undefined or unparsable gives
 *   {@link NO_VALUE}
 * @returns the date and time, e.g. `Nov 27, 2026, 2:05 PM`
 */
export function formatDateTime(iso: string | null | undefined): string {
  return formatIso(iso, DATE_TIME_FORMAT);
}

/**
 * Writes only the hour of an ISO-8601 date-time (for chart axes), in the user's time zone.
 *
 * @param iso the date-time; null, undefined or unparsable gives {@link NO_VALUE}
 * @returns the hour, e.g. `2 PM`
 */
export function formatHour(iso: string | null | undefined): string {
  return formatIso(iso, HOUR_FORMAT);
}

/**
 * Writes the time of an ISO-8601 date-time with seconds, in the user's locale and Salesforce
 * time zone.
 *
 * @param iso the date-time; null, undefined or unparsable gives {@link NO_VALUE}
 * @returns the time, e.g. `2:05:09 PM`
 */
export function formatTime(iso: string | null | undefined): string {
  return formatIso(iso, TIME_FORMAT);
}

/** The page state parameter that deep-links to a trace on the Traces tab: `?c__traceId=...`. */
export const TRACE_ID_PARAM = 'c__traceId';

/** The Traces tab of the Conduit app. */
export const TRACES_TAB: PageReference = {
  type: 'standard__navItemPage',
  attributes: { apiName: 'Conduit_Traces' }
};

/**
 * The Traces tab opened on one trace, for the components that link to it.
 * @param traceId the trace to show
 */
export function tracePage(traceId: string): PageReference {
  return { ...TRACES_TAB, state: { [TRACE_ID_PARAM]: traceId } };
}
