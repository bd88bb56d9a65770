// Types for the `@salesforce/*` and `lightning/*` modules the monitoring components import that
// @salesforce/lightning-types does not declare. Apex methods are typed with the DTOs of
// conduit-monitor.d.ts, so a component that misreads a controller's result fails `types-lwc`.
// Each Apex method is both a function (imperative call) and a wire adapter (`@wire(method)`).

declare module '@salesforce/apex' {
  /**
   * Re-runs the wire that provisioned `wiredValue` (the whole `{ data, error }` value the
   * component received) and resolves when the new value has been delivered.
   */
  export function refreshApex(wiredValue: unknown): Promise<void>;
}

/** An Apex method as an LWC imports it: callable imperatively and usable with `@wire`. */
type ConduitApexMethod<Params extends Record<string, unknown>, Result> = ((
  params: Params
) => Promise<Result>) &
  import('lwc').WireAdapterConstructor<Params, ConduitWireResult<Result>>;

/** What `@wire` puts in a field: data or error, never both; neither while loading. */
interface ConduitWireResult<T> {
  data?: T;
  error?: unknown;
}

type NoParams = Record<string, never>;

declare module '@salesforce/apex/ConduitHealthController.getHealth' {
  const getHealth: ConduitApexMethod<NoParams, import('./conduit-monitor').HealthSnapshot>;
  export default getHealth;
}

declare module '@salesforce/apex/ConduitHealthController.resetCircuit' {
  const resetCircuit: ConduitApexMethod<{ endpoint: string }, void>;
  export default resetCircuit;
}

declare module '@salesforce/apex/ConduitHealthController.forceOpenCircuit' {
  const forceOpenCircuit: ConduitApexMethod<{ endpoint: string }, void>;
  export default forceOpenCircuit;
}

declare module '@salesforce/apex/ConduitDeadLetterController.getPage' {
  const getPage: ConduitApexMethod<
    { query: import('./conduit-monitor').DeadLetterQuery },
    import('./conduit-monitor').DeadLetterPage
  >;
  export default getPage;
}

declare module '@salesforce/apex/ConduitDeadLetterController.getDetail' {
  const getDetail: ConduitApexMethod<
    { deadLetterId: string },
    import('./conduit-monitor').DeadLetterDetail
  >;
  export default getDetail;
}

declare module '@salesforce/apex/ConduitDeadLetterController.replay' {
  const replay: ConduitApexMethod<
    { deadLetterIds: string[] },
    import('./conduit-monitor').ActionResult
  >;
  export default replay;
}

declare module '@salesforce/apex/ConduitDeadLetterController.discard' {
  const discard: ConduitApexMethod<
    { deadLetterIds: string[] },
    import('./conduit-monitor').ActionResult
  >;
  export default discard;
}

declare module '@salesforce/i18n/locale' {
  /** The user's locale, e.g. `en-US`. */
  const locale: string;
  export default locale;
}

declare module '@salesforce/i18n/timeZone' {
  /** The user's Salesforce time zone, e.g. `Europe/Paris`. */
  const timeZone: string;
  export default timeZone;
}

declare module 'lightning/platformShowToastEvent' {
  export interface ToastConfig {
    title: string;
    message?: string;
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
  }
  /** Asks the Lightning container to show a toast; dispatch it from the component. */
  export class ShowToastEvent extends CustomEvent<ToastConfig> {
    constructor(config: ToastConfig);
  }
}

/**
 * `LightningConfirm.open` as documented; @salesforce/lightning-types declares the class but not
 * its static `open`, and a default-exported class cannot be augmented with a static member.
 * Components cast `LightningConfirm` to this.
 */
interface ConduitConfirmOpener {
  open(config: {
    message: string;
    label: string;
    variant?: 'header' | 'headerless';
    theme?: 'default' | 'warning' | 'error' | 'success' | 'info';
  }): Promise<boolean>;
}

declare module '@salesforce/sfdx-lwc-jest' {
  export {
    createApexTestWireAdapter,
    createLdsTestWireAdapter,
    createTestWireAdapter
  } from '@salesforce/wire-service-jest-util';
}

/** An Apex method as a Jest test drives it after mocking it with `createApexTestWireAdapter`. */
type ConduitApexTestAdapter = ReturnType<
  typeof import('@salesforce/wire-service-jest-util').createApexTestWireAdapter
> &
  jest.Mock;
