/**
 * Finds the Apex sources of a Salesforce DX project: the package directories of
 * `sfdx-project.json`, minus what `.forceignore` excludes (gitignore syntax, as the CLI reads it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ignore from 'ignore';
import { UsageError } from '../errors.ts';

/** One Apex source file of the project. */
export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the project root, with forward slashes, as shown to users. */
  relativePath: string;
  kind: 'class' | 'trigger' | 'anonymous';
  /** The class or trigger name, from the file name. */
  name: string;
  text: string;
}

/** What the loader found in a project. */
export interface Project {
  root: string;
  packageDirectories: string[];
  sources: SourceFile[];
  /** `sourceApiVersion` of `sfdx-project.json` (`'66.0'`); absent when the project names none. */
  apiVersion?: string;
}

/**
 * The API version the runtime assumes when a project names no `sourceApiVersion`: the newest
 * version whose behaviour it models (API 67.0's user-mode default is not modelled, see README).
 */
export const DEFAULT_API_VERSION = '66.0';

/** The API version of a project, or the runtime's default when it names none. */
export function apiVersionOf(project: Pick<Project, 'apiVersion'>): string {
  return project.apiVersion ?? DEFAULT_API_VERSION;
}

interface SfdxProjectJson {
  packageDirectories?: { path?: string }[];
  sourceApiVersion?: unknown;
}

/**
 * Loads the Apex classes and triggers of the project rooted at `root`.
 * @throws UsageError when the folder is not a Salesforce DX project
 */
export function loadProject(root: string): Project {
  const absoluteRoot = resolve(root);
  const projectFile = join(absoluteRoot, 'sfdx-project.json');
  if (!existsSync(projectFile)) {
    throw new UsageError(
      `No sfdx-project.json in ${absoluteRoot}: pass --project <dir> pointing at a Salesforce DX project.`
    );
  }
  const json = JSON.parse(readFileSync(projectFile, 'utf8')) as SfdxProjectJson;
  const packageDirectories = (json.packageDirectories ?? [])
    .map((entry) => entry.path)
    .filter((path): path is string => typeof path === 'string' && path.length > 0);
  if (packageDirectories.length === 0) {
    throw new UsageError(`${projectFile}: "packageDirectories" lists no path.`);
  }
  const ignored = forceIgnore(absoluteRoot);
  const sources: SourceFile[] = [];
  for (const dir of packageDirectories) {
    for (const path of walk(join(absoluteRoot, dir))) {
      const relativePath = relative(absoluteRoot, path).split('\\').join('/');
      const source = toSource(path, relativePath);
      if (source && !ignored.ignores(relativePath)) {
        sources.push(source);
      }
    }
  }
  const apiVersion = sourceApiVersion(projectFile, json.sourceApiVersion);
  return { root: absoluteRoot, packageDirectories, sources, ...(apiVersion ? { apiVersion } : {}) };
}

/** `sourceApiVersion` as the CLI writes it ("66.0"); anything else fails the load loudly. */
function sourceApiVersion(projectFile: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^[1-9]\d*\.0$/.test(value)) return value;
  throw new UsageError(
    `${projectFile}: "sourceApiVersion" must be a version such as "66.0", not ${JSON.stringify(value)}.`
  );
}

function forceIgnore(root: string): ReturnType<typeof ignore> {
  const file = join(root, '.forceignore');
  const rules = ignore();
  if (existsSync(file)) {
    rules.add(readFileSync(file, 'utf8'));
  }
  return rules;
}

function toSource(path: string, relativePath: string): SourceFile | undefined {
  const match = /([^/\\]+)\.(cls|trigger)$/.exec(path);
  if (!match) {
    return undefined;
  }
  return {
    path,
    relativePath,
    kind: match[2] === 'cls' ? 'class' : 'trigger',
    name: match[1],
    text: readFileSync(path, 'utf8')
  };
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) {
    return;
  }
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name)
  );
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) {
      continue;
    }
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(path);
    } else {
      yield path;
    }
  }
}

/** Folders named `name` anywhere under the project's package directories (metadata folders). */
export function projectFolders(
  project: Pick<Project, 'root' | 'packageDirectories'>,
  name: string
): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
        continue;
      const path = join(dir, entry.name);
      if (entry.name === name) found.push(path);
      else visit(path);
    }
  };
  for (const dir of project.packageDirectories) {
    const root = join(project.root, dir);
    if (existsSync(root)) visit(root);
  }
  return found;
}
