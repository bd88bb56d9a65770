/** Unit tests of `args.ts`: flags, defaults and the errors that show usage. No org, no `sf`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS, DEFAULT_ALIAS, parseArgs, usage } from './args.ts';
import { OrgError } from './errors.ts';

describe('parseArgs', () => {
  it('fills in the defaults', () => {
    const o = parseArgs('create', []);
    assert.equal(o.org, DEFAULT_ALIAS);
    assert.equal(o.durationDays, 7);
    assert.equal(o.definitionFile, 'config/project-scratch-def.json');
    assert.equal(o.coverageThreshold, 90);
    assert.equal(o.dryRun, false);
    assert.equal(o.json, false);
  });

  it('reads every flag of create, long and short', () => {
    const o = parseArgs('create', [
      '-a',
      'ci-1',
      '-d',
      '1',
      '-v',
      'hub',
      '-f',
      'config/project-scratch-def.minimal.json',
      '--skip-build',
      '--wait',
      '20',
      '--dry-run',
      '--json'
    ]);
    assert.deepEqual(
      [
        o.org,
        o.durationDays,
        o.targetDevHub,
        o.definitionFile,
        o.skipBuild,
        o.waitMinutes,
        o.dryRun,
        o.json
      ],
      ['ci-1', 1, 'hub', 'config/project-scratch-def.minimal.json', true, 20, true, true]
    );
  });

  it('reads the test flags', () => {
    const o = parseArgs('test', ['-o', 'x', '--coverage-threshold', '75', '--output-dir', 'out']);
    assert.deepEqual([o.org, o.coverageThreshold, o.outputDir], ['x', 75, 'out']);
  });

  it('accepts --help, --dry-run and --json on every command', () => {
    for (const command of COMMANDS) {
      const o = parseArgs(command, ['--help', '--dry-run', '--json']);
      assert.deepEqual([o.help, o.dryRun, o.json], [true, true, true], command);
    }
  });

  it('refuses a flag that belongs to another command and shows usage', () => {
    assert.throws(
      () => parseArgs('delete', ['--coverage-threshold', '80']),
      (e: unknown) =>
        e instanceof OrgError &&
        /Unknown flag '--coverage-threshold' for org:delete/.test(e.message) &&
        /Usage: npm run org:delete/.test(e.message)
    );
    assert.throws(() => parseArgs('create', ['--target-org', 'x']), /Unknown flag/);
  });

  it('refuses a flag without its value', () => {
    assert.throws(() => parseArgs('status', ['--target-org']), /--target-org needs a value/);
    assert.throws(() => parseArgs('create', ['--alias', '--json']), /--alias needs a value/);
  });

  it('refuses numbers out of range', () => {
    assert.throws(
      () => parseArgs('create', ['-d', '31']),
      /--duration-days must be a whole number from 1 to 30, not '31'/
    );
    assert.throws(() => parseArgs('test', ['--coverage-threshold', '90.5']), /from 0 to 100/);
  });

  it('refuses an unknown command', () => {
    assert.throws(() => parseArgs('push', []), /Unknown command 'push'. Commands: org:create/);
  });
});

describe('usage', () => {
  it('lists only the flags of the command', () => {
    const text = usage('test');
    assert.match(text, /^Usage: npm run org:test -- \[flags\]/);
    assert.match(text, /--coverage-threshold <0-100>/);
    assert.doesNotMatch(text, /--duration-days/);
  });
});
