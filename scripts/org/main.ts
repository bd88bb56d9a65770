/**
 * `npm run org:<command> -- [flags]`: the scratch-org lifecycle (create, deploy, test, open,
 * delete, status). Parses the flags, plans the `sf` invocations, then prints them (`--dry-run`)
 * or runs them, with one JSON document on standard output under `--json`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPackageDirectories, repoRoot } from '../lib/project.ts';
import { parseArgs, usage } from './args.ts';
import type { Options } from './args.ts';
import { reportError } from '../lib/cli.ts';
import { OrgError } from './errors.ts';
import { planFor, runDescription } from './plan.ts';
import type { Step } from './plan.ts';
import { processSpawner, runPlan } from './runner.ts';
import type { Log, RunResult, Spawner } from './runner.ts';
import { commandLine } from './shell.ts';

/** The version of @salesforce/cli pinned in package.json, for the "sf missing" instruction. */
export function pinnedSfVersion(root: string = repoRoot): string {
  const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  return pkg.devDependencies?.['@salesforce/cli'] ?? 'the pinned version';
}

/** The plan for options in this repository and environment. */
export function projectPlan(options: Options, env: NodeJS.ProcessEnv, now: Date): Step[] {
  const packageDirectories = readPackageDirectories().map((d) => relative(repoRoot, d));
  return planFor(options, { packageDirectories, description: runDescription(env, now), env });
}

/** The `--dry-run` listing: one line per step, its description as a shell comment. */
export function dryRunText(steps: readonly Step[]): string {
  return steps.map((s) => `# ${s.description}\n${commandLine(s.command)}`).join('\n');
}

function humanSummary(options: Options, result: RunResult): string[] {
  const lines: string[] = [];
  const url = result.data.loginUrl;
  if (typeof url === 'string' && url) lines.push(`Login URL: ${url}`);
  const org = result.data.org as Record<string, string> | undefined;
  if (org)
    for (const [key, value] of Object.entries(org))
      if (value) lines.push(`${key.padEnd(15)} ${value}`);
  const tests = result.data.tests as { ran: number; passing: number; coverage: number } | undefined;
  if (tests)
    lines.push(
      `${tests.passing}/${tests.ran} Apex tests passed; org-wide coverage ${tests.coverage} % ` +
        `(threshold ${options.coverageThreshold} %); results in ${options.outputDir}/.`
    );
  return lines;
}

/** Runs one command line; returns the exit code. Output goes through `out` and `log`. */
export async function main(
  command: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  spawner: Spawner,
  out: (text: string) => void,
  log: Log
): Promise<number> {
  let options: Options | undefined;
  try {
    options = parseArgs(command, argv);
    if (options.help) {
      out(usage(options.command));
      return 0;
    }
    const steps = projectPlan(options, env, new Date());
    if (options.dryRun) {
      out(
        options.json
          ? JSON.stringify(
              {
                status: 0,
                dryRun: true,
                steps: steps.map((s) => ({ ...s, line: commandLine(s.command) }))
              },
              null,
              2
            )
          : dryRunText(steps)
      );
      return 0;
    }
    const result = await runPlan(steps, options, spawner, log, pinnedSfVersion());
    if (options.json) {
      out(
        JSON.stringify(
          {
            status: result.ok ? 0 : 1,
            command: `org:${options.command}`,
            org: options.org,
            steps: result.steps,
            result: result.data,
            ...(result.error
              ? {
                  error: {
                    name: result.error.code,
                    message: result.error.message,
                    details: result.error.details
                  }
                }
              : {})
          },
          null,
          2
        )
      );
    } else if (result.error) {
      log(result.error.message);
      result.error.details.forEach((d) => log(`  - ${d}`));
    } else {
      humanSummary(options, result).forEach((line) => out(line));
    }
    return result.ok ? 0 : 1;
  } catch (error) {
    if (!(error instanceof OrgError)) throw error;
    reportError(error, options?.json ?? argv.includes('--json'), out, log);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [command = '', ...argv] = process.argv.slice(2);
  void main(
    command,
    argv,
    process.env,
    processSpawner(repoRoot),
    (text) => console.log(text),
    (line) => console.error(line)
  ).then((code) => {
    process.exitCode = code;
  });
}
