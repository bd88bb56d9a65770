/**
 * The running user's object permissions, field-level security, Apex class access and custom
 * permissions: its profile (one of the seeded standard profiles) united with every permission
 * set assigned to it by a PermissionSetAssignment row. Only user-mode operations, describe calls,
 * Security.stripInaccessible, FeatureManagement and the REST endpoint ask; system-mode code never
 * reaches this module. Each user's answer is cached until a User, Profile, PermissionSet or
 * PermissionSetAssignment row changes, so a user-mode operation costs a map lookup.
 */
import type { Database, Row } from '../database/database.ts';
import { UnsupportedError } from '../interpreter/errors.ts';
import type { FieldSchema, Schema, SObjectSchema } from '../schema/schema.ts';
import type {
  FieldPermission,
  ObjectPermission,
  PermissionMetadata,
  PermissionSetMeta
} from './metadata.ts';
import {
  FULL_ACCESS,
  NO_ACCESS,
  PARENT_CONTROLLED,
  PERMISSION_FIELDS,
  PROFILES,
  type ProfileModel,
  READ_ACCESS,
  SETUP_OBJECTS
} from './profiles.ts';

const NO_FIELD: FieldPermission = { readable: false, editable: false };

/** What one user may do, worked out once per profile and set of assigned permission sets. */
export class UserAccess {
  private readonly objectCache = new Map<SObjectSchema, ObjectPermission>();
  private readonly fieldCache = new Map<FieldSchema, FieldPermission>();
  readonly userPermissions: Set<string>;

  constructor(
    readonly profile: ProfileModel,
    readonly sets: PermissionSetMeta[],
    extraPermissions: string[]
  ) {
    this.userPermissions = new Set([
      ...profile.userPermissions,
      ...sets.flatMap((s) => [...s.userPermissions]),
      ...extraPermissions
    ]);
  }

  has(permission: string): boolean {
    return this.userPermissions.has(permission.toLowerCase());
  }

  object(object: SObjectSchema): ObjectPermission {
    let p = this.objectCache.get(object);
    if (!p) {
      p = this.computeObject(object);
      this.objectCache.set(object, p);
    }
    return p;
  }

  field(object: SObjectSchema, field: FieldSchema): FieldPermission {
    let p = this.fieldCache.get(field);
    if (!p) {
      p = this.computeField(object, field);
      this.fieldCache.set(field, p);
    }
    return p;
  }

  /** Apex class access: Author Apex opens every class (Apex Developer Guide, Class Security). */
  canRunClass(name: string): boolean {
    return this.has('AuthorApex') || this.sets.some((s) => s.classes.has(name.toLowerCase()));
  }

  hasCustomPermission(name: string): boolean {
    return this.sets.some((s) => s.customPermissions.has(name.toLowerCase()));
  }

  private computeObject(object: SObjectSchema): ObjectPermission {
    const key = object.name.toLowerCase();
    if (object.kind === 'customSetting') {
      if (this.has('CustomizeApplication') || this.has('ModifyAllCustomSettings'))
        return FULL_ACCESS;
      const granted =
        this.has('ViewAllCustomSettings') || this.sets.some((s) => s.customSettings.has(key));
      return granted ? READ_ACCESS : NO_ACCESS;
    }
    if (object.kind === 'customMetadata') {
      const granted =
        this.has('CustomizeApplication') ||
        this.has('ViewAllCustomMetadata') ||
        this.sets.some((s) => s.customMetadataTypes.has(key));
      return granted ? READ_ACCESS : NO_ACCESS;
    }
    if (this.has('ModifyAllData')) return { ...FULL_ACCESS, viewAll: true, modifyAll: true };
    if (SETUP_OBJECTS.has(key)) {
      const manages =
        this.has('ManageUsers') && (key === 'user' || key === 'permissionsetassignment');
      return manages ? { ...FULL_ACCESS, delete: key !== 'user' } : READ_ACCESS;
    }
    if (PARENT_CONTROLLED.has(key)) return FULL_ACCESS;
    const grants = [this.profile.objects.get(key), ...this.sets.map((s) => s.objects.get(key))];
    const p = { ...NO_ACCESS };
    for (const g of grants) {
      if (!g) continue;
      for (const k of Object.keys(p) as (keyof ObjectPermission)[]) p[k] ||= g[k];
    }
    if (this.has('ViewAllData')) p.read = p.viewAll = true;
    // The Metadata API's dependencies: Modify All implies every other permission, Delete
    // implies Edit, and Create, Edit and View All imply Read.
    if (p.modifyAll) Object.assign(p, FULL_ACCESS, { viewAll: true });
    if (p.delete) p.edit = true;
    if (p.create || p.edit || p.viewAll) p.read = true;
    return p;
  }

  private computeField(object: SObjectSchema, field: FieldSchema): FieldPermission {
    const o = this.object(object);
    if (!o.read) return NO_FIELD;
    const writable = o.create || o.edit;
    if (this.profile.allFields || withoutFieldSecurity(object, field))
      return { readable: true, editable: writable };
    const path = `${object.name}.${field.name}`.toLowerCase();
    const p = { ...NO_FIELD };
    for (const s of this.sets) {
      const g = s.fields.get(path);
      if (g) {
        p.readable ||= g.readable;
        p.editable ||= g.editable;
      }
    }
    const fromProfile = this.profile.objects.get(object.name.toLowerCase());
    if (
      isStandardField(object, field) &&
      fromProfile?.read &&
      this.profile.standardFields !== 'none'
    ) {
      p.readable = true;
      if (this.profile.standardFields === 'edit' && (fromProfile.create || fromProfile.edit))
        p.editable = true;
    }
    return p;
  }
}

/** Standard fields of standard objects, whose FLS a standard profile grants with the object. */
function isStandardField(object: SObjectSchema, field: FieldSchema): boolean {
  return object.kind === 'standard' && !/__c$/i.test(field.name);
}

/**
 * Fields field-level security does not apply to: the platform's own fields, the name, the
 * owner, required fields and master-detail fields (they cannot be hidden from a user who reads
 * the object), and every field of objects without FLS (custom settings, custom metadata types,
 * platform events, setup objects, notes and files).
 */
function withoutFieldSecurity(object: SObjectSchema, field: FieldSchema): boolean {
  if (object.kind !== 'standard' && object.kind !== 'custom') return true;
  const key = object.name.toLowerCase();
  if (SETUP_OBJECTS.has(key) || PARENT_CONTROLLED.has(key)) return true;
  const name = field.name.toLowerCase();
  return (
    field.system ||
    name === 'id' ||
    name === 'name' ||
    name === 'ownerid' ||
    field.required ||
    field.type === 'MasterDetail'
  );
}

/** Profiles and permission sets of the org, and the access of each user, cached. */
export class Security {
  private readonly setsByName = new Map<string, PermissionSetMeta>();
  private readonly cache = new Map<string, UserAccess>();
  /**
   * Each user's last answer, reused until a User, Profile, PermissionSet or
   * PermissionSetAssignment row changes: user-mode operations ask on every call, for whichever
   * user runs (a REST request, an event trigger's user, `System.runAs`).
   */
  private readonly byUser = new Map<string, { stamp: string; access: UserAccess }>();
  private readonly stampObjects: SObjectSchema[];

  constructor(
    readonly schema: Schema,
    readonly db: Database,
    readonly metadata: PermissionMetadata
  ) {
    for (const s of metadata.permissionSets) this.setsByName.set(s.name.toLowerCase(), s);
    this.stampObjects = ['User', 'Profile', 'PermissionSet', 'PermissionSetAssignment'].map(
      (name) => schema.get(name)!
    );
  }

  /** The running user's access. */
  current(): UserAccess {
    return this.of(this.db.actor.userId);
  }

  /**
   * A user's access. The cache key is the profile and the assigned sets, read from the database
   * again whenever it has changed: assignments are rows a test inserts and rolls back, so they
   * are never stale.
   */
  of(userId: string): UserAccess {
    const stamp = this.stampObjects.map((o) => this.db.versionOf(o)).join('|');
    const hit = this.byUser.get(userId);
    if (hit?.stamp === stamp) return hit.access;
    const user = this.db.find(userId)?.row;
    if (!user)
      throw new UnsupportedError(`permissions of a user that is not in the database (${userId})`);
    const profileName = String(this.db.find(String(user.get('profileid')))?.row.get('name') ?? '');
    const profile = PROFILES.find((p) => p.name.toLowerCase() === profileName.toLowerCase());
    if (!profile)
      throw new UnsupportedError(
        `permissions of the profile '${profileName}' (only the seeded standard profiles are modelled)`
      );
    const assigned = this.assignedSets(userId);
    const key = [profile.name, ...assigned.map((a) => a.key)].join('|');
    let access = this.cache.get(key);
    if (!access) {
      const extra = assigned.flatMap((a) => a.permissions);
      access = new UserAccess(
        profile,
        assigned.flatMap((a) => (a.set ? [a.set] : [])),
        extra
      );
      this.cache.set(key, access);
    }
    this.byUser.set(userId, { stamp, access });
    return access;
  }

  private assignedSets(
    userId: string
  ): { key: string; set: PermissionSetMeta | null; permissions: string[] }[] {
    const assignments = this.schema.get('PermissionSetAssignment')!;
    const out: { key: string; set: PermissionSetMeta | null; permissions: string[] }[] = [];
    for (const row of this.db.rows(assignments)) {
      if (row.get('assigneeid') !== userId) continue;
      if (row.get('permissionsetgroupid'))
        throw new UnsupportedError('permissions of a permission set group assignment');
      const ps = this.db.find(String(row.get('permissionsetid')))?.row;
      if (!ps) continue;
      out.push(this.describeSet(ps));
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * A permission set from the project's metadata, or one a test built with DML: such a set grants
   * only the user permissions of its Permissions* checkboxes (object and field permission rows
   * are not modelled).
   */
  private describeSet(ps: Row): {
    key: string;
    set: PermissionSetMeta | null;
    permissions: string[];
  } {
    const name = String(ps.get('name') ?? '');
    const set = this.setsByName.get(name.toLowerCase()) ?? null;
    const permissions = PERMISSION_FIELDS.filter(
      (p) => ps.get(`permissions${p.toLowerCase()}`) === true
    ).map((p) => p.toLowerCase());
    return { key: `${name}:${permissions.join(',')}`, set, permissions };
  }
}
