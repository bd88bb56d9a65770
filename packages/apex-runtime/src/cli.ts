/**
 * `apex-runtime <command>`: the command line of the offline Apex runtime.
 *
 *   apex-runtime check [--project <dir>]   parse every class and trigger, report syntax errors
 *   apex-runtime run <file.apex>          run Execute Anonymous code against the project
 *   apex-runtime test  [--project <dir>]   run the project's Apex tests
 */
import { existsSync, readFileSync } from 'node:fs';
import { createEngine, runAnonymous } from './engine.ts';
import { formatDiagnostic, UsageError } from './errors.ts';
import {
  consoleReport,
  coverageSummary,
  junitReport,
  summarise,
  writeCoverage,
  writeFileEnsured
} from './runner/reports.ts';
import { discover, runTest } from './runner/runner.ts';
import { parseSource } from './frontend/parse.ts';
import { loadProject } from './loader/project.ts';

const USAGE = `Usage:
  apex-runtime check [--project <dir>]
  apex-runtime run <file.apex> [--project <dir>]
  apex-runtime test [--project <dir>] [--class <Name>...] [--method <Class.method>]
                    [--junit <file>] [--coverage <dir>] [--json]`;

/** Parsed command-line options: repeated options keep every value. */
export interface Options {
  command: string;
  /** Arguments that are not options, such as the file of `run`. */
  positional: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

const VALUE_OPTIONS = new Set(['project', 'class', 'method', 'junit', 'coverage']);
const FLAG_OPTIONS = new Set(['json', 'help']);

export function parseArgs(argv: string[]): Options {
  const [command = 'help', ...rest] = argv;
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--')) {
      if (command !== 'run') throw new UsageError(`Unexpected argument "${arg}".\n${USAGE}`);
      positional.push(arg);
    } else if (FLAG_OPTIONS.has(name)) {
      flags.add(name);
    } else if (VALUE_OPTIONS.has(name)) {
      const value = rest[++i];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} needs a value.`);
      }
      values.set(name, [...(values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`Unknown option "${arg}".\n${USAGE}`);
    }
  }
  return { command, positional, values, flags };
}

function check(options: Options): number {
  const started = Date.now();
  const project = loadProject(options.values.get('project')?.[0] ?? process.cwd());
  const diagnostics = project.sources.flatMap((source) => parseSource(source).diagnostics);
  diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
  const summary = `${project.sources.length} Apex file(s) parsed, ${diagnostics.length} syntax error(s) (${Date.now() - started} ms)`;
  if (diagnostics.length > 0) {
    console.error(`apex-syntax: ${summary}. Fix the lines above.`);
    return 1;
  }
  console.log(`apex-syntax: ${summary}`);
  return 0;
}

function test(options: Options): number {
  const started = Date.now();
  const project = loadProject(options.values.get('project')?.[0] ?? process.cwd());
  const engine = createEngine(project);
  if (engine.diagnostics.length > 0) {
    engine.diagnostics.forEach((d) => console.error(formatDiagnostic(d)));
    console.error(
      `apex: ${engine.diagnostics.length} compile error(s); no test ran. Fix the lines above.`
    );
    return 1;
  }
  const loadedMs = Date.now() - started;
  const tests = discover(engine, {
    classes: options.values.get('class'),
    methods: options.values.get('method')
  });
  if (tests.length === 0 && (options.values.has('class') || options.values.has('method'))) {
    throw new UsageError('No test matches the --class/--method filter.');
  }
  const results = tests.map(({ cls, method }) => runTest(engine, cls, method));
  const summary = summarise(results, Date.now() - started);
  const junit = options.values.get('junit')?.[0];
  if (junit) writeFileEnsured(junit, junitReport(results, summary));
  const coverageDir = options.values.get('coverage')?.[0];
  if (coverageDir) writeCoverage(coverageDir, engine.coverage);
  if (options.flags.has('json')) {
    console.log(
      JSON.stringify(
        { summary, loadedMs, results, coverage: coverageSummary(engine.coverage) },
        null,
        2
      )
    );
  } else {
    console.log(consoleReport(results, summary));
  }
  return summary.failed + summary.unsupported > 0 ? 1 : 0;
}

function run(options: Options): number {
  const [file] = options.positional;
  if (!file) throw new UsageError(`run needs a file of anonymous Apex.\n${USAGE}`);
  if (!existsSync(file)) throw new UsageError(`${file}: no such file.`);
  const project =
    options.values.has('project') || existsSync('sfdx-project.json')
      ? loadProject(options.values.get('project')?.[0] ?? process.cwd())
      : { root: process.cwd(), packageDirectories: [], sources: [] };
  const result = runAnonymous(project, readFileSync(file, 'utf8'), file);
  result.compileErrors.forEach((d) => console.error(formatDiagnostic(d)));
  result.debug.forEach((line) => console.log(line));
  if (result.exception) {
    console.error(result.exception);
    result.stackTrace.forEach((line) => console.error(`    ${line}`));
  }
  if (result.unsupported) console.error(result.unsupported);
  return result.compileErrors.length > 0 || result.exception || result.unsupported ? 1 : 0;
}

/** Runs the command line and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const options = parseArgs(argv);
    switch (options.command) {
      case 'check':
        return check(options);
      case 'test':
        return test(options);
      case 'run':
        return run(options);
      case 'help':
      case '--help':
        console.log(USAGE);
        return 0;
      default:
        throw new UsageError(`Unknown command "${options.command}".\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}
