/**
 * The ERP's bulk resources, as ConduitBatchSync calls them for ErpCustomerSync:
 * `PUT /api/customers:batch` (an upsert of up to 2,000 customers, all or nothing) and
 * `GET /api/customers?keys=k1,k2` (the reconciliation's read of up to 100 customers).
 */
import type { z } from 'zod';
import { customerBody, customerInput, customerView, BASE_PATH } from './erp-routes.ts';
import type { ErpStore } from './erp-store.ts';
import { json, parseJson, problem } from './reply.ts';
import type { Reply } from './reply.ts';
import type { Route } from './router.ts';

/** Most customers one batch may carry (ConduitBatchSync's largest chunk). */
export const MAX_BATCH_ITEMS = 2000;
/** Most keys one read may ask for (ErpCustomerSync.KEYS_PER_READ). */
export const MAX_KEYS = 100;

/** One invalid item field, as an RFC 6901 JSON pointer into the request body. */
export interface ItemError {
  readonly pointer: string;
  readonly detail: string;
}

/** The pointers of everything wrong with a batch; empty when every item is valid. */
export function batchErrors(items: readonly unknown[], schema: z.ZodType): ItemError[] {
  const errors: ItemError[] = [];
  items.forEach((item, index) => {
    const checked = schema.safeParse(item);
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      const path = issue.path.map((part) => String(part).replace(/~/g, '~0').replace(/\//g, '~1'));
      errors.push({ pointer: `/${[index, ...path].join('/')}`, detail: issue.message });
    }
  });
  return errors;
}

function invalidBatch(errors: readonly ItemError[]): Reply {
  const shown = errors
    .slice(0, 20)
    .map((error) => `${error.pointer}: ${error.detail}`)
    .join('; ');
  const more = errors.length > 20 ? ` (and ${errors.length - 20} more)` : '';
  const detail = `Nothing was applied: fix these items and send the batch again: ${shown}${more}.`;
  // `errors` is an RFC 9457 extension member: every problem with its pointer, for programs.
  return json(
    422,
    { type: 'about:blank', title: 'Unprocessable Content', status: 422, detail, errors },
    { 'content-type': 'application/problem+json' }
  );
}

/** The keys of `?keys=k1,k2` (percent-decoded, blanks and repeats dropped), or a 400. */
export function keysOf(query: string): { keys: string[] } | { reply: Reply } {
  const raw = new URLSearchParams(query).get('keys');
  const keys = [
    ...new Set(
      (raw ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key !== '')
    )
  ];
  if (keys.length === 0) {
    return {
      reply: problem(
        400,
        'Bad Request',
        'Name the customers to read: ?keys=<ERP or Salesforce id>,<...> (commas may be %2C).'
      )
    };
  }
  if (keys.length > MAX_KEYS) {
    return {
      reply: problem(
        400,
        'Bad Request',
        `${keys.length} keys asked; at most ${MAX_KEYS} per read: split them into pages.`
      )
    };
  }
  return { keys };
}

/** The bulk routes over a store. */
export function erpBulkRoutes(store: ErpStore): Route<Reply>[] {
  return [
    {
      method: 'PUT',
      template: `${BASE_PATH}/customers:batch`,
      handle(request) {
        const parsed = parseJson(request.body);
        if (!parsed.ok) {
          return problem(400, 'Bad Request', 'The body is not JSON: send application/json.');
        }
        const items = parsed.value;
        if (!Array.isArray(items) || items.length === 0) {
          return problem(
            422,
            'Unprocessable Content',
            'The body must be a non-empty JSON array of customers.'
          );
        }
        if (items.length > MAX_BATCH_ITEMS) {
          return problem(
            422,
            'Unprocessable Content',
            `${items.length} customers in one batch; at most ${MAX_BATCH_ITEMS}: ` +
              'lower Sync_Chunk_Size__c.'
          );
        }
        // Validate everything before applying anything, so a 422 leaves the ERP unchanged.
        const errors = batchErrors(items, customerBody);
        if (errors.length > 0) return invalidBatch(errors);
        const results = items.map((item) => {
          const input = customerInput(customerBody.parse(item));
          const existing = store.findCustomer(input.salesforceId);
          const customer =
            existing === undefined
              ? store.createCustomer(input)
              : store.updateCustomer(existing, input);
          return {
            salesforceId: customer.salesforceId,
            id: customer.id,
            status: existing === undefined ? 'created' : 'updated'
          };
        });
        return json(200, { results });
      }
    },
    {
      method: 'GET',
      template: `${BASE_PATH}/customers`,
      handle(request) {
        const asked = keysOf(request.query ?? '');
        if ('reply' in asked) return asked.reply;
        const seen = new Set<string>();
        const customers: Record<string, unknown>[] = [];
        for (const key of asked.keys) {
          const customer = store.findCustomer(key);
          if (customer === undefined || seen.has(customer.id)) continue;
          seen.add(customer.id);
          customers.push(customerView(customer));
        }
        return json(200, { customers });
      }
    }
  ];
}
