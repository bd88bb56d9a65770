/**
 * Unit tests of `setup-secrets.ts`: argument parsing, the secret's source and the requests it
 * builds. Run by the `scripts-tests` gate of `npm test`; nothing here calls an org.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CREDENTIALS,
  SetupError,
  credentialRequest,
  describe as describeRequest,
  errorsOf,
  holdsCredentials,
  lookupRequest,
  parseArgs,
  plan,
  readSecrets
} from './setup-secrets.ts';

const [OTLP, ERP] = CREDENTIALS;

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

describe('readSecrets', () => {
  it('reads the values of a credential from the environment, trimmed', () => {
    assert.deepEqual(
      readSecrets(OTLP, { CONDUIT_OTLP_API_KEY: ' k1 ' }),
      new Map([['ApiKey', 'k1']])
    );
    assert.deepEqual(
      readSecrets(ERP, { CONDUIT_ERP_CLIENT_ID: 'id-1', CONDUIT_ERP_CLIENT_SECRET: 's-1' }),
      new Map([
        ['clientId', 'id-1'],
        ['clientSecret', 's-1']
      ])
    );
  });

  it('skips a credential none of whose variables is set', () => {
    assert.equal(readSecrets(OTLP, {}), null);
    assert.equal(readSecrets(OTLP, { CONDUIT_OTLP_API_KEY: '  ' }), null);
  });

  it('refuses half a credential and names the missing variable', () => {
    assert.throws(
      () => readSecrets(ERP, { CONDUIT_ERP_CLIENT_ID: 'id-1' }),
      /CONDUIT_ERP_CLIENT_SECRET is not set, but Example_ERP needs/
    );
  });
});

describe('plan', () => {
  it('stores every credential whose variables are set, and only those', () => {
    const planned = plan({ CONDUIT_ERP_CLIENT_ID: 'id-1', CONDUIT_ERP_CLIENT_SECRET: 's-1' });
    assert.deepEqual(
      planned.map((p) => p.spec.externalCredential),
      ['Example_ERP']
    );
  });

  it('fails with what to export when nothing is set', () => {
    assert.throws(
      () => plan({}),
      /CONDUIT_OTLP_API_KEY .*CONDUIT_ERP_CLIENT_ID \+ CONDUIT_ERP_CLIENT_SECRET/
    );
  });
});

describe('requests', () => {
  it('looks a principal up by external credential, name and type', () => {
    assert.equal(
      lookupRequest('66.0', OTLP).path,
      '/services/data/v66.0/named-credentials/credential' +
        '?externalCredential=Conduit_OTLP&principalName=Collector&principalType=NamedPrincipal'
    );
    assert.match(
      lookupRequest('66.0', ERP).path,
      /externalCredential=Example_ERP&principalName=Integration/
    );
  });

  it('creates the API key encrypted with POST, or replaces it with PUT', () => {
    const created = credentialRequest('66.0', OTLP, new Map([['ApiKey', 'k1']]), false);
    assert.equal(created.method, 'POST');
    assert.deepEqual(JSON.parse(created.body ?? ''), {
      externalCredential: 'Conduit_OTLP',
      principalName: 'Collector',
      principalType: 'NamedPrincipal',
      authenticationProtocol: 'Custom',
      credentials: { ApiKey: { value: 'k1', encrypted: true } }
    });
    assert.equal(credentialRequest('66.0', OTLP, new Map([['ApiKey', 'k']]), true).method, 'PUT');
  });

  it('stores the OAuth client id in clear and the client secret encrypted', () => {
    const values = new Map([
      ['clientId', 'id-1'],
      ['clientSecret', 's-1']
    ]);
    assert.deepEqual(JSON.parse(credentialRequest('66.0', ERP, values, false).body ?? ''), {
      externalCredential: 'Example_ERP',
      principalName: 'Integration',
      principalType: 'NamedPrincipal',
      authenticationProtocol: 'Oauth',
      authenticationProtocolVariant: 'ClientCredentialsClientSecret',
      credentials: {
        clientId: { value: 'id-1', encrypted: false },
        clientSecret: { value: 's-1', encrypted: true }
      }
    });
  });

  it('never shows a secret when describing a request', () => {
    const shown = describeRequest(
      credentialRequest('66.0', OTLP, new Map([['ApiKey', 'k"e\\y-1']]), false)
    );
    assert.ok(!shown.includes('y-1'), shown);
    assert.ok(shown.includes('"value":"***"'), shown);
  });
});

describe('responses', () => {
  it('sees whether the principal already holds its values', () => {
    assert.equal(holdsCredentials('{"credentials":{"ApiKey":{"encrypted":true}}}', OTLP), true);
    assert.equal(holdsCredentials('{"credentials":{"ApiKey":{"encrypted":true}}}', ERP), false);
    assert.equal(holdsCredentials('{"credentials":{"clientSecret":{}}}', ERP), true);
    assert.equal(holdsCredentials('{"credentials":{}}', OTLP), false);
    assert.equal(holdsCredentials('not json', OTLP), false);
  });

  it('reads Salesforce errors and nothing else', () => {
    assert.equal(
      errorsOf('[{"errorCode":"NOT_FOUND","message":"No principal"}]'),
      'NOT_FOUND: No principal'
    );
    assert.equal(errorsOf('{"credentials":{}}'), null);
  });
});
