/**
 * Calls a public static `@AuraEnabled` method the way Lightning components invoke Apex:
 * parameters by name from a JSON object (deserialized into each parameter's type by the Apex
 * JSON deserializer), the result in the shape Lightning hands to components (plain.ts), and an
 * AuraHandledException's message handed to the client.
 */
import type { Engine } from '../engine.ts';
import { ApexThrow } from '../interpreter/errors.ts';
import type { MethodInfo } from '../interpreter/types.ts';
import { ApexType } from '../interpreter/values.ts';
import { jsonNative } from '../stdlib/http.ts';
import { toPlain } from './plain.ts';

/** The answer to an Apex call: an HTTP status and a JSON body. */
export interface AuraResult {
  status: number;
  body: string;
}

/** The method a call names, or null unless it is a public or global static @AuraEnabled one. */
export function findAuraMethod(
  engine: Engine,
  className: string,
  methodName: string
): MethodInfo | null {
  const cls = engine.table.topLevel.get(className.toLowerCase());
  if (!cls || cls.isTest) return null;
  const method = (cls.methods.get(methodName.toLowerCase()) ?? []).find(
    (m) =>
      m.isStatic &&
      (m.visibility === 'public' || m.visibility === 'global') &&
      m.annotations.some((a) => a.name.toLowerCase() === 'auraenabled')
  );
  return method ?? null;
}

/**
 * Invokes `method` with `params` (a JSON object's members by parameter name; a missing one is
 * null, as Lightning passes it), as `userId` (default: the org's default user). A user without
 * access to the class (Author Apex, or class access from the profile or a permission set) is
 * refused with 403, as Lightning refuses the call. Throws what the method throws other than
 * AuraHandledException.
 */
export function invokeAura(
  engine: Engine,
  method: MethodInfo,
  params: Record<string, unknown>,
  userId?: string
): AuraResult {
  const { db, security } = engine.runtime.data;
  const user = userId ?? db.actor.userId;
  const className = method.owner.name;
  if (!security.of(user).canRunClass(className))
    return {
      status: 403,
      body: JSON.stringify({
        message: `You do not have access to the Apex class named '${className}'.`
      })
    };
  return db.asUser(user, () => invokeAs(engine, method, params));
}

function invokeAs(engine: Engine, method: MethodInfo, params: Record<string, unknown>): AuraResult {
  const deserialize = jsonNative(engine, 'deserialize', 2);
  const byName = new Map(Object.entries(params).map(([k, v]) => [k.toLowerCase(), v]));
  const args = method.params.map((p) => {
    const value = byName.get(p.name.toLowerCase());
    return value === undefined || value === null
      ? null
      : deserialize([JSON.stringify(value), new ApexType(p.type)]);
  });
  const { db, events } = engine.runtime.data;
  const mark = db.mark();
  const eventMark = events.mark();
  try {
    const result = method.invoke!(null, args);
    return { status: 200, body: JSON.stringify(toPlain(engine.runtime, result)) };
  } catch (error) {
    if (error instanceof ApexThrow && error.exception.cls.name === 'AuraHandledException') {
      // Handled for the client, but still an uncaught exception: the transaction rolls back.
      db.rollbackTo(mark);
      events.rolledBackTo(eventMark);
      const message = error.exception.fields[0];
      return { status: 400, body: JSON.stringify({ message: message ?? '' }) };
    }
    throw error;
  }
}
