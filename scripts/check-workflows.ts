/**
 * The `workflows` gate: every `.github/workflows/*.yml` and `.github/actions/<name>/action.yml` is
 * validated against GitHub's published schemas (@action-validator/core, a WebAssembly build that
 * runs offline), then against the house rules the schemas cannot express:
 *
 * - a secret never appears inside a `run:` script: it is passed through `env:` (or `with:`);
 * - every action is local (`./...`) or pinned to a major tag (`@v4`) or a full commit SHA;
 * - the Salesforce CLI comes from the lockfile (`npm ci`, `npx sf`), never a global `@latest`.
 *
 *   npm test -- --only workflows        tsx scripts/check-workflows.ts [file...]
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { validateAction, validateWorkflow } from '@action-validator/core';
import type { ValidationError } from '@action-validator/core';
import { repoRoot } from './lib/project.ts';

export type Kind = 'workflow' | 'action';

/** The workflow and action files of a repository. */
export function listWorkflowFiles(root: string = repoRoot): string[] {
  const found: string[] = [];
  const workflows = join(root, '.github', 'workflows');
  if (existsSync(workflows))
    for (const name of readdirSync(workflows).sort())
      if (/\.ya?ml$/.test(name)) found.push(join(workflows, name));
  const actions = join(root, '.github', 'actions');
  if (existsSync(actions))
    for (const dir of readdirSync(actions, { withFileTypes: true }).filter((d) => d.isDirectory()))
      for (const name of ['action.yml', 'action.yaml'])
        if (existsSync(join(actions, dir.name, name))) found.push(join(actions, dir.name, name));
  return found;
}

export function kindOf(file: string): Kind {
  return /(^|\/)action\.ya?ml$/.test(file) ? 'action' : 'workflow';
}

/** The innermost messages of a schema error, with the JSON path they concern. */
function flatten(error: ValidationError): string[] {
  if ('states' in error && error.states && error.states.length > 0) {
    // A oneOf failed: show the branch with the fewest problems, the one the author most likely meant.
    const best = [...error.states].sort((a, b) => a.errors.length - b.errors.length)[0];
    return best.errors.flatMap(flatten);
  }
  const where =
    'path' in error
      ? error.path || '/'
      : error.location
        ? `line ${error.location.line}:${error.location.column}`
        : '';
  return [`${where}: ${error.detail ?? error.title}`];
}

const PINNED = /^[\w.-]+\/[\w./-]+@(?:[0-9a-f]{40}|v\d+(?:\.\d+){0,2})$/;

/** The house rules, line by line: secrets in scripts, unpinned actions, a floating sf. */
function houseRules(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split('\n');
  let runIndent = -1;
  lines.forEach((line, index) => {
    const n = index + 1;
    const indent = line.search(/\S/);
    if (runIndent >= 0 && indent !== -1 && indent <= runIndent) runIndent = -1;
    const run = /^(\s*)(?:- )?run:\s*(.*)$/.exec(line);
    if (run) runIndent = run[1].length + (line.trimStart().startsWith('- ') ? 2 : 0);
    const inRun = run !== null || runIndent >= 0;
    if (inRun && /\$\{\{\s*secrets\./.test(line))
      problems.push(
        `line ${n}: a secret inside a run: script; pass it through env: and use "$NAME"`
      );
    const uses = /^\s*(?:- )?uses:\s*['"]?([^'"\s#]+)/.exec(line);
    if (
      uses &&
      !uses[1].startsWith('./') &&
      !uses[1].startsWith('docker://') &&
      !PINNED.test(uses[1])
    )
      problems.push(
        `line ${n}: ${uses[1]} is not pinned: use a major tag (@v4) or a full commit SHA`
      );
    if (
      /@salesforce\/cli@latest|npm\s+(?:i|install)\s+(?:-g|--global)\s+@salesforce\/cli/.test(line)
    )
      problems.push(
        `line ${n}: install the Salesforce CLI from the lockfile (npm ci, then npx sf), not globally`
      );
  });
  return problems;
}

/** Every problem of one file's text, as `<where>: <what>` lines (none when it is valid). */
export function checkText(text: string, kind: Kind): string[] {
  const state = kind === 'action' ? validateAction(text) : validateWorkflow(text);
  return [...state.errors.flatMap(flatten), ...houseRules(text)];
}

function main(): void {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args : listWorkflowFiles();
  let failed = 0;
  for (const file of files) {
    const problems = checkText(readFileSync(file, 'utf8'), kindOf(file));
    const name = relative(repoRoot, file) || file;
    if (problems.length > 0) {
      failed++;
      problems.forEach((p) => console.log(`${name}: ${p}`));
    }
  }
  const summary = `workflows: ${files.length - failed} of ${files.length} valid`;
  if (failed > 0) {
    console.log(`${summary}. Fix the lines above (schemas: GitHub's workflow and action syntax).`);
    process.exitCode = 1;
  } else console.log(summary);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
