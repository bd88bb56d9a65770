/**
 * The ERP's resources, as the reference integration calls them (ErpCustomerSystemApi and
 * ErpOrderSystemApi): `PUT /api/customers/{key}`, `POST /api/orders`, and reads of both. Bodies
 * are checked with zod; a body the ERP cannot accept gets a 422 problem naming the field.
 */
import { z } from 'zod';
import { ErpStore } from './erp-store.ts';
import type { Customer, CustomerInput, Order } from './erp-store.ts';
import { json, parseJson, problem } from './reply.ts';
import type { Reply } from './reply.ts';
import type { Route, RouteRequest } from './router.ts';

/** The base path of the endpoints ERP_Customers and ERP_Orders (`Base_Path__c`). */
export const BASE_PATH = '/api';

const optionalText = z.string().nullable().optional();

/** A customer as PUT carries it (alone, or as an item of a batch). */
export const customerBody = z.object({
  salesforceId: z.string().min(1),
  name: z.string().min(1),
  accountNumber: optionalText,
  city: optionalText,
  country: optionalText
});

const orderBody = z.object({
  reference: z.string().min(1),
  orderNumber: optionalText,
  customer: z.string().min(1),
  effectiveDate: optionalText,
  lines: z
    .array(
      z.object({
        sku: z.string().min(1),
        quantity: z.number().positive(),
        unitPrice: z.number().nullable().optional()
      })
    )
    .min(1, 'the ERP refuses orders without lines')
});

/** What the routes need from their surroundings. */
export interface ErpRouteOptions {
  /** Refuse an order whose customer was never upserted (a real ERP does). */
  readonly requireKnownCustomer: boolean;
  /** Told after an order is created (not when a retry is replayed). */
  readonly onOrderCreated: (order: Order, request: RouteRequest) => void;
}

/** Parses and checks a JSON body, or answers 400/422 with what to fix. */
function bodyOf<T>(request: RouteRequest, schema: z.ZodType<T>): { value: T } | { reply: Reply } {
  const parsed = parseJson(request.body);
  if (!parsed.ok) {
    return { reply: problem(400, 'Bad Request', 'The body is not JSON: send application/json.') };
  }
  const checked = schema.safeParse(parsed.value);
  if (!checked.success) {
    const detail = checked.error.issues
      .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
      .join('; ');
    return { reply: problem(422, 'Unprocessable Content', detail) };
  }
  return { value: checked.data };
}

/** A customer as every route answers it. */
export function customerView(customer: Customer): Record<string, unknown> {
  return { ...customer };
}

/** The store's input from a checked body (absent optional fields become null). */
export function customerInput(body: z.infer<typeof customerBody>): CustomerInput {
  return {
    salesforceId: body.salesforceId,
    name: body.name,
    accountNumber: body.accountNumber ?? null,
    city: body.city ?? null,
    country: body.country ?? null
  };
}

function orderView(order: Order): Record<string, unknown> {
  return { ...order, lines: order.lines.map((line) => ({ ...line })) };
}

/** The ERP's routes over a store. */
export function erpRoutes(store: ErpStore, options: ErpRouteOptions): Route<Reply>[] {
  return [
    {
      method: 'PUT',
      template: `${BASE_PATH}/customers/{key}`,
      handle(request) {
        const key = request.params.key ?? '';
        const body = bodyOf(request, customerBody);
        if ('reply' in body) return body.reply;
        const input = customerInput(body.value);
        const existing = store.findCustomer(key);
        if (existing !== undefined) {
          if (existing.salesforceId !== input.salesforceId) {
            return problem(
              409,
              'Conflict',
              `Customer ${existing.id} belongs to Salesforce id ${existing.salesforceId}, ` +
                `not ${input.salesforceId}.`
            );
          }
          return json(200, customerView(store.updateCustomer(existing, input)));
        }
        if (ErpStore.isCustomerId(key)) {
          return problem(404, 'Not Found', `No customer ${key}.`);
        }
        if (key !== input.salesforceId) {
          return problem(
            422,
            'Unprocessable Content',
            `A new customer's path key must be its salesforceId (${input.salesforceId}), not ${key}.`
          );
        }
        const created = store.createCustomer(input);
        return json(201, customerView(created), {
          location: `${BASE_PATH}/customers/${created.id}`
        });
      }
    },
    {
      method: 'GET',
      template: `${BASE_PATH}/customers/{key}`,
      handle(request) {
        const key = request.params.key ?? '';
        const customer = store.findCustomer(key);
        return customer === undefined
          ? problem(404, 'Not Found', `No customer ${key}.`)
          : json(200, customerView(customer));
      }
    },
    {
      method: 'POST',
      template: `${BASE_PATH}/orders`,
      handle(request) {
        const body = bodyOf(request, orderBody);
        if ('reply' in body) return body.reply;
        const customer = store.findCustomer(body.value.customer);
        if (customer === undefined && options.requireKnownCustomer) {
          return problem(
            422,
            'Unprocessable Content',
            `Unknown customer ${body.value.customer}: upsert it with ` +
              `PUT ${BASE_PATH}/customers/${encodeURIComponent(body.value.customer)} first.`
          );
        }
        const order = store.createOrder({
          reference: body.value.reference,
          orderNumber: body.value.orderNumber ?? null,
          customer: customer?.id ?? body.value.customer,
          effectiveDate: body.value.effectiveDate ?? null,
          lines: body.value.lines.map((line) => ({
            sku: line.sku,
            quantity: line.quantity,
            unitPrice: line.unitPrice ?? null
          }))
        });
        options.onOrderCreated(order, request);
        return json(201, orderView(order), { location: `${BASE_PATH}/orders/${order.id}` });
      }
    },
    {
      method: 'GET',
      template: `${BASE_PATH}/orders/{id}`,
      handle(request) {
        const id = request.params.id ?? '';
        const order = store.findOrder(id);
        return order === undefined
          ? problem(404, 'Not Found', `No order ${id}.`)
          : json(200, orderView(order));
      }
    }
  ];
}
