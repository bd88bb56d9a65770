/** Where the dashboard's sources, build stage and output live. */
import { join } from 'node:path';
import { repoRoot } from '../lib/project.ts';

export const DASHBOARD_SOURCE = join(repoRoot, 'scripts', 'dashboard');
/** The deployable LWC output of `npm run build`: the rollup input for the `c` namespace. */
export const LWC_OUTPUT = join(repoRoot, 'force-app', 'main', 'default', 'lwc');
/**
 * Build output and stage sit in node_modules/.cache: generated files that git, ESLint and
 * Prettier already ignore, and that `npm ci` wipes like any cache.
 */
export const DEFAULT_OUT_DIR = join(
  repoRoot,
  'node_modules',
  '.cache',
  'conduit-dashboard',
  'dist'
);
/** Inside the repository: LWC's module resolver finds lightning-base-components from there. */
export const STAGE_DIR = join(repoRoot, 'node_modules', '.cache', 'conduit-dashboard', 'stage');
