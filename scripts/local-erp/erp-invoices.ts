/**
 * The ERP's invoices: generated deterministically for every customer from its ERP id, so the
 * same customers always have the same invoices (the local ERP has no billing of its own). The
 * OData feed (`odata-routes.ts`) serves them; `CustomerId` is the ERP customer id, the value an
 * Account's `External_Id__c` holds, which is what the indirect lookup of `ERP_Invoice__x` needs.
 */
import type { Customer } from './erp-store.ts';

/** One invoice, with the OData property names of the `Invoice` entity type. */
export interface Invoice {
  readonly InvoiceId: string;
  readonly CustomerId: string;
  readonly Number: string;
  /** Edm.Date, `YYYY-MM-DD`. */
  readonly IssueDate: string;
  readonly DueDate: string;
  /** Edm.Decimal with two decimals. */
  readonly Amount: number;
  readonly Currency: string;
  readonly Status: InvoiceStatus;
}

export type InvoiceStatus = 'OPEN' | 'PAID' | 'OVERDUE';

/** Invoices per customer. */
export const INVOICES_PER_CUSTOMER = 3;
/** The issue date of every customer's newest invoice is within the 30 days before this date. */
const ANCHOR_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
const PAYMENT_TERMS_DAYS = 30;
const CURRENCIES = ['EUR', 'EUR', 'USD', 'GBP'] as const;

/** A small deterministic PRNG (mulberry32): the same seed gives the same invoices. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A seed from any text (FNV-1a), so ids that are not `C-<number>` work too. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The invoices of one customer, newest last. */
export function invoicesOf(customer: Pick<Customer, 'id'>): Invoice[] {
  const next = random(seedOf(customer.id));
  const currency = CURRENCIES[Math.floor(next() * CURRENCIES.length)] ?? 'EUR';
  const invoices: Invoice[] = [];
  for (let n = 1; n <= INVOICES_PER_CUSTOMER; n++) {
    const monthsBack = INVOICES_PER_CUSTOMER - n;
    const issued = ANCHOR_MS - (monthsBack * 30 + 1 + Math.floor(next() * 28)) * DAY_MS;
    const amount = Math.round((100 + next() * 9_900) * 100) / 100;
    // The newest is open; an older one is sometimes still unpaid after its due date.
    const status: InvoiceStatus =
      n === INVOICES_PER_CUSTOMER ? 'OPEN' : next() < 0.2 ? 'OVERDUE' : 'PAID';
    invoices.push({
      InvoiceId: `INV-${customer.id}-${n}`,
      CustomerId: customer.id,
      Number: `${new Date(issued).getUTCFullYear()}-${customer.id.replace(/\D/g, '')}-${n}`,
      IssueDate: isoDate(issued),
      DueDate: isoDate(issued + PAYMENT_TERMS_DAYS * DAY_MS),
      Amount: amount,
      Currency: currency,
      Status: status
    });
  }
  return invoices;
}

/** The invoices of every customer, in customer order. */
export function allInvoices(customers: readonly Pick<Customer, 'id'>[]): Invoice[] {
  return customers.flatMap(invoicesOf);
}
