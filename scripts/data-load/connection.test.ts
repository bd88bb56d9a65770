/**
 * Connecting through @salesforce/core with no stored auth (HOME is an empty directory): an
 * unknown alias and a missing default org (the test runs in an empty directory) each end in an instruction, not a stack trace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const home = mkdtempSync(join(tmpdir(), 'data-load-home-'));
process.env.HOME = home;
// Away from this project, so a developer's own target-org in .sf/config.json is not found.
process.chdir(home);
process.env.SF_DISABLE_LOG_FILE = 'true';
after(() => rmSync(home, { recursive: true, force: true }));

describe('connectOrg', () => {
  it('says how to log in when the alias is unknown', async () => {
    const { connectOrg } = await import('./connection.ts');
    await assert.rejects(connectOrg('no-such-alias'), (e: unknown) => {
      assert.equal((e as { code?: string }).code, 'OrgNotFound');
      assert.match(
        (e as Error).message,
        /^No org 'no-such-alias' is authorized here: log in with `sf org login web --alias no-such-alias`/
      );
      return true;
    });
  });

  it('says how to name an org when there is no default', async () => {
    const { connectOrg } = await import('./connection.ts');
    await assert.rejects(connectOrg(undefined), (e: unknown) => {
      assert.equal((e as { code?: string }).code, 'NoTargetOrg');
      assert.match(
        (e as Error).message,
        /pass --org <alias>, or set a default with `sf config set target-org/
      );
      return true;
    });
  });
});
