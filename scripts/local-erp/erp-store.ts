/**
 * The ERP's data: customers and orders in memory, with the indexes that reveal a logical entity
 * applied twice (the duplicates Conduit's idempotency must prevent).
 */

/** A customer as the ERP keeps it. */
export interface Customer {
  readonly id: string;
  readonly salesforceId: string;
  name: string;
  accountNumber: string | null;
  city: string | null;
  country: string | null;
  /** 1 on creation, +1 per applied update. */
  version: number;
}

/** The fields a PUT carries. */
export type CustomerInput = Omit<Customer, 'id' | 'version'>;

/** One order line. */
export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly unitPrice: number | null;
}

/** The statuses an ERP order goes through, as OrderStatusApiV1 accepts them. */
export type OrderStatus = 'ACCEPTED' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED';

/** An order as the ERP keeps it. */
export interface Order {
  readonly id: string;
  /** The Salesforce Order id. */
  readonly reference: string;
  readonly orderNumber: string | null;
  /** The ERP id of the customer. */
  readonly customer: string;
  readonly effectiveDate: string | null;
  readonly lines: readonly OrderLine[];
  status: OrderStatus;
}

/** The fields a POST carries, the customer already resolved to its ERP id. */
export type OrderInput = Omit<Order, 'id' | 'status'>;

/** ERP customer ids look like `C-1001`, order ids like `E-1001`. */
const FIRST_NUMBER = 1001;
const CUSTOMER_ID = /^C-\d+$/;

/** In-memory customers and orders. */
export class ErpStore {
  private readonly customers = new Map<string, Customer>();
  private readonly customerBySalesforceId = new Map<string, Customer>();
  private readonly orders = new Map<string, Order>();
  private readonly ordersByReference = new Map<string, Order[]>();
  private nextCustomer = FIRST_NUMBER;
  private nextOrder = FIRST_NUMBER;
  private duplicates = 0;

  /** Whether a key has the shape of an ERP customer id (else it is a Salesforce id). */
  static isCustomerId(key: string): boolean {
    return CUSTOMER_ID.test(key);
  }

  /** A customer by ERP id or by Salesforce Account id (the ERP accepts both). */
  findCustomer(key: string): Customer | undefined {
    return this.customers.get(key) ?? this.customerBySalesforceId.get(key);
  }

  /** Creates a customer; the Salesforce id is its natural key, so one exists per Account. */
  createCustomer(input: CustomerInput): Customer {
    const customer: Customer = { ...input, id: `C-${this.nextCustomer++}`, version: 1 };
    this.customers.set(customer.id, customer);
    this.customerBySalesforceId.set(customer.salesforceId, customer);
    return customer;
  }

  /** Every customer, in the order they were created. */
  allCustomers(): readonly Customer[] {
    return [...this.customers.values()];
  }

  /** Applies an update to a customer found by findCustomer. */
  updateCustomer(customer: Customer, input: CustomerInput): Customer {
    customer.name = input.name;
    customer.accountNumber = input.accountNumber;
    customer.city = input.city;
    customer.country = input.country;
    customer.version += 1;
    return customer;
  }

  /**
   * Creates an order. Like a plain ERP it does not deduplicate by the Salesforce reference —
   * that is the Idempotency-Key's job — but it counts a second order for one reference, so a
   * duplicate the caller let through is visible.
   */
  createOrder(input: OrderInput): Order {
    const order: Order = { ...input, id: `E-${this.nextOrder++}`, status: 'ACCEPTED' };
    this.orders.set(order.id, order);
    const siblings = this.ordersByReference.get(order.reference) ?? [];
    if (siblings.length > 0) this.duplicates += 1;
    siblings.push(order);
    this.ordersByReference.set(order.reference, siblings);
    return order;
  }

  /** An order by ERP id. */
  findOrder(id: string): Order | undefined {
    return this.orders.get(id);
  }

  /** The orders created for a Salesforce Order id (more than one is a duplicate). */
  ordersFor(reference: string): readonly Order[] {
    return this.ordersByReference.get(reference) ?? [];
  }

  /** Counts for stats. */
  counts(): { customers: number; orders: number; duplicatesApplied: number } {
    return {
      customers: this.customers.size,
      orders: this.orders.size,
      duplicatesApplied: this.duplicates
    };
  }
}
