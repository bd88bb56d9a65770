import {
  NO_VALUE,
  formatDateTime,
  formatDuration,
  formatHour,
  formatNumber,
  formatPercent,
  reduceErrors
} from 'c/conduitErrors';

describe('c/conduitErrors reduceErrors', () => {
  it('returns nothing when there is no error', () => {
    expect(reduceErrors(undefined)).toEqual([]);
    expect(reduceErrors(null)).toEqual([]);
  });

  it('reads the message of an Apex error (AuraHandledException)', () => {
    expect(reduceErrors({ status: 500, body: { message: 'Insufficient access' } })).toEqual([
      'Insufficient access'
    ]);
  });

  it('reads every message of a body that is a list', () => {
    expect(reduceErrors({ body: [{ message: 'first' }, { message: 'second' }] })).toEqual([
      'first',
      'second'
    ]);
  });

  it('reads UI API output errors and field errors', () => {
    const error = {
      body: {
        message: 'An error occurred while trying to update the record.',
        output: {
          errors: [{ message: 'Record locked' }],
          fieldErrors: { Status__c: [{ message: 'Bad value for Status' }] }
        }
      }
    };
    expect(reduceErrors(error)).toEqual(['Record locked', 'Bad value for Status']);
  });

  it('reads DML page errors and field errors', () => {
    const error = {
      body: {
        pageErrors: [{ message: 'Validation failed' }],
        fieldErrors: { Name: { message: 'Name is required' } }
      }
    };
    expect(reduceErrors(error)).toEqual(['Validation failed', 'Name is required']);
  });

  it('reads JavaScript errors, strings, plain bodies and status texts', () => {
    expect(reduceErrors(new Error('boom'))).toEqual(['boom']);
    expect(reduceErrors('plain words')).toEqual(['plain words']);
    expect(reduceErrors({ body: 'text body' })).toEqual(['text body']);
    expect(reduceErrors({ body: {}, statusText: 'Service Unavailable' })).toEqual([
      'Service Unavailable'
    ]);
    expect(reduceErrors(42)).toEqual(['42']);
  });

  it('flattens lists of errors and drops duplicates and blanks', () => {
    expect(reduceErrors([new Error('same'), { body: { message: 'same' } }, '  ', 'other'])).toEqual(
      ['same', 'other']
    );
  });

  it('says something rather than nothing for an error without a message', () => {
    expect(reduceErrors({ body: null, statusText: '' })).toEqual([
      'An unexpected error occurred and the server gave no details.'
    ]);
    expect(reduceErrors({ body: { fieldErrors: 'not a map' } })).toHaveLength(1);
  });
});

describe('c/conduitErrors formatting', () => {
  it('writes durations in ms, s and min', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(1234)).toBe('1.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(null)).toBe(NO_VALUE);
    expect(formatDuration(Number.NaN)).toBe(NO_VALUE);
  });

  it('writes numbers and percentages in the user locale', () => {
    expect(formatNumber(12345.678)).toBe('12,346');
    expect(formatNumber(2.25, 1)).toBe('2.3');
    expect(formatNumber(undefined)).toBe(NO_VALUE);
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe(NO_VALUE);
  });

  it('writes date-times and hours in the user time zone', () => {
    // The Jest mock of @salesforce/i18n/timeZone is America/Los_Angeles (UTC-8 in November).
    expect(formatDateTime('2026-11-27T14:05:00.000Z')).toBe('Nov 27, 2026, 6:05 AM');
    expect(formatHour('2026-11-27T14:00:00.000Z')).toBe('6 AM');
    expect(formatDateTime(null)).toBe(NO_VALUE);
    expect(formatDateTime('not a date')).toBe(NO_VALUE);
    expect(formatHour(undefined)).toBe(NO_VALUE);
  });
});
