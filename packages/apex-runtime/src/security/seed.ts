/**
 * The org's profiles, permission sets and custom permissions as rows tests can query
 * (`[SELECT Id FROM Profile WHERE Name = 'Standard User']`,
 * `[SELECT Id FROM PermissionSet WHERE Name = 'App_Admin']`), and the Security that answers
 * what each user may do.
 */
import type { Database } from '../database/database.ts';
import type { Project } from '../loader/project.ts';
import { MetadataError } from '../schema/loader.ts';
import type { Schema } from '../schema/schema.ts';
import { projectFolders } from '../loader/project.ts';
import { Security } from './access.ts';
import { loadPermissionMetadata } from './metadata.ts';
import { PERMISSION_FIELDS, PROFILES, SYSTEM_ADMINISTRATOR } from './profiles.ts';
import { TEST_USER } from '../stdlib/system.ts';
import { ApexDatetime } from '../values/datetime.ts';
import { readdirSync } from 'node:fs';

function permissionFields(granted: Set<string>): [string, unknown][] {
  return PERMISSION_FIELDS.map((p) => [
    `permissions${p.toLowerCase()}`,
    granted.has(p.toLowerCase())
  ]);
}

/**
 * The audit fields of a row the platform seeds: created and last modified now, by `userId` (the
 * test user unless named).
 */
export function seedAudit(userId: string = TEST_USER.id): [string, unknown][] {
  const created = ApexDatetime.now();
  return [
    ['createddate', created],
    ['createdbyid', userId],
    ['lastmodifieddate', created],
    ['lastmodifiedbyid', userId]
  ];
}

/**
 * Loads the project's permission metadata and seeds its rows. The System Administrator profile
 * row is the engine's (it must take the first Profile id, which UserInfo reports); the other
 * standard profiles follow it.
 */
export function installSecurity(
  project: Pick<Project, 'root' | 'packageDirectories' | 'sources'>,
  schema: Schema,
  db: Database
): Security {
  const audit = seedAudit();
  refuseProfiles(project);
  const classes = new Set(
    project.sources.filter((s) => s.kind === 'class').map((s) => s.name.toLowerCase())
  );
  const metadata = loadPermissionMetadata({
    root: project.root,
    packageDirectories: project.packageDirectories,
    schema,
    classes
  });
  const profile = schema.get('Profile')!;
  for (const p of PROFILES) {
    if (p.name === SYSTEM_ADMINISTRATOR) continue;
    db.seed(
      profile,
      new Map<string, unknown>([
        ['name', p.name],
        ['usertype', 'Standard'],
        ...permissionFields(p.userPermissions),
        ...audit
      ])
    );
  }
  const permissionSet = schema.get('PermissionSet')!;
  for (const s of metadata.permissionSets) {
    db.seed(
      permissionSet,
      new Map<string, unknown>([
        ['name', s.name],
        ['label', s.label],
        ['description', s.description],
        ['namespaceprefix', null],
        ['isownedbyprofile', false],
        ['iscustom', true],
        ['type', 'Regular'],
        ['hasactivationrequired', false],
        ...permissionFields(s.userPermissions),
        ...audit
      ])
    );
  }
  const customPermission = schema.get('CustomPermission')!;
  for (const c of metadata.customPermissions) {
    db.seed(
      customPermission,
      new Map<string, unknown>([
        ['developername', c.name],
        ['masterlabel', c.label],
        ['description', c.description],
        ['namespaceprefix', null],
        ['islicensed', false],
        ['language', 'en_US'],
        ...audit
      ])
    );
  }
  return new Security(schema, db, metadata);
}

/** The System Administrator profile's permission checkboxes, for the engine's seeded row. */
export function administratorPermissionFields(): [string, unknown][] {
  return permissionFields(PROFILES[0].userPermissions);
}

/**
 * Profile metadata is refused: the runtime models the standard profiles itself, and a project
 * profile would silently differ from the org's. Grant access with permission sets instead.
 */
function refuseProfiles(project: Pick<Project, 'root' | 'packageDirectories'>): void {
  for (const dir of projectFolders(project, 'profiles')) {
    if (!readdirSync(dir).some((f) => f.endsWith('.profile-meta.xml'))) continue;
    throw new MetadataError(
      `${dir.slice(project.root.length + 1)}: profile metadata is not supported by the offline runtime; grant access with permission sets`
    );
  }
}
