/** Facts about the Salesforce DX project that every script needs. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the folder that holds `sfdx-project.json`. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Prints a message for the user and ends the process with exit code 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

interface SfdxProject {
  packageDirectories?: { path?: string }[];
}

/**
 * The package directories of an SFDX project, as absolute paths.
 * @param root the project folder (defaults to this repository)
 */
export function readPackageDirectories(root: string = repoRoot): string[] {
  const file = join(root, 'sfdx-project.json');
  if (!existsSync(file)) {
    fail(`${file}: not found. Run this from a Salesforce DX project or pass --project <dir>.`);
  }
  const project = JSON.parse(readFileSync(file, 'utf8')) as SfdxProject;
  const dirs = (project.packageDirectories ?? [])
    .map((d) => d.path)
    .filter((p): p is string => !!p);
  if (dirs.length === 0) {
    fail(`${relative(process.cwd(), file)}: "packageDirectories" lists no path.`);
  }
  return dirs.map((d) => resolve(root, d));
}

/** Every file under `dir` whose name passes `accept`, skipping dot-folders and node_modules. */
export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') {
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...listFiles(path, accept));
    } else if (accept(entry.name)) {
      found.push(path);
    }
  }
  return found.sort();
}

/** Every Apex class and trigger in the project's package directories. */
export function listApexFiles(root: string = repoRoot): string[] {
  return readPackageDirectories(root).flatMap((dir) =>
    listFiles(dir, (name) => name.endsWith('.cls') || name.endsWith('.trigger'))
  );
}

/** The value of `--name <value>` on the command line, if given. */
export function option(name: string, args: string[] = process.argv.slice(2)): string | undefined {
  const at = args.indexOf(`--${name}`);
  if (at === -1) {
    return undefined;
  }
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) {
    fail(`--${name} needs a value.`);
  }
  return value;
}

/**
 * A temporary copy of the project (force-app and sfdx-project.json); `filter` leaves files out.
 * Shared by the benchmarks that need a project with records of their own.
 */
export function projectCopy(prefix: string, filter?: (source: string) => boolean): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(repoRoot, 'force-app'), join(root, 'force-app'), { recursive: true, filter });
  cpSync(join(repoRoot, 'sfdx-project.json'), join(root, 'sfdx-project.json'));
  return root;
}
