import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Database, type Row } from '../src/database/database.ts';
import { runDml } from '../src/database/dml.ts';
import { SObjectValue } from '../src/database/sobject.ts';
import { toId18 } from '../src/interpreter/ids.ts';
import { ApexList } from '../src/interpreter/values.ts';
import { Schema, type SObjectSchema, field } from '../src/schema/schema.ts';
import { parseSoql, SoqlError } from '../src/soql/parse.ts';
import { QueryEngine } from '../src/soql/evaluate.ts';
import { ApexDate, ApexDatetime } from '../src/values/datetime.ts';
import { ApexDecimal } from '../src/values/decimal.ts';

function object(
  name: string,
  keyPrefix: string,
  fields: ReturnType<typeof field>[]
): SObjectSchema {
  const all = [
    field('Id', 'Id', { system: true }),
    field('IsDeleted', 'Checkbox', { system: true }),
    field('CreatedDate', 'DateTime', { system: true }),
    field('CreatedById', 'Reference', { system: true, referenceTo: ['User'] }),
    field('LastModifiedDate', 'DateTime', { system: true }),
    field('LastModifiedById', 'Reference', { system: true, referenceTo: ['User'] }),
    field('SystemModstamp', 'DateTime', { system: true }),
    ...fields
  ];
  return {
    name,
    label: name,
    pluralLabel: `${name}s`,
    kind: 'custom',
    keyPrefix,
    fields: new Map(all.map((f) => [f.name.toLowerCase(), f])),
    childRelationships: new Map()
  };
}

function fixture() {
  const schema = new Schema();
  schema.add(
    object('Customer__c', 'a00', [
      field('Name', 'Text', { length: 80, required: true }),
      field('Code__c', 'Text', { length: 10, unique: true, externalId: true }),
      field('Tier__c', 'Picklist', {
        picklistValues: ['Gold', 'Silver'],
        restrictedPicklist: true
      }),
      field('Active__c', 'Checkbox', { defaultValue: 'true' }),
      field('Score__c', 'Number', { precision: 5, scale: 2 }),
      field('Since__c', 'Date')
    ])
  );
  schema.add(
    object('Invoice__c', 'a01', [
      field('Name', 'Text', { length: 80 }),
      field('Customer__c', 'MasterDetail', {
        required: true,
        referenceTo: ['Customer__c'],
        relationshipName: 'Customer__r',
        childRelationshipName: 'Invoices__r',
        deleteConstraint: 'Cascade'
      }),
      field('Amount__c', 'Currency', { precision: 18, scale: 2 })
    ])
  );
  schema.add(
    object('Note__c', 'a02', [
      field('Name', 'Text', { length: 80 }),
      field('Customer__c', 'Lookup', {
        referenceTo: ['Customer__c'],
        relationshipName: 'Customer__r',
        childRelationshipName: 'Notes__r',
        deleteConstraint: 'SetNull'
      })
    ])
  );
  schema.linkRelationships();
  const now = ApexDatetime.newInstance(Date.UTC(2026, 0, 15, 12, 0, 0));
  const db = new Database(schema, { userId: '005000000000001AAA', now: () => now });
  const engine = new QueryEngine(schema, db);
  const customer = schema.get('Customer__c')!;
  const invoice = schema.get('Invoice__c')!;
  const note = schema.get('Note__c')!;
  return { schema, db, engine, customer, invoice, note };
}

const row = (values: Record<string, unknown>): Row =>
  new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));

function query(engine: QueryEngine, text: string, binds: Record<string, unknown> = {}) {
  return engine.run(parseSoql(text), {
    binds: (name) => binds[name],
    today: () => ApexDate.newInstance(2026, 1, 15)
  });
}

describe('database', () => {
  it('gives inserted rows valid 18-character ids with the key prefix and system fields', () => {
    const { db, customer } = fixture();
    const [result] = db.insert(customer, [row({ Name: 'Acme' })]);
    assert.equal(result.success, true);
    assert.match(result.id!, /^a00[0-9A-Za-z]{15}$/);
    assert.equal(toId18(result.id!.slice(0, 15)), result.id);
    const stored = db.find(result.id!)!.row;
    assert.equal(stored.get('createdbyid'), '005000000000001AAA');
    assert.equal(stored.get('active__c'), true, 'checkbox default from metadata');
  });

  it('rejects missing required fields, duplicates, long text and bad restricted picklist values', () => {
    const { db, customer } = fixture();
    db.insert(customer, [row({ Name: 'Acme', Code__c: 'A1' })]);
    const results = db.insert(customer, [
      row({}),
      row({ Name: 'Other', Code__c: 'a1' }),
      row({ Name: 'x'.repeat(81) }),
      row({ Name: 'T', Tier__c: 'Bronze' })
    ]);
    assert.deepEqual(
      results.map((r) => r.errors[0]?.statusCode),
      [
        'REQUIRED_FIELD_MISSING',
        'DUPLICATE_VALUE',
        'STRING_TOO_LONG',
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
      ]
    );
    assert.equal(results[0].errors[0].message, 'Required fields are missing: [Name]');
  });

  it('rejects a number with too many integer digits for its precision', () => {
    const { db, customer } = fixture();
    const [r] = db.insert(customer, [
      row({ Name: 'A', Score__c: ApexDecimal.fromString('1234.5') })
    ]);
    assert.equal(r.errors[0].statusCode, 'NUMBER_OUTSIDE_VALID_RANGE');
  });

  it('upserts by external id, case-insensitively, creating then updating', () => {
    const { db, customer } = fixture();
    const key = customer.fields.get('code__c')!;
    const [first] = db.upsert(customer, [row({ Name: 'Acme', Code__c: 'X9' })], key);
    const [second] = db.upsert(customer, [row({ Name: 'Acme Ltd', Code__c: 'x9' })], key);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.id, first.id);
    assert.equal(db.find(first.id!)!.row.get('name'), 'Acme Ltd');
  });

  it('cascades a master-detail delete, clears lookups, and undeletes from the recycle bin', () => {
    const { db, customer, invoice, note } = fixture();
    const [c] = db.insert(customer, [row({ Name: 'Acme' })]);
    const [i] = db.insert(invoice, [row({ Customer__c: c.id })]);
    const [n] = db.insert(note, [row({ Customer__c: c.id })]);
    assert.equal(db.delete([c.id!])[0].success, true);
    assert.equal(db.find(i.id!), null, 'detail deleted with its master');
    assert.equal(db.find(n.id!)!.row.get('customer__c'), null, 'lookup cleared');
    assert.equal(db.undelete([c.id!])[0].success, true);
    assert.ok(db.find(c.id!));
  });

  it('refuses a lookup to a record that does not exist', () => {
    const { db, invoice } = fixture();
    const [r] = db.insert(invoice, [row({ Customer__c: 'a00000000000099AAA' })]);
    assert.equal(r.errors[0].statusCode, 'INVALID_CROSS_REFERENCE_KEY');
  });

  it('keeps unique checks right through updates, deletes, rollbacks and restores', () => {
    const { db, customer } = fixture();
    const code = (r: { errors: { statusCode: string }[] }) => r.errors[0]?.statusCode ?? 'OK';
    const [a] = db.insert(customer, [row({ Name: 'A', Code__c: 'U1' })]);
    db.insert(customer, [row({ Name: 'B', Code__c: 'Gone' })]);
    // The first check builds the index; every later write must keep it current.
    assert.equal(
      code(db.insert(customer, [row({ Name: 'C', Code__c: 'u1' })])[0]),
      'DUPLICATE_VALUE'
    );
    db.update(customer, [row({ Id: a.id, Code__c: 'U2' })]);
    assert.equal(code(db.insert(customer, [row({ Name: 'D', Code__c: 'U1' })])[0]), 'OK');
    assert.equal(
      code(db.update(customer, [row({ Id: a.id, Name: 'A2' })])[0]),
      'OK',
      'a row never clashes with itself'
    );
    const gone = db
      .matching(customer, customer.fields.get('code__c')!, 'GONE')[0]
      .get('id') as string;
    db.delete([gone]);
    assert.equal(
      code(db.insert(customer, [row({ Name: 'E', Code__c: 'Gone' })])[0]),
      'OK',
      'deleted rows hold no value'
    );
    const mark = db.mark();
    db.update(customer, [row({ Id: a.id, Code__c: 'U3' })]);
    db.insert(customer, [row({ Name: 'F', Code__c: 'R1' })]);
    db.rollbackTo(mark);
    assert.equal(
      code(db.insert(customer, [row({ Name: 'G', Code__c: 'U2' })])[0]),
      'DUPLICATE_VALUE',
      'the rolled-back update gave U2 back'
    );
    assert.equal(
      code(db.insert(customer, [row({ Name: 'H', Code__c: 'R1' })])[0]),
      'OK',
      'the rolled-back insert took R1 away'
    );
    const snap = db.snapshot();
    db.insert(customer, [row({ Name: 'I', Code__c: 'S1' })]);
    db.restore(snap);
    assert.equal(
      code(db.insert(customer, [row({ Name: 'J', Code__c: 'S1' })])[0]),
      'OK',
      'the restored snapshot has no S1'
    );
    assert.equal(
      code(db.insert(customer, [row({ Name: 'K', Code__c: 'R1' })])[0]),
      'DUPLICATE_VALUE'
    );
  });

  it('finds rows by an external id in creation order, and upserts through it', () => {
    const { db, customer } = fixture();
    const key = customer.fields.get('name')!;
    db.insert(customer, [row({ Name: 'Twin' }), row({ Name: 'Solo' }), row({ Name: 'twin' })]);
    assert.deepEqual(
      db.matching(customer, key, 'TWIN').map((r) => r.get('name')),
      ['Twin', 'twin']
    );
    assert.deepEqual(db.matching(customer, key, 'nobody'), []);
    const code = customer.fields.get('code__c')!;
    const [created] = db.upsert(customer, [row({ Name: 'New', Code__c: 'Z1' })], code);
    db.update(customer, [row({ Id: created.id, Code__c: 'Z2' })]);
    const [again] = db.upsert(customer, [row({ Name: 'Newer', Code__c: 'Z1' })], code);
    assert.equal(again.created, true, 'Z1 was given up by the update');
    const [updated] = db.upsert(customer, [row({ Name: 'Renamed', Code__c: 'z2' })], code);
    assert.deepEqual([updated.created, updated.id], [false, created.id]);
  });

  it('restores a snapshot, as a test or a savepoint rollback does', () => {
    const { db, customer } = fixture();
    db.insert(customer, [row({ Name: 'Before' })]);
    const snap = db.snapshot();
    db.insert(customer, [row({ Name: 'After' })]);
    db.restore(snap);
    assert.deepEqual(
      db.rows(customer).map((r) => r.get('name')),
      ['Before']
    );
  });
});

describe('SOQL', () => {
  function seeded() {
    const f = fixture();
    const ids = f.db
      .insert(f.customer, [
        row({
          Name: 'Acme',
          Code__c: 'A',
          Tier__c: 'Gold',
          Score__c: ApexDecimal.fromString('10.5'),
          Since__c: ApexDate.newInstance(2026, 1, 15)
        }),
        row({
          Name: 'beta',
          Code__c: 'B',
          Tier__c: 'Silver',
          Score__c: ApexDecimal.fromString('3')
        }),
        row({ Name: 'Cobalt', Code__c: 'C', Tier__c: 'Gold' })
      ])
      .map((r) => r.id!);
    f.db.insert(f.invoice, [
      row({ Name: 'I1', Customer__c: ids[0], Amount__c: ApexDecimal.fromString('100.00') }),
      row({ Name: 'I2', Customer__c: ids[0], Amount__c: ApexDecimal.fromString('50.25') }),
      row({ Name: 'I3', Customer__c: ids[1], Amount__c: ApexDecimal.fromString('7') })
    ]);
    return { ...f, ids };
  }

  it('filters case-insensitively and orders with nulls first by default', () => {
    const { engine } = seeded();
    const names = (
      query(
        engine,
        "SELECT Name FROM Customer__c WHERE Tier__c = 'gold' ORDER BY Score__c"
      ) as SObjectValue[]
    ).map((r) => r.get('name'));
    assert.deepEqual(names, ['Cobalt', 'Acme']);
    const desc = (
      query(
        engine,
        'SELECT Name FROM Customer__c ORDER BY Score__c DESC NULLS LAST LIMIT 2'
      ) as SObjectValue[]
    ).map((r) => r.get('name'));
    assert.deepEqual(desc, ['Acme', 'beta']);
  });

  it('supports LIKE, IN with binds, NOT, OR and date literals', () => {
    const { engine, ids } = seeded();
    const names = (text: string, binds = {}) =>
      (query(engine, text, binds) as SObjectValue[]).map((r) => r.get('name')).sort();
    assert.deepEqual(names("SELECT Name FROM Customer__c WHERE Name LIKE 'b%'"), ['beta']);
    assert.deepEqual(
      names('SELECT Name FROM Customer__c WHERE Id IN :ids', {
        ids: new ApexList({ kind: 'prim', name: 'Id' }, [ids[1], ids[2]])
      }),
      ['Cobalt', 'beta']
    );
    assert.deepEqual(names("SELECT Name FROM Customer__c WHERE NOT (Tier__c = 'Gold')"), ['beta']);
    assert.deepEqual(names("SELECT Name FROM Customer__c WHERE Code__c = 'A' OR Code__c = 'C'"), [
      'Acme',
      'Cobalt'
    ]);
    assert.deepEqual(names('SELECT Name FROM Customer__c WHERE Since__c = TODAY'), ['Acme']);
    assert.deepEqual(names('SELECT Name FROM Customer__c WHERE CreatedDate = LAST_N_DAYS:3'), [
      'Acme',
      'Cobalt',
      'beta'
    ]);
  });

  it('projects parent paths and child subqueries, remembering what was queried', () => {
    const { engine } = seeded();
    const invoices = query(
      engine,
      "SELECT Name, Customer__r.Name FROM Invoice__c WHERE Name = 'I1'"
    ) as SObjectValue[];
    const parent = invoices[0].get('customer__r') as SObjectValue;
    assert.equal(parent.get('name'), 'Acme');
    assert.equal(invoices[0].readable('amount__c'), false, 'Amount__c was not queried');
    const customers = query(
      engine,
      "SELECT Name, (SELECT Name FROM Invoices__r ORDER BY Name DESC) FROM Customer__c WHERE Code__c = 'A'"
    ) as SObjectValue[];
    const children = customers[0].get('invoices__r') as ApexList;
    assert.deepEqual(
      children.items.map((c) => (c as SObjectValue).get('name')),
      ['I2', 'I1']
    );
  });

  it('looks rows up by id for a top-level Id = or Id IN, with the answers of a scan', () => {
    const { engine, db, ids } = seeded();
    const names = (text: string, binds = {}) =>
      (query(engine, text, binds) as SObjectValue[]).map((r) => r.get('name'));
    assert.deepEqual(names(`SELECT Name FROM Customer__c WHERE Id = '${ids[1].slice(0, 15)}'`), [
      'beta'
    ]);
    const invoiceId = (query(engine, 'SELECT Id FROM Invoice__c LIMIT 1') as SObjectValue[])[0].get(
      'id'
    );
    assert.deepEqual(
      names("SELECT Name FROM Customer__c WHERE Id IN :ids AND Tier__c = 'Gold'", {
        ids: new ApexList({ kind: 'prim', name: 'Id' }, [ids[2], invoiceId, ids[1], ids[0]])
      }),
      ['Acme', 'Cobalt'],
      'creation order, the other conjunct applied, an id of another object ignored'
    );
    assert.deepEqual(names("SELECT Name FROM Customer__c WHERE Id IN ('not an id')"), []);
    assert.deepEqual(names('SELECT Name FROM Customer__c WHERE Id = null'), []);
    assert.deepEqual(
      names(`SELECT Name FROM Customer__c WHERE Id = '${ids[0]}' OR Code__c = 'C'`),
      ['Acme', 'Cobalt'],
      'an Id test under OR is not a lookup'
    );
    db.delete([ids[1]]);
    assert.deepEqual(names(`SELECT Name FROM Customer__c WHERE Id = '${ids[1]}'`), []);
    assert.deepEqual(names(`SELECT Name FROM Customer__c WHERE Id = '${ids[1]}' ALL ROWS`), [
      'beta'
    ]);
  });

  it('evaluates each bind and semi-join once per query, not once per row', () => {
    const { engine } = seeded();
    let reads = 0;
    const rows = engine.run(
      parseSoql('SELECT Name FROM Customer__c WHERE Tier__c IN :tiers OR Name = :name'),
      {
        binds: (name) => {
          reads++;
          return name === 'tiers'
            ? new ApexList({ kind: 'prim', name: 'String' }, ['silver'])
            : 'cobalt';
        },
        today: () => ApexDate.newInstance(2026, 1, 15)
      }
    ) as SObjectValue[];
    assert.deepEqual(
      rows.map((r) => r.get('name')),
      ['beta', 'Cobalt']
    );
    assert.equal(reads, 2);
    const billed = query(
      engine,
      'SELECT Name FROM Customer__c WHERE Id IN (SELECT Customer__c FROM Invoice__c) ORDER BY Name'
    ) as SObjectValue[];
    assert.deepEqual(
      billed.map((r) => r.get('name')),
      ['Acme', 'beta']
    );
  });

  it('orders and limits a child subquery per parent', () => {
    const { engine } = seeded();
    const customers = query(
      engine,
      "SELECT Name, (SELECT Name FROM Invoices__r WHERE Name != 'I3' ORDER BY Name DESC LIMIT 1) FROM Customer__c ORDER BY Name"
    ) as SObjectValue[];
    assert.deepEqual(
      customers.map((c) => [
        c.get('name'),
        (c.get('invoices__r') as ApexList).items.map((i) => (i as SObjectValue).get('name'))
      ]),
      [
        ['Acme', ['I2']],
        ['beta', []],
        ['Cobalt', []]
      ]
    );
  });

  it('counts, groups and aggregates with HAVING', () => {
    const { engine } = seeded();
    assert.equal(query(engine, "SELECT COUNT() FROM Customer__c WHERE Tier__c = 'Gold'"), 2);
    const groups = query(
      engine,
      'SELECT Customer__r.Name name, SUM(Amount__c) total, COUNT(Id) n FROM Invoice__c GROUP BY Customer__r.Name HAVING COUNT(Id) > 1'
    ) as SObjectValue[];
    assert.equal(groups.length, 1);
    assert.equal((groups[0].get('total') as ApexDecimal).toString(), '150.25');
    assert.equal(groups[0].get('n'), 2);
  });

  it('reports unknown fields and relationships the way the platform does', () => {
    const { engine } = seeded();
    assert.throws(
      () => query(engine, 'SELECT Colour__c FROM Customer__c'),
      (e: SoqlError) => e.message.startsWith("No such column 'Colour__c' on entity 'Customer__c'")
    );
    assert.throws(
      () => query(engine, 'SELECT Id, (SELECT Id FROM Orders__r) FROM Customer__c'),
      /Didn't understand relationship 'Orders__r'/
    );
    assert.throws(
      () => parseSoql("SELECT Id FROM Customer__c WHERE Name = 'a' AND Name = 'b' OR Name = 'c'"),
      SoqlError
    );
  });
});

describe('DML', () => {
  it('rolls back the whole list and words the DmlException like the platform when all-or-none fails', () => {
    const { db, customer } = fixture();
    const good = new SObjectValue(customer, row({ Name: 'Good' }));
    const bad = new SObjectValue(customer, row({}));
    const outcome = runDml(db, 'insert', [good, bad], true);
    assert.equal(
      outcome.failure?.message,
      'Insert failed. First exception on row 1; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [Name]: [Name]'
    );
    assert.equal(db.rows(customer).length, 0, 'nothing saved');
    assert.equal(good.values.has('id'), false, 'the id handed out is taken back');
  });

  it('saves what it can when all-or-none is off', () => {
    const { db, customer } = fixture();
    const records = [
      new SObjectValue(customer, row({ Name: 'Good' })),
      new SObjectValue(customer, row({}))
    ];
    const outcome = runDml(db, 'insert', records, false);
    assert.equal(outcome.failure, null);
    assert.deepEqual(
      outcome.results.map((r) => r.success),
      [true, false]
    );
    assert.equal(db.rows(customer).length, 1);
    assert.ok(records[0].get('id'));
  });
});
