/**
 * `npm test`: the one command that proves the project offline. It runs every gate in order, shows
 * each one's progress and time, prints the full output of any gate that fails, and ends with one
 * summary line. Every gate runs even after a failure, so one run shows everything to fix.
 *
 * `npm test -- --only lint,format` runs some gates; `--list` names them.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fail, listFiles, option, repoRoot } from './lib/project.ts';

interface Gate {
  name: string;
  what: string;
  command: string[];
  /** Picks the line of the gate's output that best summarises it (default: the last line). */
  summary?: RegExp;
}

const bin = (name: string): string => join(repoRoot, 'node_modules', '.bin', name);
const tsx = (script: string, ...args: string[]): string[] => [bin('tsx'), script, ...args];

const GATES: Gate[] = [
  {
    name: 'build',
    what: 'compile LWC TypeScript into force-app',
    command: tsx('scripts/build-lwc.ts')
  },
  {
    name: 'types',
    what: 'TypeScript type check (tooling)',
    command: [bin('tsc'), '-p', 'tsconfig.json', '--noEmit']
  },
  {
    name: 'types-lwc',
    what: 'TypeScript type check (LWC)',
    command: [bin('tsc'), '-p', 'lwc-ts/tsconfig.json', '--noEmit']
  },
  {
    name: 'lint',
    what: 'ESLint (LWC rules, typescript-eslint)',
    command: [bin('eslint'), '--max-warnings', '0', '.']
  },
  {
    name: 'format',
    what: 'Prettier (Apex, TS, HTML, XML, JSON, MD)',
    command: [bin('prettier'), '--check', '--log-level', 'warn', '.']
  },
  {
    name: 'apex-syntax',
    what: 'Apex syntax (apex-parser)',
    command: [bin('apex-runtime'), 'check']
  },
  {
    name: 'apex-semantics',
    what: 'Apex types, methods and fields (apex-ls)',
    command: tsx('scripts/check-apex-semantics.ts')
  },
  { name: 'pmd', what: 'PMD security and performance rules', command: tsx('scripts/check-pmd.ts') },
  {
    name: 'security',
    what: 'sharing, access modes, no hard-coded endpoints, ids or secrets',
    command: tsx('scripts/check-security.ts')
  },
  {
    name: 'scripts-tests',
    what: 'unit tests of the gate scripts (node:test)',
    command: [
      process.execPath,
      '--import',
      'tsx',
      '--test',
      ...listFiles(join(repoRoot, 'scripts'), (name) => name.endsWith('.test.ts'))
    ],
    summary: /^# pass/
  },
  {
    name: 'workflows',
    what: 'GitHub workflow and action schemas, secrets and pinning',
    command: tsx('scripts/check-workflows.ts')
  },
  {
    name: 'metadata',
    what: 'metadata XML and sf project convert source',
    command: tsx('scripts/check-metadata.ts')
  },
  {
    name: 'lwc-jest',
    what: 'LWC Jest tests, 90 % line coverage',
    command: [bin('sfdx-lwc-jest'), '--coverage', '--', '--ci'],
    summary: /^Tests:/
  },
  {
    name: 'runtime',
    what: 'apex-runtime conformance suite',
    command: ['npm', 'test', '--workspace', 'packages/apex-runtime', '--silent'],
    summary: /^# pass/
  },
  {
    name: 'apex-tests',
    what: 'Apex tests in the offline runtime',
    command: [
      bin('apex-runtime'),
      'test',
      '--junit',
      'reports/apex-junit.xml',
      '--coverage',
      'reports/apex-coverage'
    ],
    summary: /^apex: \d+ passed/
  },
  {
    // Separate from scripts-tests: bundling lightning-base-components takes ~8-15 s.
    name: 'browser',
    what: 'local dashboard in Chromium (Playwright): fake org, then a real local run; screenshots in reports/',
    command: [
      process.execPath,
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      'scripts/dashboard/browser.e2e.ts',
      'scripts/dashboard/run.e2e.ts'
    ],
    summary: /^# pass/
  }
];

interface Outcome {
  gate: Gate;
  ok: boolean;
  ms: number;
  output: string;
}

function run(gate: Gate): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const [command, ...args] = gate.command;
    const child = spawn(command, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        SF_DISABLE_TELEMETRY: 'true',
        SF_AUTOUPDATE_DISABLE: 'true'
      }
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      output += `could not start ${command}: ${error.message}. Run \`npm ci\` first.`;
    });
    child.on('close', (code) =>
      resolve({ gate, ok: code === 0, ms: Date.now() - started, output })
    );
  });
}

function summaryLine(text: string, pattern?: RegExp): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return (pattern && lines.find((l) => pattern.test(l))) || (lines.at(-1) ?? '');
}

function selectGates(): Gate[] {
  const only = option('only');
  if (!only) {
    return GATES;
  }
  const names = only.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !GATES.some((g) => g.name === n));
  if (unknown.length > 0) {
    fail(`Unknown gate(s): ${unknown.join(', ')}. Gates: ${GATES.map((g) => g.name).join(', ')}.`);
  }
  return GATES.filter((g) => names.includes(g.name));
}

async function main(): Promise<void> {
  if (process.argv.includes('--list')) {
    GATES.forEach((g) => console.log(`${g.name.padEnd(15)} ${g.what}`));
    return;
  }
  const started = Date.now();
  const outcomes: Outcome[] = [];
  const interactive = process.stdout.isTTY === true;
  for (const gate of selectGates()) {
    if (interactive) {
      process.stdout.write(`▶ ${gate.name.padEnd(15)} ${gate.what} ...`);
    }
    const outcome = await run(gate);
    outcomes.push(outcome);
    const seconds = (outcome.ms / 1000).toFixed(1);
    const line = `${outcome.ok ? '✔' : '✖'} ${gate.name.padEnd(15)} ${summaryLine(outcome.output, gate.summary) || gate.what} (${seconds} s)`;
    console.log(interactive ? `\r\x1b[2K${line}` : line);
    if (!outcome.ok) {
      console.log(outcome.output.trimEnd().replace(/^/gm, '    '));
    }
  }
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) {
    console.log(
      `\nFailed: ${failed.map((o) => o.gate.name).join(', ')}. Rerun one with \`npm test -- --only <gate>\`.`
    );
  }
  console.log(`\nTotal time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`gates: ${outcomes.length - failed.length} passed, ${failed.length} failed`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

void main();
