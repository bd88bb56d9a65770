/**
 * Compiles the LWC TypeScript sources in `lwc-ts/<component>/` into deployable bundles in
 * `force-app/main/default/lwc/<component>/`: `.ts` becomes `.js` with decorators kept native (the
 * LWC compiler on the platform rejects TypeScript's decorator helpers), and every other bundle file
 * (`.html`, `.css`, `.js-meta.xml`, `.svg`, ...) is copied unchanged. The output folder is generated:
 * it is wiped and rebuilt each time, and git ignores it.
 *
 * Type errors are not this script's job (`npm run typecheck` does them); it fails on anything
 * that would make a broken bundle instead.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { fail, repoRoot } from './lib/project.ts';

const SOURCE_DIR = join(repoRoot, 'lwc-ts');
const OUTPUT_DIR = join(repoRoot, 'force-app', 'main', 'default', 'lwc');
/** Folders of lwc-ts that hold shared typings and test helpers, not components. */
const NOT_COMPONENTS = new Set(['types', 'testing', 'node_modules']);

/**
 * Tests and components import each other as `c/<name>`; TypeScript only knows where that is
 * through a `paths` entry, so a component without one would type-check as `any` or not at all.
 */
function checkPathEntries(names: string[], options: ts.CompilerOptions): void {
  const paths = options.paths ?? {};
  const missing = names.filter((name) => !paths[`c/${name}`]);
  if (missing.length > 0) {
    fail(
      missing
        .map(
          (name) =>
            `lwc-ts/tsconfig.json: add "c/${name}": ["./${name}/${name}.ts"] to compilerOptions.paths`
        )
        .join('\n')
    );
  }
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(SOURCE_DIR, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) {
    fail(
      `${relative(repoRoot, configPath)}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`
    );
  }
  return ts.convertCompilerOptionsFromJson(config.compilerOptions, SOURCE_DIR).options;
}

function componentNames(): string[] {
  return readdirSync(SOURCE_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_COMPONENTS.has(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function buildComponent(name: string, options: ts.CompilerOptions): number {
  const source = join(SOURCE_DIR, name);
  const target = join(OUTPUT_DIR, name);
  const files = readdirSync(source, { withFileTypes: true }).filter((f) => f.isFile());
  const names = new Set(files.map((f) => f.name));
  const where = relative(repoRoot, source);
  if (!names.has(`${name}.js-meta.xml`)) {
    fail(`${where}: a component needs ${name}.js-meta.xml (copy one from another component).`);
  }
  if (!names.has(`${name}.ts`)) {
    fail(`${where}: a component needs ${name}.ts, its module, named like its folder.`);
  }
  mkdirSync(target, { recursive: true });
  for (const file of files) {
    const from = join(source, file.name);
    if (file.name.endsWith('.d.ts')) {
      continue;
    }
    if (file.name.endsWith('.ts')) {
      const output = ts.transpileModule(readFileSync(from, 'utf8'), {
        compilerOptions: options,
        fileName: from,
        reportDiagnostics: true
      });
      const problems = output.diagnostics ?? [];
      if (problems.length > 0) {
        fail(
          problems
            .map(
              (d) =>
                `${relative(repoRoot, from)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
            )
            .join('\n')
        );
      }
      writeFileSync(join(target, file.name.replace(/\.ts$/, '.js')), output.outputText);
    } else {
      cpSync(from, join(target, file.name));
    }
  }
  return files.length;
}

function main(): void {
  const started = Date.now();
  const options: ts.CompilerOptions = {
    ...compilerOptions(),
    sourceMap: false,
    declaration: false
  };
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const components = componentNames();
  checkPathEntries(components, options);
  const fileCount = components.reduce((sum, name) => sum + buildComponent(name, options), 0);
  console.log(
    `build: ${components.length} LWC bundle(s), ${fileCount} file(s) into ${relative(repoRoot, OUTPUT_DIR)} (${Date.now() - started} ms)`
  );
}

main();
