import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { iconNamesIn, libraryModule } from './icon-templates.ts';

describe('trimmed icon libraries', () => {
  it('finds icon names in component sources, skipping the icon libraries themselves', () => {
    const dir = mkdtempSync(join(tmpdir(), 'icons-'));
    try {
      mkdirSync(join(dir, 'c', 'badge'), { recursive: true });
      mkdirSync(join(dir, 'lightning', 'iconSvgTemplatesUtility'), { recursive: true });
      writeFileSync(
        join(dir, 'c', 'badge', 'badge.html'),
        '<lightning-icon icon-name="utility:error"></lightning-icon>'
      );
      writeFileSync(
        join(dir, 'c', 'badge', 'badge.ts'),
        "const icon = open ? 'utility:warning' : 'standard:account';"
      );
      writeFileSync(join(dir, 'c', 'badge', 'notes.md'), 'utility:ignored');
      writeFileSync(
        join(dir, 'lightning', 'iconSvgTemplatesUtility', 'templates.js'),
        "import x from './utility/zoomin.html'; // utility:zoomin"
      );
      assert.deepEqual([...iconNamesIn([dir])].sort(), [
        'standard:account',
        'utility:error',
        'utility:warning'
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps only the named icons that exist, keyed as lightning-primitive-icon reads them', () => {
    const names = new Set(['utility:error', 'utility:no_such_icon', 'standard:account']);
    const utility = libraryModule(['utility'], false, names);
    assert.match(
      utility,
      /import icon0 from ".*iconSvgTemplatesUtility\/buildTemplates\/utility\/error\.html";/
    );
    assert.match(utility, /"utility_error": icon0,/);
    assert.doesNotMatch(utility, /no_such_icon|account/);
    const rtl = libraryModule(['utility'], true, names);
    assert.match(rtl, /iconSvgTemplatesUtilityRtl\/buildTemplates\/utility\/error\.html/);
    const all = libraryModule(['utility', 'standard'], false, names);
    assert.equal(all.match(/^import /gm)?.length, 2);
  });
});
