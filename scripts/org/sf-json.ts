/**
 * Reads what `sf ... --json` prints: the envelope (`status`, `result`, or `name` + `message` on
 * failure) and the result shapes of the commands the org scripts run. Shapes follow the Salesforce
 * CLI's documented `--json` output; see fixtures/README.md.
 */
import { OrgError, translate } from './errors.ts';

/** The `--json` envelope. `status` is the exit code: 0 ok, 1 failed, 100 Apex tests failed. */
export interface Envelope {
  status: number;
  result?: unknown;
  name?: string;
  message?: string;
  data?: unknown;
  warnings?: unknown[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

/** Parses the text `sf --json` printed; null when it is not a JSON envelope. */
export function parseEnvelope(stdout: string): Envelope | null {
  const start = stdout.indexOf('{');
  if (start === -1) return null;
  try {
    const parsed = JSON.parse(stdout.slice(start)) as unknown;
    if (!isObject(parsed) || typeof parsed.status !== 'number') return null;
    return parsed as unknown as Envelope;
  } catch {
    return null;
  }
}

/** One component that failed to deploy. */
export interface DeployFailure {
  componentType: string;
  fullName: string;
  fileName: string;
  line?: number;
  column?: number;
  problem: string;
}

/** The component failures of a `sf project deploy start|validate --json` result. */
export function deployFailures(envelope: Envelope): DeployFailure[] {
  const result = isObject(envelope.result)
    ? envelope.result
    : isObject(envelope.data)
      ? envelope.data
      : {};
  const details = isObject(result.details) ? result.details : {};
  return asArray(details.componentFailures)
    .filter(isObject)
    .map((f) => ({
      componentType: text(f.componentType),
      fullName: text(f.fullName),
      fileName: text(f.fileName),
      line: f.lineNumber === undefined ? undefined : Number(f.lineNumber),
      column: f.columnNumber === undefined ? undefined : Number(f.columnNumber),
      problem: text(f.problem)
    }));
}

/** `ApexClass OrderService (force-app/.../OrderService.cls:12:5): Variable does not exist: x` */
export function formatDeployFailure(f: DeployFailure): string {
  const where = f.line ? `${f.fileName}:${f.line}${f.column ? `:${f.column}` : ''}` : f.fileName;
  return `${f.componentType} ${f.fullName} (${where}): ${f.problem}`;
}

/** What an Apex test run reported. */
export interface TestReport {
  outcome: string;
  ran: number;
  passing: number;
  failing: number;
  /** Org-wide coverage in percent, or null when the run had no coverage. */
  coverage: number | null;
  failures: { name: string; message: string; stackTrace: string }[];
  /** Classes and triggers under the threshold given to `testReport`, lowest first. */
  lowCoverage: { name: string; percent: number }[];
}

const percent = (v: unknown): number | null => {
  const n = Number.parseFloat(text(v).replace('%', ''));
  return Number.isFinite(n) ? n : null;
};

/** The summary, failures and coverage of a `sf apex run test --code-coverage --json` result. */
export function testReport(envelope: Envelope, threshold: number): TestReport {
  const result = isObject(envelope.result) ? envelope.result : {};
  const summary = isObject(result.summary) ? result.summary : {};
  const failures = asArray(result.tests)
    .filter(isObject)
    .filter((t) => text(t.Outcome) === 'Fail' || text(t.Outcome) === 'CompileFail')
    .map((t) => {
      const cls = isObject(t.ApexClass) ? text(t.ApexClass.Name) : '';
      return {
        name: text(t.FullName) || `${cls}.${text(t.MethodName)}`,
        message: text(t.Message),
        stackTrace: text(t.StackTrace)
      };
    });
  const coverageBlock = isObject(result.coverage) ? result.coverage : {};
  const lowCoverage = asArray(coverageBlock.coverage)
    .filter(isObject)
    .map((c) => ({ name: text(c.name), percent: Number(c.coveredPercent) }))
    .filter((c) => Number.isFinite(c.percent) && c.percent < threshold)
    .sort((a, b) => a.percent - b.percent);
  return {
    outcome: text(summary.outcome),
    ran: Number(summary.testsRan ?? 0),
    passing: Number(summary.passing ?? 0),
    failing: Number(summary.failing ?? failures.length),
    coverage: percent(summary.orgWideCoverage) ?? percent(summary.testRunCoverage),
    failures,
    lowCoverage
  };
}

/** The login URL of `sf org open --url-only --json`. */
export function loginUrl(envelope: Envelope): string {
  const result = isObject(envelope.result) ? envelope.result : {};
  return text(result.url);
}

/** What `org:status` shows of `sf org display --json`: never the access token. */
export interface OrgStatus {
  alias: string;
  username: string;
  instanceUrl: string;
  status: string;
  expirationDate: string;
  edition: string;
}

/** The status fields of `sf org display --json`, the access token left out. */
export function orgStatus(envelope: Envelope): OrgStatus {
  const r = isObject(envelope.result) ? envelope.result : {};
  return {
    alias: text(r.alias),
    username: text(r.username),
    instanceUrl: text(r.instanceUrl),
    status: text(r.status ?? r.connectedStatus),
    expirationDate: text(r.expirationDate),
    edition: text(r.edition)
  };
}

/** Permission sets `sf org assign permset --json` could not assign, other than already assigned ones. */
export function permsetFailures(envelope: Envelope): string[] {
  const r = isObject(envelope.result) ? envelope.result : {};
  return asArray(r.failures)
    .filter(isObject)
    .filter((f) => !/duplicate/i.test(text(f.message)))
    .map((f) => `${text(f.name)}: ${text(f.message)}`);
}

/** The compile or runtime problem of `sf apex run --json`, or null when it succeeded. */
export function anonymousApexProblem(envelope: Envelope): string | null {
  const r = isObject(envelope.result) ? envelope.result : {};
  if (r.compiled === false)
    return `line ${text(r.line)}, column ${text(r.column)}: ${text(r.compileProblem)}`;
  if (r.success === false) return `${text(r.exceptionMessage)}\n${text(r.exceptionStackTrace)}`;
  return null;
}

/** The error for a failed envelope: a known remedy when there is one, else sf's own message. */
export function envelopeError(envelope: Envelope, step: string, org?: string): OrgError {
  const failure = { name: text(envelope.name), message: text(envelope.message) };
  return (
    translate(failure, org) ??
    new OrgError(
      `${step} failed: ${failure.message.trim() || `sf exited with ${envelope.status}`}`,
      failure.name || 'SfFailed'
    )
  );
}

/** The Apex test outcome of a `sf project deploy validate --json` result (`details.runTestResult`). */
export function validateReport(envelope: Envelope, threshold: number): TestReport {
  const result = isObject(envelope.result) ? envelope.result : {};
  const details = isObject(result.details) ? result.details : {};
  const run = isObject(details.runTestResult) ? details.runTestResult : {};
  const failures = asArray(run.failures)
    .filter(isObject)
    .map((f) => ({
      name: `${text(f.name)}.${text(f.methodName)}`,
      message: text(f.message),
      stackTrace: text(f.stackTrace)
    }));
  const classes = asArray(run.codeCoverage)
    .filter(isObject)
    .map((c) => {
      const total = Number(c.numLocations ?? 0);
      const missed = Number(c.numLocationsNotCovered ?? 0);
      return { name: text(c.name), total, covered: total - missed };
    })
    .filter((c) => c.total > 0);
  const total = classes.reduce((sum, c) => sum + c.total, 0);
  const covered = classes.reduce((sum, c) => sum + c.covered, 0);
  const ran = Number(run.numTestsRun ?? 0);
  return {
    outcome: failures.length > 0 ? 'Failed' : 'Passed',
    ran,
    passing: ran - failures.length,
    failing: Number(run.numFailures ?? failures.length),
    coverage: total === 0 ? null : Math.floor((covered / total) * 1000) / 10,
    failures,
    lowCoverage: classes
      .map((c) => ({ name: c.name, percent: Math.floor((c.covered / c.total) * 1000) / 10 }))
      .filter((c) => c.percent < threshold)
      .sort((a, b) => a.percent - b.percent)
  };
}
