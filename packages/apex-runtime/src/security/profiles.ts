/**
 * The standard profiles the runtime seeds, as grants of the same shape as a permission set. They
 * model what matters to user-mode Apex: object permissions, field-level security on standard
 * fields, user permissions and Apex class access. See the runtime README, "Permissions", for what
 * they simplify.
 */
import type { ObjectPermission } from './metadata.ts';

/** What a profile grants. */
export interface ProfileModel {
  name: string;
  /** Object name (lowercased) → permissions. */
  objects: Map<string, ObjectPermission>;
  /** User permissions, lowercased. */
  userPermissions: Set<string>;
  /** Whether every field of every object is visible and editable (System Administrator). */
  allFields: boolean;
  /** Whether the standard fields of the objects it can read are visible, and editable where it can edit. */
  standardFields: 'none' | 'read' | 'edit';
}

const NONE: ObjectPermission = {
  create: false,
  read: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};
const READ: ObjectPermission = { ...NONE, read: true };
const CRUD: ObjectPermission = { ...READ, create: true, edit: true, delete: true };

/** Objects the Standard User profile creates, reads, edits and deletes. */
const SALES_SERVICE_OBJECTS = [
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
  'Contract',
  'EmailMessage'
];
/** Objects the Standard User profile only reads (products, price books, campaigns). */
const READ_ONLY_OBJECTS = ['Product2', 'Pricebook2', 'PricebookEntry', 'Campaign'];

const perms = (names: string[], p: ObjectPermission): [string, ObjectPermission][] =>
  names.map((n) => [n.toLowerCase(), p]);

/** The user permissions the Profile and PermissionSet objects expose as Permissions* checkboxes. */
export const PERMISSION_FIELDS = [
  'ApiEnabled',
  'AuthorApex',
  'CustomizeApplication',
  'ModifyAllData',
  'ViewAllData',
  'ViewSetup',
  'ManageUsers'
];

export const SYSTEM_ADMINISTRATOR = 'System Administrator';

/** The seeded profiles, System Administrator first (its id is the one UserInfo reports). */
export const PROFILES: ProfileModel[] = [
  {
    name: SYSTEM_ADMINISTRATOR,
    objects: new Map(),
    userPermissions: new Set([
      'apienabled',
      'authorapex',
      'customizeapplication',
      'modifyalldata',
      'viewalldata',
      'viewsetup',
      'manageusers',
      'viewallcustomsettings',
      'modifyallcustomsettings',
      'viewallcustommetadata'
    ]),
    allFields: true,
    standardFields: 'edit'
  },
  {
    name: 'Standard User',
    objects: new Map([...perms(SALES_SERVICE_OBJECTS, CRUD), ...perms(READ_ONLY_OBJECTS, READ)]),
    userPermissions: new Set(['apienabled']),
    allFields: false,
    standardFields: 'edit'
  },
  {
    name: 'Read Only',
    objects: new Map(perms([...SALES_SERVICE_OBJECTS, ...READ_ONLY_OBJECTS], READ)),
    userPermissions: new Set(['apienabled']),
    allFields: false,
    standardFields: 'read'
  },
  {
    name: 'Minimum Access - Salesforce',
    objects: new Map(),
    userPermissions: new Set(),
    allFields: false,
    standardFields: 'none'
  }
];

/**
 * Objects without object permissions of their own, which every user reads: users, profiles,
 * groups and the org's setup records (Object Reference: each object's "Supported Calls" and
 * access notes). Writing them takes Modify All Data (or Manage Users for users and assignments).
 */
export const SETUP_OBJECTS = new Set(
  [
    'User',
    'Profile',
    'UserRole',
    'Group',
    'Organization',
    'RecordType',
    'BusinessHours',
    'PermissionSet',
    'PermissionSetAssignment',
    'CustomPermission',
    'ApexClass',
    'AsyncApexJob',
    'CronTrigger',
    'CronJobDetail',
    'CustomNotificationType',
    'NamedCredential',
    'ExternalCredential',
    'AggregateResult'
  ].map((n) => n.toLowerCase())
);

/** Objects whose access follows the parent record (notes, attachments, files): every user may use them. */
export const PARENT_CONTROLLED = new Set(
  ['Attachment', 'Note', 'ContentDocument', 'ContentVersion'].map((n) => n.toLowerCase())
);

export { NONE as NO_ACCESS, CRUD as FULL_ACCESS, READ as READ_ACCESS };
