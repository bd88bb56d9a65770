/**
 * HTTP callouts against the project's static resources and named credentials, and Apex REST
 * resources run through `invokeRest` (test/fixtures/http).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEngine, type Engine } from '../src/engine.ts';
import { ApexThrow } from '../src/interpreter/errors.ts';
import { loadProject } from '../src/loader/project.ts';
import { discover, runTest } from '../src/runner/runner.ts';
import { invokeRest, loadHttpResources, resolveEndpoint } from '../src/stdlib/http.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'http');

function engine(): Engine {
  const e = createEngine(loadProject(FIXTURE));
  assert.deepEqual(e.diagnostics, []);
  return e;
}

describe('project resources for callouts', () => {
  it('finds static resources with their content files and named credentials', () => {
    const resources = loadHttpResources(loadProject(FIXTURE));
    assert.deepEqual([...resources.staticResources.keys()].sort(), ['accountjson', 'plaintext']);
    assert.match(resources.staticResources.get('plaintext')!.path, /PlainText\.txt$/);
    assert.deepEqual(resources.namedCredentials.get('billing_api'), {
      name: 'Billing_API',
      endpoint: 'https://billing.example.com/api/',
      generatesAuthorization: true
    });
    assert.equal(
      resources.namedCredentials.get('legacy_api')!.endpoint,
      'https://legacy.example.com'
    );
    assert.equal(
      resources.namedCredentials.get('legacy_api')!.generatesAuthorization,
      false,
      'a legacy credential with NoAuthentication sends no Authorization header'
    );
  });

  it('resolves callout: endpoints against named credentials', () => {
    const e = engine();
    assert.equal(
      resolveEndpoint(e, 'callout:Billing_API/v1/invoices?x=1'),
      'https://billing.example.com/api/v1/invoices?x=1'
    );
    assert.equal(resolveEndpoint(e, 'callout:legacy_api'), 'https://legacy.example.com');
    assert.equal(resolveEndpoint(e, 'https://other.example.com/a'), 'https://other.example.com/a');
    assert.throws(
      () => resolveEndpoint(e, 'callout:Nope/x'),
      (error: unknown) =>
        error instanceof ApexThrow &&
        e.runtime.describeException(error.exception) ===
          'System.CalloutException: The callout couldn\'t access the endpoint. You might not have the required permissions, or the named credential "Nope" might not exist.'
    );
  });
});

describe('callouts in test methods', () => {
  const e = engine();
  const results = new Map(
    discover(e, { classes: ['CalloutServiceTest'] }).map(({ cls, method }) => [
      method.name,
      runTest(e, cls, method)
    ])
  );

  it('answers from a static resource with StaticResourceCalloutMock', () => {
    assert.equal(
      results.get('staticResourceMock')!.outcome,
      'Pass',
      results.get('staticResourceMock')!.message
    );
  });

  it('routes endpoints to resources with MultiStaticResourceCalloutMock', () => {
    const r = results.get('multiStaticResourceMock')!;
    assert.equal(r.outcome, 'Pass', r.message);
  });

  it('refuses a callout after DML in the same test', () => {
    const r = results.get('dmlThenCallout')!;
    assert.equal(r.outcome, 'Fail');
    assert.equal(
      r.message,
      'System.CalloutException: You have uncommitted work pending. Please commit or rollback before calling out'
    );
  });

  it('starts every test without pending work or a mock', () => {
    assert.equal(
      results.get('calloutInCleanTest')!.outcome,
      'Pass',
      results.get('calloutInCleanTest')!.message
    );
    const r = results.get('mockFromEarlierTestIsGone')!;
    assert.equal(
      r.message,
      'System.CalloutException: Methods defined as TestMethod do not support Web service callouts'
    );
  });

  it('fails loudly for a static resource the project lacks', () => {
    const r = results.get('unknownResource')!;
    assert.equal(r.outcome, 'Unsupported');
    assert.match(r.message, /no static resource named NoSuchResource/);
  });
});

describe('Apex REST', () => {
  const e = engine();

  it('runs @HttpGet with RestContext set and serializes the result', () => {
    const r = invokeRest(e, {
      method: 'GET',
      path: '/services/apexrest/Account/001000000000001AAA?name=Acme%20Corp'
    });
    assert.equal(r.status, 200);
    assert.equal(r.headers['Content-Type'], 'application/json;charset=UTF-8');
    assert.deepEqual(JSON.parse(r.body), {
      id: '001000000000001AAA',
      name: 'Acme Corp',
      employees: null
    });
  });

  it('binds @HttpPost parameters by name from the JSON body', () => {
    const r = invokeRest(e, {
      method: 'POST',
      path: '/Account/',
      body: '{"tags": ["a", "b"], "name": "Acme", "employees": 12}'
    });
    assert.equal(r.status, 200);
    assert.equal(r.body, '"Acme:12:(a, b)"');
    const missing = invokeRest(e, { method: 'POST', path: '/Account/', body: '{"name":"Solo"}' });
    assert.equal(missing.body, '"Solo:null:null"');
  });

  it('rejects a body member that names no parameter', () => {
    const r = invokeRest(e, { method: 'POST', path: '/Account/', body: '{"nme":"x"}' });
    assert.equal(r.status, 400);
    assert.deepEqual(JSON.parse(r.body), [
      {
        errorCode: 'JSON_PARSER_ERROR',
        message: 'Unexpected parameter encountered during deserialization: nme'
      }
    ]);
  });

  it('takes status and headers from RestContext.response for a void method', () => {
    const r = invokeRest(e, { method: 'DELETE', path: '/Account/001000000000001AAA' });
    assert.equal(r.status, 204);
    assert.equal(r.body, '');
    assert.equal(r.headers['X-Deleted'], '/Account/001000000000001AAA');
  });

  it('returns responseBody, request headers and the method of a void handler', () => {
    const r = invokeRest(e, {
      method: 'PUT',
      path: '/services/apexrest/echo',
      headers: { 'User-Agent': 'node-test' },
      body: 'raw text'
    });
    assert.equal(r.status, 202);
    assert.equal(r.body, 'raw text');
    assert.deepEqual(r.headers, {
      'Content-Type': 'text/plain',
      'X-Method': 'PUT',
      'X-Agent': 'node-test'
    });
  });

  it('maps an uncaught exception to a 500 APEX_ERROR with the stack trace', () => {
    const r = invokeRest(e, { method: 'PATCH', path: '/Account/x' });
    assert.equal(r.status, 500);
    const [error] = JSON.parse(r.body) as { errorCode: string; message: string }[];
    assert.equal(error.errorCode, 'APEX_ERROR');
    assert.match(
      error.message,
      /^System\.NullPointerException: Attempt to de-reference a null object\n\nClass\.AccountResource\.doPatch: line \d+, column \d+$/
    );
  });

  it('answers 404 for an unmapped URL and 405 for an unmapped method', () => {
    const notFound = invokeRest(e, { method: 'GET', path: '/Nothing/here' });
    assert.equal(notFound.status, 404);
    assert.deepEqual(JSON.parse(notFound.body), [
      { errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }
    ]);
    const notAllowed = invokeRest(e, { method: 'GET', path: '/echo' });
    assert.equal(notAllowed.status, 405);
    assert.deepEqual(JSON.parse(notAllowed.body), [
      { errorCode: 'METHOD_NOT_ALLOWED', message: "HTTP Method 'GET' not allowed. Allowed are PUT" }
    ]);
  });

  it('prefers the most specific wildcard mapping and matches case-sensitively', () => {
    const r = invokeRest(e, { method: 'GET', path: '/Account/special/1' });
    assert.equal(r.body, '"specific /services/apexrest/Account/special/*"');
    assert.equal(invokeRest(e, { method: 'GET', path: '/account/1' }).status, 404);
  });

  it('lets a trailing wildcard match an empty last segment but not a missing slash', () => {
    assert.equal(
      invokeRest(e, { method: 'GET', path: '/Account/special/' }).body,
      '"specific /services/apexrest/Account/special/*"'
    );
    assert.equal(
      (
        JSON.parse(invokeRest(e, { method: 'GET', path: '/Account/special' }).body) as {
          id: string;
        }
      ).id,
      'special',
      'without its slash the path falls to the shorter /Account/* mapping'
    );
  });

  it('runs each request as its own transaction', () => {
    const first = invokeRest(e, { method: 'POST', path: '/records', body: '{"name":"One"}' });
    const second = invokeRest(e, { method: 'POST', path: '/records', body: '{"name":"Two"}' });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.match(JSON.parse(first.body) as string, /^001[0-9A-Za-z]{15}$/);
    assert.notEqual(first.body, second.body);
    assert.equal(e.runtime.data.db.uncommittedWork, true);
  });
});
