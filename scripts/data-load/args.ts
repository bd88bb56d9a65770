/** The command line of `npm run data:load -- [flags]`: flags, defaults and `--help` text. */
import { flagHelp, readFlags, wholeNumber, type FlagSpec } from '../lib/flags.ts';
import { LoadError } from './errors.ts';

export const OPERATIONS = ['upsert', 'insert', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const DEFAULT_CHUNK_SIZE = 10_000;
export const DEFAULT_PARALLEL = 2;
/** Bulk API 2.0 takes at most 150,000,000 records a day; one upload is capped by bytes, not rows. */
export const MAX_CHUNK_SIZE = 150_000_000;
export const MAX_PARALLEL = 25;
export const RESULTS_ROOT = 'reports/data-load';

/** What the command line asks for, defaults filled in. */
export interface Options {
  help: boolean;
  dryRun: boolean;
  json: boolean;
  object?: string;
  file?: string;
  externalId?: string;
  operation: Operation;
  /** The org alias or username; undefined means sf's default target org. */
  org?: string;
  chunkSize: number;
  parallel: number;
  resultsDir?: string;
  /** The results directory of an interrupted load to continue. */
  resume?: string;
  /** Milliseconds between two status checks of a job. */
  pollMs: number;
}

const FLAGS: readonly FlagSpec[] = [
  {
    names: ['--object', '-s'],
    value: 'name',
    help: 'the sObject API name (Account, Invoice__c)'
  },
  {
    names: ['--file', '-f'],
    value: 'csv',
    help: 'the CSV to load; its header row names fields'
  },
  {
    names: ['--external-id', '-i'],
    value: 'field',
    help: 'the external id field that upsert matches on (required for upsert)'
  },
  { names: ['--operation'], value: 'op', help: 'upsert (default), insert or delete (by Id)' },
  {
    names: ['--org', '-o'],
    value: 'alias',
    help: "the org alias or username (default: sf's target-org)"
  },
  {
    names: ['--chunk-size'],
    value: 'rows',
    help: `rows per Bulk API job (default ${DEFAULT_CHUNK_SIZE.toLocaleString('en-US')})`
  },
  {
    names: ['--parallel'],
    value: 'jobs',
    help: `jobs in flight at once (default ${DEFAULT_PARALLEL})`
  },
  {
    names: ['--results-dir'],
    value: 'dir',
    help: `where results and the resume state go (default ${RESULTS_ROOT}/<timestamp>)`
  },
  {
    names: ['--resume'],
    value: 'dir',
    help: 'continue the interrupted load whose results are in <dir>'
  },
  {
    names: ['--poll-interval'],
    value: 'ms',
    help: 'milliseconds between job status checks (default 2000)'
  },
  { names: ['--dry-run'], help: 'validate the CSV and print the jobs; send nothing' },
  { names: ['--json'], help: 'print the JSON summary on standard output' },
  { names: ['--help', '-h'], help: 'show this help' }
];

/** The `--help` text. */
export function usage(): string {
  return [
    'Usage: npm run data:load -- --object <name> --file <csv> --external-id <field> [flags]',
    '       npm run data:load -- --resume <results-dir>',
    '',
    'Loads a CSV into an org with Bulk API 2.0: validates it first (nothing is sent when it is',
    'malformed), splits it into jobs of --chunk-size rows, runs --parallel jobs at once, and writes',
    'successful.csv, failed.csv, unprocessed.csv and summary.json into the results directory.',
    'An interrupted load continues with --resume; no row is sent twice. See docs/data-load.md.',
    '',
    ...flagHelp(FLAGS, 30)
  ].join('\n');
}

const usageError = (message: string): never => {
  throw new LoadError(message, 'Usage');
};

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function apiName(flag: string, raw: string): string {
  if (!API_NAME.test(raw))
    usageError(
      `${flag} must be an API name (letters, digits and underscores, like Account or ERP_Id__c), not '${raw}'.`
    );
  return raw;
}

/** Checks that a fresh load has what it needs; a resume takes the rest from its state file. */
function checkComplete(options: Options): void {
  if (options.help || options.resume) return;
  const missing = [
    options.object ? '' : '--object',
    options.file ? '' : '--file',
    options.operation === 'upsert' && !options.externalId ? '--external-id' : ''
  ].filter(Boolean);
  if (missing.length > 0)
    throw new LoadError(
      `Missing ${missing.join(', ')}${options.operation === 'upsert' && !options.externalId ? ' (upsert matches rows on an external id field; use --operation insert to create only)' : ''}.\n${usage()}`,
      'Usage'
    );
}

/** Parses the flags; unknown flags and missing values are errors that show usage. */
export function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    help: false,
    dryRun: false,
    json: false,
    operation: 'upsert',
    chunkSize: DEFAULT_CHUNK_SIZE,
    parallel: DEFAULT_PARALLEL,
    pollMs: 2000
  };
  const withUsage = (message: string): never => usageError(`${message}\n${usage()}`);
  for (const { flag, value } of readFlags(argv, FLAGS, withUsage)) {
    const name = flag.names[0];
    switch (name) {
      case '--help':
        options.help = true;
        break;
      case '--dry-run':
        options.dryRun = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--object':
        options.object = apiName(name, value);
        break;
      case '--file':
        options.file = value;
        break;
      case '--external-id':
        options.externalId = apiName(name, value);
        break;
      case '--operation':
        if (!(OPERATIONS as readonly string[]).includes(value))
          usageError(`--operation must be one of ${OPERATIONS.join(', ')}, not '${value}'.`);
        options.operation = value as Operation;
        break;
      case '--org':
        options.org = value;
        break;
      case '--chunk-size':
        options.chunkSize = wholeNumber(name, value, 1, MAX_CHUNK_SIZE, usageError);
        break;
      case '--parallel':
        options.parallel = wholeNumber(name, value, 1, MAX_PARALLEL, usageError);
        break;
      case '--results-dir':
        options.resultsDir = value;
        break;
      case '--resume':
        options.resume = value;
        break;
      case '--poll-interval':
        options.pollMs = wholeNumber(name, value, 1, 600_000, usageError);
        break;
    }
  }
  checkComplete(options);
  return options;
}

/** The default results directory: reports/data-load/2026-01-31T12-00-00Z. */
export function defaultResultsDir(now: Date): string {
  return `${RESULTS_ROOT}/${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}`;
}
