/**
 * Reads the project's schema from its metadata: `objects/<Name>/<Name>.object-meta.xml` with its
 * `fields/*.field-meta.xml`, custom metadata records (`customMetadata/*.md-meta.xml`) and the
 * Change Data Capture selection (`platformEventChannelMembers`). Metadata the loader cannot read
 * is an error naming the file and the problem.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import {
  type CustomMetadataRecord,
  type FieldSchema,
  type FieldType,
  type ObjectKind,
  Schema,
  type SObjectSchema,
  type SubscriberConfig,
  field
} from './schema.ts';
import { standardObjects } from './standard-objects.ts';
import { flag, MetadataError, text, type Xml, xmlReader } from './xml.ts';

export { MetadataError } from './xml.ts';

const readXml = xmlReader(new Set(['values', 'value', 'fields', 'referenceTo']));
const num = (v: unknown): number | undefined =>
  text(v) === undefined ? undefined : Number(text(v));

function kindOf(name: string, xml: Xml): ObjectKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('__e')) return 'platformEvent';
  if (lower.endsWith('__mdt')) return 'customMetadata';
  if (lower.endsWith('__x')) return 'external';
  if (xml.customSettingsType !== undefined) return 'customSetting';
  return lower.endsWith('__c') ? 'custom' : 'standard';
}

export function loadSchema(projectRoot: string, packageDirectories: string[]): Schema {
  const schema = new Schema();
  for (const object of standardObjects()) schema.add(object);
  const customObjects: { dir: string; name: string }[] = [];
  const metadataDirs: string[] = [];
  const channelDirs: string[] = [];
  const notificationDirs: string[] = [];
  const subscriberDirs: string[] = [];
  for (const dir of packageDirectories) {
    for (const found of findFolders(join(projectRoot, dir))) {
      const name = basename(found);
      if (name === 'objects') {
        for (const entry of readdirSync(found, { withFileTypes: true })) {
          if (entry.isDirectory())
            customObjects.push({ dir: join(found, entry.name), name: entry.name });
        }
      } else if (name === 'customMetadata') metadataDirs.push(found);
      else if (name === 'platformEventChannelMembers') channelDirs.push(found);
      else if (name === 'notificationtypes') notificationDirs.push(found);
      else if (name === 'PlatformEventSubscriberConfigs') subscriberDirs.push(found);
    }
  }
  const prefixes = new Map<string, number>();
  for (const { dir, name } of customObjects.sort((a, b) => a.name.localeCompare(b.name))) {
    const existing = schema.get(name);
    if (existing && existing.kind === 'standard') {
      addFields(existing, dir, projectRoot);
      continue;
    }
    schema.add(readObject(dir, name, projectRoot, prefixes));
  }
  schema.linkRelationships();
  checkIndirectLookups(schema);
  for (const dir of metadataDirs) {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.md-meta.xml'))
      .sort()) {
      schema.customMetadata.push(readMetadataRecord(join(dir, file), schema, projectRoot));
    }
  }
  for (const dir of channelDirs) {
    for (const file of readdirSync(dir).filter((f) =>
      f.endsWith('.platformEventChannelMember-meta.xml')
    )) {
      const xml = readXml(join(dir, file), 'PlatformEventChannelMember', projectRoot);
      const entity = text(xml.selectedEntity) ?? '';
      // `__ChangeEvent` first: stripping `ChangeEvent` first would leave `Order_Sync__`.
      const source = schema.get(
        entity.replace(/__ChangeEvent$/i, '__c').replace(/ChangeEvent$/i, '')
      );
      if (source) source.changeDataCapture = true;
    }
  }
  addChangeEvents(schema);
  for (const dir of notificationDirs) {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.notiftype-meta.xml'))
      .sort()) {
      const xml = readXml(join(dir, file), 'CustomNotificationType', projectRoot);
      const developerName = file.slice(0, -'.notiftype-meta.xml'.length);
      const name = text(xml.customNotifTypeName) ?? developerName;
      schema.notificationTypes.push({
        developerName,
        name,
        label: text(xml.masterLabel) ?? name,
        description: text(xml.description) ?? null,
        desktop: flag(xml.desktop),
        mobile: flag(xml.mobile)
      });
    }
  }
  for (const dir of subscriberDirs) {
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.platformEventSubscriberConfig-meta.xml'))
      .sort())
      schema.subscriberConfigs.push(readSubscriberConfig(join(dir, file), projectRoot));
  }
  return schema;
}

/** One PlatformEventSubscriberConfig; a batch size outside 1 to 2,000 fails the load, as a deploy would. */
function readSubscriberConfig(path: string, projectRoot: string): SubscriberConfig {
  const xml = readXml(path, 'PlatformEventSubscriberConfig', projectRoot);
  const file = relative(projectRoot, path);
  const consumer = text(xml.platformEventConsumer);
  if (!consumer) throw new MetadataError(`${file}: platformEventConsumer (the trigger) is missing`);
  const rawSize = text(xml.batchSize);
  const batchSize = rawSize === undefined ? null : Number(rawSize);
  if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 2000))
    throw new MetadataError(
      `${file}: batchSize must be a whole number from 1 to 2000, not ${rawSize}`
    );
  return { consumer, batchSize, user: text(xml.user) ?? null, file };
}

/** Standard objects of the catalog that have change events (Object Reference: StandardObjectNameChangeEvent). */
const CDC_STANDARD_OBJECTS = [
  'Account',
  'Campaign',
  'Case',
  'Contact',
  'Contract',
  'Event',
  'Lead',
  'Opportunity',
  'OpportunityLineItem',
  'Order',
  'OrderItem',
  'Pricebook2',
  'PricebookEntry',
  'Product2',
  'Task',
  'User'
];

/**
 * Adds `<Object>ChangeEvent` for the standard objects above and `<Name>__ChangeEvent` for every
 * custom object: the object's fields except IsDeleted, SystemModstamp and formula fields, plus
 * ChangeEventHeader and ReplayId (Object Reference: StandardObjectNameChangeEvent, Change Event
 * Fields). The record id travels in the header's recordIds, not in an Id field.
 */
function addChangeEvents(schema: Schema): void {
  const sources = [...schema.objects.values()].filter(
    (o) => o.kind === 'custom' || (o.kind === 'standard' && CDC_STANDARD_OBJECTS.includes(o.name))
  );
  for (const source of sources) {
    const name =
      source.kind === 'custom'
        ? source.name.replace(/__c$/i, '__ChangeEvent')
        : `${source.name}ChangeEvent`;
    const fields = new Map<string, FieldSchema>();
    for (const [key, f] of source.fields) {
      if (['id', 'isdeleted', 'systemmodstamp'].includes(key) || f.formula !== undefined) continue;
      // A change event has no parent or child relationships to traverse.
      fields.set(key, {
        ...f,
        relationshipName: undefined,
        childRelationshipName: undefined,
        system: true,
        createable: false,
        updateable: false
      });
    }
    // Settable so Apex can build an event with a header of its own (a gap or overflow event
    // for a handler's test); the bus fills it on every event it publishes.
    fields.set('changeeventheader', field('ChangeEventHeader', 'ChangeEventHeader'));
    fields.set('replayid', field('ReplayId', 'Text', { system: true }));
    schema.add({
      name,
      label: `${source.label} Change Event`,
      pluralLabel: `${source.label} Change Events`,
      kind: 'changeEvent',
      keyPrefix: '',
      fields,
      childRelationships: new Map(),
      changeEventOf: source.name
    });
  }
}

/**
 * An indirect lookup matches its value against a parent field that must be an External ID and
 * unique (Metadata API, CustomField.referenceTargetField); the org refuses the field otherwise.
 */
function checkIndirectLookups(schema: Schema): void {
  for (const object of schema.objects.values()) {
    for (const f of object.fields.values()) {
      if (f.type !== 'IndirectLookup') continue;
      const parentName = f.referenceTo?.[0] ?? '';
      const parent = schema.get(parentName);
      const target = parent?.fields.get((f.referenceTargetField ?? '').toLowerCase());
      if (target === undefined || !target.externalId || !target.unique) {
        throw new MetadataError(
          `${object.name}.${f.name}: the indirect lookup's target ${parentName}.${f.referenceTargetField} ` +
            'must exist and be an External ID and unique: set <externalId>true</externalId> and <unique>true</unique> on it'
        );
      }
    }
  }
}

function findFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
      continue;
    const path = join(dir, entry.name);
    if (
      [
        'objects',
        'customMetadata',
        'platformEventChannelMembers',
        'notificationtypes',
        'PlatformEventSubscriberConfigs'
      ].includes(entry.name)
    )
      out.push(path);
    else out.push(...findFolders(path));
  }
  return out;
}

function nextPrefix(kind: ObjectKind, prefixes: Map<string, number>): string {
  const letter =
    kind === 'platformEvent'
      ? 'e'
      : kind === 'customMetadata'
        ? 'm'
        : kind === 'external'
          ? 'x'
          : 'a';
  const n = prefixes.get(letter) ?? 0;
  prefixes.set(letter, n + 1);
  return `${letter}${n.toString(36).toUpperCase().padStart(2, '0')}`;
}

function readObject(
  dir: string,
  name: string,
  projectRoot: string,
  prefixes: Map<string, number>
): SObjectSchema {
  const file = join(dir, `${name}.object-meta.xml`);
  if (!existsSync(file))
    throw new MetadataError(`${relative(projectRoot, dir)}: missing ${name}.object-meta.xml`);
  const xml = readXml(file, 'CustomObject', projectRoot);
  const kind = kindOf(name, xml);
  const object: SObjectSchema = {
    name,
    label: text(xml.label) ?? name,
    pluralLabel: text(xml.pluralLabel) ?? text(xml.label) ?? name,
    kind,
    keyPrefix: nextPrefix(kind, prefixes),
    fields: new Map(),
    childRelationships: new Map()
  };
  if (kind === 'platformEvent') {
    object.publishBehavior =
      text(xml.publishBehavior) === 'PublishImmediately'
        ? 'PublishImmediately'
        : 'PublishAfterCommit';
  }
  if (kind === 'customSetting')
    object.settingType = text(xml.customSettingsType) === 'Hierarchy' ? 'Hierarchy' : 'List';
  if (kind === 'external') {
    object.externalDataSource = text(xml.externalDataSource);
    if (object.externalDataSource === undefined)
      throw new MetadataError(
        `${relative(projectRoot, file)}: an external object needs <externalDataSource> and <externalName>`
      );
  }
  for (const f of systemFields(object, xml)) object.fields.set(f.name.toLowerCase(), f);
  addFields(object, dir, projectRoot);
  if (kind === 'custom' && [...object.fields.values()].some((f) => f.type === 'MasterDetail')) {
    object.fields.delete('ownerid');
  }
  return object;
}

function addFields(object: SObjectSchema, dir: string, projectRoot: string): void {
  const fieldsDir = join(dir, 'fields');
  if (!existsSync(fieldsDir)) return;
  for (const file of readdirSync(fieldsDir)
    .filter((f) => f.endsWith('.field-meta.xml'))
    .sort()) {
    const parsed = readField(join(fieldsDir, file), projectRoot);
    object.fields.set(parsed.name.toLowerCase(), parsed);
  }
}

/** The fields the platform adds to every object of a kind. */
function systemFields(object: SObjectSchema, xml: Xml): FieldSchema[] {
  const sys = (name: string, type: FieldType, extra: Partial<FieldSchema> = {}) =>
    field(name, type, { system: true, ...extra });
  const audit = [
    sys('CreatedDate', 'DateTime'),
    sys('CreatedById', 'Reference', { referenceTo: ['User'], relationshipName: 'CreatedBy' }),
    sys('LastModifiedDate', 'DateTime'),
    sys('LastModifiedById', 'Reference', {
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy'
    }),
    sys('SystemModstamp', 'DateTime')
  ];
  switch (object.kind) {
    case 'platformEvent':
      return [
        sys('ReplayId', 'Text'),
        sys('EventUuid', 'Text', { length: 36 }),
        sys('CreatedDate', 'DateTime'),
        sys('CreatedById', 'Reference', { referenceTo: ['User'], relationshipName: 'CreatedBy' })
      ];
    case 'customMetadata':
      // Records cannot be saved with DML, but Apex may build them in memory with any field set.
      return [
        sys('Id', 'Id'),
        field('DeveloperName', 'Text', { length: 40 }),
        field('MasterLabel', 'Text', { length: 40 }),
        field('Label', 'Text', { length: 40 }),
        field('QualifiedApiName', 'Text', { length: 70 }),
        field('NamespacePrefix', 'Text', { length: 15 }),
        field('Language', 'Picklist')
      ];
    case 'external':
      // Salesforce Connect's standard fields: the row's key in the external system and its link.
      return [
        sys('Id', 'Id'),
        field('ExternalId', 'Text', { label: 'External ID', length: 255, externalId: true }),
        field('DisplayUrl', 'Url', { label: 'Display URL', length: 1000 })
      ];
    case 'customSetting':
      return [
        sys('Id', 'Id'),
        sys('IsDeleted', 'Checkbox'),
        field('Name', 'Text', { length: 38, required: object.settingType === 'List' }),
        field('SetupOwnerId', 'Reference', {
          referenceTo: ['Organization', 'Profile', 'User'],
          relationshipName: 'SetupOwner'
        }),
        ...audit
      ];
    default: {
      const nameField = (xml.nameField ?? {}) as Xml;
      const autoNumber = text(nameField.type) === 'AutoNumber';
      return [
        sys('Id', 'Id'),
        sys('IsDeleted', 'Checkbox'),
        autoNumber
          ? field('Name', 'AutoNumber', { label: text(nameField.label) ?? 'Name', length: 80 })
          : field('Name', 'Text', {
              label: text(nameField.label) ?? 'Name',
              length: 80,
              required: true
            }),
        field('OwnerId', 'Reference', {
          referenceTo: ['User', 'Group'],
          relationshipName: 'Owner'
        }),
        ...audit
      ];
    }
  }
}

const FIELD_TYPES = new Set<string>([
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'EncryptedText',
  'Email',
  'Phone',
  'Url',
  'Picklist',
  'MultiselectPicklist',
  'Number',
  'Currency',
  'Percent',
  'Checkbox',
  'Date',
  'DateTime',
  'Time',
  'Lookup',
  'MasterDetail',
  'MetadataRelationship',
  'AutoNumber',
  'Summary',
  'Location',
  'IndirectLookup',
  'ExternalLookup'
]);

function readField(file: string, projectRoot: string): FieldSchema {
  const xml = readXml(file, 'CustomField', projectRoot);
  const where = relative(projectRoot, file);
  const name = text(xml.fullName) ?? basename(file).replace('.field-meta.xml', '');
  const formula = text(xml.formula);
  const type = text(xml.type) ?? (formula !== undefined ? 'Text' : undefined);
  if (type === undefined || !FIELD_TYPES.has(type)) {
    throw new MetadataError(`${where}: field type ${type ?? '(missing)'} is not supported`);
  }
  const extra: Partial<FieldSchema> = {
    label: text(xml.label) ?? name,
    length: num(xml.length),
    precision: num(xml.precision),
    scale: num(xml.scale),
    required: flag(xml.required) || type === 'MasterDetail',
    unique: flag(xml.unique),
    caseSensitive: flag(xml.caseSensitive),
    externalId: flag(xml.externalId),
    defaultValue: text(xml.defaultValue),
    formula
  };
  if (type === 'Picklist' || type === 'MultiselectPicklist') {
    const valueSet = (xml.valueSet ?? {}) as Xml;
    const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
    const values = (definition.value ?? []) as Xml[];
    extra.picklistValues = values.map((v) => text(v.fullName) ?? '');
    extra.picklistLabels = values.map((v) => text(v.label) ?? text(v.fullName) ?? '');
    extra.restrictedPicklist = flag(valueSet.restricted);
    const defaultValue = values.find((v) => flag(v.default));
    if (defaultValue && extra.defaultValue === undefined)
      extra.defaultValue = `'${text(defaultValue.fullName)}'`;
  }
  const external = type === 'IndirectLookup' || type === 'ExternalLookup';
  const lookup = type === 'Lookup' || type === 'MasterDetail' || type === 'MetadataRelationship';
  if (external || lookup) {
    extra.referenceTo = ((xml.referenceTo ?? []) as unknown[]).map((r) => text(r) ?? '');
    if (extra.referenceTo.length === 0)
      throw new MetadataError(`${where}: a ${type} field needs <referenceTo>`);
    extra.relationshipName = name.replace(/__c$/i, '__r');
    const child = text(xml.relationshipName);
    if (child) extra.childRelationshipName = `${child}__r`;
  }
  if (external) {
    extra.referenceTargetField = text(xml.referenceTargetField);
    if (type === 'IndirectLookup' && extra.referenceTargetField === undefined)
      throw new MetadataError(
        `${where}: an IndirectLookup field needs <referenceTargetField>, the parent's External ID field`
      );
  }
  if (lookup) {
    extra.deleteConstraint =
      type === 'MasterDetail'
        ? 'Cascade'
        : text(xml.deleteConstraint) === 'Restrict'
          ? 'Restrict'
          : 'SetNull';
  }
  return field(name, type as FieldType, extra);
}

function readMetadataRecord(
  file: string,
  schema: Schema,
  projectRoot: string
): CustomMetadataRecord {
  const where = relative(projectRoot, file);
  const [typePart, ...recordParts] = basename(file).replace('.md-meta.xml', '').split('.');
  const developerName = recordParts.join('.');
  const type = typePart.toLowerCase().endsWith('__mdt') ? typePart : `${typePart}__mdt`;
  const object = schema.get(type);
  if (!object)
    throw new MetadataError(`${where}: custom metadata type ${type} is not defined in the project`);
  if (!developerName)
    throw new MetadataError(`${where}: the file name must be <Type>.<RecordName>.md-meta.xml`);
  const xml = readXml(file, 'CustomMetadata', projectRoot);
  const values = new Map<string, string | null>();
  for (const entry of (xml.values ?? []) as Xml[]) {
    const fieldName = text(entry.field) ?? '';
    if (!object.fields.has(fieldName.toLowerCase())) {
      throw new MetadataError(`${where}: ${object.name} has no field ${fieldName}`);
    }
    const raw = (entry.value as Xml[] | undefined)?.[0];
    const isNil =
      raw !== undefined && typeof raw === 'object' && (raw as Xml)['@xsi:nil'] === 'true';
    const value =
      raw === undefined || isNil
        ? null
        : typeof raw === 'object'
          ? (text((raw as Xml)['#text']) ?? '')
          : (text(raw) ?? '');
    values.set(object.fields.get(fieldName.toLowerCase())!.name, value);
  }
  return {
    type: object.name,
    developerName,
    label: text(xml.label) ?? developerName,
    protected: flag(xml.protected),
    values,
    file: where
  };
}
