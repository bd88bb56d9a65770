/** Unit tests of `csv.ts`: what a valid file gives and where a malformed one is wrong. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTable, toCsv } from './csv.ts';
import { LoadError } from './errors.ts';

const UPSERT = { operation: 'upsert', externalId: 'ERP_Id__c' } as const;

/** Asserts that reading fails with a message that names the line and column. */
function fails(
  text: string,
  pattern: RegExp,
  rules: Parameters<typeof readTable>[2] = UPSERT
): void {
  assert.throws(
    () => readTable(text, 'accounts.csv', rules),
    (e: unknown) => {
      assert.ok(e instanceof LoadError, String(e));
      assert.equal(e.code, 'CsvInvalid');
      assert.match(e.message, pattern);
      assert.match(e.message, /Nothing was sent/);
      return true;
    }
  );
}

describe('readTable', () => {
  it('reads quoted commas, doubled quotes, line breaks, a BOM and CRLF', () => {
    const t = readTable(
      '\uFEFFERP_Id__c,Name\r\nE-1,"Acme, ""Inc"""\r\nE-2,"two\nlines"\r\n\r\n',
      'a.csv',
      UPSERT
    );
    assert.deepEqual(t.header, ['ERP_Id__c', 'Name']);
    assert.deepEqual(t.rows, [
      ['E-1', 'Acme, "Inc"'],
      ['E-2', 'two\nlines']
    ]);
  });

  it('leaves out the sf__ columns of a results file, so failed.csv can be loaded again', () => {
    const t = readTable(
      'sf__Id,sf__Error,ERP_Id__c,Name\n,REQUIRED_FIELD_MISSING,E-1,Acme\n',
      'failed.csv',
      UPSERT
    );
    assert.deepEqual(
      [t.header, t.rows, t.dropped],
      [['ERP_Id__c', 'Name'], [['E-1', 'Acme']], ['sf__Id', 'sf__Error']]
    );
  });

  it('names the line and column of a row wider or narrower than the header', () => {
    fails(
      'ERP_Id__c,Name\nE-1,A\nE-2,B,extra\n',
      /accounts\.csv:3:3: this row has 3 columns but the header has 2 \(line 3, column 3\)/
    );
    fails(
      'ERP_Id__c,Name,Phone\nE-1,A,1\nE-2\n',
      /accounts\.csv:3:2: this row has 1 column but the header has 3/
    );
  });

  it('names where a quoted field opens and is never closed', () => {
    fails(
      'ERP_Id__c,Name\nE-1,A\nE-2,"B\nE-3,C\n',
      /accounts\.csv:3:2: a quoted field opens here and is never closed/
    );
  });

  it('names a stray quote inside a field and text after a closing quote', () => {
    fails(
      'ERP_Id__c,Name\nE-1,A"B\n',
      /:2:2: a quote inside an unquoted field.*\(line 2, column 2\)/
    );
    fails('ERP_Id__c,Name\nE-1,"A"B\n', /:2:2: text after a closing quote.*\(line 2, column 2\)/);
  });

  it('needs a header of field names, without duplicates', () => {
    fails('', /the file is empty; it needs a header row/);
    fails('ERP_Id__c,Account Name\nE-1,A\n', /:1:2: 'Account Name' is not a field API name/);
    fails('ERP_Id__c,,Name\nE-1,,A\n', /:1:2: an empty column name/);
    fails('ERP_Id__c,Name,name\nE-1,A,B\n', /:1:3: column 'name' appears twice/);
  });

  it('needs the external id column for upsert and a lone Id column for delete', () => {
    fails(
      'Name\nA\n',
      /upsert matches on 'ERP_Id__c' but the header has no such column \(it has Name\)/
    );
    fails('Name\nA\n', /delete needs a CSV with a single Id column/, { operation: 'delete' });
    assert.equal(readTable('Id\nX1\n', 'd.csv', { operation: 'delete' }).rows.length, 1);
    assert.equal(readTable('Name\nA\n', 'i.csv', { operation: 'insert' }).rows.length, 1);
  });

  it('accepts relationship columns such as Parent.ERP_Id__c', () => {
    const t = readTable('ERP_Id__c,Parent.ERP_Id__c\nE-2,E-1\n', 'a.csv', UPSERT);
    assert.deepEqual(t.header, ['ERP_Id__c', 'Parent.ERP_Id__c']);
  });
});

describe('toCsv', () => {
  it('writes what readTable reads back, LF line endings, quotes only where needed', () => {
    const rows = [
      ['E-1', 'Acme, "Inc"'],
      ['E-2', 'two\nlines'],
      ['E-3', '']
    ];
    const csv = toCsv(['ERP_Id__c', 'Name'], rows);
    assert.equal(csv.split('\n')[0], 'ERP_Id__c,Name');
    assert.ok(!csv.includes('\r'));
    assert.deepEqual(readTable(csv, 'x.csv', UPSERT).rows, rows);
  });
});
