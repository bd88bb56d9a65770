/**
 * What each org command will run, as data: the `sf` (and `npm`) invocations in order, with
 * their exact arguments. `--dry-run` prints these; the runner executes them; the tests check them.
 */
import { CREDENTIALS, SetupError, readSecrets } from '../setup-secrets.ts';
import type { Options } from './args.ts';
import { OrgError } from './errors.ts';

/** How the runner reads a step's output. */
export type Reads =
  | 'exit-code'
  | 'envelope'
  | 'deploy'
  | 'tests'
  | 'url'
  | 'status'
  | 'permset'
  | 'apex'
  | 'validate';

/** One command of a plan. */
export interface Step {
  command: string[];
  description: string;
  /** Takes more than a few seconds: the runner shows a ticking progress line. */
  long?: boolean;
  reads: Reads;
}

/** Facts about the project and the environment that a plan depends on. */
export interface PlanContext {
  /** Package directories from sfdx-project.json, relative, in deploy order. */
  packageDirectories: string[];
  /** The scratch org's description: carries the CI run id or a local timestamp. */
  description: string;
  env: NodeJS.ProcessEnv;
}

/** Every scratch org CI creates has a description that starts with this; the cleanup looks for it. */
export const CI_DESCRIPTION_PREFIX = 'Conduit CI run';
export const PERMISSION_SETS = ['Conduit_Admin', 'Conduit_Integration'];
export const SAMPLE_DATA_PLAN = 'data/sample-plan.json';
export const SCHEDULE_JOBS_APEX = 'scripts/org/schedule-jobs.apex';
/** The framework and its own tests: what `org:validate` proves without the examples. */
export const FRAMEWORK_SOURCE = ['force-app/main/default', 'force-app/tests/default'];

/** `Conduit CI run <id> attempt <n>` in GitHub Actions, `Conduit local <timestamp>` elsewhere. */
export function runDescription(env: NodeJS.ProcessEnv, now: Date): string {
  if (env.GITHUB_RUN_ID)
    return `${CI_DESCRIPTION_PREFIX} ${env.GITHUB_RUN_ID} attempt ${env.GITHUB_RUN_ATTEMPT ?? '1'}`;
  return `Conduit local ${now.toISOString().replace(/\.\d+Z$/, 'Z')}`;
}

/** Whether credential secrets are in the environment (a half-set credential is an error). */
export function hasCredentialSecrets(env: NodeJS.ProcessEnv): boolean {
  try {
    return CREDENTIALS.some((spec) => readSecrets(spec, env) !== null);
  } catch (error) {
    if (error instanceof SetupError) throw new OrgError(error.message, 'CredentialSecrets');
    throw error;
  }
}

const wait = (o: Options): string[] => ['--wait', String(o.waitMinutes)];

function buildSteps(o: Options): Step[] {
  return o.skipBuild
    ? []
    : [
        {
          command: ['npm', 'run', 'build'],
          description: 'Building LWC from lwc-ts/',
          long: true,
          reads: 'exit-code'
        }
      ];
}

function deploySteps(o: Options, ctx: PlanContext): Step[] {
  return ctx.packageDirectories.map((dir) => ({
    command: [
      'sf',
      'project',
      'deploy',
      'start',
      '--source-dir',
      dir,
      '--target-org',
      o.org,
      ...wait(o),
      '--json'
    ],
    description: `Deploying ${dir}`,
    long: true,
    reads: 'deploy'
  }));
}

function createPlan(o: Options, ctx: PlanContext): Step[] {
  const create = [
    'sf',
    'org',
    'create',
    'scratch',
    '--definition-file',
    o.definitionFile,
    '--alias',
    o.org,
    '--duration-days',
    String(o.durationDays),
    '--description',
    ctx.description,
    '--set-default',
    ...(o.targetDevHub ? ['--target-dev-hub', o.targetDevHub] : []),
    '--wait',
    '30',
    '--json'
  ];
  const steps: Step[] = [
    {
      command: create,
      description: `Creating scratch org '${o.org}'`,
      long: true,
      reads: 'envelope'
    },
    ...buildSteps(o),
    ...deploySteps(o, ctx),
    {
      command: [
        'sf',
        'org',
        'assign',
        'permset',
        ...PERMISSION_SETS.flatMap((p) => ['--name', p]),
        '--target-org',
        o.org,
        '--json'
      ],
      description: `Assigning ${PERMISSION_SETS.join(' and ')}`,
      reads: 'permset'
    },
    {
      command: [
        'sf',
        'data',
        'tree',
        'import',
        '--plan',
        SAMPLE_DATA_PLAN,
        '--target-org',
        o.org,
        '--json'
      ],
      description: 'Importing sample data',
      long: true,
      reads: 'envelope'
    }
  ];
  if (hasCredentialSecrets(ctx.env))
    steps.push({
      command: ['npm', 'run', '--silent', 'setup:secrets', '--', '--target-org', o.org],
      description: 'Storing credentials from the environment',
      reads: 'exit-code'
    });
  steps.push({
    command: ['sf', 'apex', 'run', '--file', SCHEDULE_JOBS_APEX, '--target-org', o.org, '--json'],
    description: 'Scheduling the framework jobs',
    reads: 'apex'
  });
  if (!o.noUrl)
    steps.push({
      command: ['sf', 'org', 'open', '--url-only', '--target-org', o.org, '--json'],
      description: 'Getting the login URL',
      reads: 'url'
    });
  return steps;
}

/** The steps of one command, in order. */
export function planFor(o: Options, ctx: PlanContext): Step[] {
  switch (o.command) {
    case 'create':
      return createPlan(o, ctx);
    case 'deploy':
      return [...buildSteps(o), ...deploySteps(o, ctx)];
    case 'test':
      return [
        {
          command: [
            'sf',
            'apex',
            'run',
            'test',
            '--target-org',
            o.org,
            '--test-level',
            'RunLocalTests',
            '--code-coverage',
            '--result-format',
            'json',
            '--output-dir',
            o.outputDir,
            ...wait(o),
            '--json'
          ],
          description: 'Running the Apex tests in the org',
          long: true,
          reads: 'tests'
        }
      ];
    case 'validate':
      return [
        {
          command: [
            'sf',
            'project',
            'deploy',
            'validate',
            ...FRAMEWORK_SOURCE.flatMap((dir) => ['--source-dir', dir]),
            '--test-level',
            'RunLocalTests',
            '--coverage-formatters',
            'json-summary',
            '--junit',
            '--results-dir',
            o.outputDir,
            '--target-org',
            o.org,
            ...wait(o),
            '--json'
          ],
          description: 'Validating the framework with its tests',
          long: true,
          reads: 'validate'
        }
      ];
    case 'open':
      return [
        o.json
          ? {
              command: ['sf', 'org', 'open', '--url-only', '--target-org', o.org, '--json'],
              description: 'Getting the login URL',
              reads: 'url'
            }
          : {
              command: ['sf', 'org', 'open', '--target-org', o.org, '--json'],
              description: `Opening '${o.org}' in a browser`,
              reads: 'envelope'
            }
      ];
    case 'delete':
      return [
        {
          command: [
            'sf',
            'org',
            'delete',
            'scratch',
            '--target-org',
            o.org,
            '--no-prompt',
            '--json'
          ],
          description: `Deleting scratch org '${o.org}'`,
          reads: 'envelope'
        }
      ];
    case 'status':
      return [
        {
          command: ['sf', 'org', 'display', '--target-org', o.org, '--json'],
          description: `Reading the status of '${o.org}'`,
          reads: 'status'
        }
      ];
  }
}
