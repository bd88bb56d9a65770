/**
 * Builds the local dashboard (scripts/dashboard/build.ts: the LWC TypeScript, then the rollup
 * bundle) in a child process, so the project loads into the local org at the same time. Skipped
 * when the bundle is newer than every source it is built from.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/project.ts';
import { DASHBOARD_SOURCE, DEFAULT_OUT_DIR } from '../dashboard/paths.ts';
import { STAMP_FILE } from '../dashboard/stamp.ts';

/** What the dashboard bundle is built from. */
const SOURCES = [join(repoRoot, 'lwc-ts'), DASHBOARD_SOURCE];

export type BuildOutcome =
  { kind: 'current' } | { kind: 'built'; ms: number } | { kind: 'failed'; message: string };

/** The newest modification time of the files under `dir` (0 when there are none). */
function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.parentPath.includes('__tests__')) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether `outDir` holds a bundle (the page and its script). */
function hasBuild(outDir: string): boolean {
  return existsSync(join(outDir, 'index.html')) && existsSync(join(outDir, 'app.js'));
}

/**
 * Whether the bundle in `outDir` was built, or last found up to date, after every source
 * changed: the build stamp is rewritten each time (bundle.ts), so a change that does not reach
 * the bundle (a test, a README) costs one check, not a rebuild on every start.
 */
export function dashboardIsCurrent(outDir: string = DEFAULT_OUT_DIR): boolean {
  const stamp = join(outDir, STAMP_FILE);
  if (!hasBuild(outDir) || !existsSync(stamp)) return false;
  const checked = statSync(stamp).mtimeMs;
  return SOURCES.every((source) => newestMtime(source) <= checked);
}

/** What --skip-build finds: the bundle as it is, if there is one. */
export function existingBuild(outDir: string = DEFAULT_OUT_DIR): BuildOutcome {
  return hasBuild(outDir)
    ? { kind: 'current' }
    : { kind: 'failed', message: 'there is no build yet; run `npm run dashboard:build`' };
}

/**
 * Builds the dashboard unless it is current. Never rejects: a failed build leaves the org
 * running without the dashboard, and the message says how to see why.
 */
export function buildDashboardIfNeeded(log: (line: string) => void): Promise<BuildOutcome> {
  if (dashboardIsCurrent()) return Promise.resolve({ kind: 'current' });
  log('building the dashboard (LWC + rollup, about 10 s the first time) ...');
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'scripts', 'dashboard', 'build.ts')],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    const output: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', (error) =>
      resolve({ kind: 'failed', message: `could not start the build: ${error.message}` })
    );
    child.on('close', (code) => {
      if (code === 0) resolve({ kind: 'built', ms: performance.now() - started });
      else {
        const last = output.join('').trim().split('\n').slice(-3).join(' | ');
        resolve({
          kind: 'failed',
          message: `the build failed (${last}); run \`npm run dashboard:build\` to see why`
        });
      }
    });
  });
}
