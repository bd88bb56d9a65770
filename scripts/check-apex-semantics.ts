/**
 * Quality gate "Apex semantic errors": resolves every Apex class and trigger of the project against
 * the platform's types and the project's own objects (apex-ls, see lib/apexlink.ts) and fails on
 * unknown types, methods and fields, incompatible assignments and the other errors it reports.
 *
 *   npx tsx scripts/check-apex-semantics.ts [--project <dir>]
 *
 * Exit codes: 0 no errors (warnings may be printed), 1 errors found, 2 the check could not run.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { checkApexProject, type CheckerReport, type CheckerResult } from './lib/apexlink.ts';
import { GAP_NOTE, isCheckerGap } from './lib/checker-gaps.ts';
import { listApexFiles, option, repoRoot } from './lib/project.ts';

/**
 * apex-ls reports the categories Syntax, Error and Missing (errors: they fail the gate), Warning
 * (printed, does not fail) and Unused. Unused (unused variables, methods, classes) is not even
 * requested: it is advice, not something the platform rejects, and global or @AuraEnabled APIs look
 * unused from inside the project. Any other category (a newer apex-ls) counts as an error, so
 * nothing is dropped silently.
 */
const WARNING_CATEGORIES = new Set(['Warning', 'Unused']);

interface Problem {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** A known gap of the checker (see lib/checker-gaps.ts), printed as a warning. */
  gap: boolean;
  text: string;
}

/** Paths relative to the project, with `/`, whether or not the checker resolved symlinks. */
function displayPath(file: string, projectDir: string): string {
  for (const root of [projectDir, realpathSync(projectDir)]) {
    const rel = relative(root, file);
    if (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) {
      return rel.split(sep).join('/');
    }
  }
  return file;
}

function toProblems(report: CheckerReport, projectDir: string): Problem[] {
  // Messages can cite other files ("hiding class field 'x', see /abs/path: line 2"); shorten those too.
  const roots = [...new Set([projectDir, realpathSync(projectDir)])].map((root) => root + sep);
  const shorten = (text: string): string =>
    roots.reduce((result, root) => result.split(root).join(''), text);
  const problems = report.files.flatMap(({ path, messages }) =>
    messages.map((m): Problem => {
      const file = displayPath(path, projectDir);
      const gap = isCheckerGap(file, m.message);
      return {
        file,
        line: m.start.line,
        column: m.start.offset + 1,
        severity: gap || WARNING_CATEGORIES.has(m.category) ? 'warning' : 'error',
        gap,
        text: `${shorten(m.message)} [${m.category}]${gap ? ` ${GAP_NOTE}` : ''}`
      };
    })
  );
  return problems.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column
  );
}

function printProblems(problems: Problem[]): void {
  for (const p of problems) {
    console.log(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.text}`);
  }
}

function summary(files: number, errors: number, warnings: number, seconds: string): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return (
    `apex semantics: ${plural(files, 'file')} checked, ${plural(errors, 'error')}, ` +
    `${plural(warnings, 'warning')} (warnings do not fail this gate) in ${seconds}s`
  );
}

async function main(): Promise<number> {
  const projectDir = resolve(option('project') ?? repoRoot);
  const apexFiles = listApexFiles(projectDir).length;
  const started = performance.now();
  let result: CheckerResult;
  try {
    result = await checkApexProject(projectDir);
  } catch (error) {
    console.error(`apex semantics: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const problems = toProblems(result.report, projectDir);
  const errors = problems.filter((p) => p.severity === 'error').length;
  printProblems(problems);
  if (result.checkerFoundErrors && errors === 0 && !problems.some((p) => p.gap)) {
    console.error('apex semantics: the checker exited with "errors found" but listed none.');
    return 2;
  }
  console.log(summary(apexFiles, errors, problems.length - errors, seconds));
  if (errors > 0) {
    console.log(
      'Fix the errors above: the org would reject this Apex on deploy. A false positive on a ' +
        'platform API newer than the checker (API 61) can be confirmed with a deploy to a scratch org.'
    );
    return 1;
  }
  return 0;
}

process.exitCode = await main();
