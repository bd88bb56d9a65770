/**
 * Unit tests of `setup-secrets.ts`: argument parsing, the secret's source and the requests it
 * builds. Run by the `scripts-tests` gate of `npm test`; nothing here calls an org.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  API_KEY_VARIABLE,
  SetupError,
  describe as describeRequest,
  errorsOf,
  holdsApiKey,
  lookupRequest,
  parseArgs,
  readSecret,
  storeRequest
} from './setup-secrets.ts';

describe('parseArgs', () => {
  it('reads the target org, the API version and dry-run', () => {
    assert.deepEqual(parseArgs(['-o', 'demo', '--api-version', '65.0', '--dry-run']), {
      targetOrg: 'demo',
      dryRun: true,
      apiVersion: '65.0'
    });
  });

  it('requires a target org', () => {
    assert.throws(() => parseArgs(['--dry-run']), /--target-org is required/);
  });

  it('refuses a flag without its value', () => {
    assert.throws(() => parseArgs(['--target-org', '--dry-run']), /--target-org needs a value/);
  });

  it('refuses unknown arguments, so a secret is never accepted as one', () => {
    assert.throws(() => parseArgs(['-o', 'demo', '--api-key', 'x']), SetupError);
  });

  it('refuses a malformed API version', () => {
    assert.throws(() => parseArgs(['-o', 'demo', '--api-version', 'v66']), /must look like 66.0/);
  });
});

describe('readSecret', () => {
  it('reads the key from the environment', () => {
    assert.equal(readSecret({ [API_KEY_VARIABLE]: ' key-1 ' }), 'key-1');
  });

  it('fails with what to do when the variable is missing or blank', () => {
    assert.throws(() => readSecret({}), new RegExp(`${API_KEY_VARIABLE} is not set`));
    assert.throws(() => readSecret({ [API_KEY_VARIABLE]: '  ' }), SetupError);
  });
});

describe('requests', () => {
  it('looks the principal up by external credential, name and type', () => {
    assert.equal(
      lookupRequest('66.0').path,
      '/services/data/v66.0/named-credentials/credential' +
        '?externalCredential=Conduit_OTLP&principalName=Collector&principalType=NamedPrincipal'
    );
  });

  it('creates the key encrypted with POST, or replaces it with PUT', () => {
    const created = storeRequest('66.0', 'key-1', false);
    assert.equal(created.method, 'POST');
    assert.deepEqual(JSON.parse(created.body ?? ''), {
      externalCredential: 'Conduit_OTLP',
      principalName: 'Collector',
      principalType: 'NamedPrincipal',
      authenticationProtocol: 'Custom',
      credentials: { ApiKey: { value: 'key-1', encrypted: true } }
    });
    assert.equal(storeRequest('66.0', 'key-1', true).method, 'PUT');
  });

  it('never shows the secret when describing a request', () => {
    const shown = describeRequest(storeRequest('66.0', 'k"e\\y-1', false));
    assert.ok(!shown.includes('y-1'), shown);
    assert.ok(shown.includes('"value":"***"'), shown);
  });
});

describe('responses', () => {
  it('sees whether the principal already holds an ApiKey', () => {
    assert.equal(holdsApiKey('{"credentials":{"ApiKey":{"encrypted":true}}}'), true);
    assert.equal(holdsApiKey('{"credentials":{}}'), false);
    assert.equal(holdsApiKey('not json'), false);
  });

  it('reads Salesforce errors and nothing else', () => {
    assert.equal(
      errorsOf('[{"errorCode":"NOT_FOUND","message":"No principal"}]'),
      'NOT_FOUND: No principal'
    );
    assert.equal(errorsOf('{"credentials":{}}'), null);
  });
});
