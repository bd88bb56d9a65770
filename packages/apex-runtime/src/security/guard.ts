/**
 * Where user-mode operations meet the running user's access: a user-mode query throws the
 * platform's QueryException, and a user-mode DML call throws SecurityException for a missing
 * object permission, or reports the records that set fields the user may not edit.
 */
import type { DmlError, RowResult } from '../database/database.ts';
import type { DmlOperation, DmlOutcome } from '../database/dml.ts';
import type { SObjectValue } from '../database/sobject.ts';
import type { Runtime } from '../interpreter/runtime.ts';
import type { ApexObject } from '../interpreter/values.ts';
import type { FieldSchema } from '../schema/schema.ts';
import type { SoqlQuery } from '../soql/ast.ts';
import type { UserAccess } from './access.ts';
import { checkDml, checkQuery, inaccessibleFieldsMessage, type QueryDenial } from './enforce.ts';

/** QueryException.getInaccessibleFields() of the exceptions user-mode queries threw. */
export const INACCESSIBLE_FIELDS = new WeakMap<ApexObject, Map<string, Set<string>>>();

/** A query's access walk for one access (the whole query, and the SELECT and FROM clauses only). */
interface QueryCheck {
  all?: QueryDenial | null;
  selectOnly?: QueryDenial | null;
}

/**
 * The access walks already done, per parsed query and per UserAccess: an inline query keeps its
 * parsed form, and a user's UserAccess is replaced whenever that user's access changes.
 */
const queryChecks = new WeakMap<SoqlQuery, WeakMap<UserAccess, QueryCheck>>();

/** `checkQuery` for the running user, remembered per query and access. */
function checkQueryCached(rt: Runtime, query: SoqlQuery, selectOnly: boolean): QueryDenial | null {
  const data = rt.data;
  const access = data.security.current();
  let byAccess = queryChecks.get(query);
  if (!byAccess) queryChecks.set(query, (byAccess = new WeakMap()));
  let check = byAccess.get(access);
  if (!check) byAccess.set(access, (check = {}));
  const key = selectOnly ? 'selectOnly' : 'all';
  let denial = check[key];
  if (denial === undefined)
    check[key] = denial = checkQuery(data.schema, access, query, selectOnly);
  return denial;
}

/** Throws the QueryException a user-mode query gets when the running user may not read all of it. */
export function guardQuery(rt: Runtime, query: SoqlQuery): void {
  const denial = checkQueryCached(rt, query, false);
  if (!denial) return;
  const ex = rt.newException('QueryException', denial.message);
  INACCESSIBLE_FIELDS.set(ex, denial.fields);
  rt.throwDirect(ex);
}

/**
 * WITH SECURITY_ENFORCED: the SELECT and FROM clauses only, and the first error only (Apex
 * Developer Guide, Filter SOQL Queries Using WITH SECURITY_ENFORCED: "Insufficient permissions:
 * secure query included inaccessible field").
 */
export function guardSecurityEnforced(rt: Runtime, query: SoqlQuery): void {
  if (checkQueryCached(rt, query, true))
    rt.throwApex(
      'QueryException',
      'Insufficient permissions: secure query included inaccessible field'
    );
}

/** What a user-mode DML call does instead of, or before, saving. */
export interface DmlGuard {
  /** All-or-none with fields the user may not edit: the call fails without saving anything. */
  outcome: DmlOutcome | null;
  /** Partial success: the records that fail for their fields, by index. */
  rejected: Map<number, DmlError>;
}

/**
 * Checks a user-mode DML call. A missing object permission throws System.SecurityException
 * ("DML operation INSERT not allowed on Case", as orgs report it); fields the user may not edit
 * fail the record with "Operation failed due to fields being inaccessible on Sobject ..." and
 * the field names (Apex Developer Guide, Set an Access Mode for Database Operations).
 */
export function guardDml(
  rt: Runtime,
  op: DmlOperation,
  records: SObjectValue[],
  allOrNone: boolean,
  externalId: FieldSchema | null
): DmlGuard {
  const data = rt.data;
  const denial = checkDml(data.db, data.security.current(), op, records, externalId);
  if (denial.objectMessage) rt.throwApex('SecurityException', denial.objectMessage);
  const rejected = new Map<number, DmlError>();
  for (const [index, fields] of denial.rows) {
    rejected.set(index, {
      // Not documented: the status code orgs give a partial-success row denied for its fields.
      statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
      message: inaccessibleFieldsMessage(records[index].schema.name),
      fields
    });
  }
  if (!allOrNone || rejected.size === 0) return { outcome: null, rejected };
  const results: RowResult[] = records.map((r, i) => ({
    id: (r.get('id') as string | null) ?? null,
    success: !rejected.has(i),
    errors: rejected.has(i) ? [rejected.get(i)!] : []
  }));
  const first = [...rejected.values()][0];
  return {
    outcome: {
      results,
      failure: {
        message: first.message,
        rows: [...rejected].map(([index, error]) => ({ index, error }))
      }
    },
    rejected
  };
}
