import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FieldSchema, Schema, type SObjectSchema } from '../src/schema/schema.ts';
import { standardObjects } from '../src/schema/standard-objects.ts';

// Expected values come from Salesforce's Object Reference and Field Reference (field names,
// types, lengths, required fields, which audit fields each object has) and from the documented
// key prefixes (001 Account, 003 Contact, ...).

function catalog(): Schema {
  const schema = new Schema();
  for (const object of standardObjects()) schema.add(object);
  schema.linkRelationships();
  return schema;
}

const schema = catalog();

function obj(name: string): SObjectSchema {
  const object = schema.get(name);
  assert.ok(object, `object ${name} is in the catalog`);
  return object;
}

function fieldOf(objectName: string, fieldName: string): FieldSchema {
  const f = obj(objectName).fields.get(fieldName.toLowerCase());
  assert.ok(f, `field ${objectName}.${fieldName} is in the catalog`);
  return f;
}

describe('standard object catalog', () => {
  it('covers the objects the runtime needs', () => {
    const expected = [
      'Account',
      'Contact',
      'Lead',
      'Opportunity',
      'OpportunityLineItem',
      'Case',
      'Task',
      'Event',
      'Order',
      'OrderItem',
      'Product2',
      'Pricebook2',
      'PricebookEntry',
      'User',
      'Profile',
      'UserRole',
      'PermissionSet',
      'PermissionSetAssignment',
      'Group',
      'Organization',
      'AsyncApexJob',
      'CronTrigger',
      'CronJobDetail',
      'ApexClass',
      'RecordType',
      'CustomNotificationType',
      'NamedCredential',
      'ExternalCredential',
      'Attachment',
      'ContentVersion',
      'ContentDocument',
      'EmailMessage',
      'Campaign',
      'Contract',
      'BusinessHours',
      'Note'
    ];
    for (const name of expected) {
      const object = obj(name);
      assert.equal(object.name, name);
      assert.equal(object.kind, 'standard');
      assert.ok(object.label.length > 0 && object.pluralLabel.length > 0, `${name} has labels`);
    }
  });

  it('uses the real key prefixes', () => {
    const prefixes: Record<string, string> = {
      Account: '001',
      Contact: '003',
      Opportunity: '006',
      Lead: '00Q',
      Case: '500',
      User: '005',
      Profile: '00e',
      Organization: '00D',
      Order: '801',
      OrderItem: '802',
      Product2: '01t',
      Pricebook2: '01s',
      PricebookEntry: '01u',
      AsyncApexJob: '707',
      CronTrigger: '08e',
      CronJobDetail: '08a',
      RecordType: '012',
      Group: '00G',
      Task: '00T',
      Event: '00U',
      CustomNotificationType: '0ML',
      NamedCredential: '0XA',
      ExternalCredential: '0pt',
      ApexClass: '01p',
      Attachment: '00P',
      ContentVersion: '068',
      ContentDocument: '069',
      EmailMessage: '02s',
      PermissionSet: '0PS',
      PermissionSetAssignment: '0Pa',
      UserRole: '00E',
      BusinessHours: '01m',
      Campaign: '701',
      Contract: '800',
      Note: '002',
      OpportunityLineItem: '00k'
    };
    for (const [name, prefix] of Object.entries(prefixes)) {
      assert.equal(obj(name).keyPrefix, prefix, `${name} key prefix`);
      assert.equal(schema.byKeyPrefix(prefix)?.name, name, `byKeyPrefix(${prefix})`);
    }
  });

  it('gives every object a distinct 3-character key prefix', () => {
    const seen = new Map<string, string>();
    for (const object of standardObjects()) {
      assert.match(object.keyPrefix, /^[0-9A-Za-z]{3}$/, `${object.name} key prefix`);
      const other = seen.get(object.keyPrefix);
      assert.equal(
        other,
        undefined,
        `${object.name} and ${other} share key prefix ${object.keyPrefix}`
      );
      seen.set(object.keyPrefix, object.name);
    }
  });

  it('keys every field map by the lowercased API name and starts with empty child relationships', () => {
    for (const object of standardObjects()) {
      assert.equal(
        object.childRelationships.size,
        0,
        `${object.name} child relationships before linking`
      );
      for (const [key, f] of object.fields) assert.equal(key, f.name.toLowerCase());
      assert.equal(
        object.fields.has('currencyisocode'),
        false,
        `${object.name} has no CurrencyIsoCode`
      );
    }
  });

  it('gives every object the system fields it has on the platform', () => {
    const full = [
      'Id',
      'IsDeleted',
      'CreatedDate',
      'CreatedById',
      'LastModifiedDate',
      'LastModifiedById',
      'SystemModstamp'
    ];
    // Setup and platform objects whose describe lacks some audit fields (Object/Field Reference).
    const exceptions: Record<string, string[]> = {
      User: full.filter((f) => f !== 'IsDeleted'),
      Profile: full.filter((f) => f !== 'IsDeleted'),
      Group: full.filter((f) => f !== 'IsDeleted'),
      PermissionSet: full.filter((f) => f !== 'IsDeleted'),
      Organization: full.filter((f) => f !== 'IsDeleted'),
      ApexClass: full.filter((f) => f !== 'IsDeleted'),
      RecordType: full.filter((f) => f !== 'IsDeleted'),
      BusinessHours: full.filter((f) => f !== 'IsDeleted'),
      UserRole: ['Id', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
      PermissionSetAssignment: ['Id', 'SystemModstamp'],
      AsyncApexJob: ['Id', 'CreatedDate', 'CreatedById'],
      CronTrigger: ['Id', 'CreatedDate', 'CreatedById', 'LastModifiedById'],
      CronJobDetail: ['Id']
    };
    for (const object of standardObjects()) {
      for (const name of exceptions[object.name] ?? full) {
        const f = object.fields.get(name.toLowerCase());
        assert.ok(f, `${object.name}.${name} exists`);
        assert.equal(f.system, true, `${object.name}.${name} is a system field`);
        assert.equal(f.createable, false, `${object.name}.${name} is not createable`);
        assert.equal(f.updateable, false, `${object.name}.${name} is not updateable`);
      }
      for (const name of full.filter((n) => !(exceptions[object.name] ?? full).includes(n))) {
        assert.equal(object.fields.has(name.toLowerCase()), false, `${object.name} has no ${name}`);
      }
    }
    assert.equal(fieldOf('Account', 'Id').type, 'Id');
    assert.equal(fieldOf('Account', 'IsDeleted').type, 'Checkbox');
    assert.equal(fieldOf('Account', 'SystemModstamp').type, 'DateTime');
    const createdBy = fieldOf('Contact', 'CreatedById');
    assert.equal(createdBy.type, 'Reference');
    assert.deepEqual(createdBy.referenceTo, ['User']);
    assert.equal(createdBy.relationshipName, 'CreatedBy');
    assert.equal(fieldOf('Order', 'LastModifiedById').relationshipName, 'LastModifiedBy');
  });

  it('gives owned objects a writable OwnerId and leaves it off the others', () => {
    for (const name of [
      'Account',
      'Contact',
      'Lead',
      'Opportunity',
      'Case',
      'Order',
      'Task',
      'Campaign',
      'Contract'
    ]) {
      const ownerId = fieldOf(name, 'OwnerId');
      assert.equal(ownerId.relationshipName, 'Owner', `${name}.OwnerId relationship`);
      assert.equal(ownerId.createable && ownerId.updateable, true, `${name}.OwnerId is writable`);
      assert.ok(ownerId.referenceTo?.includes('User'));
    }
    assert.deepEqual(fieldOf('Lead', 'OwnerId').referenceTo, ['User', 'Group']);
    assert.deepEqual(fieldOf('Case', 'OwnerId').referenceTo, ['User', 'Group']);
    for (const name of [
      'OrderItem',
      'OpportunityLineItem',
      'PricebookEntry',
      'Product2',
      'Pricebook2'
    ]) {
      assert.equal(obj(name).fields.has('ownerid'), false, `${name} has no owner`);
    }
  });

  it('marks the required fields', () => {
    const required: Record<string, string[]> = {
      Account: ['Name'],
      Contact: ['LastName'],
      Lead: ['LastName', 'Company', 'Status'],
      Opportunity: ['Name', 'StageName', 'CloseDate'],
      Order: ['AccountId', 'EffectiveDate', 'Status'],
      Product2: ['Name'],
      Pricebook2: ['Name'],
      PricebookEntry: ['Pricebook2Id', 'Product2Id', 'UnitPrice'],
      OrderItem: ['OrderId', 'PricebookEntryId', 'Quantity', 'UnitPrice'],
      OpportunityLineItem: ['OpportunityId', 'Quantity'],
      User: [
        'Username',
        'Email',
        'Alias',
        'LastName',
        'TimeZoneSidKey',
        'LocaleSidKey',
        'EmailEncodingKey',
        'LanguageLocaleKey',
        'ProfileId'
      ],
      Contract: ['AccountId', 'Status'],
      Attachment: ['Name', 'Body', 'ParentId'],
      Note: ['Title', 'ParentId']
    };
    for (const [objectName, names] of Object.entries(required)) {
      for (const name of names)
        assert.equal(fieldOf(objectName, name).required, true, `${objectName}.${name} is required`);
    }
    for (const [objectName, name] of [
      ['Account', 'Phone'],
      ['Contact', 'FirstName'],
      ['User', 'FirstName'],
      ['Order', 'Name']
    ]) {
      assert.equal(fieldOf(objectName, name).required, false, `${objectName}.${name} is optional`);
    }
  });

  it('records types, lengths, precision and scale', () => {
    const cases: [string, string, string, number?, number?, number?][] = [
      // object, field, type, length, precision, scale
      ['Account', 'Name', 'Text', 255],
      ['Account', 'AnnualRevenue', 'Currency', undefined, 18, 0],
      ['Account', 'NumberOfEmployees', 'Integer'],
      ['Account', 'Website', 'Url', 255],
      ['Account', 'Phone', 'Phone', 40],
      ['Account', 'BillingStreet', 'TextArea', 255],
      ['Account', 'BillingCity', 'Text', 40],
      ['Account', 'BillingPostalCode', 'Text', 20],
      ['Account', 'BillingLatitude', 'Double', undefined, 18, 15],
      ['Contact', 'LastName', 'Text', 80],
      ['Contact', 'FirstName', 'Text', 40],
      ['Contact', 'Email', 'Email', 80],
      ['Contact', 'Birthdate', 'Date'],
      ['Opportunity', 'Name', 'Text', 120],
      ['Opportunity', 'Amount', 'Currency', undefined, 18, 2],
      ['Opportunity', 'Probability', 'Percent', undefined, 3, 0],
      ['Opportunity', 'CloseDate', 'Date'],
      ['OrderItem', 'Quantity', 'Double', undefined, 18, 2],
      ['OrderItem', 'UnitPrice', 'Currency', undefined, 18, 2],
      ['PricebookEntry', 'UnitPrice', 'Currency', undefined, 18, 2],
      ['User', 'Alias', 'Text', 8],
      ['User', 'Username', 'Text', 80],
      ['User', 'CommunityNickname', 'Text', 40],
      ['User', 'IsActive', 'Checkbox'],
      ['AsyncApexJob', 'ExtendedStatus', 'Text', 255],
      ['AsyncApexJob', 'JobItemsProcessed', 'Integer'],
      ['CronTrigger', 'CronExpression', 'Text', 255],
      ['CronTrigger', 'State', 'Text', 16],
      ['CronTrigger', 'NextFireTime', 'DateTime'],
      ['CronJobDetail', 'Name', 'Text', 255],
      ['CustomNotificationType', 'CustomNotifTypeName', 'Text', 80],
      ['NamedCredential', 'DeveloperName', 'Text', 80],
      ['NamedCredential', 'MasterLabel', 'Text', 80],
      ['NamedCredential', 'Endpoint', 'TextArea', 1000],
      ['NamedCredential', 'NamespacePrefix', 'Text', 15],
      ['NamedCredential', 'PrincipalType', 'Picklist'],
      ['NamedCredential', 'Language', 'Picklist'],
      ['ExternalCredential', 'DeveloperName', 'Text', 80],
      ['ExternalCredential', 'MasterLabel', 'Text', 80],
      ['ExternalCredential', 'AuthenticationProtocol', 'Picklist'],
      ['RecordType', 'DeveloperName', 'Text', 80],
      ['BusinessHours', 'MondayStartTime', 'Time'],
      ['Attachment', 'Body', 'Base64'],
      ['ContentVersion', 'VersionData', 'Base64'],
      ['Case', 'CaseNumber', 'AutoNumber'],
      ['Order', 'OrderNumber', 'AutoNumber']
    ];
    for (const [objectName, name, type, length, precision, scale] of cases) {
      const f = fieldOf(objectName, name);
      assert.equal(f.type, type, `${objectName}.${name} type`);
      if (length !== undefined) assert.equal(f.length, length, `${objectName}.${name} length`);
      if (precision !== undefined)
        assert.equal(f.precision, precision, `${objectName}.${name} precision`);
      if (scale !== undefined) assert.equal(f.scale, scale, `${objectName}.${name} scale`);
    }
  });

  it('marks platform-computed fields read-only', () => {
    const readOnly: [string, string][] = [
      ['Order', 'TotalAmount'],
      ['Order', 'OrderNumber'],
      ['Order', 'StatusCode'],
      ['Account', 'LastActivityDate'],
      ['Contact', 'Name'],
      ['Lead', 'Name'],
      ['User', 'Name'],
      ['Case', 'CaseNumber'],
      ['Case', 'IsClosed'],
      ['Opportunity', 'IsWon'],
      ['Opportunity', 'ExpectedRevenue'],
      ['PricebookEntry', 'ProductCode'],
      ['PricebookEntry', 'Name'],
      ['Pricebook2', 'IsStandard'],
      ['OrderItem', 'TotalPrice'],
      ['Organization', 'IsSandbox'],
      ['Organization', 'Name'],
      ['AsyncApexJob', 'Status'],
      ['CronTrigger', 'State'],
      ['CronJobDetail', 'JobType'],
      ['ApexClass', 'Name'],
      ['RecordType', 'DeveloperName'],
      ['Account', 'BillingAddress']
    ];
    // Named and external credentials are setup metadata: Apex only queries them.
    for (const objectName of ['NamedCredential', 'ExternalCredential']) {
      for (const f of obj(objectName).fields.values()) readOnly.push([objectName, f.name]);
    }
    for (const [objectName, name] of readOnly) {
      const f = fieldOf(objectName, name);
      assert.equal(f.createable, false, `${objectName}.${name} is not createable`);
      assert.equal(f.updateable, false, `${objectName}.${name} is not updateable`);
    }
    for (const name of ['Contact', 'Lead', 'User'])
      assert.equal(fieldOf(name, 'Name').system, true);
    // Set on insert, fixed afterwards.
    for (const [objectName, name] of [
      ['OrderItem', 'OrderId'],
      ['OrderItem', 'PricebookEntryId'],
      ['PricebookEntry', 'Product2Id']
    ]) {
      const f = fieldOf(objectName, name);
      assert.equal(f.createable, true, `${objectName}.${name} is createable`);
      assert.equal(f.updateable, false, `${objectName}.${name} is not updateable`);
    }
    assert.equal(fieldOf('Account', 'Name').updateable, true);
    assert.equal(fieldOf('Pricebook2', 'IsActive').updateable, true);
  });

  it('lists the common picklist values', () => {
    const values = (o: string, f: string) => fieldOf(o, f).picklistValues ?? [];
    assert.ok(values('Order', 'Status').includes('Draft'));
    assert.ok(values('Order', 'Status').includes('Activated'));
    assert.ok(values('Opportunity', 'StageName').includes('Prospecting'));
    assert.ok(values('Opportunity', 'StageName').includes('Closed Won'));
    assert.ok(values('Opportunity', 'StageName').includes('Closed Lost'));
    assert.deepEqual(values('Account', 'Rating'), ['Hot', 'Warm', 'Cold']);
    assert.ok(values('Account', 'Type').includes('Customer - Direct'));
    assert.ok(values('Account', 'Industry').includes('Technology'));
    assert.ok(values('Lead', 'Status').includes('Closed - Converted'));
    assert.deepEqual(values('Case', 'Status'), ['New', 'Working', 'Escalated', 'Closed']);
    assert.deepEqual(values('Case', 'Origin'), ['Phone', 'Email', 'Web']);
    assert.deepEqual(values('Case', 'Priority'), ['High', 'Medium', 'Low']);
    for (const status of [
      'Queued',
      'Preparing',
      'Processing',
      'Completed',
      'Failed',
      'Aborted',
      'Holding'
    ]) {
      assert.ok(values('AsyncApexJob', 'Status').includes(status), `AsyncApexJob.Status ${status}`);
    }
    for (const type of ['Future', 'Queueable', 'BatchApex', 'ScheduledApex']) {
      assert.ok(values('AsyncApexJob', 'JobType').includes(type), `AsyncApexJob.JobType ${type}`);
    }
    assert.equal(fieldOf('AsyncApexJob', 'Status').restrictedPicklist, true);
  });

  it('describes reference fields with relationship names and delete behaviour', () => {
    const refs: [string, string, string[], string, string | undefined, string][] = [
      // object, field, referenceTo, relationshipName, childRelationshipName, deleteConstraint
      ['Contact', 'AccountId', ['Account'], 'Account', 'Contacts', 'Cascade'],
      ['Opportunity', 'AccountId', ['Account'], 'Account', 'Opportunities', 'Cascade'],
      ['Case', 'AccountId', ['Account'], 'Account', 'Cases', 'Restrict'],
      ['Case', 'ContactId', ['Contact'], 'Contact', 'Cases', 'Restrict'],
      ['Order', 'AccountId', ['Account'], 'Account', 'Orders', 'Restrict'],
      ['Account', 'ParentId', ['Account'], 'Parent', 'ChildAccounts', 'SetNull'],
      ['OrderItem', 'OrderId', ['Order'], 'Order', 'OrderItems', 'Cascade'],
      [
        'OpportunityLineItem',
        'OpportunityId',
        ['Opportunity'],
        'Opportunity',
        'OpportunityLineItems',
        'Cascade'
      ],
      [
        'PricebookEntry',
        'Pricebook2Id',
        ['Pricebook2'],
        'Pricebook2',
        'PricebookEntries',
        'Cascade'
      ],
      ['PricebookEntry', 'Product2Id', ['Product2'], 'Product2', 'PricebookEntries', 'Cascade'],
      [
        'OrderItem',
        'PricebookEntryId',
        ['PricebookEntry'],
        'PricebookEntry',
        'OrderItems',
        'Restrict'
      ],
      ['Contract', 'AccountId', ['Account'], 'Account', 'Contracts', 'Cascade'],
      [
        'ContentVersion',
        'ContentDocumentId',
        ['ContentDocument'],
        'ContentDocument',
        'ContentVersions',
        'Cascade'
      ],
      [
        'PermissionSetAssignment',
        'PermissionSetId',
        ['PermissionSet'],
        'PermissionSet',
        'Assignments',
        'Cascade'
      ],
      ['CronTrigger', 'CronJobDetailId', ['CronJobDetail'], 'CronJobDetail', undefined, 'SetNull'],
      ['AsyncApexJob', 'ApexClassId', ['ApexClass'], 'ApexClass', undefined, 'SetNull'],
      ['User', 'ProfileId', ['Profile'], 'Profile', undefined, 'Restrict']
    ];
    for (const [objectName, name, to, rel, child, constraint] of refs) {
      const f = fieldOf(objectName, name);
      assert.deepEqual(f.referenceTo, to, `${objectName}.${name} referenceTo`);
      assert.equal(f.relationshipName, rel, `${objectName}.${name} relationshipName`);
      assert.equal(f.childRelationshipName, child, `${objectName}.${name} childRelationshipName`);
      assert.equal(f.deleteConstraint, constraint, `${objectName}.${name} deleteConstraint`);
    }
    assert.equal(fieldOf('OrderItem', 'OrderId').type, 'MasterDetail');
    const who = fieldOf('Task', 'WhoId');
    assert.equal(who.type, 'Reference');
    assert.deepEqual(who.referenceTo, ['Contact', 'Lead']);
    assert.equal(who.relationshipName, 'Who');
    assert.equal(fieldOf('Task', 'WhatId').relationshipName, 'What');
    assert.equal(fieldOf('Account', 'RecordTypeId').relationshipName, 'RecordType');
    // Every relationship name is unique within its object.
    for (const object of standardObjects()) {
      const names = [...object.fields.values()]
        .map((f) => f.relationshipName?.toLowerCase())
        .filter((n) => n !== undefined);
      assert.equal(
        new Set(names).size,
        names.length,
        `${object.name} relationship names are unique`
      );
    }
  });

  it('links child relationships through Schema.linkRelationships', () => {
    const account = obj('Account');
    for (const [rel, child, fieldName] of [
      ['Contacts', 'Contact', 'AccountId'],
      ['Opportunities', 'Opportunity', 'AccountId'],
      ['Cases', 'Case', 'AccountId'],
      ['Orders', 'Order', 'AccountId'],
      ['Contracts', 'Contract', 'AccountId'],
      ['ChildAccounts', 'Account', 'ParentId'],
      ['Tasks', 'Task', 'WhatId'],
      ['Events', 'Event', 'WhatId'],
      ['Attachments', 'Attachment', 'ParentId'],
      ['Notes', 'Note', 'ParentId']
    ]) {
      const link = account.childRelationships.get(rel.toLowerCase());
      assert.ok(link, `Account.${rel}`);
      assert.deepEqual(link, { childObject: child, field: fieldName, name: rel });
    }
    assert.equal(obj('Order').childRelationships.get('orderitems')?.childObject, 'OrderItem');
    assert.equal(
      obj('Opportunity').childRelationships.get('opportunitylineitems')?.childObject,
      'OpportunityLineItem'
    );
    assert.equal(
      obj('Pricebook2').childRelationships.get('pricebookentries')?.childObject,
      'PricebookEntry'
    );
    assert.equal(obj('Contact').childRelationships.get('tasks')?.field, 'WhoId');
    assert.equal(obj('Case').childRelationships.get('emailmessages')?.childObject, 'EmailMessage');
  });
});
