// Types for the modules the Traces and Live tabs import that neither @salesforce/lightning-types
// nor salesforce-modules.d.ts declares: the trace controller, lightning/navigation and
// lightning/empApi. Each declaration is the narrowest documented shape the components use.

declare module '@salesforce/apex/ConduitTraceController.findTraces' {
  /** Traces whose trace id, idempotency key or record id equals `searchTerm`, newest first. */
  const findTraces: ConduitApexMethod<
    { searchTerm: string },
    import('./conduit-monitor').TraceSummary[]
  >;
  export default findTraces;
}

declare module '@salesforce/apex/ConduitTraceController.getTrace' {
  /** Every span of one trace, oldest first. */
  const getTrace: ConduitApexMethod<{ traceId: string }, import('./conduit-monitor').TraceView>;
  export default getTrace;
}

declare module 'lightning/navigation' {
  /** Where to go: a page type, its attributes and its `c__` state parameters. */
  export interface PageReference {
    type: string;
    attributes?: Record<string, unknown>;
    state?: Record<string, string | undefined>;
  }

  const Navigate: unique symbol;
  const GenerateUrl: unique symbol;

  /** What the mixin adds to a component. */
  export interface NavigationHost {
    [Navigate](pageReference: PageReference, replace?: boolean): void;
    [GenerateUrl](pageReference: PageReference): Promise<string>;
  }

  // A TypeScript mixin's constructor type must take `any[]` (TS2545); nothing reads the args.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Constructor<T> = new (...args: any[]) => T;

  export const NavigationMixin: {
    <Base extends Constructor<object>>(base: Base): Base & Constructor<NavigationHost>;
    readonly Navigate: typeof Navigate;
    readonly GenerateUrl: typeof GenerateUrl;
  };

  /** Wire adapter: the page reference of the page the component is on. */
  export const CurrentPageReference: import('lwc').WireAdapterConstructor<
    Record<string, never>,
    PageReference
  >;
}

declare module 'lightning/empApi' {
  /** What `subscribe` resolves with and `unsubscribe` takes. */
  export interface EmpSubscription {
    channel: string;
    id?: string;
    replayId?: number;
  }

  /**
   * Subscribes to a streaming channel. `replayId` -1 receives only events published from now on,
   * which is what a live view wants (and spends no allocation on replaying history).
   */
  export function subscribe<Message>(
    channel: string,
    replayId: number,
    onMessage: (message: Message) => void
  ): Promise<EmpSubscription>;
  /** Ends a subscription; the callback receives the server's answer. */
  export function unsubscribe(
    subscription: EmpSubscription,
    callback?: (response: unknown) => void
  ): Promise<unknown>;
  /** Registers a listener for streaming errors (server errors, dropped connections). */
  export function onError(callback: (error: unknown) => void): void;
  /** Resolves true when the streaming API is available in this context. */
  export function isEmpEnabled(): Promise<boolean>;
  /** Turns console logging of the streaming client on or off. */
  export function setDebugFlag(flag: boolean): Promise<unknown>;
}
