/**
 * The org's schema as the runtime knows it: standard objects from the catalog, and the project's
 * custom objects, platform events, custom metadata types and custom settings from its metadata.
 * Names are case-insensitive, so every map is keyed by the lowercased API name.
 */
import type { TypeInfo } from '../interpreter/types.ts';

/** Field types of the Metadata API (CustomField.type) plus the standard-only ones. */
export type FieldType =
  | 'Id'
  | 'Text'
  | 'TextArea'
  | 'LongTextArea'
  | 'Html'
  | 'EncryptedText'
  | 'Email'
  | 'Phone'
  | 'Url'
  | 'Picklist'
  | 'MultiselectPicklist'
  | 'Number'
  | 'Currency'
  | 'Percent'
  | 'Checkbox'
  | 'Date'
  | 'DateTime'
  | 'Time'
  | 'Lookup'
  | 'MasterDetail'
  | 'MetadataRelationship'
  | 'AutoNumber'
  | 'Summary'
  | 'Address'
  | 'Location'
  /** Standard polymorphic or special reference fields (OwnerId, WhoId, ...). */
  | 'Reference'
  /** Large text the platform stores as a String (standard Description fields and the like). */
  | 'Long'
  | 'Base64'
  | 'Double'
  | 'Integer'
  /** The header of a change event (EventBus.ChangeEventHeader). */
  | 'ChangeEventHeader'
  /** External objects: a lookup to a parent by a unique External ID field of the parent. */
  | 'IndirectLookup'
  /** External objects: a lookup to another external object by its ExternalId. */
  | 'ExternalLookup';

export type ObjectKind =
  | 'standard'
  | 'custom'
  | 'platformEvent'
  | 'changeEvent'
  | 'customMetadata'
  | 'customSetting'
  /** `__x`: Salesforce Connect reads its rows from an external data source at query time. */
  | 'external';

export interface FieldSchema {
  /** API name as declared, e.g. `Status__c` or `AccountId`. */
  name: string;
  label: string;
  type: FieldType;
  /** Text length (Text, TextArea, Email, Phone, Url, EncryptedText, LongTextArea, Html). */
  length?: number;
  /** Total digits and digits after the point (Number, Currency, Percent). */
  precision?: number;
  scale?: number;
  /** Whether a value must be present on insert and update (required, or a master-detail field). */
  required: boolean;
  unique: boolean;
  caseSensitive: boolean;
  externalId: boolean;
  /** The metadata's default value formula text (e.g. `false`, `3`, `'NEW'`), if any. */
  defaultValue?: string;
  picklistValues?: string[];
  /** Labels of the picklist values, in the same order (the value itself when none is given). */
  picklistLabels?: string[];
  /** A restricted picklist rejects values outside its list. */
  restrictedPicklist?: boolean;
  /** Objects a reference field points to (several for polymorphic fields). */
  referenceTo?: string[];
  /** Relationship name used in SOQL paths, e.g. `Account` for `AccountId`, `Order__r` for `Order__c`. */
  relationshipName?: string;
  /** Name of the child relationship on the parent object (for subqueries). */
  childRelationshipName?: string;
  deleteConstraint?: 'Cascade' | 'SetNull' | 'Restrict';
  /** An indirect lookup's parent field (External ID and unique) matched against its value. */
  referenceTargetField?: string;
  /** Formula fields are read-only and computed; the runtime refuses to guess their value. */
  formula?: string;
  /** Fields the platform sets (Id, CreatedDate, ...) cannot be written by Apex. */
  system: boolean;
  /** Whether Apex may set it on insert / update (false for system, formula and auto-number fields). */
  createable: boolean;
  updateable: boolean;
  /** The Apex type of a field the platform types with a class (a change event's header). */
  apexType?: TypeInfo;
}

export interface SObjectSchema {
  /** API name, e.g. `Account`, `Conduit_Message__c`, `Conduit_Log_Event__e`. */
  name: string;
  label: string;
  pluralLabel: string;
  kind: ObjectKind;
  /** First three characters of every record id of this object. */
  keyPrefix: string;
  fields: Map<string, FieldSchema>;
  /** Child relationship name (lowercased) → the child object and its reference field. */
  childRelationships: Map<string, { childObject: string; field: string; name: string }>;
  /** Platform events: `PublishImmediately` or `PublishAfterCommit`. */
  publishBehavior?: 'PublishImmediately' | 'PublishAfterCommit';
  /** Custom settings: `List` or `Hierarchy`. */
  settingType?: 'List' | 'Hierarchy';
  /** Whether DML on the object emits change events (set by the project's CDC selection). */
  changeDataCapture?: boolean;
  /** For a change event: the object whose changes it carries. */
  changeEventOf?: string;
  /** Setup objects Apex can only query (NamedCredential, ...): DML on them does not compile. */
  queryOnly?: boolean;
  /** External objects: the ExternalDataSource their rows come from. */
  externalDataSource?: string;
}

/** A custom notification type from `notificationtypes/<DeveloperName>.notiftype-meta.xml`. */
export interface NotificationTypeRecord {
  developerName: string;
  name: string;
  label: string;
  description: string | null;
  desktop: boolean;
  mobile: boolean;
}

/**
 * A `PlatformEventSubscriberConfig`: the batch size and running user of one platform event
 * trigger (Platform Events Developer Guide, "Configure the User and Batch Size for Your Platform
 * Event Trigger").
 */
export interface SubscriberConfig {
  /** The trigger's name (`platformEventConsumer`). */
  consumer: string;
  /** 1 to 2,000; null for the default of 2,000. */
  batchSize: number | null;
  /** The username the trigger runs as; null for the Automated Process user. */
  user: string | null;
  file: string;
}

/** A custom metadata record from `customMetadata/<Type>.<Record>.md-meta.xml`. */
export interface CustomMetadataRecord {
  type: string;
  developerName: string;
  label: string;
  protected: boolean;
  /** Field API name → value as written in the XML (typed by the field's schema on read). */
  values: Map<string, string | null>;
  file: string;
}

export class Schema {
  readonly objects = new Map<string, SObjectSchema>();
  readonly customMetadata: CustomMetadataRecord[] = [];
  readonly notificationTypes: NotificationTypeRecord[] = [];
  readonly subscriberConfigs: SubscriberConfig[] = [];

  add(object: SObjectSchema): void {
    const key = object.name.toLowerCase();
    if (this.objects.has(key)) throw new Error(`object ${object.name} is defined twice`);
    this.objects.set(key, object);
  }

  get(name: string): SObjectSchema | undefined {
    return this.objects.get(name.toLowerCase());
  }

  /** The object whose ids start with `prefix`, for `Id.getSObjectType()`. */
  byKeyPrefix(prefix: string): SObjectSchema | undefined {
    for (const object of this.objects.values()) if (object.keyPrefix === prefix) return object;
    return undefined;
  }

  /** Links each reference field's child relationship to its parent objects. */
  linkRelationships(): void {
    for (const child of this.objects.values()) {
      for (const field of child.fields.values()) {
        if (!field.childRelationshipName) continue;
        for (const parentName of field.referenceTo ?? []) {
          const parent = this.get(parentName);
          parent?.childRelationships.set(field.childRelationshipName.toLowerCase(), {
            childObject: child.name,
            field: field.name,
            name: field.childRelationshipName
          });
        }
      }
    }
  }
}

const relationshipFields = new WeakMap<SObjectSchema, Map<string, FieldSchema>>();

/**
 * The reference field behind a parent relationship name (`Account` → `AccountId`), matched
 * case-insensitively; the first such field in declaration order wins.
 */
export function relationshipField(object: SObjectSchema, name: string): FieldSchema | undefined {
  let byName = relationshipFields.get(object);
  if (!byName) {
    byName = new Map();
    for (const f of object.fields.values()) {
      const key = f.relationshipName?.toLowerCase();
      if (key !== undefined && !byName.has(key)) byName.set(key, f);
    }
    relationshipFields.set(object, byName);
  }
  return byName.get(name.toLowerCase());
}

/** A field definition with the flags most fields share; the catalog and loader start from it. */
export function field(
  name: string,
  type: FieldType,
  extra: Partial<FieldSchema> = {}
): FieldSchema {
  const system = extra.system ?? false;
  return {
    name,
    label: extra.label ?? name.replace(/__c$/i, '').replace(/_/g, ' '),
    type,
    required: false,
    unique: false,
    caseSensitive: false,
    externalId: false,
    system,
    createable: !system && type !== 'AutoNumber' && extra.formula === undefined,
    updateable: !system && type !== 'AutoNumber' && extra.formula === undefined,
    ...extra
  };
}
