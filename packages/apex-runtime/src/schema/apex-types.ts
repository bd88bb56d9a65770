/** How each field type surfaces in Apex (the static type of `record.Field__c`). */
import type { PrimitiveName } from '../interpreter/types.ts';
import type { FieldSchema } from './schema.ts';

const BY_TYPE: Record<string, PrimitiveName> = {
  Id: 'Id',
  Lookup: 'Id',
  MasterDetail: 'Id',
  MetadataRelationship: 'String',
  // The parent's External ID value, not a record id.
  IndirectLookup: 'String',
  ExternalLookup: 'String',
  Reference: 'Id',
  Text: 'String',
  TextArea: 'String',
  LongTextArea: 'String',
  Html: 'String',
  EncryptedText: 'String',
  Email: 'String',
  Phone: 'String',
  Url: 'String',
  Picklist: 'String',
  MultiselectPicklist: 'String',
  AutoNumber: 'String',
  Long: 'String',
  Number: 'Decimal',
  Currency: 'Decimal',
  Percent: 'Decimal',
  Summary: 'Decimal',
  Double: 'Double',
  Integer: 'Integer',
  Checkbox: 'Boolean',
  Date: 'Date',
  DateTime: 'Datetime',
  Time: 'Time',
  Base64: 'Blob'
};

/** The primitive Apex type of a field, or undefined for compound fields (Address, Location). */
export function apexTypeOfField(f: FieldSchema): PrimitiveName | undefined {
  return BY_TYPE[f.type];
}
