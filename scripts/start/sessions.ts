/**
 * Who calls the local org. As in an org, every Apex REST request and every Apex call of the
 * dashboard carries a session: the ERP's status callbacks run as an integration user with the
 * Minimum Access profile and the `Conduit_Integration` permission set (what a connected app's
 * run-as user has in an org), the dashboard and the driver's replays as an admin with
 * `Conduit_Admin`. Each gets a random bearer token for the run; a request without one of them is
 * refused with 401, so the local run proves the permission sets are enough for the flow.
 */
import { randomBytes } from 'node:crypto';
import type { LocalOrg } from '../../packages/apex-runtime/src/index.ts';
import { runOrThrow } from './seed.ts';

export const INTEGRATION_USERNAME = 'erp-integration@conduit.local';
export const ADMIN_USERNAME = 'admin@conduit.local';

export interface Sessions {
  /** `Authorization` headers of the two users. */
  integrationHeaders: Record<string, string>;
  adminHeaders: Record<string, string>;
  /** The user a request's `Authorization` header names, or null (refused with 401). */
  authenticate(authorization: string | null): string | null;
}

function user(alias: string, username: string, lastName: string, profile: string): string {
  return `new User(Alias = '${alias}', Username = '${username}', Email = '${username}', LastName = '${lastName}', ProfileId = profileIds.get('${profile}'), TimeZoneSidKey = 'Europe/Paris', LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US')`;
}

/** Apex that creates the two users and assigns their permission sets. */
export function usersApex(): string {
  return `
Map<String, Id> profileIds = new Map<String, Id>();
for (Profile p : [SELECT Id, Name FROM Profile WHERE Name IN ('Minimum Access - Salesforce', 'System Administrator')]) {
    profileIds.put(p.Name, p.Id);
}
User integration = ${user('erpint', INTEGRATION_USERNAME, 'ERP Integration', 'Minimum Access - Salesforce')};
User admin = ${user('cadmin', ADMIN_USERNAME, 'Conduit Admin', 'System Administrator')};
insert new List<User>{ integration, admin };
Map<String, Id> setIds = new Map<String, Id>();
for (PermissionSet ps : [SELECT Id, Name FROM PermissionSet WHERE Name IN ('Conduit_Integration', 'Conduit_Admin')]) {
    setIds.put(ps.Name, ps.Id);
}
insert new List<PermissionSetAssignment>{
    new PermissionSetAssignment(AssigneeId = integration.Id, PermissionSetId = setIds.get('Conduit_Integration')),
    new PermissionSetAssignment(AssigneeId = admin.Id, PermissionSetId = setIds.get('Conduit_Admin'))
};
`;
}

/** Creates the users in the org and hands out a token for each. */
export function openSessions(org: LocalOrg): Sessions {
  runOrThrow(org, "create the run's users", usersApex());
  const idOf = (username: string): string =>
    String(org.query(`SELECT Id FROM User WHERE Username = '${username}'`)[0].Id);
  const integrationToken = randomBytes(18).toString('base64url');
  const adminToken = randomBytes(18).toString('base64url');
  const users = new Map([
    [`Bearer ${integrationToken}`, idOf(INTEGRATION_USERNAME)],
    [`Bearer ${adminToken}`, idOf(ADMIN_USERNAME)]
  ]);
  return {
    integrationHeaders: { Authorization: `Bearer ${integrationToken}` },
    adminHeaders: { Authorization: `Bearer ${adminToken}` },
    authenticate: (authorization) => (authorization ? (users.get(authorization) ?? null) : null)
  };
}
