/**
 * Reads the project's permission sets (`permissionsets/*.permissionset-meta.xml`) and custom
 * permissions (`customPermissions/*.customPermission-meta.xml`), as the Metadata API describes
 * them (Metadata API Developer Guide: PermissionSet, CustomPermission). A permission set that
 * names an object, field, Apex class, custom permission or custom setting the org would not know
 * is refused with its file and element, as a deploy refuses it.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectFolders } from '../loader/project.ts';
import {
  MetadataError,
  trimmedFlag as flag,
  trimmedText as text,
  type Xml,
  xmlReader
} from '../schema/xml.ts';
import type { Schema } from '../schema/schema.ts';

/** Object permissions as `objectPermissions` states them. */
export interface ObjectPermission {
  create: boolean;
  read: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

export interface FieldPermission {
  readable: boolean;
  editable: boolean;
}

/** One permission set: what it grants, keyed by lowercased API names. */
export interface PermissionSetMeta {
  name: string;
  label: string;
  description: string | null;
  /** Object name (lowercased) → permissions. */
  objects: Map<string, ObjectPermission>;
  /** `object.field` (lowercased) → permissions. */
  fields: Map<string, FieldPermission>;
  classes: Set<string>;
  customPermissions: Set<string>;
  customSettings: Set<string>;
  customMetadataTypes: Set<string>;
  /** User permissions enabled (`ModifyAllData`, `ViewAllData`, `ApiEnabled`, ...), lowercased. */
  userPermissions: Set<string>;
  externalCredentialPrincipals: string[];
  tabSettings: { tab: string; visibility: string }[];
  /** The file, relative to the project root. */
  file: string;
}

export interface CustomPermissionMeta {
  name: string;
  label: string;
  description: string | null;
}

export interface PermissionMetadata {
  permissionSets: PermissionSetMeta[];
  customPermissions: CustomPermissionMeta[];
}

const REPEATED = new Set([
  'objectPermissions',
  'fieldPermissions',
  'classAccesses',
  'customPermissions',
  'customSettingAccesses',
  'customMetadataTypeAccesses',
  'userPermissions',
  'externalCredentialPrincipalAccesses',
  'tabSettings'
]);

const readXml = xmlReader(REPEATED);

/** What the permission set may name: the org's schema and the project's classes. */
export interface PermissionContext {
  root: string;
  packageDirectories: string[];
  schema: Schema;
  /** Lowercased names of the project's Apex classes. */
  classes: Set<string>;
}

export function loadPermissionMetadata(ctx: PermissionContext): PermissionMetadata {
  const customPermissions: CustomPermissionMeta[] = [];
  for (const dir of projectFolders(ctx, 'customPermissions')) {
    for (const file of metadataFiles(dir, '.customPermission-meta.xml')) {
      const xml = readXml(join(dir, file), 'CustomPermission', ctx.root);
      const name = file.slice(0, -'.customPermission-meta.xml'.length);
      customPermissions.push({
        name,
        label: text(xml.label) ?? name,
        description: text(xml.description) ?? null
      });
    }
  }
  const known = new Set(customPermissions.map((p) => p.name.toLowerCase()));
  const permissionSets: PermissionSetMeta[] = [];
  for (const dir of projectFolders(ctx, 'permissionsets')) {
    for (const file of metadataFiles(dir, '.permissionset-meta.xml'))
      permissionSets.push(readPermissionSet(join(dir, file), ctx, known));
  }
  return { permissionSets, customPermissions };
}

function metadataFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort();
}

const entries = (xml: Xml, key: string): Xml[] => (xml[key] ?? []) as Xml[];

function readPermissionSet(
  file: string,
  ctx: PermissionContext,
  customPermissions: Set<string>
): PermissionSetMeta {
  const xml = readXml(file, 'PermissionSet', ctx.root);
  const where = relative(ctx.root, file);
  const name = file.slice(file.lastIndexOf('/') + 1, -'.permissionset-meta.xml'.length);
  const refuse = (element: string, what: string): never => {
    throw new MetadataError(`${where}: <${element}> names ${what}, which the org does not have`);
  };
  const set: PermissionSetMeta = {
    name,
    label: text(xml.label) ?? name,
    description: text(xml.description) ?? null,
    objects: new Map(),
    fields: new Map(),
    classes: new Set(),
    customPermissions: new Set(),
    customSettings: new Set(),
    customMetadataTypes: new Set(),
    userPermissions: new Set(),
    externalCredentialPrincipals: [],
    tabSettings: [],
    file: where
  };
  for (const o of entries(xml, 'objectPermissions')) {
    const object = text(o.object) ?? '';
    if (!ctx.schema.get(object)) refuse('objectPermissions', `the object ${object}`);
    set.objects.set(object.toLowerCase(), {
      create: flag(o.allowCreate),
      read: flag(o.allowRead),
      edit: flag(o.allowEdit),
      delete: flag(o.allowDelete),
      viewAll: flag(o.viewAllRecords),
      modifyAll: flag(o.modifyAllRecords)
    });
  }
  for (const f of entries(xml, 'fieldPermissions')) {
    const path = text(f.field) ?? '';
    const [objectName, fieldName = ''] = path.split('.');
    if (!ctx.schema.get(objectName)?.fields.has(fieldName.toLowerCase()))
      refuse('fieldPermissions', `the field ${path}`);
    set.fields.set(path.toLowerCase(), {
      readable: flag(f.readable) || flag(f.editable),
      editable: flag(f.editable)
    });
  }
  const enabled = (
    key: string,
    nameKey: string,
    into: Set<string>,
    exists: (n: string) => boolean
  ) => {
    for (const e of entries(xml, key)) {
      const n = text(e[nameKey]) ?? '';
      if (!exists(n)) refuse(key, `${nameKey} ${n}`);
      if (flag(e.enabled)) into.add(n.toLowerCase());
    }
  };
  const kindIs = (kind: string) => (n: string) => ctx.schema.get(n)?.kind === kind;
  enabled('classAccesses', 'apexClass', set.classes, (n) => ctx.classes.has(n.toLowerCase()));
  enabled('customPermissions', 'name', set.customPermissions, (n) =>
    customPermissions.has(n.toLowerCase())
  );
  enabled('customSettingAccesses', 'name', set.customSettings, kindIs('customSetting'));
  enabled('customMetadataTypeAccesses', 'name', set.customMetadataTypes, kindIs('customMetadata'));
  // User permission names are the platform's; the runtime keeps every one it is given.
  enabled('userPermissions', 'name', set.userPermissions, (n) => n.length > 0);
  for (const e of entries(xml, 'externalCredentialPrincipalAccesses'))
    if (flag(e.enabled))
      set.externalCredentialPrincipals.push(text(e.externalCredentialPrincipal) ?? '');
  for (const t of entries(xml, 'tabSettings'))
    set.tabSettings.push({ tab: text(t.tab) ?? '', visibility: text(t.visibility) ?? '' });
  return set;
}
