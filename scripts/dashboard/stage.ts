/**
 * Lays out everything rollup bundles in one folder of plain JavaScript modules:
 * `c/<component>/` from the LWC build's output (the same files an org receives), and the shell
 * (`conduit/app`), entry and shims transpiled from this folder's TypeScript with the LWC build's
 * settings (native decorators, ESNext).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { DASHBOARD_SOURCE, LWC_OUTPUT } from './paths.ts';

const TRANSPILE_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.ESNext,
  useDefineForClassFields: true,
  experimentalDecorators: false,
  sourceMap: false,
  declaration: false
};

/** The browser-side sources of this folder, relative to it. */
const BROWSER_SOURCES = ['main.ts', 'app', 'shims'];

/** Thrown when the stage cannot be built; the message says what to run. */
export class DashboardBuildError extends Error {
  override name = 'DashboardBuildError';
}

function transpile(from: string, to: string): void {
  const output = ts.transpileModule(readFileSync(from, 'utf8'), {
    compilerOptions: TRANSPILE_OPTIONS,
    fileName: from,
    reportDiagnostics: true
  });
  const problems = output.diagnostics ?? [];
  if (problems.length > 0) {
    throw new DashboardBuildError(
      problems
        .map((d) => `${from}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
        .join('\n')
    );
  }
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(to, output.outputText);
}

function copyTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(source, target);
    } else if (entry.name.endsWith('.test.ts')) {
      continue;
    } else if (entry.name.endsWith('.ts')) {
      transpile(source, target.replace(/\.ts$/, '.js'));
    } else {
      mkdirSync(to, { recursive: true });
      cpSync(source, target);
    }
  }
}

/** The LWC components the build produced (folders of force-app/main/default/lwc). */
function lwcComponents(): string[] {
  try {
    return readdirSync(LWC_OUTPUT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    throw new DashboardBuildError(
      `${LWC_OUTPUT} is missing: run \`npm run build\` first (or drop --skip-lwc-build).`
    );
  }
}

/** Rebuilds the stage and returns the names of the components it holds. */
export function stageSources(stageDir: string): string[] {
  rmSync(stageDir, { recursive: true, force: true });
  const components = lwcComponents();
  for (const name of components) {
    // The metadata is not part of the page (the LWC build writes no Jest tests).
    cpSync(join(LWC_OUTPUT, name), join(stageDir, 'c', name), {
      recursive: true,
      filter: (source) => !source.endsWith('.js-meta.xml')
    });
  }
  for (const source of BROWSER_SOURCES) {
    const from = join(DASHBOARD_SOURCE, source);
    if (source.endsWith('.ts')) {
      transpile(from, join(stageDir, source.replace(/\.ts$/, '.js')));
    } else {
      copyTree(from, join(stageDir, source));
    }
  }
  return components;
}
