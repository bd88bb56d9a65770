/** Unit tests of `chunks.ts`: rows and bytes per job. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_UPLOAD_BYTES, planChunks, rowBytes, rowRange } from './chunks.ts';
import { toCsv } from './csv.ts';

const sizes = (count: number, size = 10): number[] => Array.from({ length: count }, () => size);

describe('planChunks', () => {
  it('splits 25,000 rows into jobs of 10,000, 10,000 and 5,000', () => {
    const chunks = planChunks(sizes(25_000), 20, 10_000);
    assert.deepEqual(
      chunks.map((c) => [c.index, c.first, c.rows]),
      [
        [1, 0, 10_000],
        [2, 10_000, 10_000],
        [3, 20_000, 5_000]
      ]
    );
    assert.equal(chunks[2].bytes, 20 + 5_000 * 10);
  });

  it('makes exactly n jobs for n × chunk size rows, and one for fewer', () => {
    assert.equal(planChunks(sizes(20_000), 20, 10_000).length, 2);
    assert.equal(planChunks(sizes(1), 20, 10_000).length, 1);
    assert.equal(planChunks([], 20, 10_000).length, 0);
  });

  it('starts a new job before an upload would pass the byte limit', () => {
    const chunks = planChunks(sizes(10, 30), 10, 1_000, 100);
    assert.deepEqual(
      chunks.map((c) => c.rows),
      [3, 3, 3, 1]
    );
    assert.ok(chunks.every((c) => c.bytes <= 100));
  });

  it('keeps a job under 100 MB, the documented safe size of a 150 MB base64 upload', () => {
    assert.equal(MAX_UPLOAD_BYTES, 104_857_600);
    const rows = Math.ceil(MAX_UPLOAD_BYTES / 10_000) + 5;
    const chunks = planChunks(sizes(rows, 10_000), 100, 150_000_000);
    assert.equal(chunks.length, 2);
    assert.ok(chunks.every((c) => c.bytes <= MAX_UPLOAD_BYTES));
  });

  it('refuses a single row larger than an upload', () => {
    assert.throws(() => planChunks([50, 200], 10, 100, 100), /Data row 2 alone is larger/);
  });
});

describe('rowBytes', () => {
  it('is never less than the CSV the loader sends', () => {
    for (const row of [['a', 'b'], ['x, y', 'he said "hi"'], ['é€', 'two\nlines'], ['']]) {
      const header = row.map(() => 'h');
      const actual = Buffer.byteLength(toCsv(header, [row])) - Buffer.byteLength(toCsv(header, []));
      assert.ok(rowBytes(row) >= actual, `${JSON.stringify(row)}: ${rowBytes(row)} < ${actual}`);
    }
  });
});

describe('rowRange', () => {
  it('counts data rows from 1', () => {
    assert.equal(rowRange({ first: 10_000, rows: 10_000 }), 'rows 10,001–20,000');
    assert.equal(rowRange({ first: 4, rows: 1 }), 'row 5');
  });
});
