import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSchema, MetadataError } from '../src/schema/loader.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'schema');

describe('schema loader', () => {
  const schema = loadSchema(FIXTURE, ['force-app']);

  it('reads custom objects with their fields, system fields and an auto-number name', () => {
    const sync = schema.get('order_sync__c')!;
    assert.equal(sync.kind, 'custom');
    assert.match(sync.keyPrefix, /^a[0-9A-Z]{2}$/);
    assert.equal(sync.fields.get('name')!.type, 'AutoNumber');
    for (const f of [
      'id',
      'isdeleted',
      'createddate',
      'createdbyid',
      'lastmodifieddate',
      'systemmodstamp',
      'ownerid'
    ]) {
      assert.ok(sync.fields.has(f), `system field ${f}`);
    }
    const status = sync.fields.get('status__c')!;
    assert.deepEqual(status.picklistValues, ['Pending', 'Sent']);
    assert.equal(status.restrictedPicklist, true);
    assert.equal(status.defaultValue, "'Pending'");
    const key = sync.fields.get('key__c')!;
    assert.deepEqual(
      [key.unique, key.caseSensitive, key.externalId, key.length],
      [true, true, true, 64]
    );
    assert.equal(sync.fields.get('attempts__c')!.defaultValue, '0');
  });

  it('links lookups both ways with the __r relationship names', () => {
    const lookup = schema.get('Order_Sync__c')!.fields.get('account__c')!;
    assert.equal(lookup.relationshipName, 'Account__r');
    assert.equal(lookup.deleteConstraint, 'Restrict');
    const account = schema.get('Account')!;
    assert.equal(account.childRelationships.get('order_syncs__r')?.childObject, 'Order_Sync__c');
    assert.ok(account.childRelationships.has('contacts'), 'standard child relationships stay');
  });

  it('adds project fields to standard objects and marks CDC-enabled objects', () => {
    const account = schema.get('Account')!;
    assert.equal(account.fields.get('customer_code__c')!.externalId, true);
    assert.equal(account.changeDataCapture, true);
  });

  it('reads platform events with their publish behaviour and event fields', () => {
    const event = schema.get('Sync_Event__e')!;
    assert.equal(event.kind, 'platformEvent');
    assert.equal(event.publishBehavior, 'PublishImmediately');
    assert.ok(event.fields.has('eventuuid') && event.fields.has('replayid'));
  });

  it('reads custom settings and custom metadata records, with or without __mdt in the file name', () => {
    assert.equal(schema.get('Settings__c')!.settingType, 'Hierarchy');
    const records = schema.customMetadata.map((r) => `${r.type}.${r.developerName}`).sort();
    assert.deepEqual(records, ['Endpoint__mdt.ERP', 'Endpoint__mdt.Shipping']);
    const erp = schema.customMetadata.find((r) => r.developerName === 'ERP')!;
    assert.equal(erp.values.get('Max_Attempts__c'), '5.0');
    assert.equal(erp.values.get('Named_Credential__c'), 'Conduit_ERP');
    const shipping = schema.customMetadata.find((r) => r.developerName === 'Shipping')!;
    assert.equal(shipping.values.get('Max_Attempts__c'), null);
  });

  it('names the file and the problem when metadata cannot be read', () => {
    const root = mkdtempSync(join(tmpdir(), 'schema-bad-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      const file = join(
        root,
        'force-app/main/default/objects/Order_Sync__c/fields/Key__c.field-meta.xml'
      );
      writeFileSync(
        file,
        '<?xml version="1.0"?>\n<CustomField>\n<type>Text</type\n</CustomField>\n'
      );
      assert.throws(
        () => loadSchema(root, ['force-app']),
        (e: Error) =>
          e instanceof MetadataError &&
          e.message.startsWith(
            'force-app/main/default/objects/Order_Sync__c/fields/Key__c.field-meta.xml:'
          )
      );
      writeFileSync(
        file,
        '<?xml version="1.0"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Key__c</fullName><type>Hologram</type></CustomField>\n'
      );
      assert.throws(
        () => loadSchema(root, ['force-app']),
        /Key__c.field-meta.xml: field type Hologram is not supported/
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reads platform event subscriber configs and refuses a batch size outside 1 to 2,000', () => {
    const root = mkdtempSync(join(tmpdir(), 'schema-subscriber-'));
    try {
      cpSync(FIXTURE, root, { recursive: true });
      const dir = join(root, 'force-app/main/default/PlatformEventSubscriberConfigs');
      mkdirSync(dir);
      const write = (batchSize: string) =>
        writeFileSync(
          join(dir, 'SyncConfig.platformEventSubscriberConfig-meta.xml'),
          `<?xml version="1.0"?>\n<PlatformEventSubscriberConfig xmlns="http://soap.sforce.com/2006/04/metadata"><batchSize>${batchSize}</batchSize><masterLabel>SyncConfig</masterLabel><platformEventConsumer>SyncTrigger</platformEventConsumer><user>runner@example.invalid</user></PlatformEventSubscriberConfig>\n`
        );
      write('200');
      assert.deepEqual(loadSchema(root, ['force-app']).subscriberConfigs, [
        {
          consumer: 'SyncTrigger',
          batchSize: 200,
          user: 'runner@example.invalid',
          file: 'force-app/main/default/PlatformEventSubscriberConfigs/SyncConfig.platformEventSubscriberConfig-meta.xml'
        }
      ]);
      for (const bad of ['0', '2001', '12.5']) {
        write(bad);
        assert.throws(
          () => loadSchema(root, ['force-app']),
          (e: Error) =>
            e instanceof MetadataError &&
            e.message ===
              `force-app/main/default/PlatformEventSubscriberConfigs/SyncConfig.platformEventSubscriberConfig-meta.xml: batchSize must be a whole number from 1 to 2000, not ${bad}`,
          bad
        );
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
