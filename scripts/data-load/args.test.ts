/** Unit tests of `args.ts` and `errors.ts`: flags, defaults, and the instructions for API errors. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_CHUNK_SIZE,
  DEFAULT_PARALLEL,
  defaultResultsDir,
  parseArgs,
  usage
} from './args.ts';
import { LoadError, explain, translate } from './errors.ts';

const BASE = ['--object', 'Account', '--file', 'a.csv', '--external-id', 'ERP_Id__c'];

describe('parseArgs', () => {
  it('fills in the defaults', () => {
    const o = parseArgs(BASE);
    assert.deepEqual(
      [o.operation, o.chunkSize, o.parallel, o.org, o.resultsDir, o.resume, o.dryRun, o.json],
      [
        'upsert',
        DEFAULT_CHUNK_SIZE,
        DEFAULT_PARALLEL,
        undefined,
        undefined,
        undefined,
        false,
        false
      ]
    );
    assert.deepEqual([DEFAULT_CHUNK_SIZE, DEFAULT_PARALLEL], [10_000, 2]);
  });

  it('reads every flag, long and short', () => {
    const o = parseArgs([
      '-s',
      'Invoice__c',
      '-f',
      'i.csv',
      '-i',
      'Number__c',
      '-o',
      'uat',
      '--operation',
      'upsert',
      '--chunk-size',
      '50_000',
      '--parallel',
      '4',
      '--results-dir',
      'out',
      '--poll-interval',
      '500',
      '--dry-run',
      '--json'
    ]);
    assert.deepEqual(
      [
        o.object,
        o.file,
        o.externalId,
        o.org,
        o.chunkSize,
        o.parallel,
        o.resultsDir,
        o.pollMs,
        o.dryRun,
        o.json
      ],
      ['Invoice__c', 'i.csv', 'Number__c', 'uat', 50_000, 4, 'out', 500, true, true]
    );
  });

  it('needs --external-id for upsert only', () => {
    assert.throws(
      () => parseArgs(['--object', 'Account', '--file', 'a.csv']),
      /Missing --external-id \(upsert matches/
    );
    assert.equal(
      parseArgs(['--object', 'Account', '--file', 'a.csv', '--operation', 'insert']).operation,
      'insert'
    );
  });

  it('needs nothing else with --resume', () => {
    assert.equal(parseArgs(['--resume', 'reports/data-load/x']).resume, 'reports/data-load/x');
  });

  it('refuses unknown flags, missing values, bad numbers, operations and names, with usage', () => {
    assert.throws(
      () => parseArgs([...BASE, '--bulk']),
      (e: unknown) =>
        e instanceof LoadError &&
        /Unknown flag '--bulk'/.test(e.message) &&
        /Usage: npm run data:load/.test(e.message)
    );
    assert.throws(() => parseArgs([...BASE, '--org']), /--org needs a value/);
    assert.throws(
      () => parseArgs([...BASE, '--chunk-size', '0']),
      /--chunk-size must be a whole number from 1/
    );
    assert.throws(
      () => parseArgs([...BASE, '--parallel', '26']),
      /--parallel must be a whole number from 1 to 25/
    );
    assert.throws(
      () => parseArgs([...BASE, '--operation', 'merge']),
      /--operation must be one of upsert, insert, delete/
    );
    assert.throws(
      () => parseArgs(['--object', 'Account; drop', '--file', 'a.csv', '--operation', 'insert']),
      /--object must be an API name/
    );
  });

  it('documents every flag in --help', () => {
    for (const flag of [
      '--object',
      '--file',
      '--external-id',
      '--operation',
      '--org',
      '--chunk-size',
      '--parallel',
      '--results-dir',
      '--resume',
      '--dry-run',
      '--json'
    ])
      assert.ok(usage().includes(flag), flag);
  });

  it('names the default results directory after the start time', () => {
    assert.equal(
      defaultResultsDir(new Date('2026-01-31T12:00:05.123Z')),
      'reports/data-load/2026-01-31T12-00-05Z'
    );
  });
});

/** An error shaped like jsforce's HttpApi errors: the errorCode as name. */
function apiError(errorCode: string, message: string): Error {
  return Object.assign(new Error(message), { name: errorCode, errorCode });
}

describe('translate', () => {
  const dir = 'reports/data-load/t';

  it('turns an expired session into a login instruction and a resume', () => {
    const e = translate(apiError('INVALID_SESSION_ID', 'Session expired or invalid'), 'uat', dir);
    assert.equal(e?.code, 'NotAuthorized');
    assert.match(
      e?.message ?? '',
      /session for 'uat' is no longer valid: log in again with `sf org login web --alias uat`, then rerun with `--resume reports\/data-load\/t`/
    );
  });

  it('turns an API limit into the limits command and a resume', () => {
    const e = translate(
      apiError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      'uat',
      dir
    );
    assert.equal(e?.code, 'ApiLimit');
    assert.match(e?.message ?? '', /sf org list limits --target-org uat/);
  });

  it('names missing API access and an unreachable org', () => {
    assert.equal(
      translate(apiError('API_DISABLED_FOR_ORG', 'API is not enabled'), 'uat')?.code,
      'NoApiAccess'
    );
    assert.equal(
      translate(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
      )?.code,
      'Network'
    );
  });

  it('keeps the message of an error it does not know, with the resume instruction', () => {
    assert.equal(translate(apiError('INVALIDJOB', 'InvalidJob : Invalid object')), null);
    assert.equal(
      explain(
        apiError('INVALIDJOB', 'InvalidJob : Invalid object'),
        'The Bulk API load',
        'uat',
        dir
      ).message,
      'The Bulk API load failed: InvalidJob : Invalid object. Fix the cause, then rerun with `--resume reports/data-load/t`.'
    );
  });
});
