/**
 * Unit tests of the security gate's rules: for each rule, a snippet that must pass and one that
 * must fail. Run by the `scripts-tests` gate of `npm test`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkApexSecurity, checkSecrets, type SecurityFinding } from './security.ts';

/**
 * Joins a fixture split where the security gate would see it: this file is under scripts/, which
 * the gate also checks, and its failing fixtures must not fail the gate.
 */
const seam = (...parts: string[]): string => parts.join('');
const ACME_URL = seam('https:/', '/api.acme.com/v1');
const MY_DOMAIN = seam('https:/', '/acme.my.salesforce.com');
const USER_ID = seam('005Ab00000', 'Q2xYzAAB');
const ORG_ID = seam('00DAb0000', '012xYz');

const apex = (source: string): SecurityFinding[] => checkApexSecurity('Fixture.cls', source);
const rules = (findings: SecurityFinding[]): string[] => findings.map((f) => `${f.rule}@${f.line}`);

describe('sharing', () => {
  it('passes classes that state their sharing, and interfaces, enums and test classes', () => {
    const source = [
      'public with sharing class A {',
      '    public interface Port { void run(); }',
      '    public enum Kind { ONE, TWO }',
      '    public class Dto { public String name; }',
      '}'
    ].join('\n');
    assert.deepEqual(apex(source), []);
    assert.deepEqual(apex('public interface Port { void run(); }'), []);
    assert.deepEqual(apex('public enum Kind { ONE }'), []);
    assert.deepEqual(apex('@IsTest\nprivate class A_Tests { }'), []);
    assert.deepEqual(apex('public inherited sharing class Util { }'), []);
  });

  it('fails a top-level class with no sharing keyword', () => {
    assert.deepEqual(rules(apex('public class A {\n}')), ['sharing@1']);
  });

  it('fails an inner class that touches records with no sharing keyword', () => {
    const source = [
      'public with sharing class A {',
      '    class Reader {',
      '        List<Account> read() { return [SELECT Id FROM Account WITH USER_MODE]; }',
      '    }',
      '}'
    ].join('\n');
    assert.deepEqual(rules(apex(source)), ['sharing@2']);
  });

  it('passes `without sharing` with a reason and fails it without one', () => {
    const explained =
      "// Reads every tenant's rows to purge them.\npublic without sharing class A { }";
    assert.deepEqual(apex(explained), []);
    assert.deepEqual(apex('public without sharing class A { } // Purges every row.'), []);
    assert.deepEqual(rules(apex('public without sharing class A { }')), ['sharing@1']);
  });

  it('does not mistake a class literal for a declaration', () => {
    assert.deepEqual(apex('public with sharing class A { Type t = Account.class; }'), []);
  });
});

describe('access mode', () => {
  const wrap = (body: string): string =>
    `public with sharing class A {\n    void m(List<Account> rows, String q) {\n${body}\n    }\n}`;

  it('passes every query and DML form that states user mode', () => {
    const body = [
      '        rows = [SELECT Id, (SELECT Id FROM Contacts) FROM Account WITH USER_MODE];',
      "        List<List<SObject>> found = [FIND 'x' RETURNING Account WITH USER_MODE];",
      '        rows = [SELECT Id FROM Account WITH SECURITY_ENFORCED];',
      '        insert as user rows;',
      '        if (rows.isEmpty()) update as user rows; else delete as user rows;',
      '        upsert as user rows Account.Id;',
      '        Database.insert(rows, false, AccessLevel.USER_MODE);',
      '        Database.query(q, AccessLevel.USER_MODE);',
      "        Database.countQuery('SELECT COUNT() FROM Account WITH USER_MODE');",
      '        Database.getQueryLocatorWithBinds(q, new Map<String, Object>(), AccessLevel.USER_MODE);'
    ].join('\n');
    assert.deepEqual(apex(wrap(body)), []);
  });

  it('fails a query or DML with no mode', () => {
    const body = [
      '        rows = [SELECT Id FROM Account];',
      '        insert rows;',
      '        Database.update(rows, false);',
      '        Database.query(q);',
      '        for (Account a : rows) { delete [SELECT Id FROM Contact WITH USER_MODE]; }'
    ].join('\n');
    assert.deepEqual(rules(apex(wrap(body))), [
      'access-mode@3',
      'access-mode@4',
      'access-mode@5',
      'access-mode@6',
      'access-mode@7'
    ]);
  });

  it('passes system mode with a reason above and fails it without one', () => {
    const explained = [
      "        // Conduit's own bookkeeping: callers need no access to it.",
      '        rows = [',
      '            SELECT Id',
      '            FROM Account',
      '            WITH SYSTEM_MODE',
      '        ];',
      '        // Same bookkeeping, written in system mode.',
      '        insert as system rows;'
    ].join('\n');
    assert.deepEqual(apex(wrap(explained)), []);
    const bare = [
      '        rows = [SELECT Id FROM Account WITH SYSTEM_MODE];',
      '',
      '',
      '',
      '        Database.delete(rows, false, AccessLevel.SYSTEM_MODE);'
    ].join('\n');
    assert.deepEqual(rules(apex(wrap(bare))), ['access-mode@3', 'access-mode@7']);
  });

  it('ignores SOQL keywords in strings and comments, and trigger events', () => {
    const body = [
      "        String s = 'insert rows; [SELECT Id FROM Account]';",
      '        // insert rows;',
      '        Boolean b = Trigger.isUpdate;'
    ].join('\n');
    assert.deepEqual(apex(wrap(body)), []);
    assert.deepEqual(
      checkApexSecurity('T.trigger', 'trigger T on Account (after insert, before update) { }'),
      []
    );
  });

  it('exempts test classes', () => {
    const source =
      '@IsTest\nprivate class A_Tests {\n    static void m() { insert new Account(); }\n}';
    assert.deepEqual(apex(source), []);
  });
});

describe('secrets', () => {
  const secrets = (file: string, source: string): string[] =>
    checkSecrets(file, source).map((f) => `${f.line}:${f.message.split(':')[0]}`);

  it('passes callout: endpoints, placeholder hosts, namespaces and URLs in comments', () => {
    const cls = [
      `// Retry-After: ${seam('https:/', '/www.rfc-editor.org/rfc/rfc9110')}`,
      "String a = 'callout:Acme_ERP/customers';",
      "String b = 'https://erp.example.com/v1';",
      "String c = 'https://erp.invalid/';",
      "String d = 'http://localhost.test/';"
    ].join('\n');
    assert.deepEqual(secrets('A.cls', cls), []);
    const xml = [
      '<?xml version="1.0" encoding="UTF-8" ?>',
      '<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      `    <!-- see ${seam('https:/', '/developer.salesforce.com/docs')} -->`,
      '    <url>https://api.example.org</url>',
      '</NamedCredential>'
    ].join('\n');
    assert.deepEqual(secrets('A.namedCredential-meta.xml', xml), []);
    const ts = `// ${seam('https:/', '/www.w3.org/TR/trace-context/')}\nconst ns = 'http://www.w3.org/2000/svg';`;
    assert.deepEqual(secrets('a.ts', ts), []);
  });

  it('fails a real endpoint in code, metadata and TypeScript', () => {
    assert.deepEqual(secrets('A.cls', `String a = '${ACME_URL}';`), [
      '1:hard-coded endpoint https'
    ]);
    assert.deepEqual(secrets('A.xml', `<a>\n<url>${MY_DOMAIN}</url>\n</a>`), [
      '2:hard-coded endpoint https'
    ]);
    assert.deepEqual(secrets('a.ts', `const u = \`${ACME_URL}/\${path}\`;`), [
      '1:hard-coded endpoint https'
    ]);
  });

  it('fails a record id anywhere, and allows an obviously fake one in a test only', () => {
    assert.deepEqual(secrets('A.cls', `Id owner = '${USER_ID}';`), [
      `1:hard-coded record id ${USER_ID}`
    ]);
    assert.deepEqual(secrets('A.cls', `// owner ${ORG_ID}\nString s = '';`), [
      `1:hard-coded record id ${ORG_ID}`
    ]);
    const test = "@IsTest\nprivate class A_Tests { Id a = '001000000000001AAA'; }";
    assert.deepEqual(secrets('A_Tests.cls', test), []);
    assert.deepEqual(secrets('A.cls', "Id a = '001000000000001AAA';"), [
      '1:hard-coded record id 001000000000001AAA'
    ]);
    assert.deepEqual(secrets('A.cls', "String s = 'ConduitEndpoint';"), []);
  });

  it('fails credentials, and allows a test value only when a comment says it is fake', () => {
    const cases: [string, string][] = [
      ['A.cls', seam("String password = '", "hunter22';")],
      ['A.cls', seam("req.setHeader('Authorization', 'Bearer ", "abcdefghijklmnopqrstuvwxyz');")],
      ['a.ts', seam("const config = { client_secret: '", "Zm9vYmFyYmF6' };")],
      ['a.json', seam('{ "apiKey": "', 'k-1234567890" }')],
      ['a.ts', seam('const key = `-----BEGIN RSA PRIVATE', ' KEY-----`;')],
      ['a.ts', seam("const id = 'AKIA", "ABCDEFGHIJKLMNOP';")],
      ['A.namedCredential-meta.xml', seam('<pass', 'word>hunter22</password>')]
    ];
    for (const [file, source] of cases) {
      assert.equal(checkSecrets(file, source).length, 1, `${file}: ${source}`);
    }
    assert.deepEqual(secrets('A.cls', "String password = '****';"), []);
    assert.deepEqual(secrets('A.cls', "String password = '{!$Credential.Password}';"), []);
    assert.deepEqual(secrets('A.cls', "req.setHeader('Authorization', 'Bearer ' + token);"), []);
    const body = seam(`String body = '{"password":"`, `hunter22"}';`);
    const fake = `@IsTest\nprivate class A_Tests {\n    // A ${'fa'}ke password.\n    ${body}\n}`;
    assert.deepEqual(secrets('A_Tests.cls', fake), []);
    assert.equal(secrets('A_Tests.cls', fake.replace('fake', 'sample')).length, 1);
  });
});
