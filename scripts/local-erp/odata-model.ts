/**
 * The OData 4.0 model of the ERP feed: one entity type, `Invoice`, in the entity set
 * `Invoices`, and its CSDL XML document (`$metadata`), which Salesforce Connect reads to
 * create the external object's fields.
 */

/** The primitive types the feed uses (OData CSDL XML 4.0, Primitive Types). */
export type EdmType = 'Edm.String' | 'Edm.Date' | 'Edm.Decimal';

/** One structural property of the entity type. */
export interface PropertyDef {
  readonly name: string;
  readonly type: EdmType;
  readonly nullable: boolean;
  readonly maxLength?: number;
  readonly precision?: number;
  readonly scale?: number;
}

export const NAMESPACE = 'Conduit.LocalErp';
export const ENTITY_TYPE = 'Invoice';
export const ENTITY_SET = 'Invoices';
export const KEY = 'InvoiceId';

/** The properties of `Invoice`, in the order they are served. */
export const INVOICE_PROPERTIES: readonly PropertyDef[] = [
  { name: 'InvoiceId', type: 'Edm.String', nullable: false, maxLength: 40 },
  { name: 'CustomerId', type: 'Edm.String', nullable: false, maxLength: 40 },
  { name: 'Number', type: 'Edm.String', nullable: false, maxLength: 40 },
  { name: 'IssueDate', type: 'Edm.Date', nullable: false },
  { name: 'DueDate', type: 'Edm.Date', nullable: false },
  { name: 'Amount', type: 'Edm.Decimal', nullable: false, precision: 16, scale: 2 },
  { name: 'Currency', type: 'Edm.String', nullable: false, maxLength: 3 },
  { name: 'Status', type: 'Edm.String', nullable: false, maxLength: 10 }
];

/** A property by name (OData names are case-sensitive). */
export function propertyOf(name: string): PropertyDef | undefined {
  return INVOICE_PROPERTIES.find((property) => property.name === name);
}

function facets(property: PropertyDef): string {
  const parts = [`Name="${property.name}"`, `Type="${property.type}"`];
  if (!property.nullable) parts.push('Nullable="false"');
  if (property.maxLength !== undefined) parts.push(`MaxLength="${property.maxLength}"`);
  if (property.precision !== undefined) parts.push(`Precision="${property.precision}"`);
  if (property.scale !== undefined) parts.push(`Scale="${property.scale}"`);
  return parts.join(' ');
}

/** The CSDL XML document of the service (OData CSDL XML Representation 4.0). */
export function metadataXml(): string {
  const properties = INVOICE_PROPERTIES.map(
    (property) => `        <Property ${facets(property)}/>`
  ).join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
    `      <EntityType Name="${ENTITY_TYPE}">`,
    `        <Key><PropertyRef Name="${KEY}"/></Key>`,
    properties,
    '      </EntityType>',
    '      <EntityContainer Name="Container">',
    `        <EntitySet Name="${ENTITY_SET}" EntityType="${NAMESPACE}.${ENTITY_TYPE}"/>`,
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    ''
  ].join('\n');
}
