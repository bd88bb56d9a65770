/**
 * Permission sets from project metadata (test/conformance/permissions-project): the loader's
 * refusal of a permission set an org would not deploy, and Apex class access on the REST
 * endpoint. The Apex-visible behaviour is in test/conformance/permissions.apex.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEngine, type Engine } from '../src/engine.ts';
import { loadProject } from '../src/loader/project.ts';
import { MetadataError } from '../src/schema/loader.ts';
import { invokeRest } from '../src/stdlib/http.ts';

const PROJECT = join(import.meta.dirname, 'conformance', 'permissions-project');

function engine(): Engine {
  const e = createEngine(loadProject(PROJECT));
  assert.deepEqual(e.diagnostics, []);
  return e;
}

/** A user of the named profile, inserted straight into the engine's database. */
function userOf(e: Engine, profile: string): string {
  const { schema, db } = e.runtime.data;
  const profileRow = db.rows(schema.get('Profile')!).find((r) => r.get('name') === profile)!;
  const [result] = db.insert(schema.get('User')!, [
    new Map<string, unknown>([
      ['username', 'rest-user@example.com.perm'],
      ['lastname', 'Rest'],
      ['alias', 'rest'],
      ['email', 'rest-user@example.com'],
      ['timezonesidkey', 'America/Los_Angeles'],
      ['localesidkey', 'en_US'],
      ['emailencodingkey', 'UTF-8'],
      ['languagelocalekey', 'en_US'],
      ['profileid', profileRow.get('id')]
    ])
  ]);
  assert.equal(result.success, true, JSON.stringify(result.errors));
  return result.id!;
}

function assign(e: Engine, userId: string, permissionSet: string): void {
  const { schema, db } = e.runtime.data;
  const set = db.rows(schema.get('PermissionSet')!).find((r) => r.get('name') === permissionSet)!;
  const [result] = db.insert(schema.get('PermissionSetAssignment')!, [
    new Map<string, unknown>([
      ['assigneeid', userId],
      ['permissionsetid', set.get('id')]
    ])
  ]);
  assert.equal(result.success, true, JSON.stringify(result.errors));
}

describe('Apex class access on the REST endpoint', () => {
  it('answers 403 FORBIDDEN to a user without access to the class', () => {
    const e = engine();
    const userId = userOf(e, 'Minimum Access - Salesforce');
    const r = invokeRest(e, { method: 'GET', path: '/services/apexrest/ledgers/all', userId });
    assert.equal(r.status, 403);
    assert.deepEqual(JSON.parse(r.body), [
      {
        errorCode: 'FORBIDDEN',
        message: 'You do not have access to the Apex class named: LedgerApi'
      }
    ]);
  });

  it('runs the class as that user once a permission set grants it', () => {
    const e = engine();
    const userId = userOf(e, 'Minimum Access - Salesforce');
    assign(e, userId, 'Ledger_Editor');
    const r = invokeRest(e, { method: 'GET', path: '/ledgers/all', userId });
    assert.equal(r.status, 200, r.body);
    assert.equal(r.body, '"0"');
    assert.notEqual(e.runtime.data.db.actor.userId, userId, 'the running user is restored');
  });

  it('lets the default System Administrator user run every class', () => {
    const r = invokeRest(engine(), { method: 'GET', path: '/ledgers/all' });
    assert.equal(r.status, 200, r.body);
  });
});

describe('permission set metadata', () => {
  function projectWith(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'apex-perms-'));
    writeFileSync(
      join(root, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
    );
    for (const [path, text] of Object.entries(files)) {
      const file = join(root, 'force-app', path);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, text);
    }
    return root;
  }
  const permissionSet = (body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>Bad</label>${body}</PermissionSet>`;
  const refused = (files: Record<string, string>, message: RegExp) =>
    assert.throws(
      () => createEngine(loadProject(projectWith(files))),
      (error: unknown) => error instanceof MetadataError && message.test(error.message)
    );

  it('refuses an object, field, class or custom permission the org does not have', () => {
    refused(
      {
        'permissionsets/Bad.permissionset-meta.xml': permissionSet(
          '<objectPermissions><allowRead>true</allowRead><object>Nope__c</object></objectPermissions>'
        )
      },
      /^force-app\/permissionsets\/Bad\.permissionset-meta\.xml: <objectPermissions> names the object Nope__c/
    );
    refused(
      {
        'permissionsets/Bad.permissionset-meta.xml': permissionSet(
          '<fieldPermissions><editable>false</editable><field>Account.Nope__c</field><readable>true</readable></fieldPermissions>'
        )
      },
      /<fieldPermissions> names the field Account\.Nope__c/
    );
    refused(
      {
        'permissionsets/Bad.permissionset-meta.xml': permissionSet(
          '<classAccesses><apexClass>Missing</apexClass><enabled>true</enabled></classAccesses>'
        )
      },
      /<classAccesses> names apexClass Missing/
    );
    refused(
      {
        'permissionsets/Bad.permissionset-meta.xml': permissionSet(
          '<customPermissions><enabled>true</enabled><name>Missing</name></customPermissions>'
        )
      },
      /<customPermissions> names name Missing/
    );
  });

  it('refuses profile metadata, which the runtime does not load', () => {
    refused(
      { 'profiles/Custom.profile-meta.xml': '<Profile/>' },
      /^force-app\/profiles: profile metadata is not supported/
    );
  });
});
