/**
 * `@salesforce/apex` for the local dashboard. Every `@salesforce/apex/<Class>.<method>` import
 * becomes `apexMethod('<Class>', '<method>')`: a function for imperative calls and, through its
 * `adapter` property, a wire adapter for `@wire`. Both POST the named parameters as JSON to
 * `/__conduit/apex/<Class>/<method>` on the page's origin, where the local org answers.
 *
 * Errors reject with Lightning's shape, `{ status, body: { message } }`, so the components'
 * `reduceErrors` shows the same text it shows in an org.
 */

/** The rejection value of a failed call, shaped like Lightning's Apex errors. */
export interface ApexError {
  status: number;
  statusText: string;
  body: { message: string };
}

/** Where calls go; the browser build uses the page's origin, Node tests a local server. */
export interface ApexTransportOptions {
  baseUrl: string;
  fetch: typeof fetch;
}

const transport: ApexTransportOptions = {
  baseUrl: '',
  fetch: (input, init) => globalThis.fetch(input, init)
};

/** Points every Apex method at another origin or fetch (tests; the browser never needs it). */
export function configureApexTransport(options: Partial<ApexTransportOptions>): void {
  Object.assign(transport, options);
}

function apexError(status: number, statusText: string, message: string): ApexError {
  return { status, statusText, body: { message } };
}

async function readMessage(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'message' in parsed) {
      return String((parsed as { message: unknown }).message);
    }
  } catch {
    // Not JSON: the text itself is the most useful message.
  }
  return text || `The local org answered ${response.status} ${response.statusText}.`;
}

/** POSTs one Apex call and resolves with its JSON result (`undefined` for a void method). */
export async function callApex(
  className: string,
  methodName: string,
  params: Record<string, unknown> = {}
): Promise<unknown> {
  const url = `${transport.baseUrl}/__conduit/apex/${encodeURIComponent(className)}/${encodeURIComponent(methodName)}`;
  let response: Response;
  try {
    response = await transport.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(params)
    });
  } catch (error) {
    throw apexError(
      0,
      'Network error',
      `The local org did not answer (${error instanceof Error ? error.message : String(error)}): is \`npm start\` still running?`
    );
  }
  if (!response.ok) {
    throw apexError(response.status, response.statusText, await readMessage(response));
  }
  const text = await response.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** What a wire puts in the component's field or passes to its method. */
export interface WireValue {
  data?: unknown;
  error?: unknown;
}

type DataCallback = (value: WireValue) => void;

/** Every value a wire delivered, so `refreshApex(value)` finds the wire that delivered it. */
const deliveredBy = new WeakMap<WireValue, ApexWireAdapter>();

/** The wire adapter behind `@wire(apexMethod, config)`, as LWC's wire protocol drives it. */
export class ApexWireAdapter {
  private config: Record<string, unknown> | undefined;
  private disconnected = false;
  private request = 0;

  constructor(
    private readonly dataCallback: DataCallback,
    private readonly className: string,
    private readonly methodName: string
  ) {}

  update(config: Record<string, unknown>): void {
    this.config = config;
    void this.fetch();
  }

  connect(): void {
    this.disconnected = false;
  }

  /** A disconnected component gets no more values, as with the platform's wires. */
  disconnect(): void {
    this.disconnected = true;
  }

  /** Calls the method again with the last config and resolves once the value is delivered. */
  fetch(): Promise<void> {
    const request = ++this.request;
    return callApex(this.className, this.methodName, this.config ?? {}).then(
      (data) => this.deliver(request, { data, error: undefined }),
      (error: unknown) => this.deliver(request, { data: undefined, error })
    );
  }

  private deliver(request: number, value: WireValue): void {
    // A slower, older answer must not overwrite a newer one.
    if (request !== this.request || this.disconnected) {
      return;
    }
    deliveredBy.set(value, this);
    this.dataCallback(value);
  }
}

/** An Apex method as a component imports it. */
export type ApexMethod = ((params?: Record<string, unknown>) => Promise<unknown>) & {
  adapter: new (dataCallback: DataCallback) => ApexWireAdapter;
};

/** Builds the default export of `@salesforce/apex/<className>.<methodName>`. */
export function apexMethod(className: string, methodName: string): ApexMethod {
  const call = (params?: Record<string, unknown>): Promise<unknown> =>
    callApex(className, methodName, params ?? {});
  class Adapter extends ApexWireAdapter {
    constructor(dataCallback: DataCallback) {
      super(dataCallback, className, methodName);
    }
  }
  return Object.assign(call, { adapter: Adapter });
}

/**
 * Re-runs the wire that delivered `wiredValue` and resolves when its new value has been
 * delivered; like the platform, a value no wire delivered resolves without doing anything.
 */
export function refreshApex(wiredValue: unknown): Promise<void> {
  const adapter =
    wiredValue && typeof wiredValue === 'object' ? deliveredBy.get(wiredValue) : undefined;
  return adapter ? adapter.fetch() : Promise.resolve();
}
