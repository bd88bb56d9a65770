/** Loads the saved `sf --json` outputs of fixtures/ for the tests. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The text of fixtures/<name>.json, exactly as `sf` would print it. */
export function fixture(name: string): string {
  return readFileSync(join(dir, `${name}.json`), 'utf8');
}
