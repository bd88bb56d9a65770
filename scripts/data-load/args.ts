/** The command line of `npm run data:load -- [flags]`: flags, defaults and `--help` text. */
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

interface Flag {
  name: string;
  short?: string;
  value?: string;
  help: string;
}

const FLAGS: readonly Flag[] = [
  {
    name: '--object',
    short: '-s',
    value: 'name',
    help: 'the sObject API name (Account, Invoice__c)'
  },
  {
    name: '--file',
    short: '-f',
    value: 'csv',
    help: 'the CSV to load; its header row names fields'
  },
  {
    name: '--external-id',
    short: '-i',
    value: 'field',
    help: 'the external id field that upsert matches on (required for upsert)'
  },
  { name: '--operation', value: 'op', help: 'upsert (default), insert or delete (by Id)' },
  {
    name: '--org',
    short: '-o',
    value: 'alias',
    help: "the org alias or username (default: sf's target-org)"
  },
  {
    name: '--chunk-size',
    value: 'rows',
    help: `rows per Bulk API job (default ${DEFAULT_CHUNK_SIZE.toLocaleString('en-US')})`
  },
  {
    name: '--parallel',
    value: 'jobs',
    help: `jobs in flight at once (default ${DEFAULT_PARALLEL})`
  },
  {
    name: '--results-dir',
    value: 'dir',
    help: `where results and the resume state go (default ${RESULTS_ROOT}/<timestamp>)`
  },
  {
    name: '--resume',
    value: 'dir',
    help: 'continue the interrupted load whose results are in <dir>'
  },
  {
    name: '--poll-interval',
    value: 'ms',
    help: 'milliseconds between job status checks (default 2000)'
  },
  { name: '--dry-run', help: 'validate the CSV and print the jobs; send nothing' },
  { name: '--json', help: 'print the JSON summary on standard output' },
  { name: '--help', short: '-h', help: 'show this help' }
];

/** The `--help` text. */
export function usage(): string {
  const lines = FLAGS.map((f) => {
    const name = `${f.short ? `${f.short}, ` : '    '}${f.name}${f.value ? ` <${f.value}>` : ''}`;
    return `  ${name.padEnd(30)} ${f.help}`;
  });
  return [
    'Usage: npm run data:load -- --object <name> --file <csv> --external-id <field> [flags]',
    '       npm run data:load -- --resume <results-dir>',
    '',
    'Loads a CSV into an org with Bulk API 2.0: validates it first (nothing is sent when it is',
    'malformed), splits it into jobs of --chunk-size rows, runs --parallel jobs at once, and writes',
    'successful.csv, failed.csv, unprocessed.csv and summary.json into the results directory.',
    'An interrupted load continues with --resume; no row is sent twice. See docs/data-load.md.',
    '',
    ...lines
  ].join('\n');
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max)
    throw new LoadError(
      `${flag} must be a whole number from ${min} to ${max.toLocaleString('en-US')}, not '${raw}'.`,
      'Usage'
    );
  return n;
}

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function apiName(flag: string, raw: string): string {
  if (!API_NAME.test(raw))
    throw new LoadError(
      `${flag} must be an API name (letters, digits and underscores, like Account or ERP_Id__c), not '${raw}'.`,
      'Usage'
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
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const flag = FLAGS.find((f) => f.name === arg || f.short === arg);
    if (!flag) throw new LoadError(`Unknown flag '${arg}'.\n${usage()}`, 'Usage');
    let value = '';
    if (flag.value) {
      const next = argv[++i];
      if (next === undefined || next.startsWith('-'))
        throw new LoadError(`${flag.name} needs a value (<${flag.value}>).\n${usage()}`, 'Usage');
      value = next;
    }
    switch (flag.name) {
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
        options.object = apiName(flag.name, value);
        break;
      case '--file':
        options.file = value;
        break;
      case '--external-id':
        options.externalId = apiName(flag.name, value);
        break;
      case '--operation':
        if (!(OPERATIONS as readonly string[]).includes(value))
          throw new LoadError(
            `--operation must be one of ${OPERATIONS.join(', ')}, not '${value}'.`,
            'Usage'
          );
        options.operation = value as Operation;
        break;
      case '--org':
        options.org = value;
        break;
      case '--chunk-size':
        options.chunkSize = integer(flag.name, value, 1, MAX_CHUNK_SIZE);
        break;
      case '--parallel':
        options.parallel = integer(flag.name, value, 1, MAX_PARALLEL);
        break;
      case '--results-dir':
        options.resultsDir = value;
        break;
      case '--resume':
        options.resume = value;
        break;
      case '--poll-interval':
        options.pollMs = integer(flag.name, value, 1, 600_000);
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
