/**
 * `npm run dashboard:build`: compiles the LWC TypeScript (`npm run build`'s script), then bundles
 * the monitoring components into a static local dashboard. `--skip-lwc-build` reuses the current
 * force-app output; `--out <dir>` writes elsewhere; `--force` bundles even when the output is
 * already up to date with the sources.
 */
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { option, repoRoot } from '../lib/project.ts';
import { buildDashboard } from './bundle.ts';
import { DEFAULT_OUT_DIR, STAGE_DIR } from './paths.ts';

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  const outDir = resolve(option('out') ?? DEFAULT_OUT_DIR);
  if (!process.argv.includes('--skip-lwc-build')) {
    console.log('dashboard: compiling lwc-ts/ ...');
    const lwcBuild = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'scripts', 'build-lwc.ts')],
      {
        cwd: repoRoot,
        stdio: 'inherit'
      }
    );
    if (lwcBuild.status !== 0) {
      console.error('dashboard: the LWC build failed (above); fix it, then rerun.');
      process.exit(1);
    }
  }
  console.log('dashboard: bundling with rollup and LWC ...');
  const result = await buildDashboard({
    outDir,
    stageDir: STAGE_DIR,
    force: process.argv.includes('--force'),
    log: (line) => console.log(`dashboard: ${line}`)
  });
  console.log(
    `dashboard: ${relative(repoRoot, outDir)}: app.js ${kib(result.jsBytes)}, CSS ${kib(result.cssBytes)} (${(result.ms / 1000).toFixed(1)} s${result.cached ? ', up to date' : ''})`
  );
}

main().catch((error: unknown) => {
  console.error(`dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
