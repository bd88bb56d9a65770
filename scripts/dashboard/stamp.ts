/**
 * The build's fingerprint: a hash of every staged source and of the versions of the packages
 * that shape the bundle. `npm start` rebuilds the dashboard only when it changed, which keeps
 * the rollup run (~8 s) off the start-up path once a build exists.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

/** Written (or rewritten) whenever a build is checked or made: its time says when that was. */
export const STAMP_FILE = 'build-stamp.json';
const BUNDLED_PACKAGES = [
  'lwc',
  '@lwc/rollup-plugin',
  '@lwc/synthetic-shadow',
  'lightning-base-components',
  '@salesforce-ux/design-system',
  'rollup'
];

function packageVersion(pkg: string): string {
  const require = createRequire(import.meta.url);
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    // Packages that export no package.json (lwc) still have one on disk next to their entry.
    const entry = require.resolve(pkg);
    const root = entry.slice(
      0,
      entry.lastIndexOf(`node_modules/${pkg}/`) + `node_modules/${pkg}/`.length
    );
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
      .version;
  }
}

/** A hash of the stage's files (paths and contents) and the bundled packages' versions. */
export function fingerprint(stageDir: string, extra: string[] = []): string {
  const hash = createHash('sha256');
  const files = readdirSync(stageDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(relative(stageDir, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const pkg of BUNDLED_PACKAGES) {
    hash.update(`${pkg}@${packageVersion(pkg)}\0`);
  }
  for (const value of extra) {
    hash.update(`${value}\0`);
  }
  return hash.digest('hex');
}

/** True when outDir holds a complete build made from the same fingerprint. */
export function isUpToDate(outDir: string, hash: string): boolean {
  const stamp = join(outDir, STAMP_FILE);
  if (!existsSync(stamp) || !existsSync(join(outDir, 'app.js'))) {
    return false;
  }
  try {
    return (JSON.parse(readFileSync(stamp, 'utf8')) as { hash?: string }).hash === hash;
  } catch {
    return false;
  }
}

/** Written last, so an interrupted build never looks complete. */
export function writeStamp(outDir: string, hash: string): void {
  writeFileSync(join(outDir, STAMP_FILE), `${JSON.stringify({ hash }, null, 2)}\n`);
}
