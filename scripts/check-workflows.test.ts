/**
 * Unit tests of `check-workflows.ts`: the repository's workflows pass, and a broken workflow or
 * action fails with a message that points at the problem. Run by the `scripts-tests` gate.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkText, kindOf, listWorkflowFiles } from './check-workflows.ts';

const GOOD = `name: ok
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - env:
          TOKEN: \${{ secrets.TOKEN }}
        run: echo "\${TOKEN}" | wc -c
`;

describe('check-workflows', () => {
  it('passes every workflow and action of the repository, the composite action included', () => {
    const files = listWorkflowFiles();
    assert.ok(files.some((f) => f.endsWith('.github/actions/authorize-dev-hub/action.yml')));
    assert.ok(files.some((f) => f.endsWith('.github/workflows/ci.yml')));
    for (const file of files)
      assert.deepEqual(checkText(readFileSync(file, 'utf8'), kindOf(file)), [], file);
  });

  it('passes a secret handed to a script through env', () => {
    assert.deepEqual(checkText(GOOD, 'workflow'), []);
  });

  it('fails a misspelt key, naming the job', () => {
    const broken = GOOD.replace('    steps:', '    step:');
    assert.deepEqual(checkText(broken, 'workflow'), [
      "/jobs/build: Additional property 'step' is not allowed"
    ]);
  });

  it('fails a job without runs-on and a bad trigger', () => {
    const problems = checkText(
      GOOD.replace('    runs-on: ubuntu-latest\n', '').replace('on: push', 'on: pushed'),
      'workflow'
    );
    assert.ok(problems.length > 0);
    assert.ok(
      problems.some((p) => p.startsWith('/on') || p.startsWith('/jobs/build')),
      problems.join('\n')
    );
  });

  it('fails YAML that does not parse, with its line', () => {
    const problems = checkText('on: push\njobs:\n  a: [\n', 'workflow');
    assert.ok(problems.length > 0);
  });

  it('fails a secret written into a run: script', () => {
    const inline = GOOD.replace(
      'run: echo "${TOKEN}" | wc -c',
      'run: |\n          echo ${{ secrets.TOKEN }}'
    );
    assert.deepEqual(checkText(inline, 'workflow'), [
      'line 11: a secret inside a run: script; pass it through env: and use "$NAME"'
    ]);
  });

  it('fails an action on a branch, and accepts a major tag or a full SHA', () => {
    assert.deepEqual(
      checkText(GOOD.replace('actions/checkout@v4', 'actions/checkout@main'), 'workflow'),
      ['line 7: actions/checkout@main is not pinned: use a major tag (@v4) or a full commit SHA']
    );
    const sha = 'actions/checkout@' + 'a'.repeat(40);
    assert.deepEqual(checkText(GOOD.replace('actions/checkout@v4', sha), 'workflow'), []);
  });

  it('fails a global, floating Salesforce CLI', () => {
    const floating = GOOD.replace(
      'run: echo "${TOKEN}" | wc -c',
      'run: npm install -g @salesforce/cli@latest'
    );
    assert.equal(checkText(floating, 'workflow').length, 1);
  });

  it('fails a composite action without runs', () => {
    const problems = checkText('name: x\ndescription: y\n', 'action');
    assert.ok(
      problems.some((p) => /runs/.test(p)),
      problems.join('\n')
    );
  });
});
