/** The build fingerprint decides whether `npm start` may skip the bundle: it must see changes. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fingerprint, isUpToDate, writeStamp } from './stamp.ts';

const work = mkdtempSync(join(tmpdir(), 'dashboard-stamp-'));
after(() => rmSync(work, { recursive: true, force: true }));

function stage(files: Record<string, string>): string {
  const dir = mkdtempSync(join(work, 'stage-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe('build fingerprint', () => {
  it('is the same for the same sources and changes with any content, path or extra input', () => {
    const base = { 'c/a/a.js': 'export default 1;', 'c/a/a.html': '<template></template>' };
    const hash = fingerprint(stage(base));
    assert.equal(fingerprint(stage(base)), hash);
    assert.notEqual(fingerprint(stage({ ...base, 'c/a/a.js': 'export default 2;' })), hash);
    assert.notEqual(fingerprint(stage({ ...base, 'c/b/b.js': '' })), hash);
    assert.notEqual(fingerprint(stage(base), ['index.html v2']), hash);
  });

  it('calls an output up to date only with a matching stamp and an app.js', () => {
    const out = mkdtempSync(join(work, 'out-'));
    assert.equal(isUpToDate(out, 'h1'), false, 'no stamp');
    writeStamp(out, 'h1');
    assert.equal(isUpToDate(out, 'h1'), false, 'no app.js');
    writeFileSync(join(out, 'app.js'), '');
    assert.equal(isUpToDate(out, 'h1'), true);
    assert.equal(isUpToDate(out, 'h2'), false, 'other sources');
    writeFileSync(join(out, 'build-stamp.json'), '{ not json');
    assert.equal(isUpToDate(out, 'h1'), false, 'unreadable stamp');
  });
});
