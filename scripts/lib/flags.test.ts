import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagHelp, readFlags, wholeNumber, type FlagSpec } from './flags.ts';

interface Spec extends FlagSpec {
  forCreate?: boolean;
}

const FLAGS: readonly Spec[] = [
  { names: ['--alias', '-a'], value: 'alias', help: 'the alias', forCreate: true },
  { names: ['--json'], help: 'one JSON result' },
  { names: ['--wait'], value: 'minutes', help: 'how long' }
];

class Refused extends Error {}
const fail = (message: string): never => {
  throw new Refused(message);
};

describe('readFlags', () => {
  it('reads switches and values by long or short name, in order', () => {
    const uses = readFlags(['-a', 'dev', '--json', '--wait', '5'], FLAGS, fail);
    assert.deepEqual(
      uses.map((u) => [u.flag.names[0], u.value]),
      [
        ['--alias', 'dev'],
        ['--json', ''],
        ['--wait', '5']
      ]
    );
  });

  it('refuses unknown flags, flags the command does not accept, and missing values', () => {
    assert.throws(
      () => readFlags(['--nope'], FLAGS, fail),
      (e) => e instanceof Refused && e.message === "Unknown flag '--nope'.",
      'raised through the fail of the caller'
    );
    assert.throws(
      () =>
        readFlags(['--alias', 'x'], FLAGS, fail, {
          accepts: (f) => !f.forCreate,
          context: ' for org:deploy'
        }),
      /Unknown flag '--alias' for org:deploy\./
    );
    assert.throws(() => readFlags(['--wait'], FLAGS, fail), /--wait needs a value \(<minutes>\)\./);
    assert.throws(() => readFlags(['-a', '--json'], FLAGS, fail), /-a needs a value \(<alias>\)\./);
  });
});

describe('wholeNumber', () => {
  it('accepts whole numbers in range, with underscores', () => {
    assert.equal(wholeNumber('--rows', '10_000', 1, 150_000_000, fail), 10_000);
    assert.equal(wholeNumber('--pct', '0', 0, 100, fail), 0);
  });

  it('refuses fractions, blanks and numbers out of range, naming the range', () => {
    for (const raw of ['1.5', '', 'ten', '101', '-1'])
      assert.throws(
        () => wholeNumber('--pct', raw, 0, 100, fail),
        new RegExp(`--pct must be a whole number from 0 to 100, not '${raw}'`)
      );
    assert.throws(() => wholeNumber('--rows', '0', 1, 150_000_000, fail), /to 150,000,000/);
  });
});

describe('flagHelp', () => {
  it('lines up every flag with its names, placeholder and help', () => {
    assert.deepEqual(flagHelp(FLAGS.slice(0, 2), 20), [
      '  --alias, -a <alias>  the alias',
      '  --json               one JSON result'
    ]);
  });
});
