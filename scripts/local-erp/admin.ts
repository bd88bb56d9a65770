/**
 * The admin endpoints under `/__erp/`, for scenarios and people: read stats, read or replace
 * the fault plan, and send due status callbacks. They are never faulted and never counted in
 * the ERP's traffic stats.
 */
import { InvalidFaultPlanError } from './fault-plan.ts';
import { json, parseJson, problem } from './reply.ts';
import type { Reply } from './reply.ts';

/** The prefix of every admin path. */
export const ADMIN_PREFIX = '/__erp/';

/** What the admin endpoints act on. */
export interface AdminTarget {
  stats(): unknown;
  faults(): unknown;
  setFaults(plan: unknown): void;
  /** Null when callbacks are off. */
  tick: (() => Promise<unknown>) | null;
}

/** Answers one admin request. */
export async function admin(
  target: AdminTarget,
  method: string,
  path: string,
  body: string
): Promise<Reply> {
  const action = `${method} ${path}`;
  switch (action) {
    case 'GET /__erp/stats':
      return json(200, target.stats());
    case 'GET /__erp/faults':
      return json(200, target.faults());
    case 'DELETE /__erp/faults':
      target.setFaults({ rules: [] });
      return json(200, target.faults());
    case 'POST /__erp/faults':
    case 'PUT /__erp/faults':
      return replaceFaults(target, body);
    case 'POST /__erp/callbacks/tick':
      return target.tick === null
        ? problem(
            409,
            'Conflict',
            'Status callbacks are off: start the local ERP with callbackBaseUrl to turn them on.'
          )
        : json(200, await target.tick());
    default:
      return problem(
        404,
        'Not Found',
        `No admin endpoint ${action}: use GET /__erp/stats, GET|POST|DELETE /__erp/faults ` +
          'or POST /__erp/callbacks/tick.'
      );
  }
}

function replaceFaults(target: AdminTarget, body: string): Reply {
  const parsed = parseJson(body);
  if (!parsed.ok) {
    return problem(400, 'Bad Request', 'The fault plan is not JSON: send application/json.');
  }
  try {
    target.setFaults(parsed.value);
  } catch (error) {
    if (error instanceof InvalidFaultPlanError) return problem(400, 'Bad Request', error.message);
    throw error;
  }
  return json(200, target.faults());
}
