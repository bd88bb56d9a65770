import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getHealth from '@salesforce/apex/ConduitHealthController.getHealth';
import resetCircuit from '@salesforce/apex/ConduitHealthController.resetCircuit';
import forceOpenCircuit from '@salesforce/apex/ConduitHealthController.forceOpenCircuit';
import { formatDateTime, reduceErrors } from 'c/conduitErrors';
import type { CircuitActionDetail } from 'c/endpointHealthCard';
import type { EndpointHealth, HealthSnapshot, SyncRunSummary } from '../types/conduit-monitor';

// LightningConfirm's static open() is documented but missing from its published typings.
const confirmDialog = LightningConfirm as unknown as ConduitConfirmOpener;

interface CircuitAction {
  readonly run: (params: { endpoint: string }) => Promise<void>;
  readonly confirmLabel: string;
  readonly confirmMessage: (label: string) => string;
  readonly done: (label: string) => string;
  readonly failed: (label: string) => string;
}

const ACTIONS: Record<'reset' | 'forceopen', CircuitAction> = {
  reset: {
    run: (params) => resetCircuit(params),
    confirmLabel: 'Reset circuit',
    confirmMessage: (label) =>
      `Reset the circuit of ${label}? Calls resume at once, even if the endpoint is still failing.`,
    done: (label) => `The circuit of ${label} is closed again.`,
    failed: (label) => `The circuit of ${label} could not be reset.`
  },
  forceopen: {
    run: (params) => forceOpenCircuit(params),
    confirmLabel: 'Force the circuit open',
    confirmMessage: (label) =>
      `Force the circuit of ${label} open? No calls are made to it until someone resets it; messages wait in the outbox.`,
    done: (label) => `The circuit of ${label} is forced open.`,
    failed: (label) => `The circuit of ${label} could not be forced open.`
  }
};

/**
 * The Health tab: one card per endpoint and the latest sync runs below them, all from a single
 * `getHealth` call (one server round trip whatever the number of endpoints). Refresh and the circuit actions re-run that call
 * through `refreshApex`, so the page never reloads.
 */
export default class ConduitHealth extends LightningElement {
  @wire(getHealth) health?: ConduitWireResult<HealthSnapshot>;

  refreshing = false;
  /** The endpoint whose circuit action is running, if any. */
  busyEndpoint?: string;

  get isLoading(): boolean {
    return !this.health || (this.health.data === undefined && this.health.error === undefined);
  }

  get error(): unknown {
    return this.health?.error;
  }

  get hasError(): boolean {
    return Boolean(this.health?.error);
  }

  get endpoints(): Array<EndpointHealth & { busy: boolean }> {
    return (this.health?.data?.endpoints ?? []).map((endpoint) => ({
      ...endpoint,
      busy: endpoint.endpoint === this.busyEndpoint
    }));
  }

  /** The newest sync runs, shown under the cards (and when no endpoint is configured). */
  get syncRuns(): SyncRunSummary[] {
    return this.health?.data?.syncRuns ?? [];
  }

  get isEmpty(): boolean {
    return !this.isLoading && !this.hasError && this.endpoints.length === 0;
  }

  get hasEndpoints(): boolean {
    return !this.hasError && this.endpoints.length > 0;
  }

  get generatedAtText(): string | undefined {
    const generatedAt = this.health?.data?.generatedAt;
    return generatedAt ? `Updated ${formatDateTime(generatedAt)}` : undefined;
  }

  get summary(): string | undefined {
    const endpoints = this.health?.data?.endpoints;
    if (!endpoints || endpoints.length === 0) {
      return undefined;
    }
    const breaching = endpoints.filter((endpoint) => (endpoint.breaches?.length ?? 0) > 0).length;
    const noun = endpoints.length === 1 ? 'endpoint' : 'endpoints';
    return `${endpoints.length} ${noun}, ${breaching} breaching a threshold.`;
  }

  async handleRefresh(): Promise<void> {
    this.refreshing = true;
    try {
      await refreshApex(this.health);
    } catch (error) {
      this.toast('The health figures could not be refreshed.', error);
    } finally {
      this.refreshing = false;
    }
  }

  handleReset(event: CustomEvent<CircuitActionDetail>): Promise<void> {
    return this.runAction(ACTIONS.reset, event.detail);
  }

  handleForceOpen(event: CustomEvent<CircuitActionDetail>): Promise<void> {
    return this.runAction(ACTIONS.forceopen, event.detail);
  }

  private async runAction(action: CircuitAction, target: CircuitActionDetail): Promise<void> {
    const confirmed = await confirmDialog.open({
      label: action.confirmLabel,
      message: action.confirmMessage(target.label),
      theme: 'warning'
    });
    if (!confirmed) {
      return;
    }
    this.busyEndpoint = target.endpoint;
    try {
      await action.run({ endpoint: target.endpoint });
      this.dispatchEvent(
        new ShowToastEvent({ title: action.done(target.label), variant: 'success' })
      );
      await refreshApex(this.health);
    } catch (error) {
      this.toast(action.failed(target.label), error);
    } finally {
      this.busyEndpoint = undefined;
    }
  }

  private toast(title: string, error: unknown): void {
    this.dispatchEvent(
      new ShowToastEvent({
        title,
        message: reduceErrors(error).join(' '),
        variant: 'error',
        mode: 'sticky'
      })
    );
  }
}
