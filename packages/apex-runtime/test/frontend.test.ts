import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main, parseArgs } from '../src/cli.ts';
import { loadProject, parseSource, UsageError } from '../src/index.ts';

const BASIC = join(import.meta.dirname, 'fixtures', 'basic');

describe('loader', () => {
  it('finds classes and triggers in package directories and honours .forceignore', () => {
    const project = loadProject(BASIC);
    const names = project.sources.map((s) => `${s.kind}:${s.name}`).sort();
    assert.deepEqual(names, ['class:Bad', 'class:Good', 'trigger:AccountTrigger']);
  });

  it('refuses a folder without sfdx-project.json', () => {
    assert.throws(() => loadProject(join(BASIC, 'force-app')), UsageError);
  });
});

describe('parser front end', () => {
  it('reports a syntax error with file, line and 1-based column', () => {
    const bad = loadProject(BASIC).sources.find((s) => s.name === 'Bad');
    assert.ok(bad);
    const { diagnostics } = parseSource(bad);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].file, 'force-app/main/default/classes/Bad.cls');
    assert.equal(diagnostics[0].line, 3);
    assert.equal(diagnostics[0].column, 21);
    assert.match(diagnostics[0].message, /^syntax error: mismatched input ';'/);
  });

  it('parses triggers with the trigger grammar', () => {
    const trigger = loadProject(BASIC).sources.find((s) => s.kind === 'trigger');
    assert.ok(trigger);
    assert.deepEqual(parseSource(trigger).diagnostics, []);
  });
});

describe('command line', () => {
  it('keeps every value of a repeated option', () => {
    const options = parseArgs(['test', '--class', 'A', '--class', 'B', '--json']);
    assert.deepEqual(options.values.get('class'), ['A', 'B']);
    assert.ok(options.flags.has('json'));
  });

  it('rejects unknown options with a usage message', () => {
    assert.throws(() => parseArgs(['test', '--clas', 'A']), /Unknown option "--clas"/);
  });

  it('check exits 1 when a class has a syntax error', async () => {
    assert.equal(await main(['check', '--project', BASIC]), 1);
  });
});

describe('run command', () => {
  it('runs anonymous Apex and fails on an uncaught exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apex-run-'));
    const good = join(dir, 'good.apex');
    const bad = join(dir, 'bad.apex');
    writeFileSync(good, "System.debug('hello');\n");
    writeFileSync(bad, 'Integer zero = 0;\nInteger x = 1 / zero;\n');
    try {
      assert.equal(await main(['run', good]), 0);
      assert.equal(await main(['run', bad]), 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
