/** Test reports: console text like `sf apex run test`, JUnit XML, JSON, and line coverage. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Coverage } from '../interpreter/compiler.ts';
import type { TestResult } from './runner.ts';

export interface Summary {
  passed: number;
  failed: number;
  unsupported: number;
  skipped: number;
  durationMs: number;
}

export function summarise(results: TestResult[], durationMs: number): Summary {
  const count = (o: TestResult['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    passed: count('Pass'),
    failed: count('Fail'),
    unsupported: count('Unsupported'),
    skipped: 0,
    durationMs
  };
}

/** Console lines: one block per failure with its Apex stack trace, then the summary. */
export function consoleReport(results: TestResult[], summary: Summary): string {
  const lines: string[] = [];
  for (const r of results.filter((x) => x.outcome !== 'Pass')) {
    lines.push(
      `${r.outcome === 'Unsupported' ? 'UNSUPPORTED' : 'FAIL'} ${r.className}.${r.methodName}`
    );
    lines.push(`    ${r.message}`);
    for (const line of r.stackTrace.split('\n').filter(Boolean)) lines.push(`    ${line}`);
  }
  lines.push(...limitsReport(results));
  if (summary.unsupported > 0) {
    lines.push(
      `${summary.unsupported} test(s) reached a feature the offline runtime does not support yet (counted as failed).`
    );
  }
  lines.push(
    `Ran ${summary.passed + summary.failed + summary.unsupported} Apex test(s) in ${summary.durationMs} ms`
  );
  lines.push(
    `apex: ${summary.passed} passed, ${summary.failed + summary.unsupported} failed, ${summary.skipped} skipped`
  );
  return lines.join('\n');
}

/** One line per test with the governor limits it used, so a rise in SOQL or DML shows. */
function limitsReport(results: TestResult[]): string[] {
  if (results.length === 0) return [];
  const width = Math.max(...results.map((r) => r.className.length + r.methodName.length + 1));
  const lines = [
    'Governor limits per test (SOQL queries/rows, DML statements/rows, callouts, CPU ms; after',
    '"async": the asynchronous transactions it ran, and the most one of them used):'
  ];
  const used = (l: Record<string, number>) =>
    `SOQL ${l.queries}/${l.queryRows}  DML ${l.dmlStatements}/${l.dmlRows}  callouts ${l.callouts}  CPU ${l.cpuTime}`;
  for (const r of results) {
    const async =
      r.asyncLimits.transactions > 0
        ? `  async ${r.asyncLimits.transactions}: ${used(r.asyncLimits.peak)}`
        : '';
    lines.push(`    ${`${r.className}.${r.methodName}`.padEnd(width)}  ${used(r.limits)}${async}`);
  }
  return lines;
}

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function junitReport(results: TestResult[], summary: Summary): string {
  const byClass = new Map<string, TestResult[]>();
  for (const r of results) byClass.set(r.className, [...(byClass.get(r.className) ?? []), r]);
  const suites = [...byClass].map(([cls, rs]) => {
    const failures = rs.filter((r) => r.outcome !== 'Pass').length;
    const time = rs.reduce((t, r) => t + r.durationMs, 0) / 1000;
    const cases = rs.map((r) => {
      const head = `    <testcase classname="${xml(cls)}" name="${xml(r.methodName)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
      if (r.outcome === 'Pass') return `${head}/>`;
      const type = r.outcome === 'Unsupported' ? 'Unsupported' : r.message.split(':')[0];
      return `${head}>\n      <failure type="${xml(type)}" message="${xml(r.message)}">${xml(r.stackTrace)}</failure>\n    </testcase>`;
    });
    return `  <testsuite name="${xml(cls)}" tests="${rs.length}" failures="${failures}" errors="0" skipped="0" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const total = results.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="apex-runtime" tests="${total}" failures="${summary.failed + summary.unsupported}" time="${(summary.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export interface FileCoverage {
  file: string;
  covered: number[];
  uncovered: number[];
  percent: number;
}

export function coverageSummary(coverage: Map<string, Coverage>): FileCoverage[] {
  return [...coverage]
    .map(([file, c]) => {
      const lines = [...c.executable].sort((a, b) => a - b);
      const covered = lines.filter((l) => (c.hits.get(l) ?? 0) > 0);
      const uncovered = lines.filter((l) => (c.hits.get(l) ?? 0) === 0);
      return {
        file,
        covered,
        uncovered,
        percent: lines.length === 0 ? 100 : Math.round((covered.length / lines.length) * 1000) / 10
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Writes `coverage.json` and Cobertura `cobertura.xml` into `dir`. */
export function writeCoverage(dir: string, coverage: Map<string, Coverage>): void {
  mkdirSync(dir, { recursive: true });
  const files = coverageSummary(coverage);
  writeFileSync(join(dir, 'coverage.json'), `${JSON.stringify({ files }, null, 2)}\n`);
  const all = files.reduce((n, f) => n + f.covered.length + f.uncovered.length, 0);
  const hit = files.reduce((n, f) => n + f.covered.length, 0);
  const rate = (h: number, t: number) => (t === 0 ? 1 : h / t).toFixed(4);
  const classes = files.map((f) => {
    const c = coverage.get(f.file)!;
    const lines = [...c.executable]
      .sort((a, b) => a - b)
      .map((l) => `          <line number="${l}" hits="${c.hits.get(l) ?? 0}"/>`);
    const name = f.file
      .split('/')
      .pop()!
      .replace(/\.(cls|trigger)$/, '');
    return `      <class name="${xml(name)}" filename="${xml(f.file)}" line-rate="${rate(f.covered.length, f.covered.length + f.uncovered.length)}" branch-rate="0">\n        <methods/>\n        <lines>\n${lines.join('\n')}\n        </lines>\n      </class>`;
  });
  writeFileSync(
    join(dir, 'cobertura.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<coverage line-rate="${rate(hit, all)}" branch-rate="0" lines-covered="${hit}" lines-valid="${all}" version="apex-runtime" timestamp="${Date.now()}">\n  <sources><source>.</source></sources>\n  <packages>\n    <package name="apex" line-rate="${rate(hit, all)}" branch-rate="0">\n      <classes>\n${classes.join('\n')}\n      </classes>\n    </package>\n  </packages>\n</coverage>\n`
  );
}

export function writeFileEnsured(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
