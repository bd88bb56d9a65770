/**
 * The platform seams seen from TypeScript: what Apex sent through Messaging is recorded for the
 * test that sent it, and what Auth.JWS signed verifies with the run's key for the certificate.
 */
import assert from 'node:assert/strict';
import { createVerify } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ANONYMOUS_ENTRY } from '../src/frontend/lower.ts';
import { createEngine } from '../src/engine.ts';
import { loadProject } from '../src/loader/project.ts';
import { certificatePublicKey } from '../src/stdlib/auth.ts';
import { sentEmails, sentNotifications } from '../src/stdlib/messaging.ts';

const project = loadProject(join(import.meta.dirname, 'conformance', 'seams'));

/** Runs anonymous Apex against the fixture project and returns the engine. */
function run(text: string) {
  const source = {
    path: 'seams.apex',
    relativePath: 'seams.apex',
    kind: 'anonymous' as const,
    name: 'AnonymousBlock',
    text
  };
  const engine = createEngine(project, [source]);
  assert.deepEqual(engine.diagnostics, []);
  const block = engine.table.all.find((c) => c.source === source)!;
  engine.runtime.epoch++;
  block.methods.get(ANONYMOUS_ENTRY)![0].invoke!(null, []);
  return engine;
}

describe('platform seams', () => {
  it('records custom notifications and emails instead of sending them', () => {
    const engine = run(`
      Id typeId = [SELECT Id FROM CustomNotificationType WHERE DeveloperName = 'Conduit_Alert'].Id;
      Messaging.CustomNotification n = new Messaging.CustomNotification();
      n.setNotificationTypeId(typeId);
      n.setTitle('Circuit open');
      n.setBody('ERP is failing');
      n.setTargetId('000000000000000AAA');
      n.send(new Set<String>{UserInfo.getUserId()});
      Messaging.SingleEmailMessage m = new Messaging.SingleEmailMessage();
      m.setToAddresses(new List<String>{'ops@example.com'});
      m.setSubject('Alert');
      m.setPlainTextBody('Body');
      Messaging.sendEmail(new List<Messaging.SingleEmailMessage>{m});
    `);
    const [notification] = sentNotifications(engine.runtime);
    assert.equal(notification.title, 'Circuit open');
    assert.equal(notification.body, 'ERP is failing');
    assert.equal(notification.targetId, '000000000000000AAA');
    assert.deepEqual(notification.recipientIds, ['005000000000001AAA']);
    assert.ok(notification.notificationTypeId?.startsWith('0ML'));
    const [email] = sentEmails(engine.runtime);
    assert.deepEqual(email.toAddresses, ['ops@example.com']);
    assert.equal(email.subject, 'Alert');
    assert.equal(email.plainTextBody, 'Body');
  });

  it('empties the outbox, the cache and the CDC switch between tests', () => {
    const engine = run(`
      Cache.Org.put('k', 1);
      Test.enableChangeDataCapture();
      Messaging.SingleEmailMessage m = new Messaging.SingleEmailMessage();
      m.setToAddresses(new List<String>{'ops@example.com'});
      m.setPlainTextBody('Body');
      Messaging.sendEmail(new List<Messaging.SingleEmailMessage>{m});
    `);
    assert.equal(sentEmails(engine.runtime).length, 1);
    for (const reset of engine.runtime.data.resets) reset();
    assert.equal(sentEmails(engine.runtime).length, 0);
    const cache = engine.runtime.platform.natives.get('cache.org')!;
    const get = cache.statics.get('get')!.find((m) => m.params.length === 1)!;
    const ctx = {
      throwApex: (t: string, m: string): never => engine.runtime.throwApex(t, m),
      callMethod: () => null,
      receiverType: null,
      runtime: engine.runtime
    };
    assert.equal(get.impl(undefined, ['k'], ctx), null);
  });

  it('signs JWS tokens with the run key of the named certificate', () => {
    const engine = run(`
      Auth.JWT jwt = new Auth.JWT();
      jwt.setIss('client');
      System.debug(new Auth.JWS(jwt, 'Conduit_JWT').getCompactSerialization());
    `);
    const token = engine.runtime.debugLog[0].split('|')[1];
    const [header, payload, signature] = token.split('.');
    const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
    assert.ok(verifier.verify(certificatePublicKey('Conduit_JWT'), signature, 'base64url'));
    assert.equal(JSON.parse(Buffer.from(payload, 'base64url').toString()).iss, 'client');
  });
});
