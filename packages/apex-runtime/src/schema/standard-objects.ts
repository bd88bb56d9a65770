/**
 * The catalog of Salesforce standard objects the runtime knows: API names, field types, lengths,
 * required flags, common picklist values, references with their relationship names and what
 * deleting the parent does to the child, and each object's real 3-character key prefix.
 *
 * Sources: the Object Reference and the Field Reference for the Salesforce Platform (field names,
 * types, lengths, precision/scale, which audit fields each object has); Salesforce Help on
 * deleting accounts (contacts, opportunities and non-activated contracts go with the account; an
 * account or contact with cases cannot be deleted). The org is single-currency: no
 * CurrencyIsoCode. Child relationships are left empty; Schema.linkRelationships fills them from
 * each reference field's childRelationshipName.
 */
import { type FieldSchema, type SObjectSchema, field } from './schema.ts';

type Extra = Partial<FieldSchema>;

/** Read-only standard field: formula-like, roll-up or platform-maintained. */
const RO: Extra = { createable: false, updateable: false };
/** Set on insert only (e.g. the parent of a detail record, a price book entry's product). */
const CREATE_ONLY: Extra = { updateable: false };
const REQ: Extra = { required: true };

// ---- field families ----------------------------------------------------------------------

const text = (name: string, length: number, extra: Extra = {}) =>
  field(name, 'Text', { length, ...extra });
const textArea = (name: string, length = 255, extra: Extra = {}) =>
  field(name, 'TextArea', { length, ...extra });
/** Standard long text (Description and the like): a textarea of 32,000 characters. */
const long = (name: string, length = 32000, extra: Extra = {}) =>
  field(name, 'Long', { length, ...extra });
const email = (name: string, length = 80, extra: Extra = {}) =>
  field(name, 'Email', { length, ...extra });
const phone = (name: string, extra: Extra = {}) => field(name, 'Phone', { length: 40, ...extra });
const url = (name: string, length = 255, extra: Extra = {}) =>
  field(name, 'Url', { length, ...extra });
const checkbox = (name: string, defaultValue = 'false', extra: Extra = {}) =>
  field(name, 'Checkbox', { defaultValue, ...extra });
const date = (name: string, extra: Extra = {}) => field(name, 'Date', extra);
const dateTime = (name: string, extra: Extra = {}) => field(name, 'DateTime', extra);
const time = (name: string, extra: Extra = {}) => field(name, 'Time', extra);
const int = (name: string, extra: Extra = {}) =>
  field(name, 'Integer', { precision: 9, scale: 0, ...extra });
const double = (name: string, precision: number, scale: number, extra: Extra = {}) =>
  field(name, 'Double', { precision, scale, ...extra });
const currency = (name: string, precision = 18, scale = 2, extra: Extra = {}) =>
  field(name, 'Currency', { precision, scale, ...extra });
const percent = (name: string, precision: number, scale: number, extra: Extra = {}) =>
  field(name, 'Percent', { precision, scale, ...extra });
const base64 = (name: string, extra: Extra = {}) => field(name, 'Base64', extra);
const autoNumber = (name: string, length = 30, extra: Extra = {}) =>
  field(name, 'AutoNumber', { length, ...extra });
/** A picklist; values omitted where the org defines them (time zones, locales, ...). */
const pick = (name: string, values?: string[], extra: Extra = {}) =>
  field(name, 'Picklist', { ...(values ? { picklistValues: values } : {}), ...extra });
/** A restricted, platform-maintained picklist (job status and the like). */
const sysPick = (name: string, values: string[], extra: Extra = {}) =>
  pick(name, values, { restrictedPicklist: true, ...RO, ...extra });

type Constraint = FieldSchema['deleteConstraint'];

/** A lookup to one object. */
function lookup(
  name: string,
  to: string,
  rel: string,
  child?: string,
  constraint: Constraint = 'SetNull',
  extra: Extra = {}
): FieldSchema {
  return field(name, 'Lookup', {
    referenceTo: [to],
    relationshipName: rel,
    ...(child ? { childRelationshipName: child } : {}),
    deleteConstraint: constraint,
    ...extra
  });
}

/** A master-detail-like standard reference: required, set on insert, deleted with its parent. */
function master(
  name: string,
  to: string,
  rel: string,
  child: string,
  extra: Extra = {}
): FieldSchema {
  return field(name, 'MasterDetail', {
    referenceTo: [to],
    relationshipName: rel,
    childRelationshipName: child,
    deleteConstraint: 'Cascade',
    required: true,
    updateable: false,
    ...extra
  });
}

/** A polymorphic or special standard reference (OwnerId, WhoId, WhatId, ParentId, ...). */
function poly(
  name: string,
  to: string[],
  rel: string,
  child?: string,
  constraint?: Constraint,
  extra: Extra = {}
): FieldSchema {
  return field(name, 'Reference', {
    referenceTo: to,
    relationshipName: rel,
    ...(child ? { childRelationshipName: child } : {}),
    ...(constraint ? { deleteConstraint: constraint } : {}),
    ...extra
  });
}

const owner = (to: string[] = ['User', 'Group'], extra: Extra = {}) =>
  poly('OwnerId', to, 'Owner', undefined, undefined, { label: 'Owner ID', ...extra });
const recordType = () =>
  lookup('RecordTypeId', 'RecordType', 'RecordType', undefined, 'SetNull', {
    label: 'Record Type ID'
  });
const userRef = (name: string, rel: string, extra: Extra = {}) =>
  lookup(name, 'User', rel, undefined, 'SetNull', extra);
const lastActivity = () => date('LastActivityDate', RO);
const viewed = () => [dateTime('LastViewedDate', RO), dateTime('LastReferencedDate', RO)];
const masterRecord = (object: string) =>
  lookup('MasterRecordId', object, 'MasterRecord', undefined, 'SetNull', RO);
/** Compound read-only Name built by the platform from FirstName/LastName. */
const personName = (length = 121) =>
  field('Name', 'Text', { length, label: 'Full Name', system: true });

const GEOCODE = [
  'Address',
  'NearAddress',
  'Block',
  'Street',
  'ExtendedZip',
  'Zip',
  'Neighborhood',
  'City',
  'County',
  'State',
  'Unknown'
];

/** Street/City/State/PostalCode/Country/Latitude/Longitude/GeocodeAccuracy and the compound Address. */
function address(prefix: string, extra: Extra = {}): FieldSchema[] {
  return [
    textArea(`${prefix}Street`, 255, extra),
    text(`${prefix}City`, 40, extra),
    text(`${prefix}State`, 80, extra),
    text(`${prefix}PostalCode`, 20, extra),
    text(`${prefix}Country`, 80, extra),
    double(`${prefix}Latitude`, 18, 15, extra),
    double(`${prefix}Longitude`, 18, 15, extra),
    pick(`${prefix}GeocodeAccuracy`, GEOCODE, extra),
    field(`${prefix}Address`, 'Address', RO)
  ];
}

// ---- system (audit) fields ---------------------------------------------------------------

type AuditField =
  | 'Id'
  | 'IsDeleted'
  | 'CreatedDate'
  | 'CreatedById'
  | 'LastModifiedDate'
  | 'LastModifiedById'
  | 'SystemModstamp';

const FULL: AuditField[] = [
  'Id',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp'
];
/** Setup objects (User, Profile, Group, ...) have the audit fields but no IsDeleted. */
const NO_DELETE: AuditField[] = FULL.filter((f) => f !== 'IsDeleted');

function auditField(name: AuditField): FieldSchema {
  const sys = { system: true };
  switch (name) {
    case 'Id':
      return field('Id', 'Id', { ...sys, label: 'Record ID', length: 18 });
    case 'IsDeleted':
      return field('IsDeleted', 'Checkbox', { ...sys, label: 'Deleted', defaultValue: 'false' });
    case 'CreatedById':
      return field('CreatedById', 'Reference', {
        ...sys,
        label: 'Created By ID',
        referenceTo: ['User'],
        relationshipName: 'CreatedBy'
      });
    case 'LastModifiedById':
      return field('LastModifiedById', 'Reference', {
        ...sys,
        label: 'Last Modified By ID',
        referenceTo: ['User'],
        relationshipName: 'LastModifiedBy'
      });
    default:
      return field(name, 'DateTime', { ...sys, label: name.replace(/([a-z])([A-Z])/g, '$1 $2') });
  }
}

/** `BillingPostalCode` → `Billing Postal Code`, `AccountId` → `Account ID`. */
function humanize(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/ Id$/, ' ID');
}

function object(
  name: string,
  label: string,
  pluralLabel: string,
  keyPrefix: string,
  audit: AuditField[],
  fields: (FieldSchema | FieldSchema[])[]
): SObjectSchema {
  const map = new Map<string, FieldSchema>();
  for (const f of [...audit.map(auditField), ...fields.flat()]) {
    if (f.label === f.name) f.label = humanize(f.name);
    const key = f.name.toLowerCase();
    if (map.has(key)) throw new Error(`standard field ${name}.${f.name} is defined twice`);
    map.set(key, f);
  }
  return {
    name,
    label,
    pluralLabel,
    kind: 'standard',
    keyPrefix,
    fields: map,
    childRelationships: new Map()
  };
}

/** A setup object Apex can only query: DML on it does not compile. */
function queryOnly(...args: Parameters<typeof object>): SObjectSchema {
  return { ...object(...args), queryOnly: true };
}

// ---- shared picklists --------------------------------------------------------------------

const LEAD_SOURCE = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const INDUSTRY = [
  'Agriculture',
  'Apparel',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Environmental',
  'Finance',
  'Food & Beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Not For Profit',
  'Recreation',
  'Retail',
  'Shipping',
  'Technology',
  'Telecommunications',
  'Transportation',
  'Utilities',
  'Other'
];
const RATING = ['Hot', 'Warm', 'Cold'];
const SALUTATION = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'];
const CLEAN_STATUS = [
  'Matched',
  'Different',
  'Acknowledged',
  'NotFound',
  'Inactive',
  'Pending',
  'SelectMatch',
  'Skipped'
];
const ACTIVITY_PARENTS = [
  'Account',
  'Opportunity',
  'Case',
  'Campaign',
  'Contract',
  'Order',
  'Product2'
];
const ATTACHMENT_PARENTS = [
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'Case',
  'Campaign',
  'Contract',
  'Order',
  'Product2',
  'Task',
  'Event',
  'EmailMessage'
];
const NOTE_PARENTS = [
  'Account',
  'Contact',
  'Lead',
  'Opportunity',
  'Contract',
  'Campaign',
  'Order',
  'Product2'
];
const ACCESS = ['None', 'Read', 'Edit'];

// ---- the catalog -------------------------------------------------------------------------

export function standardObjects(): SObjectSchema[] {
  return [
    object('Account', 'Account', 'Accounts', '001', FULL, [
      text('Name', 255, { ...REQ, label: 'Account Name' }),
      text('AccountNumber', 40),
      pick('Type', [
        'Prospect',
        'Customer - Direct',
        'Customer - Channel',
        'Channel Partner / Reseller',
        'Installation Partner',
        'Technology Partner',
        'Other'
      ]),
      pick('Industry', INDUSTRY),
      pick('Rating', RATING),
      phone('Phone'),
      phone('Fax'),
      url('Website'),
      long('Description'),
      int('NumberOfEmployees', { precision: 8 }),
      currency('AnnualRevenue', 18, 0),
      address('Billing'),
      address('Shipping'),
      lookup('ParentId', 'Account', 'Parent', 'ChildAccounts'),
      text('Site', 80),
      text('Sic', 20),
      text('SicDesc', 80),
      pick('Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
      text('TickerSymbol', 20),
      pick('AccountSource', LEAD_SOURCE),
      text('Jigsaw', 20),
      text('JigsawCompanyId', 20, RO),
      pick('CleanStatus', CLEAN_STATUS),
      text('DunsNumber', 9),
      text('Tradestyle', 255),
      text('NaicsCode', 8),
      text('NaicsDesc', 120),
      text('YearStarted', 4),
      url('PhotoUrl', 255, RO),
      lastActivity(),
      masterRecord('Account'),
      owner(['User']),
      recordType(),
      viewed()
    ]),

    object('Contact', 'Contact', 'Contacts', '003', FULL, [
      text('LastName', 80, REQ),
      text('FirstName', 40),
      pick('Salutation', SALUTATION),
      personName(),
      lookup('AccountId', 'Account', 'Account', 'Contacts', 'Cascade'),
      email('Email'),
      phone('Phone'),
      phone('Fax'),
      phone('MobilePhone'),
      phone('HomePhone'),
      phone('OtherPhone'),
      phone('AssistantPhone'),
      text('AssistantName', 40),
      text('Title', 128),
      text('Department', 80),
      date('Birthdate'),
      long('Description'),
      pick('LeadSource', LEAD_SOURCE),
      lookup('ReportsToId', 'Contact', 'ReportsTo'),
      address('Mailing'),
      address('Other'),
      checkbox('HasOptedOutOfEmail'),
      checkbox('HasOptedOutOfFax'),
      checkbox('DoNotCall'),
      text('EmailBouncedReason', 255),
      dateTime('EmailBouncedDate'),
      checkbox('IsEmailBounced', 'false', RO),
      date('LastCURequestDate', RO),
      date('LastCUUpdateDate', RO),
      text('Jigsaw', 20),
      text('JigsawContactId', 20, RO),
      pick('CleanStatus', CLEAN_STATUS),
      url('PhotoUrl', 255, RO),
      lastActivity(),
      masterRecord('Contact'),
      owner(['User']),
      recordType(),
      viewed()
    ]),

    object('Lead', 'Lead', 'Leads', '00Q', FULL, [
      text('LastName', 80, REQ),
      text('FirstName', 40),
      pick('Salutation', SALUTATION),
      personName(),
      text('Company', 255, REQ),
      text('Title', 128),
      email('Email'),
      phone('Phone'),
      phone('MobilePhone'),
      phone('Fax'),
      url('Website'),
      long('Description'),
      pick('LeadSource', LEAD_SOURCE),
      pick(
        'Status',
        [
          'Open - Not Contacted',
          'Working - Contacted',
          'Closed - Converted',
          'Closed - Not Converted'
        ],
        {
          ...REQ,
          defaultValue: "'Open - Not Contacted'"
        }
      ),
      pick('Industry', INDUSTRY),
      pick('Rating', RATING),
      currency('AnnualRevenue', 18, 0),
      int('NumberOfEmployees', { precision: 8 }),
      address(''),
      checkbox('IsConverted', 'false', CREATE_ONLY),
      date('ConvertedDate', RO),
      lookup('ConvertedAccountId', 'Account', 'ConvertedAccount', undefined, 'SetNull', RO),
      lookup('ConvertedContactId', 'Contact', 'ConvertedContact', undefined, 'SetNull', RO),
      lookup(
        'ConvertedOpportunityId',
        'Opportunity',
        'ConvertedOpportunity',
        undefined,
        'SetNull',
        RO
      ),
      checkbox('IsUnreadByOwner'),
      checkbox('HasOptedOutOfEmail'),
      checkbox('HasOptedOutOfFax'),
      checkbox('DoNotCall'),
      text('EmailBouncedReason', 255),
      dateTime('EmailBouncedDate'),
      text('Jigsaw', 20),
      text('JigsawContactId', 20, RO),
      pick('CleanStatus', CLEAN_STATUS),
      url('PhotoUrl', 255, RO),
      lastActivity(),
      masterRecord('Lead'),
      owner(),
      recordType(),
      viewed()
    ]),

    object('Opportunity', 'Opportunity', 'Opportunities', '006', FULL, [
      text('Name', 120, REQ),
      lookup('AccountId', 'Account', 'Account', 'Opportunities', 'Cascade'),
      pick(
        'StageName',
        [
          'Prospecting',
          'Qualification',
          'Needs Analysis',
          'Value Proposition',
          'Id. Decision Makers',
          'Perception Analysis',
          'Proposal/Price Quote',
          'Negotiation/Review',
          'Closed Won',
          'Closed Lost'
        ],
        REQ
      ),
      date('CloseDate', REQ),
      currency('Amount'),
      percent('Probability', 3, 0),
      currency('ExpectedRevenue', 18, 2, RO),
      double('TotalOpportunityQuantity', 18, 2),
      pick('Type', [
        'Existing Customer - Upgrade',
        'Existing Customer - Replacement',
        'Existing Customer - Downgrade',
        'New Customer'
      ]),
      text('NextStep', 255),
      pick('LeadSource', LEAD_SOURCE),
      long('Description'),
      checkbox('IsClosed', 'false', RO),
      checkbox('IsWon', 'false', RO),
      checkbox('IsPrivate'),
      sysPick('ForecastCategory', ['Omitted', 'Pipeline', 'BestCase', 'Forecast', 'Closed']),
      pick('ForecastCategoryName', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed']),
      lookup('CampaignId', 'Campaign', 'Campaign', 'Opportunities'),
      lookup('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'Opportunities', 'Restrict'),
      lookup('ContractId', 'Contract', 'Contract'),
      checkbox('HasOpportunityLineItem', 'false', RO),
      checkbox('HasOpenActivity', 'false', RO),
      checkbox('HasOverdueTask', 'false', RO),
      int('FiscalQuarter', { precision: 1, ...RO }),
      int('FiscalYear', { precision: 4, ...RO }),
      text('Fiscal', 6, RO),
      lastActivity(),
      dateTime('LastStageChangeDate', RO),
      owner(['User']),
      recordType(),
      viewed()
    ]),

    object('OpportunityLineItem', 'Opportunity Product', 'Opportunity Product', '00k', FULL, [
      master('OpportunityId', 'Opportunity', 'Opportunity', 'OpportunityLineItems'),
      lookup(
        'PricebookEntryId',
        'PricebookEntry',
        'PricebookEntry',
        'OpportunityLineItems',
        'Restrict',
        CREATE_ONLY
      ),
      lookup('Product2Id', 'Product2', 'Product2', undefined, 'Restrict', CREATE_ONLY),
      text('ProductCode', 255, RO),
      text('Name', 376, RO),
      double('Quantity', 12, 2, REQ),
      currency('UnitPrice'),
      currency('TotalPrice'),
      currency('ListPrice', 18, 2, RO),
      currency('Subtotal', 18, 2, RO),
      percent('Discount', 5, 2),
      date('ServiceDate'),
      text('Description', 255),
      int('SortOrder', RO)
    ]),

    object('Case', 'Case', 'Cases', '500', FULL, [
      autoNumber('CaseNumber', 30, { label: 'Case Number' }),
      text('Subject', 255),
      long('Description'),
      pick('Status', ['New', 'Working', 'Escalated', 'Closed'], { defaultValue: "'New'" }),
      pick('Origin', ['Phone', 'Email', 'Web']),
      pick('Priority', ['High', 'Medium', 'Low'], { defaultValue: "'Medium'" }),
      pick('Reason', [
        'Installation',
        'Equipment Complexity',
        'Performance',
        'Breakdown',
        'Equipment Design',
        'Feedback',
        'Other'
      ]),
      pick('Type', ['Mechanical', 'Electrical', 'Electronic', 'Structural', 'Other']),
      lookup('AccountId', 'Account', 'Account', 'Cases', 'Restrict'),
      lookup('ContactId', 'Contact', 'Contact', 'Cases', 'Restrict'),
      lookup('ParentId', 'Case', 'Parent', 'Cases'),
      lookup('BusinessHoursId', 'BusinessHours', 'BusinessHours'),
      text('SuppliedName', 80),
      email('SuppliedEmail'),
      text('SuppliedPhone', 40),
      text('SuppliedCompany', 80),
      checkbox('IsClosed', 'false', RO),
      dateTime('ClosedDate', RO),
      checkbox('IsEscalated'),
      email('ContactEmail', 80, RO),
      phone('ContactPhone', RO),
      phone('ContactMobile', RO),
      phone('ContactFax', RO),
      textArea('Comments', 4000, CREATE_ONLY),
      masterRecord('Case'),
      owner(),
      recordType(),
      viewed()
    ]),

    object('Task', 'Task', 'Tasks', '00T', FULL, [
      text('Subject', 255),
      pick(
        'Status',
        ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'],
        { ...REQ, defaultValue: "'Not Started'" }
      ),
      pick('Priority', ['High', 'Normal', 'Low'], { ...REQ, defaultValue: "'Normal'" }),
      date('ActivityDate'),
      long('Description'),
      poly('WhoId', ['Contact', 'Lead'], 'Who', 'Tasks', 'Cascade'),
      poly('WhatId', ACTIVITY_PARENTS, 'What', 'Tasks', 'Cascade'),
      lookup('AccountId', 'Account', 'Account', undefined, 'SetNull', RO),
      pick('Type', ['Call', 'Email', 'Meeting', 'Other']),
      pick(
        'TaskSubtype',
        ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'],
        CREATE_ONLY
      ),
      pick('CallType', ['Internal', 'Inbound', 'Outbound']),
      int('CallDurationInSeconds', { precision: 8 }),
      text('CallDisposition', 255),
      text('CallObject', 255),
      checkbox('IsClosed', 'false', RO),
      checkbox('IsHighPriority', 'false', RO),
      checkbox('IsReminderSet'),
      dateTime('ReminderDateTime'),
      dateTime('CompletedDateTime', RO),
      checkbox('IsArchived', 'false', RO),
      int('WhoCount', RO),
      int('WhatCount', RO),
      owner(['User', 'Group'], REQ),
      recordType()
    ]),

    object('Event', 'Event', 'Events', '00U', FULL, [
      text('Subject', 255),
      dateTime('StartDateTime'),
      dateTime('EndDateTime'),
      date('ActivityDate'),
      dateTime('ActivityDateTime'),
      date('EndDate', RO),
      int('DurationInMinutes', { precision: 8 }),
      checkbox('IsAllDayEvent'),
      text('Location', 255),
      long('Description'),
      pick('ShowAs', ['Busy', 'OutOfOffice', 'Free']),
      pick('Type', ['Call', 'Email', 'Meeting', 'Other']),
      pick('EventSubtype', ['Event'], CREATE_ONLY),
      poly('WhoId', ['Contact', 'Lead'], 'Who', 'Events', 'Cascade'),
      poly('WhatId', ACTIVITY_PARENTS, 'What', 'Events', 'Cascade'),
      lookup('AccountId', 'Account', 'Account', undefined, 'SetNull', RO),
      checkbox('IsPrivate'),
      checkbox('IsReminderSet'),
      dateTime('ReminderDateTime'),
      checkbox('IsChild', 'false', RO),
      checkbox('IsGroupEvent', 'false', RO),
      checkbox('IsArchived', 'false', RO),
      owner(['User'], REQ),
      recordType()
    ]),

    object('Order', 'Order', 'Orders', '801', FULL, [
      lookup('AccountId', 'Account', 'Account', 'Orders', 'Restrict', REQ),
      date('EffectiveDate', { ...REQ, label: 'Order Start Date' }),
      pick('Status', ['Draft', 'Activated'], REQ),
      sysPick('StatusCode', ['Draft', 'Activated', 'Cancelled', 'Expired']),
      autoNumber('OrderNumber', 30, { label: 'Order Number' }),
      currency('TotalAmount', 18, 2, RO),
      text('Name', 80),
      long('Description'),
      pick('Type'),
      text('PoNumber', 80),
      date('PoDate'),
      text('OrderReferenceNumber', 80),
      date('EndDate'),
      lookup('ContractId', 'Contract', 'Contract', 'Orders'),
      lookup('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'Orders', 'Restrict'),
      lookup('OpportunityId', 'Opportunity', 'Opportunity', 'Orders'),
      lookup('OriginalOrderId', 'Order', 'OriginalOrder', undefined, 'Restrict', CREATE_ONLY),
      checkbox('IsReductionOrder', 'false', CREATE_ONLY),
      userRef('ActivatedById', 'ActivatedBy', { createable: false }),
      dateTime('ActivatedDate', { createable: false }),
      userRef('CompanyAuthorizedById', 'CompanyAuthorizedBy'),
      date('CompanyAuthorizedDate'),
      lookup('CustomerAuthorizedById', 'Contact', 'CustomerAuthorizedBy'),
      date('CustomerAuthorizedDate'),
      lookup('BillToContactId', 'Contact', 'BillToContact'),
      lookup('ShipToContactId', 'Contact', 'ShipToContact'),
      address('Billing'),
      address('Shipping'),
      owner(),
      recordType(),
      viewed()
    ]),

    object('OrderItem', 'Order Product', 'Order Products', '802', FULL, [
      master('OrderId', 'Order', 'Order', 'OrderItems'),
      lookup('PricebookEntryId', 'PricebookEntry', 'PricebookEntry', 'OrderItems', 'Restrict', {
        ...REQ,
        ...CREATE_ONLY
      }),
      lookup('Product2Id', 'Product2', 'Product2', undefined, 'Restrict', CREATE_ONLY),
      double('Quantity', 18, 2, REQ),
      currency('UnitPrice', 18, 2, REQ),
      currency('ListPrice', 18, 2, RO),
      currency('TotalPrice', 18, 2, RO),
      autoNumber('OrderItemNumber', 10, { label: 'Order Product Number' }),
      text('Description', 255),
      date('ServiceDate'),
      date('EndDate'),
      lookup(
        'OriginalOrderItemId',
        'OrderItem',
        'OriginalOrderItem',
        undefined,
        'Restrict',
        CREATE_ONLY
      ),
      double('AvailableQuantity', 18, 2, RO)
    ]),

    object('Product2', 'Product', 'Products', '01t', FULL, [
      text('Name', 255, { ...REQ, label: 'Product Name' }),
      text('ProductCode', 255),
      long('Description', 4000),
      pick('Family'),
      checkbox('IsActive'),
      pick('QuantityUnitOfMeasure', ['Each']),
      url('DisplayUrl', 1000),
      text('ExternalId', 255),
      text('StockKeepingUnit', 180),
      checkbox('IsArchived', 'false', RO),
      viewed()
    ]),

    object('Pricebook2', 'Price Book', 'Price Books', '01s', FULL, [
      text('Name', 255, { ...REQ, label: 'Price Book Name' }),
      checkbox('IsActive'),
      checkbox('IsStandard', 'false', RO),
      text('Description', 255),
      checkbox('IsArchived', 'false', RO),
      dateTime('ValidFrom'),
      dateTime('ValidTo'),
      viewed()
    ]),

    object('PricebookEntry', 'Price Book Entry', 'Price Book Entries', '01u', FULL, [
      lookup('Pricebook2Id', 'Pricebook2', 'Pricebook2', 'PricebookEntries', 'Cascade', {
        ...REQ,
        ...CREATE_ONLY
      }),
      lookup('Product2Id', 'Product2', 'Product2', 'PricebookEntries', 'Cascade', {
        ...REQ,
        ...CREATE_ONLY
      }),
      currency('UnitPrice', 18, 2, { ...REQ, label: 'List Price' }),
      checkbox('IsActive'),
      checkbox('UseStandardPrice'),
      text('Name', 255, { ...RO, label: 'Product Name' }),
      text('ProductCode', 255, RO),
      checkbox('IsArchived', 'false', RO)
    ]),

    object('User', 'User', 'Users', '005', NO_DELETE, [
      text('Username', 80, { ...REQ, unique: true }),
      email('Email', 128, REQ),
      text('Alias', 8, REQ),
      text('LastName', 80, REQ),
      text('FirstName', 40),
      personName(),
      text('CommunityNickname', 40, { unique: true }),
      pick('TimeZoneSidKey', undefined, REQ),
      pick('LocaleSidKey', undefined, REQ),
      pick(
        'EmailEncodingKey',
        [
          'UTF-8',
          'ISO-8859-1',
          'Shift_JIS',
          'ISO-2022-JP',
          'EUC-JP',
          'ks_c_5601-1987',
          'Big5',
          'GB2312',
          'Big5-HKSCS',
          'x-SJIS_0213'
        ],
        REQ
      ),
      pick('LanguageLocaleKey', undefined, REQ),
      lookup('ProfileId', 'Profile', 'Profile', undefined, 'Restrict', REQ),
      lookup('UserRoleId', 'UserRole', 'UserRole'),
      checkbox('IsActive', 'true'),
      text('FederationIdentifier', 512),
      text('Title', 80),
      text('Department', 80),
      text('Division', 80),
      text('CompanyName', 80),
      text('EmployeeNumber', 20),
      phone('Phone'),
      phone('MobilePhone'),
      phone('Fax'),
      text('Extension', 40),
      address(''),
      userRef('ManagerId', 'Manager', { childRelationshipName: 'ManagedUsers' }),
      poly('DelegatedApproverId', ['User', 'Group'], 'DelegatedApprover'),
      textArea('AboutMe', 1000),
      sysPick('UserType', [
        'Standard',
        'PowerPartner',
        'PowerCustomerSuccess',
        'CustomerSuccess',
        'Guest',
        'CspLitePortal',
        'CsnOnly',
        'SelfService',
        'AutomatedProcess'
      ]),
      lookup('ContactId', 'Contact', 'Contact', undefined, 'Restrict', CREATE_ONLY),
      lookup('AccountId', 'Account', 'Account', undefined, 'Restrict', RO),
      dateTime('LastLoginDate', RO),
      dateTime('LastPasswordChangeDate', RO),
      url('SmallPhotoUrl', 1024, RO),
      url('FullPhotoUrl', 1024, RO),
      checkbox('ReceivesInfoEmails'),
      checkbox('ReceivesAdminInfoEmails'),
      checkbox('UserPermissionsMarketingUser'),
      checkbox('UserPermissionsOfflineUser'),
      checkbox('UserPermissionsKnowledgeUser'),
      checkbox('UserPermissionsInteractionUser'),
      checkbox('UserPermissionsSupportUser'),
      pick('DigestFrequency', ['D', 'W', 'N'], { defaultValue: "'D'" }),
      pick('DefaultGroupNotificationFrequency', ['P', 'D', 'W', 'N'], { defaultValue: "'N'" }),
      viewed()
    ]),

    object('Profile', 'Profile', 'Profiles', '00e', NO_DELETE, [
      text('Name', 255, REQ),
      text('Description', 255),
      lookup('UserLicenseId', 'UserLicense', 'UserLicense', undefined, 'Restrict', CREATE_ONLY),
      sysPick('UserType', [
        'Standard',
        'PowerPartner',
        'PowerCustomerSuccess',
        'CustomerSuccess',
        'Guest',
        'CspLitePortal',
        'CsnOnly',
        'SelfService'
      ]),
      checkbox('PermissionsApiEnabled'),
      checkbox('PermissionsAuthorApex'),
      checkbox('PermissionsCustomizeApplication'),
      checkbox('PermissionsModifyAllData'),
      checkbox('PermissionsViewAllData'),
      checkbox('PermissionsViewSetup'),
      checkbox('PermissionsManageUsers'),
      viewed()
    ]),

    object(
      'UserRole',
      'Role',
      'Roles',
      '00E',
      ['Id', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'],
      [
        text('Name', 80, REQ),
        text('DeveloperName', 80),
        lookup('ParentRoleId', 'UserRole', 'ParentRole'),
        text('RollupDescription', 80),
        pick('OpportunityAccessForAccountOwner', ACCESS, { restrictedPicklist: true }),
        pick('CaseAccessForAccountOwner', ACCESS, { restrictedPicklist: true }),
        pick('ContactAccessForAccountOwner', ACCESS, { restrictedPicklist: true, ...RO }),
        userRef('ForecastUserId', 'ForecastUser'),
        checkbox('MayForecastManagerShare'),
        sysPick('PortalType', ['None', 'CustomerPortal', 'Partner'])
      ]
    ),

    object('PermissionSet', 'Permission Set', 'Permission Sets', '0PS', NO_DELETE, [
      text('Name', 80, REQ),
      text('Label', 80, REQ),
      textArea('Description', 255),
      text('NamespacePrefix', 15, RO),
      checkbox('IsOwnedByProfile', 'false', RO),
      checkbox('IsCustom', 'false', RO),
      lookup('ProfileId', 'Profile', 'Profile', undefined, 'Cascade', RO),
      lookup(
        'PermissionSetGroupId',
        'PermissionSetGroup',
        'PermissionSetGroup',
        undefined,
        'Cascade',
        RO
      ),
      lookup('LicenseId', 'PermissionSetLicense', 'License', undefined, 'Restrict', CREATE_ONLY),
      sysPick('Type', ['Regular', 'Group', 'Profile', 'Session', 'Standard']),
      checkbox('HasActivationRequired'),
      checkbox('PermissionsApiEnabled'),
      checkbox('PermissionsAuthorApex'),
      checkbox('PermissionsCustomizeApplication'),
      checkbox('PermissionsModifyAllData'),
      checkbox('PermissionsViewAllData'),
      checkbox('PermissionsViewSetup'),
      checkbox('PermissionsManageUsers')
    ]),

    object(
      'PermissionSetAssignment',
      'Permission Set Assignment',
      'Permission Set Assignments',
      '0Pa',
      ['Id', 'SystemModstamp'],
      [
        lookup('AssigneeId', 'User', 'Assignee', 'PermissionSetAssignments', 'Cascade', {
          ...REQ,
          ...CREATE_ONLY
        }),
        lookup(
          'PermissionSetId',
          'PermissionSet',
          'PermissionSet',
          'Assignments',
          'Cascade',
          CREATE_ONLY
        ),
        lookup(
          'PermissionSetGroupId',
          'PermissionSetGroup',
          'PermissionSetGroup',
          undefined,
          'Cascade',
          CREATE_ONLY
        ),
        checkbox('IsActive', 'false', RO),
        checkbox('IsRevoked', 'false', { createable: false }),
        dateTime('ExpirationDate')
      ]
    ),

    object('Group', 'Group', 'Groups', '00G', NO_DELETE, [
      text('Name', 40, REQ),
      text('DeveloperName', 80),
      pick(
        'Type',
        [
          'Regular',
          'Role',
          'RoleAndSubordinates',
          'RoleAndSubordinatesInternal',
          'Manager',
          'ManagerAndSubordinatesInternal',
          'Organization',
          'Queue',
          'Territory',
          'TerritoryAndSubordinates',
          'AllCustomerPortal',
          'PRMOrganization',
          'GuestUserGroup'
        ],
        { ...REQ, restrictedPicklist: true, ...CREATE_ONLY }
      ),
      email('Email', 255),
      poly('OwnerId', ['User', 'Organization'], 'Owner', undefined, undefined, RO),
      checkbox('DoesIncludeBosses', 'true'),
      checkbox('DoesSendEmailToMembers'),
      poly('RelatedId', ['User', 'UserRole'], 'Related', undefined, undefined, RO)
    ]),

    object('Organization', 'Organization', 'Organizations', '00D', NO_DELETE, [
      text('Name', 80, RO),
      text('Division', 80, RO),
      address('', RO),
      phone('Phone', RO),
      phone('Fax', RO),
      text('PrimaryContact', 80, RO),
      pick('DefaultLocaleSidKey', undefined, RO),
      pick('TimeZoneSidKey', undefined, RO),
      pick('LanguageLocaleKey', undefined, RO),
      checkbox('ReceivesInfoEmails', 'false', RO),
      checkbox('ReceivesAdminInfoEmails', 'false', RO),
      checkbox('PreferencesRequireOpportunityProducts', 'false', RO),
      int('FiscalYearStartMonth', { precision: 2, ...RO }),
      checkbox('UsesStartDateAsFiscalYearName', 'false', RO),
      pick('DefaultAccountAccess', undefined, RO),
      pick('DefaultContactAccess', undefined, RO),
      pick('DefaultOpportunityAccess', undefined, RO),
      pick('DefaultLeadAccess', undefined, RO),
      pick('DefaultCaseAccess', undefined, RO),
      pick('DefaultCalendarAccess', undefined, RO),
      pick('DefaultPricebookAccess', undefined, RO),
      pick('DefaultCampaignAccess', undefined, RO),
      email('ComplianceBccEmail', 80, RO),
      pick('UiSkin', ['Theme1', 'Theme2', 'PortalDefault', 'Webstore', 'Theme3'], RO),
      text('SignupCountryIsoCode', 2, RO),
      dateTime('TrialExpirationDate', RO),
      sysPick('OrganizationType', [
        'Team Edition',
        'Professional Edition',
        'Enterprise Edition',
        'Developer Edition',
        'Personal Edition',
        'Unlimited Edition',
        'Contact Manager Edition',
        'Base Edition'
      ]),
      text('NamespacePrefix', 15, RO),
      text('InstanceName', 5, RO),
      checkbox('IsSandbox', 'false', RO),
      checkbox('IsReadOnly', 'false', RO),
      text('WebToCaseDefaultOrigin', 40, RO),
      int('MonthlyPageViewsUsed', RO),
      int('MonthlyPageViewsEntitlement', RO)
    ]),

    object(
      'AsyncApexJob',
      'Apex Job',
      'Apex Jobs',
      '707',
      ['Id', 'CreatedDate', 'CreatedById'],
      [
        lookup('ApexClassId', 'ApexClass', 'ApexClass', undefined, 'SetNull', RO),
        dateTime('CompletedDate', RO),
        lookup('CronTriggerId', 'CronTrigger', 'CronTrigger', undefined, 'SetNull', RO),
        text('ExtendedStatus', 255, RO),
        int('JobItemsProcessed', RO),
        sysPick('JobType', [
          'Future',
          'SharingRecalculation',
          'ScheduledApex',
          'BatchApex',
          'BatchApexWorker',
          'TestRequest',
          'TestWorker',
          'ApexToken',
          'Queueable'
        ]),
        text('LastProcessed', 15, RO),
        int('LastProcessedOffset', RO),
        text('MethodName', 255, RO),
        int('NumberOfErrors', RO),
        lookup('ParentJobId', 'AsyncApexJob', 'ParentJob', undefined, 'SetNull', RO),
        sysPick('Status', [
          'Holding',
          'Queued',
          'Preparing',
          'Processing',
          'Aborted',
          'Completed',
          'Failed'
        ]),
        int('TotalJobItems', RO)
      ]
    ),

    object(
      'CronTrigger',
      'Scheduled Job',
      'Scheduled Jobs',
      '08e',
      ['Id', 'CreatedDate', 'CreatedById', 'LastModifiedById'],
      [
        text('CronExpression', 255, RO),
        lookup('CronJobDetailId', 'CronJobDetail', 'CronJobDetail', undefined, 'SetNull', RO),
        dateTime('EndTime', RO),
        dateTime('NextFireTime', RO),
        dateTime('PreviousFireTime', RO),
        dateTime('StartTime', RO),
        text('State', 16, {
          ...RO,
          picklistValues: [
            'WAITING',
            'ACQUIRED',
            'EXECUTING',
            'COMPLETE',
            'ERROR',
            'DELETED',
            'PAUSED',
            'BLOCKED',
            'PAUSED_BLOCKED'
          ]
        }),
        pick('TimeZoneSidKey', undefined, RO),
        int('TimesTriggered', RO),
        poly('OwnerId', ['User'], 'Owner', undefined, undefined, RO)
      ]
    ),

    object(
      'CronJobDetail',
      'Job',
      'Jobs',
      '08a',
      ['Id'],
      [text('Name', 255, RO), sysPick('JobType', ['0', '1', '3', '4', '6', '7', '8', '9', 'A'])]
    ),

    // Apex cannot insert or update ApexClass records: every field is read-only here.
    object('ApexClass', 'Apex Class', 'Apex Classes', '01p', NO_DELETE, [
      text('Name', 255, RO),
      text('NamespacePrefix', 15, RO),
      sysPick('Status', ['Inactive', 'Active', 'Deleted']),
      double('ApiVersion', 18, 1, RO),
      checkbox('IsValid', 'false', RO),
      int('LengthWithoutComments', RO),
      double('BodyCrc', 18, 0, RO)
    ]),

    // Record types are metadata: DML on RecordType is not allowed in Apex.
    object('RecordType', 'Record Type', 'Record Types', '012', NO_DELETE, [
      text('Name', 80, RO),
      text('DeveloperName', 80, RO),
      pick('SobjectType', undefined, RO),
      checkbox('IsActive', 'false', RO),
      text('Description', 255, RO),
      text('NamespacePrefix', 15, RO),
      lookup('BusinessProcessId', 'BusinessProcess', 'BusinessProcess', undefined, 'SetNull', RO),
      checkbox('IsPersonType', 'false', RO)
    ]),

    object(
      'CustomNotificationType',
      'Custom Notification Type',
      'Custom Notification Types',
      '0ML',
      FULL,
      [
        text('CustomNotifTypeName', 80, { ...REQ, unique: true }),
        text('DeveloperName', 80, REQ),
        text('MasterLabel', 80, REQ),
        textArea('Description', 255),
        checkbox('Desktop'),
        checkbox('Mobile'),
        checkbox('IsSlack'),
        pick('Language'),
        text('NamespacePrefix', 15, RO)
      ]
    ),

    // Object Reference: CustomPermission (query only from Apex); the engine seeds one row per
    // project custom permission (customPermissions/*.customPermission-meta.xml).
    queryOnly('CustomPermission', 'Custom Permission', 'Custom Permissions', '0CP', FULL, [
      text('DeveloperName', 80, { ...RO, label: 'Name' }),
      text('MasterLabel', 80, { ...RO, label: 'Label' }),
      textArea('Description', 255, RO),
      text('NamespacePrefix', 15, RO),
      checkbox('IsLicensed', 'false', RO),
      pick('Language', undefined, RO)
    ]),

    // Setup objects Apex can only query (Object Reference: NamedCredential supports
    // describeSObjects(), query(), retrieve()); the engine seeds one row per project credential.
    queryOnly('NamedCredential', 'Named Credential', 'Named Credentials', '0XA', FULL, [
      text('DeveloperName', 80, { ...RO, label: 'Name' }),
      text('MasterLabel', 80, { ...RO, label: 'Label' }),
      textArea('Endpoint', 1000, { ...RO, label: 'URL' }),
      text('NamespacePrefix', 15, RO),
      sysPick('PrincipalType', ['Anonymous', 'PerUser', 'NamedUser'], { label: 'Identity Type' }),
      pick('Language', undefined, { ...RO, label: 'Master Language' })
    ]),

    // Tooling API: ExternalCredential (API version 56.0 and later).
    queryOnly('ExternalCredential', 'External Credential', 'External Credentials', '0pt', FULL, [
      text('DeveloperName', 80, { ...RO, label: 'Name' }),
      text('MasterLabel', 80, { ...RO, label: 'Label' }),
      sysPick(
        'AuthenticationProtocol',
        [
          'AwsSv4',
          'Basic',
          'Custom',
          'Jwt',
          'JwtExchange',
          'NoAuthentication',
          'Oauth',
          'Password'
        ],
        { label: 'Authentication Protocol' }
      ),
      text('Description', 255, RO),
      text('NamespacePrefix', 15, RO),
      pick('Language', undefined, { ...RO, label: 'Master Language' })
    ]),

    object('Attachment', 'Attachment', 'Attachments', '00P', FULL, [
      text('Name', 255, { ...REQ, label: 'File Name' }),
      base64('Body', REQ),
      text('ContentType', 120),
      int('BodyLength', RO),
      textArea('Description', 500),
      checkbox('IsPrivate'),
      poly('ParentId', ATTACHMENT_PARENTS, 'Parent', 'Attachments', 'Cascade', {
        ...REQ,
        ...CREATE_ONLY
      }),
      owner(['User'])
    ]),

    object('Note', 'Note', 'Notes', '002', FULL, [
      text('Title', 80, REQ),
      textArea('Body', 32000),
      checkbox('IsPrivate'),
      poly('ParentId', NOTE_PARENTS, 'Parent', 'Notes', 'Cascade', { ...REQ, ...CREATE_ONLY }),
      owner(['User'])
    ]),

    object('ContentDocument', 'Content Document', 'Content Documents', '069', FULL, [
      text('Title', 255, { createable: false }),
      textArea('Description', 1000, { createable: false }),
      userRef('ArchivedById', 'ArchivedBy', RO),
      date('ArchivedDate', RO),
      checkbox('IsArchived', 'false', RO),
      lookup(
        'LatestPublishedVersionId',
        'ContentVersion',
        'LatestPublishedVersion',
        undefined,
        'SetNull',
        RO
      ),
      poly('ParentId', ['ContentWorkspace'], 'Parent', undefined, undefined, RO),
      sysPick('PublishStatus', ['U', 'P', 'R']),
      text('FileType', 20, RO),
      text('FileExtension', 40, RO),
      int('ContentSize', RO),
      pick('SharingOption', ['A', 'R'], { createable: false }),
      pick('SharingPrivacy', ['N', 'P'], { createable: false }),
      dateTime('ContentModifiedDate', RO),
      owner(['User'], { createable: false }),
      viewed()
    ]),

    object('ContentVersion', 'Content Version', 'Content Versions', '068', FULL, [
      text('Title', 255),
      text('PathOnClient', 500, CREATE_ONLY),
      base64('VersionData', CREATE_ONLY),
      lookup(
        'ContentDocumentId',
        'ContentDocument',
        'ContentDocument',
        'ContentVersions',
        'Cascade',
        CREATE_ONLY
      ),
      poly(
        'FirstPublishLocationId',
        ['User', 'Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Order', 'Product2'],
        'FirstPublishLocation',
        undefined,
        undefined,
        CREATE_ONLY
      ),
      textArea('Description', 1000),
      text('ReasonForChange', 1000),
      url('ContentUrl', 1300),
      int('ContentSize', RO),
      text('FileExtension', 40, RO),
      text('FileType', 20, RO),
      checkbox('IsLatest', 'false', RO),
      text('VersionNumber', 20, RO),
      text('Checksum', 50, RO),
      checkbox('IsMajorVersion', 'true', CREATE_ONLY),
      pick('Origin', ['C', 'H'], CREATE_ONLY),
      pick('ContentLocation', ['S', 'E', 'L'], CREATE_ONLY),
      pick('SharingOption', ['A', 'R']),
      pick('SharingPrivacy', ['N', 'P']),
      textArea('TagCsv', 2000),
      sysPick('PublishStatus', ['U', 'P', 'R']),
      dateTime('ContentModifiedDate', CREATE_ONLY),
      owner(['User'])
    ]),

    object('EmailMessage', 'Email Message', 'Email Messages', '02s', FULL, [
      text('Subject', 3000),
      long('TextBody', 131072),
      long('HtmlBody', 131072),
      text('FromAddress', 1000),
      text('FromName', 1000),
      text('ToAddress', 4000),
      text('CcAddress', 4000),
      text('BccAddress', 4000),
      pick('Status', ['0', '1', '2', '3', '4', '5']),
      dateTime('MessageDate'),
      checkbox('Incoming', 'false', CREATE_ONLY),
      lookup('ParentId', 'Case', 'Parent', 'EmailMessages', 'Cascade', CREATE_ONLY),
      poly(
        'RelatedToId',
        [
          'Account',
          'Contact',
          'Lead',
          'Opportunity',
          'Case',
          'Campaign',
          'Contract',
          'Order',
          'Product2'
        ],
        'RelatedTo'
      ),
      lookup('ActivityId', 'Task', 'Activity', undefined, 'SetNull', RO),
      lookup(
        'ReplyToEmailMessageId',
        'EmailMessage',
        'ReplyToEmailMessage',
        undefined,
        'SetNull',
        CREATE_ONLY
      ),
      checkbox('HasAttachment', 'false', RO),
      textArea('Headers', 32000),
      text('MessageIdentifier', 255),
      text('ThreadIdentifier', 255),
      checkbox('IsClientManaged', 'false', CREATE_ONLY),
      checkbox('IsBounced', 'false', RO),
      checkbox('IsExternallyVisible')
    ]),

    object('Campaign', 'Campaign', 'Campaigns', '701', FULL, [
      text('Name', 80, REQ),
      pick('Type', [
        'Conference',
        'Webinar',
        'Trade Show',
        'Public Relations',
        'Partners',
        'Referral Program',
        'Advertisement',
        'Banner Ads',
        'Direct Mail',
        'Email',
        'Telemarketing',
        'Other'
      ]),
      pick('Status', ['Planned', 'In Progress', 'Completed', 'Aborted']),
      date('StartDate'),
      date('EndDate'),
      currency('ExpectedRevenue', 18, 0),
      currency('BudgetedCost', 18, 0),
      currency('ActualCost', 18, 0),
      percent('ExpectedResponse', 10, 2),
      double('NumberSent', 18, 0),
      checkbox('IsActive'),
      long('Description'),
      lookup('ParentId', 'Campaign', 'Parent', 'ChildCampaigns'),
      int('NumberOfLeads', RO),
      int('NumberOfConvertedLeads', RO),
      int('NumberOfContacts', RO),
      int('NumberOfResponses', RO),
      int('NumberOfOpportunities', RO),
      int('NumberOfWonOpportunities', RO),
      currency('AmountAllOpportunities', 18, 0, RO),
      currency('AmountWonOpportunities', 18, 0, RO),
      lastActivity(),
      owner(['User']),
      recordType(),
      viewed()
    ]),

    object('Contract', 'Contract', 'Contracts', '800', FULL, [
      lookup('AccountId', 'Account', 'Account', 'Contracts', 'Cascade', REQ),
      autoNumber('ContractNumber', 30, { label: 'Contract Number' }),
      text('Name', 80),
      pick('Status', ['Draft', 'In Approval Process', 'Activated'], {
        ...REQ,
        defaultValue: "'Draft'"
      }),
      sysPick('StatusCode', ['Draft', 'InApproval', 'Activated', 'Terminated', 'Expired']),
      date('StartDate'),
      date('EndDate', RO),
      int('ContractTerm', { precision: 4 }),
      pick('OwnerExpirationNotice', ['15', '30', '45', '60', '90', '120']),
      textArea('SpecialTerms', 4000),
      long('Description'),
      lookup('CustomerSignedId', 'Contact', 'CustomerSigned'),
      text('CustomerSignedTitle', 40),
      date('CustomerSignedDate'),
      userRef('CompanySignedId', 'CompanySigned'),
      date('CompanySignedDate'),
      userRef('ActivatedById', 'ActivatedBy', { createable: false }),
      dateTime('ActivatedDate', { createable: false }),
      dateTime('LastApprovedDate', RO),
      lookup('Pricebook2Id', 'Pricebook2', 'Pricebook2', undefined, 'Restrict'),
      address('Billing'),
      address('Shipping'),
      lastActivity(),
      owner(['User']),
      recordType(),
      viewed()
    ]),

    object('BusinessHours', 'Business Hours', 'Business Hours', '01m', NO_DELETE, [
      text('Name', 80, REQ),
      checkbox('IsActive'),
      checkbox('IsDefault'),
      pick('TimeZoneSidKey', undefined, REQ),
      ...['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].flatMap(
        (day) => [time(`${day}StartTime`), time(`${day}EndTime`)]
      ),
      dateTime('LastViewedDate', RO)
    ])
  ];
}
