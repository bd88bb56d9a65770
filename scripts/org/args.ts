/** The command line of `npm run org:<command> -- [flags]`: flags, defaults and `--help` text. */
import { flagHelp, readFlags, wholeNumber, type FlagSpec } from '../lib/flags.ts';
import { OrgError } from './errors.ts';

export const COMMANDS = [
  'create',
  'deploy',
  'test',
  'validate',
  'open',
  'delete',
  'status'
] as const;
export type Command = (typeof COMMANDS)[number];

/** The scratch org every command uses when no --alias / --target-org is given. */
export const DEFAULT_ALIAS = 'conduit';
export const DEFAULT_DEFINITION = 'config/project-scratch-def.json';
export const DEFAULT_COVERAGE = 90;
export const DEFAULT_OUTPUT_DIR = 'reports/org-tests';
export const DEFAULT_VALIDATE_DIR = 'reports/org-validate';

/** What the command line asks for, defaults filled in. */
export interface Options {
  command: Command;
  help: boolean;
  dryRun: boolean;
  json: boolean;
  /** The scratch org: `--alias` for create, `--target-org` for the others. */
  org: string;
  targetDevHub?: string;
  definitionFile: string;
  durationDays: number;
  skipBuild: boolean;
  /** Leave out the login URL (a live session): CI logs are often public. */
  noUrl: boolean;
  coverageThreshold: number;
  outputDir: string;
  waitMinutes: number;
}

interface Flag extends FlagSpec {
  commands: readonly Command[];
}

const ALL = COMMANDS;
const FLAGS: readonly Flag[] = [
  { names: ['--help', '-h'], help: 'show this help', commands: ALL },
  {
    names: ['--dry-run'],
    help: 'print the exact sf commands, run nothing',
    commands: ALL
  },
  { names: ['--json'], help: 'print one JSON result on standard output', commands: ALL },
  {
    names: ['--alias', '-a'],
    value: 'alias',
    help: `alias of the new scratch org (default ${DEFAULT_ALIAS})`,
    commands: ['create']
  },
  {
    names: ['--target-org', '-o'],
    value: 'alias',
    help: `the scratch org (default ${DEFAULT_ALIAS})`,
    commands: ['deploy', 'test', 'validate', 'open', 'delete', 'status']
  },
  {
    names: ['--target-dev-hub', '-v'],
    value: 'alias',
    help: 'the Dev Hub (default: the one set with --set-default-dev-hub)',
    commands: ['create']
  },
  {
    names: ['--definition-file', '-f'],
    value: 'file',
    help: `scratch org definition (default ${DEFAULT_DEFINITION})`,
    commands: ['create']
  },
  {
    names: ['--duration-days', '-d'],
    value: '1-30',
    help: 'days before the org expires (default 7)',
    commands: ['create']
  },
  {
    names: ['--skip-build'],
    help: 'deploy the LWC bundles already built',
    commands: ['create', 'deploy']
  },
  {
    names: ['--no-url'],
    help: 'do not print the login URL (a live session; keep it out of CI logs)',
    commands: ['create']
  },
  {
    names: ['--coverage-threshold'],
    value: '0-100',
    help: `fail under this org-wide Apex coverage, in % (default ${DEFAULT_COVERAGE})`,
    commands: ['test', 'validate']
  },
  {
    names: ['--output-dir'],
    value: 'dir',
    help: `where JUnit and JSON results go (default ${DEFAULT_OUTPUT_DIR})`,
    commands: ['test', 'validate']
  },
  {
    names: ['--wait'],
    value: 'minutes',
    help: 'minutes to wait for a deploy or test run (default 60)',
    commands: ['create', 'deploy', 'test', 'validate']
  }
];

const SUMMARY: Record<Command, string> = {
  create:
    'Create a scratch org and make it ready: build LWC, deploy every package directory, assign ' +
    'the permission sets, import sample data, store credentials from the environment, schedule ' +
    'the framework jobs, print the login URL.',
  deploy: 'Build LWC and deploy every package directory to the scratch org.',
  validate:
    'Validate (deploy check-only) force-app/main/default with its tests in force-app/tests/default, ' +
    "running the local tests: proves the framework's own coverage without the examples.",
  test: 'Run the Apex tests in the org with coverage; keep JUnit and JSON results; fail under the threshold.',
  open: 'Open the scratch org in a browser (with --json: print its login URL).',
  delete: 'Delete the scratch org.',
  status: 'Show the scratch org: user, instance, status and expiry.'
};

/** The `--help` text of one command. */
export function usage(command: Command): string {
  const flags = flagHelp(
    FLAGS.filter((f) => f.commands.includes(command)),
    34
  );
  return [`Usage: npm run org:${command} -- [flags]`, '', SUMMARY[command], '', ...flags].join(
    '\n'
  );
}

const usageError = (message: string): never => {
  throw new OrgError(message, 'Usage');
};

/** Parses the flags of one command; unknown flags and missing values are errors that show usage. */
export function parseArgs(command: string, argv: readonly string[]): Options {
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new OrgError(
      `Unknown command '${command}'. Commands: ${COMMANDS.map((c) => `org:${c}`).join(', ')}.`,
      'Usage'
    );
  const cmd = command as Command;
  const options: Options = {
    command: cmd,
    help: false,
    dryRun: false,
    json: false,
    org: DEFAULT_ALIAS,
    definitionFile: DEFAULT_DEFINITION,
    durationDays: 7,
    skipBuild: false,
    noUrl: false,
    coverageThreshold: DEFAULT_COVERAGE,
    outputDir: DEFAULT_OUTPUT_DIR,
    waitMinutes: 60
  };
  if (cmd === 'validate') options.outputDir = DEFAULT_VALIDATE_DIR;
  const withUsage = (message: string): never => usageError(`${message}\n${usage(cmd)}`);
  const uses = readFlags(argv, FLAGS, withUsage, {
    accepts: (flag) => flag.commands.includes(cmd),
    context: ` for org:${cmd}`
  });
  for (const { flag, value } of uses) {
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
      case '--alias':
      case '--target-org':
        options.org = value;
        break;
      case '--target-dev-hub':
        options.targetDevHub = value;
        break;
      case '--definition-file':
        options.definitionFile = value;
        break;
      case '--duration-days':
        options.durationDays = wholeNumber(name, value, 1, 30, usageError);
        break;
      case '--skip-build':
        options.skipBuild = true;
        break;
      case '--no-url':
        options.noUrl = true;
        break;
      case '--coverage-threshold':
        options.coverageThreshold = wholeNumber(name, value, 0, 100, usageError);
        break;
      case '--output-dir':
        options.outputDir = value;
        break;
      case '--wait':
        options.waitMinutes = wholeNumber(name, value, 1, 240, usageError);
        break;
    }
  }
  return options;
}
