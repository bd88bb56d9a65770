/**
 * Messaging (Apex Reference: Messaging Class, SingleEmailMessage Class, Email Class,
 * SendEmailResult Class, SendEmailError Class, CustomNotification Class).
 *
 * Nothing leaves the machine: emails and custom notifications that Apex sends are recorded, in
 * order, for the test that sent them; `sentEmails` and `sentNotifications` read them. Sending
 * email counts against the `emailInvocations` governor limit, as Messaging.sendEmail does.
 */
import { UnsupportedError } from '../interpreter/errors.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import { type ClassInfo, NativeClass, T, listOf, setOf } from '../interpreter/types.ts';
import { type ApexEnumValue, ApexList, type ApexSet } from '../interpreter/values.ts';
import type { Lib } from './lib.ts';

/** An email as Apex code sent it. */
export interface SentEmail {
  toAddresses: string[];
  ccAddresses: string[];
  bccAddresses: string[];
  subject: string | null;
  plainTextBody: string | null;
  htmlBody: string | null;
  senderDisplayName: string | null;
  replyTo: string | null;
  targetObjectId: string | null;
  whatId: string | null;
}

/** A custom notification as Apex code sent it. */
export interface SentNotification {
  notificationTypeId: string | null;
  title: string | null;
  body: string | null;
  senderId: string | null;
  targetId: string | null;
  targetPageRef: string | null;
  recipientIds: string[];
}

class EmailValue implements SentEmail {
  readonly apexTypeName = 'Messaging.SingleEmailMessage';
  toAddresses: string[] = [];
  ccAddresses: string[] = [];
  bccAddresses: string[] = [];
  subject: string | null = null;
  plainTextBody: string | null = null;
  htmlBody: string | null = null;
  senderDisplayName: string | null = null;
  replyTo: string | null = null;
  targetObjectId: string | null = null;
  whatId: string | null = null;
  templateId: string | null = null;
  /** The platform's default (SingleEmailMessage.setSaveAsActivity). */
  saveAsActivity = true;
}

class SendEmailError {
  readonly apexTypeName = 'Messaging.SendEmailError';
  constructor(
    readonly statusCode: string,
    readonly message: string,
    readonly fields: string[],
    readonly targetObjectId: string | null
  ) {}
}

class SendEmailResult {
  readonly apexTypeName = 'Messaging.SendEmailResult';
  constructor(readonly errors: SendEmailError[]) {}
}

class NotificationValue {
  readonly apexTypeName = 'Messaging.CustomNotification';
  notificationTypeId: string | null = null;
  title: string | null = null;
  body: string | null = null;
  senderId: string | null = null;
  targetId: string | null = null;
  targetPageRef: string | null = null;
}

/** What one engine recorded; emptied before every test. */
interface Outbox {
  emails: SentEmail[];
  notifications: SentNotification[];
}

const OUTBOXES = new WeakMap<Runtime, Outbox>();

/** The emails sent by the current test, in order. */
export function sentEmails(rt: Runtime): readonly SentEmail[] {
  return OUTBOXES.get(rt)?.emails ?? [];
}

/** The custom notifications sent by the current test, in order. */
export function sentNotifications(rt: Runtime): readonly SentNotification[] {
  return OUTBOXES.get(rt)?.notifications ?? [];
}

/** Installs the Messaging namespace; returns what empties the outbox between tests. */
export function installMessaging(lib: Lib): () => void {
  const p = lib.platform;
  p.namespaces.add('messaging');
  const outbox: Outbox = { emails: [], notifications: [] };
  OUTBOXES.set(lib.rt, outbox);
  const register = (native: NativeClass): NativeClass => {
    p.natives.set(`messaging.${native.name}`.toLowerCase(), native);
    return native;
  };
  const messaging = p.addNative(new NativeClass('Messaging'));
  const email = register(new NativeClass('Email', (v) => v instanceof EmailValue));
  const single = register(new NativeClass('SingleEmailMessage', (v) => v instanceof EmailValue));
  single.parent = email;
  const result = register(new NativeClass('SendEmailResult', (v) => v instanceof SendEmailResult));
  const error = register(new NativeClass('SendEmailError', (v) => v instanceof SendEmailError));
  const notification = register(
    new NativeClass('CustomNotification', (v) => v instanceof NotificationValue)
  );
  installSingleEmail(lib, single);
  installResults(lib, result, error);
  installSendEmail(lib, messaging, email, result, outbox);
  installNotification(lib, notification, outbox);
  return () => {
    outbox.emails.length = 0;
    outbox.notifications.length = 0;
  };
}

function installSingleEmail(lib: Lib, native: NativeClass): void {
  const S = T.String;
  const E = (v: unknown) => v as EmailValue;
  const strings = (v: unknown) => (v === null ? [] : ((v as ApexList).items as string[]));
  native.addConstructor([], () => new EmailValue());
  const text = (
    name: string,
    field: 'subject' | 'plainTextBody' | 'htmlBody' | 'senderDisplayName' | 'replyTo'
  ) => {
    native.addMethod(`set${name}`, [S], T.Void, (self, [v]) => {
      E(self)[field] = v as string | null;
      return null;
    });
    native.addMethod(`get${name}`, [], S, (self) => E(self)[field]);
  };
  text('Subject', 'subject');
  text('PlainTextBody', 'plainTextBody');
  text('HtmlBody', 'htmlBody');
  text('SenderDisplayName', 'senderDisplayName');
  text('ReplyTo', 'replyTo');
  const addresses = (name: string, field: 'toAddresses' | 'ccAddresses' | 'bccAddresses') => {
    native.addMethod(`set${name}`, [listOf(S)], T.Void, (self, [v]) => {
      E(self)[field] = [...strings(v)];
      return null;
    });
    native.addMethod(`get${name}`, [], listOf(S), (self) => lib.list(S, [...E(self)[field]]));
  };
  addresses('ToAddresses', 'toAddresses');
  addresses('CcAddresses', 'ccAddresses');
  addresses('BccAddresses', 'bccAddresses');
  const id = (name: string, field: 'targetObjectId' | 'whatId' | 'templateId') => {
    native.addMethod(`set${name}`, [T.Id], T.Void, (self, [v]) => {
      E(self)[field] = v as string | null;
      return null;
    });
    native.addMethod(`get${name}`, [], T.Id, (self) => E(self)[field]);
  };
  id('TargetObjectId', 'targetObjectId');
  id('WhatId', 'whatId');
  id('TemplateId', 'templateId');
  native.addMethod('setSaveAsActivity', [T.Boolean], T.Void, (self, [v]) => {
    E(self).saveAsActivity = v === true;
    return null;
  });
  native.addMethod('getSaveAsActivity', [], T.Boolean, (self) => E(self).saveAsActivity);
}

function installResults(lib: Lib, result: NativeClass, error: NativeClass): void {
  const statusCode = lib.platform.lookupType(['System', 'StatusCode']);
  if (statusCode?.kind !== 'class') throw new Error('System.StatusCode is not installed');
  const codes = statusCode.cls as ClassInfo;
  const R = (v: unknown) => v as SendEmailResult;
  const Er = (v: unknown) => v as SendEmailError;
  result.addMethod('isSuccess', [], T.Boolean, (self) => R(self).errors.length === 0);
  result.addMethod('getErrors', [], listOf(error.type), (self) =>
    lib.list(error.type, [...R(self).errors])
  );
  error.addMethod('getMessage', [], T.String, (self) => Er(self).message);
  error.addMethod('getFields', [], listOf(T.String), (self) =>
    lib.list(T.String, [...Er(self).fields])
  );
  error.addMethod('getTargetObjectId', [], T.String, (self) => Er(self).targetObjectId);
  error.addMethod('getStatusCode', [], statusCode, (self) => {
    const code = Er(self).statusCode;
    const value = (codes.enumValues as ApexEnumValue[]).find((v) => v.name === code);
    if (!value) throw new UnsupportedError(`System.StatusCode ${code}`);
    return value;
  });
}

/** A simple address check; the platform's exact rule and its error are not documented. */
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Why the platform refuses to send an email (observed on orgs: REQUIRED_FIELD_MISSING for no
 * recipient or no body, INVALID_SAVE_AS_ACTIVITY_FLAG for users), or null.
 */
function emailError(mail: EmailValue): SendEmailError | null {
  const recipients = [...mail.toAddresses, ...mail.ccAddresses, ...mail.bccAddresses];
  if (recipients.length === 0 && mail.targetObjectId === null)
    return new SendEmailError(
      'REQUIRED_FIELD_MISSING',
      'Missing target address (target, to, cc, bcc)',
      [],
      null
    );
  if (mail.templateId !== null)
    throw new UnsupportedError('Messaging.SingleEmailMessage.setTemplateId: email templates');
  for (const address of recipients) {
    if (!ADDRESS.test(address))
      throw new UnsupportedError(
        `Messaging.sendEmail with the address '${address}': the platform's error is not documented`
      );
  }
  if (mail.plainTextBody === null && mail.htmlBody === null)
    return new SendEmailError(
      'REQUIRED_FIELD_MISSING',
      'Missing body, need at least one of html or plainText',
      [],
      mail.targetObjectId
    );
  if (mail.targetObjectId?.startsWith('005') && mail.saveAsActivity)
    return new SendEmailError(
      'INVALID_SAVE_AS_ACTIVITY_FLAG',
      'saveAsActivity must be false when sending mail to users.',
      [],
      mail.targetObjectId
    );
  if (mail.targetObjectId !== null && mail.saveAsActivity)
    throw new UnsupportedError(
      'Messaging.sendEmail with saveAsActivity: the activity record the platform logs'
    );
  return null;
}

function record(mail: EmailValue): SentEmail {
  return {
    toAddresses: [...mail.toAddresses],
    ccAddresses: [...mail.ccAddresses],
    bccAddresses: [...mail.bccAddresses],
    subject: mail.subject,
    plainTextBody: mail.plainTextBody,
    htmlBody: mail.htmlBody,
    senderDisplayName: mail.senderDisplayName,
    replyTo: mail.replyTo,
    targetObjectId: mail.targetObjectId,
    whatId: mail.whatId
  };
}

function installSendEmail(
  lib: Lib,
  messaging: NativeClass,
  email: NativeClass,
  result: NativeClass,
  outbox: Outbox
): void {
  const send = (list: unknown, allOrNothing: boolean): ApexList => {
    const mails = (lib.need(list, 'emails') as ApexList).items as (EmailValue | null)[];
    lib.rt.data.limits.charge('emailInvocations');
    const errors = mails.map((m) =>
      m === null
        ? new SendEmailError('INVALID_ARGUMENT', 'the email is null', [], null)
        : emailError(m)
    );
    const first = errors.findIndex((e) => e !== null);
    if (allOrNothing && first >= 0) {
      const e = errors[first]!;
      lib.throwApex(
        'EmailException',
        `SendEmail failed. First exception on row ${first}; first error: ${e.statusCode}, ${e.message}: [${e.fields.join(', ')}]`
      );
    }
    mails.forEach((m, i) => {
      if (m && !errors[i]) outbox.emails.push(record(m));
    });
    return new ApexList(
      result.type,
      errors.map((e) => new SendEmailResult(e ? [e] : []))
    );
  };
  const emails = listOf(email.type);
  messaging.addStatic('sendEmail', [emails], listOf(result.type), (_s, [list]) => send(list, true));
  messaging.addStatic('sendEmail', [emails, T.Boolean], listOf(result.type), (_s, [list, all]) =>
    send(list, all !== false)
  );
  // Tests send nothing, so the org's daily allowance is never reached (Messaging Class).
  for (const name of ['reserveSingleEmailCapacity', 'reserveMassEmailCapacity'])
    messaging.addStatic(name, [T.Integer], T.Void, (_s, [n]) => {
      lib.need(n, 'count');
      return null;
    });
}

function installNotification(lib: Lib, native: NativeClass, outbox: Outbox): void {
  const S = T.String;
  const N = (v: unknown) => v as NotificationValue;
  native.addConstructor([], () => new NotificationValue());
  native.addConstructor([S, S, S, S, S, S], (_s, args) => {
    const n = new NotificationValue();
    [n.notificationTypeId, n.senderId, n.title, n.body, n.targetId, n.targetPageRef] = args as (
      string | null
    )[];
    return n;
  });
  const setter = (name: string, field: Exclude<keyof NotificationValue, 'apexTypeName'>) =>
    native.addMethod(`set${name}`, [S], T.Void, (self, [v]) => {
      N(self)[field] = v as string | null;
      return null;
    });
  setter('NotificationTypeId', 'notificationTypeId');
  setter('Title', 'title');
  setter('Body', 'body');
  setter('SenderId', 'senderId');
  setter('TargetId', 'targetId');
  setter('TargetPageRef', 'targetPageRef');
  native.addMethod('send', [setOf(S)], T.Void, (self, [users]) => {
    const n = N(self);
    const recipients = (lib.need(users, 'users') as ApexSet).values() as string[];
    const missing = [
      n.notificationTypeId === null ? 'a notification type' : null,
      n.title === null ? 'a title' : null,
      n.body === null ? 'a body' : null,
      n.targetId === null && n.targetPageRef === null
        ? 'a target (targetId or targetPageRef)'
        : null
    ].filter((m) => m !== null);
    // The reference says send() throws without a target, but names neither the type nor the text.
    if (missing.length > 0)
      throw new UnsupportedError(
        `Messaging.CustomNotification.send(Set<String>) without ${missing.join(', ')}: the platform's exception is not documented`
      );
    outbox.notifications.push({
      notificationTypeId: n.notificationTypeId,
      title: n.title,
      body: n.body,
      senderId: n.senderId,
      targetId: n.targetId,
      targetPageRef: n.targetPageRef,
      recipientIds: [...recipients]
    });
    return null;
  });
}
