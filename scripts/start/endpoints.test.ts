import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { repoRoot } from '../lib/project.ts';
import {
  checkKnownCredentials,
  parseEndpoints,
  readEndpoints,
  resolveEndpoints
} from './endpoints.ts';
import { UsageError } from './errors.ts';
import { HOST } from './ports.ts';

const work = mkdtempSync(join(tmpdir(), 'conduit-endpoints-'));
after(() => rmSync(work, { recursive: true, force: true }));

function refused(run: () => unknown, pattern: RegExp): void {
  assert.throws(
    run,
    (error: unknown) => error instanceof UsageError && pattern.test(error.message)
  );
}

describe('the local endpoints file', () => {
  it('the shipped file maps Example_ERP to the local ERP port', () => {
    const templates = readEndpoints(join(repoRoot, 'config', 'local-endpoints.json'));
    const resolved = resolveEndpoints(templates, { erpPort: 4321 });
    assert.deepEqual(Object.keys(resolved), ['Example_ERP']);
    const url = new URL(resolved.Example_ERP);
    assert.equal(url.hostname, HOST);
    assert.equal(url.port, '4321');
  });

  it('names the key whose URL is not http(s)', () => {
    refused(
      () =>
        parseEndpoints({ Example_ERP: 'http://erp.invalid:1', Other: 'erp.invalid:2' }, 'f.json'),
      /^f\.json: key "Other" must start with http:\/\/ or https:\/\//
    );
  });

  it('names the key whose value is not a string', () => {
    refused(
      () => parseEndpoints({ Example_ERP: 4010 }, 'f.json'),
      /key "Example_ERP" must be a URL template string/
    );
  });

  it('names an unknown placeholder', () => {
    refused(
      () => parseEndpoints({ Example_ERP: 'http://erp.invalid:{port}' }, 'f.json'),
      /key "Example_ERP" may only use the placeholders \{erpPort\}/
    );
  });

  it('refuses a key that is not an API name, and a file that is not an object', () => {
    refused(
      () => parseEndpoints({ 'Example ERP': 'http://x.invalid' }, 'f.json'),
      /key "Example ERP" is not a Named Credential API name/
    );
    refused(
      () => parseEndpoints(['http://x.invalid'], 'f.json'),
      /must be a JSON object of Named Credential/
    );
  });

  it('refuses malformed JSON and a missing file with what to do', () => {
    const file = join(work, 'bad.json');
    writeFileSync(file, '{ "Example_ERP": ');
    refused(() => readEndpoints(file), /not valid JSON .*Fix the file/);
    refused(
      () => readEndpoints(join(work, 'missing.json')),
      /not found\. Create it .* or pass --endpoints <file>/
    );
  });

  it('refuses a Named Credential the project does not have', () => {
    refused(
      () => checkKnownCredentials({ Exmaple_ERP: 'http://x.invalid' }, ['Example_ERP'], 'f.json'),
      /key "Exmaple_ERP" is not a Named Credential of the project \(known: Example_ERP\)/
    );
    checkKnownCredentials({ example_erp: 'http://x.invalid' }, ['Example_ERP'], 'f.json');
  });
});
