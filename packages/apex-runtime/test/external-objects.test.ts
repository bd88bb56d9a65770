/**
 * External objects (`__x`, Salesforce Connect): loaded as schema with their standard fields and
 * indirect lookups, but never queried or written offline, because their rows live in an
 * external system the runtime does not have.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAnonymous } from '../src/engine.ts';
import { formatDiagnostic } from '../src/errors.ts';
import { loadProject } from '../src/loader/project.ts';
import { loadSchema, MetadataError } from '../src/schema/loader.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'external');
const UNSUPPORTED =
  'Unsupported: querying external object Invoice__x offline ' +
  '(Salesforce Connect reads it from its external data source)';

describe('external objects', () => {
  const project = loadProject(FIXTURE);

  it('loads an external object with ExternalId, DisplayUrl, its fields and data source', () => {
    const invoice = loadSchema(FIXTURE, ['force-app']).get('invoice__x')!;
    assert.equal(invoice.kind, 'external');
    assert.equal(invoice.externalDataSource, 'Billing_OData');
    assert.match(invoice.keyPrefix, /^x[0-9A-Z]{2}$/);
    assert.deepEqual(
      [...invoice.fields.keys()],
      ['id', 'externalid', 'displayurl', 'amount__c', 'customer__c', 'number__c']
    );
    assert.equal(invoice.fields.get('externalid')!.externalId, true);
    assert.ok(!invoice.fields.has('ownerid') && !invoice.fields.has('name'));
  });

  it('links an indirect lookup to its parent by the parent External ID field', () => {
    const schema = loadSchema(FIXTURE, ['force-app']);
    const customer = schema.get('Invoice__x')!.fields.get('customer__c')!;
    assert.equal(customer.type, 'IndirectLookup');
    assert.deepEqual(customer.referenceTo, ['Account']);
    assert.equal(customer.referenceTargetField, 'Erp_Id__c');
    assert.equal(
      schema.get('Account')!.childRelationships.get('invoices__r')?.childObject,
      'Invoice__x'
    );
  });

  it('refuses an indirect lookup whose parent field is not a unique External ID', () => {
    const root = mkdtempSync(join(tmpdir(), 'external-bad-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      writeFileSync(
        join(root, 'force-app/main/default/objects/Account/fields/Erp_Id__c.field-meta.xml'),
        '<?xml version="1.0"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">' +
          '<fullName>Erp_Id__c</fullName><externalId>true</externalId><length>40</length>' +
          '<type>Text</type></CustomField>\n'
      );
      assert.throws(
        () => loadSchema(root, ['force-app']),
        (e: Error) =>
          e instanceof MetadataError &&
          /Invoice__x\.Customer__c: the indirect lookup's target Account\.Erp_Id__c must exist and be an External ID and unique/.test(
            e.message
          )
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('builds records in memory, as tests with a mocked data source do', () => {
    const result = runAnonymous(
      project,
      "Invoice__x inv = new Invoice__x(Number__c = '2026-1', Customer__c = 'C-1001', Amount__c = 12.50);\n" +
        "System.debug(inv.Customer__c + ' ' + inv.Amount__c);"
    );
    assert.deepEqual(result.compileErrors.map(formatDiagnostic), []);
    assert.equal(result.unsupported, null);
    assert.deepEqual(result.debug, ['C-1001 12.50']);
  });

  it('compiles a query of an external object but refuses to run it offline', () => {
    const direct = runAnonymous(
      project,
      "System.debug('before');\nList<Invoice__x> rows = [SELECT Id, Number__c FROM Invoice__x WHERE Customer__c = 'C-1001'];"
    );
    assert.deepEqual(direct.compileErrors.map(formatDiagnostic), []);
    assert.deepEqual(direct.debug, ['before']);
    assert.equal(direct.unsupported, UNSUPPORTED);
    const dynamic = runAnonymous(project, "Database.query('SELECT Id FROM Invoice__x');");
    assert.equal(dynamic.unsupported, UNSUPPORTED);
    const child = runAnonymous(
      project,
      "insert new Account(Name = 'A', Erp_Id__c = 'C-1001');\n" +
        'List<Account> rows = [SELECT Id, (SELECT Id FROM Invoices__r) FROM Account];'
    );
    assert.equal(child.unsupported, UNSUPPORTED);
  });

  it('refuses DML on an external object when it compiles', () => {
    for (const [statement, verb] of [
      ["insert new Invoice__x(Number__c = '1');", 'Insert'],
      ['update new List<Invoice__x>();', 'Update'],
      ['delete new List<Invoice__x>();', 'Delete']
    ]) {
      const result = runAnonymous(project, statement);
      const messages = result.compileErrors.map(formatDiagnostic).join('\n');
      assert.match(
        messages,
        new RegExp(
          `DML operation ${verb} not allowed on Invoice__x: an external object's rows live in its external data source \\(Billing_OData\\)`
        )
      );
    }
  });
});
