/**
 * Builds the local dashboard: stage the sources, bundle them with rollup and LWC OSS
 * (lightning-base-components for `lightning-*`, synthetic shadow as in an org), then copy the
 * page, SLDS's CSS and the icon sprites `lightning-icon` reads. Returns sizes and time so the
 * caller can print them.
 */
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import lwc from '@lwc/rollup-plugin';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';
import { repoRoot } from '../lib/project.ts';
import { CATEGORIES, iconTemplates } from './icon-templates.ts';
import { DASHBOARD_SOURCE } from './paths.ts';
import { platformModules } from './platform-modules.ts';
import { DashboardBuildError, stageSources } from './stage.ts';
import { fingerprint, isUpToDate, writeStamp } from './stamp.ts';

export interface BuildOptions {
  outDir: string;
  stageDir: string;
  /** Rebuild even when the output was built from the same sources (default false). */
  force?: boolean;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

export interface BuildResult {
  components: string[];
  jsBytes: number;
  cssBytes: number;
  ms: number;
  /** True when the output was already up to date and nothing was bundled. */
  cached: boolean;
}

const require = createRequire(import.meta.url);
const SLDS = dirname(require.resolve('@salesforce-ux/design-system/package.json'));
const SLDS_CSS = 'assets/styles/salesforce-lightning-design-system.min.css';

/**
 * The engine must be the one the compiler in `lwc` was released with; the repository root also
 * holds an older engine for LWC Jest, so resolve the engine and wire service from `lwc` itself.
 */
function engineModules(): { name: string; path: string }[] {
  // `lwc` exports no package.json; its folder is found from node_modules like any package.
  const lwcDir = join(repoRoot, 'node_modules', 'lwc');
  const fromLwc = createRequire(join(lwcDir, 'package.json'));
  const entry = (pkg: string): string =>
    join(dirname(fromLwc.resolve(`${pkg}/package.json`)), 'dist', 'index.js');
  return [
    { name: 'lwc', path: entry('@lwc/engine-dom') },
    { name: '@lwc/synthetic-shadow', path: entry('@lwc/synthetic-shadow') },
    { name: 'wire-service', path: entry('@lwc/wire-service') }
  ];
}

function copyAssets(outDir: string): void {
  cpSync(join(DASHBOARD_SOURCE, 'index.html'), join(outDir, 'index.html'));
  cpSync(join(SLDS, SLDS_CSS), join(outDir, SLDS_CSS));
  for (const sprite of CATEGORIES) {
    const path = `assets/icons/${sprite}-sprite/svg/symbols.svg`;
    cpSync(join(SLDS, path), join(outDir, path));
  }
}

function bytesOf(dir: string, extension: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(extension)) {
      total += statSync(join(entry.parentPath, entry.name)).size;
    }
  }
  return total;
}

function sizes(outDir: string): { jsBytes: number; cssBytes: number } {
  return { jsBytes: bytesOf(outDir, '.js'), cssBytes: bytesOf(outDir, '.css') };
}

export async function buildDashboard(options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const components = stageSources(options.stageDir);
  log(`staged ${components.length} component(s): ${components.join(', ')}`);
  const hash = fingerprint(options.stageDir, [
    readFileSync(join(DASHBOARD_SOURCE, 'index.html'), 'utf8')
  ]);
  if (!options.force && isUpToDate(options.outDir, hash)) {
    log('output is up to date with the sources: nothing to bundle (--force rebuilds)');
    // Newer than every source again: a change outside the bundle (a test, a README) is checked once.
    writeStamp(options.outDir, hash);
    return { components, ...sizes(options.outDir), ms: Date.now() - started, cached: true };
  }
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(options.outDir, { recursive: true });
  const warnings: string[] = [];
  const bundle = await rollup({
    input: join(options.stageDir, 'main.js'),
    onwarn: (warning) => {
      // A module nothing provides would fail in the browser: stop the build here instead.
      if (warning.code === 'UNRESOLVED_IMPORT') {
        throw new DashboardBuildError(
          `${warning.message}. Add a shim for it in scripts/dashboard/shims/ and map it in platform-modules.ts.`
        );
      }
      warnings.push(warning.message);
    },
    plugins: [
      platformModules(options.stageDir),
      iconTemplates([options.stageDir]),
      replace({
        preventAssignment: true,
        values: {
          'process.env.NODE_ENV': JSON.stringify('production'),
          // lightning-base-components reads import.meta.env.SSR; the page is never rendered on a server.
          'import.meta.env.SSR': 'false'
        }
      }),
      lwc({
        rootDir: options.stageDir,
        modules: [{ dir: options.stageDir }, { npm: 'lightning-base-components' }],
        defaultModules: engineModules(),
        // lightning-base-components renders some parts with lwc:is.
        enableDynamicComponents: true,
        // Form-associated base components (lightning-input, -combobox) call attachInternals,
        // which synthetic shadow refuses unless this compiles them to allow it.
        enableSyntheticElementInternals: true
      }),
      nodeResolve({ rootDir: repoRoot })
    ]
  }).catch((error: unknown) => {
    throw new DashboardBuildError(
      `rollup could not bundle the dashboard: ${error instanceof Error ? error.message : String(error)}`
    );
  });
  try {
    await bundle.write({
      file: join(options.outDir, 'app.js'),
      format: 'esm',
      // lightning-base-components loads some modules lazily; one file keeps serving simple.
      inlineDynamicImports: true
    });
  } finally {
    await bundle.close();
  }
  copyAssets(options.outDir);
  // lightning-base-components' own templates raise a few dozen compiler warnings (duplicate
  // slots, stray key attributes); they are not ours to fix, so count them rather than print them.
  const ours = [...new Set(warnings)].filter((w) => !w.includes('lightning-base-components'));
  for (const warning of ours) {
    log(`warning: ${warning}`);
  }
  if (warnings.length > ours.length) {
    log(`${warnings.length - ours.length} compiler warning(s) in lightning-base-components hidden`);
  }
  writeStamp(options.outDir, hash);
  return { components, ...sizes(options.outDir), ms: Date.now() - started, cached: false };
}
