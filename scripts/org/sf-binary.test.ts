/**
 * Runs the real `sf` binary (node_modules/.bin/sf, the pinned version) for what works without an
 * org: `sf project convert source`, and the exact errors it prints when no org or Dev Hub is
 * authorized, which the scripts must turn into instructions. HOME points at an empty temporary
 * folder so no login of the person running the tests is seen or touched.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../lib/project.ts';
import { parseEnvelope, envelopeError } from './sf-json.ts';

const sf = join(repoRoot, 'node_modules', '.bin', 'sf');
const home = mkdtempSync(join(tmpdir(), 'conduit-sf-home-'));
after(() => rmSync(home, { recursive: true, force: true }));

function runSf(
  args: string[],
  cwd = repoRoot
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(sf, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      HOME: home,
      SF_DISABLE_TELEMETRY: 'true',
      SF_AUTOUPDATE_DISABLE: 'true',
      SF_SKIP_NEW_VERSION_CHECK: 'true',
      SF_TARGET_ORG: '',
      SF_TARGET_DEV_HUB: ''
    }
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe(
  'the real sf binary',
  { skip: !existsSync(sf) && 'sf is not installed: run npm ci' },
  () => {
    it('converts the framework source to Metadata API format offline', () => {
      const out = mkdtempSync(join(tmpdir(), 'conduit-convert-'));
      try {
        const r = runSf([
          'project',
          'convert',
          'source',
          '--source-dir',
          'force-app/main/default',
          '--output-dir',
          join(out, 'mdapi'),
          '--json'
        ]);
        const envelope = parseEnvelope(r.stdout);
        assert.equal(envelope?.status, 0, r.stdout + r.stderr);
        assert.ok(readdirSync(join(out, 'mdapi')).includes('package.xml'));
        assert.ok(readdirSync(join(out, 'mdapi')).includes('classes'));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it('names an unknown org NamedOrgNotFoundError, which becomes an instruction', () => {
      const r = runSf(['org', 'display', '--target-org', 'nonexistent', '--json']);
      const envelope = parseEnvelope(r.stdout);
      assert.ok(envelope, r.stdout + r.stderr);
      assert.equal(envelope.name, 'NamedOrgNotFoundError');
      assert.match(envelope.message ?? '', /No authorization information found for nonexistent/);
      const error = envelopeError(envelope, 'Reading the status', 'nonexistent');
      assert.equal(error.code, 'OrgNotFound');
      assert.match(
        error.message,
        /^No org 'nonexistent' is authorized here: create one with `npm run org:create`/
      );
    });

    it('names a missing Dev Hub NoDefaultDevHubError, which becomes an instruction', () => {
      // Run outside the project, so no project-level target-dev-hub setting applies.
      const r = runSf(
        [
          'org',
          'create',
          'scratch',
          '--definition-file',
          join(repoRoot, 'config', 'project-scratch-def.json'),
          '--alias',
          'never-created',
          '--json'
        ],
        home
      );
      const envelope = parseEnvelope(r.stdout);
      assert.ok(envelope, r.stdout + r.stderr);
      assert.equal(envelope.name, 'NoDefaultDevHubError');
      const error = envelopeError(envelope, 'Creating scratch org');
      assert.equal(error.code, 'NoDevHub');
      assert.match(
        error.message,
        /^No Dev Hub is authorized: run `sf org login web --set-default-dev-hub/
      );
    });
  }
);
