/**
 * PMD quality gate for the project's Apex: runs the Salesforce Code Analyzer PMD engine (as a
 * library, no `sf` plugin needed) with the Apex Security and Performance rules, and fails on any
 * violation of any severity. It also fails on suppressions that do not say why: a `// NOPMD` with
 * no reason text, or a `@SuppressWarnings('PMD...')` without a `//` comment next to it.
 *
 *   npx tsx scripts/check-pmd.ts [--project <dir>]
 *
 * Only `.cls`/`.trigger` files under the `packageDirectories` of `sfdx-project.json` are scanned.
 * Needs Java 11+ (found through JAVA_HOME, then PATH).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeAnalyzer,
  CodeAnalyzerConfig,
  EventType,
  LogLevel,
  type EngineLogEvent,
  type LogEvent,
  type RuleSelection,
  type Violation
} from '@salesforce/code-analyzer-core';
import { createEnginePlugin } from '@salesforce/code-analyzer-pmd-engine';
import { fail, listApexFiles, option, repoRoot } from './lib/project.ts';

/**
 * Rule selectors: engine:category:language. `Recommended` drops the 13 AppExchange-review rules
 * that share the Security tag (hard-coded credentials, session ids, ...) and keeps the 11 general
 * Apex security rules; every Apex Performance rule is recommended.
 */
const SELECTORS = ['pmd:Security:Apex:Recommended', 'pmd:Performance:Apex'];

/**
 * What SELECTORS resolve to with code-analyzer-pmd-engine 0.46.0 (PMD 7.26.0). Pinned so that an
 * engine upgrade that adds, drops or re-tags a rule stops the gate until someone reviews it.
 */
const EXPECTED_RULES = [
  // Security
  'ApexBadCrypto',
  'ApexCRUDViolation',
  'ApexCSRF',
  'ApexDangerousMethods',
  'ApexInsecureEndpoint',
  'ApexOpenRedirect',
  'ApexSharingViolations',
  'ApexSOQLInjection',
  'ApexSuggestUsingNamedCred',
  'ApexXSSFromEscapeFalse',
  'ApexXSSFromURLParam',
  // Performance
  'AvoidDebugStatements',
  'AvoidNonRestrictiveQueries',
  'EagerlyLoadedDescribeSObjectResult',
  'OperationWithHighCostInLoop',
  'OperationWithLimitsInLoop'
];

const MIN_JAVA_MAJOR = 11;
const MIN_REASON_WORDS = 3;
const HINT =
  "pmd: fix it, or suppress with a reason: `// NOPMD <reason>` on the line or `@SuppressWarnings('PMD.<Rule>')` with a `// reason` comment";

/** One line of gate output, from PMD or from the suppression-reason check. */
interface Finding {
  file: string;
  line: number;
  column: number;
  text: string;
}

async function main(): Promise<void> {
  const started = performance.now();
  const root = resolve(option('project') ?? repoRoot);
  const files = listApexFiles(root);
  if (files.length === 0) {
    console.log('pmd: no .cls/.trigger files in the package directories, nothing to check');
    return;
  }
  const java = findJava();
  const { ruleCount, violations, engineErrors } = await runPmd(root, files, java);
  const findings = [
    ...violations.map((v) => toFinding(root, v)),
    ...files.flatMap((file) =>
      checkSuppressionReasons(relative(root, file), readFileSync(file, 'utf8'))
    )
  ].sort(byLocation);

  for (const finding of findings) {
    console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.text}`);
  }
  for (const error of engineErrors) {
    console.log(`pmd: engine error: ${condense(root, error)}`);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const unexplained = findings.length - violations.length;
  const counts = [plural(violations.length, 'violation')];
  if (unexplained > 0) counts.push(`${plural(unexplained, 'suppression')} without a reason`);
  if (engineErrors.length > 0) counts.push(plural(engineErrors.length, 'engine error'));
  console.log(
    `pmd: ${ruleCount} rules on ${plural(files.length, 'file')}, ${counts.join(', ')} (${seconds} s)`
  );

  if (findings.length > 0) {
    console.log(HINT);
  }
  if (findings.length > 0 || engineErrors.length > 0) {
    process.exitCode = 1;
  }
}

/** Parse errors carry ANTLR's full list of expected tokens and absolute paths; keep the gist. */
function condense(root: string, message: string): string {
  return message.replaceAll(`${root}${sep}`, '').replace(/ expecting .*$/gm, '');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------------------------
// Java
// ---------------------------------------------------------------------------------------------

/**
 * The java command to hand to the engine. Checked here, rather than left to the engine, so that a
 * missing Java gives one clear instruction instead of the engine's multi-attempt error dump.
 */
function findJava(): string {
  const candidates = [
    ...(process.env.JAVA_HOME ? [join(resolve(process.env.JAVA_HOME), 'bin', 'java')] : []),
    'java'
  ];
  const tried: string[] = [];
  for (const command of candidates) {
    const major = javaMajorVersion(command);
    if (major !== undefined && major >= MIN_JAVA_MAJOR) {
      return command;
    }
    tried.push(`${command} (${major === undefined ? 'not runnable' : `Java ${major}`})`);
  }
  return fail(
    `pmd: Java ${MIN_JAVA_MAJOR}+ is required for PMD: install openjdk-17-jre-headless ` +
      `(or point JAVA_HOME at a JDK/JRE ${MIN_JAVA_MAJOR}+). Tried: ${tried.join(', ')}.`
  );
}

/** Major version from `java -version` (which prints to stderr), or undefined if it did not run. */
function javaMajorVersion(command: string): number | undefined {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    return undefined;
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) {
    return undefined;
  }
  const first = Number(match[1]);
  // Java 8 and older report themselves as "1.8.0_x".
  return first === 1 ? Number(match[2]) : first;
}

// ---------------------------------------------------------------------------------------------
// PMD through Code Analyzer
// ---------------------------------------------------------------------------------------------

interface PmdRun {
  ruleCount: number;
  violations: Violation[];
  engineErrors: string[];
}

async function runPmd(root: string, files: string[], java: string): Promise<PmdRun> {
  // The core keeps an engine's working folder in the temp dir whenever the engine logs an error
  // (e.g. a file PMD cannot parse); a private folder removed on exit stops those piling up.
  const workDir = mkdtempSync(join(tmpdir(), 'check-pmd-'));
  process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
  const analyzer = new CodeAnalyzer(analyzerConfig(root, java, workDir));
  const engineErrors = collectErrors(analyzer);
  await analyzer.addEnginePlugin(createEnginePlugin());

  const workspace = await analyzer.createWorkspace(files);
  const selection = await analyzer.selectRules(SELECTORS, { workspace });
  const ruleNames = selectedRuleNames(selection);
  checkRuleListIsPinned(ruleNames);
  console.log(`pmd: ${ruleNames.length} rules: ${ruleNames.join(', ')}`);

  const results = await analyzer.run(selection, { workspace });
  return { ruleCount: ruleNames.length, violations: results.getViolations(), engineErrors };
}

function analyzerConfig(root: string, java: string, workDir: string): CodeAnalyzerConfig {
  return CodeAnalyzerConfig.fromObject(
    {
      // The core defaults config_root to the cwd; pin it to the project being checked.
      config_root: root,
      // PMD's rule lists and reports go to a temp folder, never into the repo. The core writes no
      // log file itself (that is left to its clients), but its default log_folder is also temp.
      log_folder: workDir,
      root_working_folder: workDir,
      // The core's own `code-analyzer-suppress` markers need no reason, so they must not
      // suppress anything here. PMD's NOPMD / @SuppressWarnings keep working (PMD applies them
      // itself) and are checked for a reason by checkSuppressionReasons.
      suppressions: { disable_suppressions: true },
      engines: {
        // rule_languages is a hidden engine option: describing only the Apex rules saves a second.
        pmd: { java_command: java, rule_languages: ['apex'] },
        // The plugin also brings the copy-paste detector; this gate does not use it.
        cpd: { disable_engine: true }
      }
    },
    root
  );
}

/**
 * Error-level log events from the core and the engine. PMD reports a file it cannot parse only as
 * such an event, and an unparsed file is an unchecked file, so these fail the gate.
 */
function collectErrors(analyzer: CodeAnalyzer): string[] {
  const errors: string[] = [];
  const keep = (event: LogEvent | EngineLogEvent): void => {
    if (event.logLevel === LogLevel.Error) errors.push(event.message.trim());
  };
  analyzer.onEvent<LogEvent>(EventType.LogEvent, keep);
  analyzer.onEvent<EngineLogEvent>(EventType.EngineLogEvent, keep);
  return errors;
}

function selectedRuleNames(selection: RuleSelection): string[] {
  return selection
    .getEngineNames()
    .flatMap((engine) => selection.getRulesFor(engine).map((rule) => rule.getName()))
    .sort();
}

function checkRuleListIsPinned(selected: string[]): void {
  const added = selected.filter((name) => !EXPECTED_RULES.includes(name));
  const removed = EXPECTED_RULES.filter((name) => !selected.includes(name));
  if (added.length > 0 || removed.length > 0) {
    fail(
      `pmd: the engine's rules for ${SELECTORS.join(' + ')} changed ` +
        `(new: ${added.join(', ') || 'none'}; gone: ${removed.join(', ') || 'none'}). ` +
        'Review them and update EXPECTED_RULES in scripts/check-pmd.ts.'
    );
  }
}

function toFinding(root: string, violation: Violation): Finding {
  const rule = violation.getRule();
  const location = violation.getPrimaryLocation();
  const file = location.getFile();
  return {
    // Engine failures come back as violations without a file.
    file: file ? relative(root, file) : 'pmd',
    line: location.getStartLine() ?? 0,
    column: location.getStartColumn() ?? 0,
    text: `${rule.getName()} (severity ${rule.getSeverityLevel()}) ${violation.getMessage()}`
  };
}

function byLocation(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

// ---------------------------------------------------------------------------------------------
// Suppressions need a reason
// ---------------------------------------------------------------------------------------------

/** A `//` comment: where it starts and the text after the slashes. */
interface LineComment {
  line: number;
  column: number;
  text: string;
}

/** The source with every comment blanked out (line breaks kept), plus its `//` comments. */
interface LexedApex {
  code: string;
  comments: LineComment[];
}

/**
 * PMD only honours NOPMD at the start of a `//` comment (not in block comments or mid-comment)
 * and on the line it reports, so that is exactly what is checked here.
 */
function checkSuppressionReasons(file: string, source: string): Finding[] {
  const lexed = lexApex(source);
  return [...nopmdWithoutReason(file, lexed), ...suppressWarningsWithoutReason(file, lexed)];
}

function nopmdWithoutReason(file: string, { comments }: LexedApex): Finding[] {
  return comments
    .filter(({ text }) => {
      const body = text.trimStart();
      return body.startsWith('NOPMD') && wordCount(body.slice('NOPMD'.length)) < MIN_REASON_WORDS;
    })
    .map(({ line, column }) => ({
      file,
      line,
      column,
      text: `NopmdWithoutReason (gate) NOPMD needs a reason of ${MIN_REASON_WORDS}+ words after it: \`// NOPMD <why this is safe>\``
    }));
}

/**
 * A `@SuppressWarnings('PMD...')` is explained by a `//` comment on its own line(s) or by the block
 * of `//` comment lines right above it.
 */
function suppressWarningsWithoutReason(file: string, lexed: LexedApex): Finding[] {
  const lineStarts = lineStartIndexes(lexed.code);
  const findings: Finding[] = [];
  for (const match of lexed.code.matchAll(/@SuppressWarnings\s*\(\s*'([^']*)'\s*\)/gi)) {
    const value = match[1] ?? '';
    if (!/\bPMD\b/i.test(value)) continue;
    const start = position(lineStarts, match.index);
    const endLine = position(lineStarts, match.index + match[0].length - 1).line;
    const reason = [
      ...commentBlockAbove(lexed, lineStarts, start.line),
      ...lexed.comments.filter((c) => c.line >= start.line && c.line <= endLine).map((c) => c.text)
    ].join(' ');
    if (wordCount(reason) < MIN_REASON_WORDS) {
      findings.push({
        file,
        ...start,
        text: `SuppressWarningsWithoutReason (gate) @SuppressWarnings('${value}') needs a \`// reason\` comment (${MIN_REASON_WORDS}+ words) on its line or the line above`
      });
    }
  }
  return findings;
}

/** Texts of the consecutive comment-only `//` lines directly above `line`. */
function commentBlockAbove(lexed: LexedApex, lineStarts: number[], line: number): string[] {
  const texts: string[] = [];
  for (let above = line - 1; above >= 1; above--) {
    const comment = lexed.comments.find((c) => c.line === above);
    if (!comment || lineText(lexed.code, lineStarts, above).trim() !== '') break;
    texts.unshift(comment.text);
  }
  return texts;
}

/** Words with at least one letter, so `// NOPMD -` or `// NOPMD 1 2 3` are not reasons. */
function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}_'’.-]*\p{L}[\p{L}\p{N}_'’.-]*/gu) ?? []).length;
}

/**
 * Splits Apex source into code and comments. Strings are tracked only so that a `//` or `/*`
 * inside a string literal is not mistaken for a comment (Apex strings are single-quoted, use
 * backslash escapes and cannot span lines).
 */
function lexApex(source: string): LexedApex {
  const lineStarts = lineStartIndexes(source);
  const comments: LineComment[] = [];
  let code = '';
  let i = 0;
  while (i < source.length) {
    const pair = source.slice(i, i + 2);
    let end: number;
    if (pair === '//') {
      end = indexOrEnd(source, '\n', i);
      comments.push({ ...position(lineStarts, i), text: source.slice(i + 2, end) });
    } else if (pair === '/*') {
      end = Math.min(indexOrEnd(source, '*/', i + 2) + 2, source.length);
    } else {
      end = source[i] === "'" ? endOfString(source, i) : i + 1;
      code += source.slice(i, end);
      i = end;
      continue;
    }
    code += source.slice(i, end).replace(/[^\n]/g, ' ');
    i = end;
  }
  return { code, comments };
}

function endOfString(source: string, quote: number): number {
  let i = quote + 1;
  while (i < source.length && source[i] !== "'" && source[i] !== '\n') {
    i += source[i] === '\\' ? 2 : 1;
  }
  return source[i] === "'" ? i + 1 : i;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const at = text.indexOf(search, from);
  return at === -1 ? text.length : at;
}

function lineStartIndexes(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of a character index. */
function position(lineStarts: number[], index: number): { line: number; column: number } {
  let line = lineStarts.length;
  while (line > 1 && (lineStarts[line - 1] ?? 0) > index) line--;
  return { line, column: index - (lineStarts[line - 1] ?? 0) + 1 };
}

function lineText(text: string, lineStarts: number[], line: number): string {
  const start = lineStarts[line - 1] ?? text.length;
  return text.slice(start, lineStarts[line] ?? text.length);
}

main().catch((error: unknown) => {
  fail(`pmd: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
});
