import { LightningElement, api } from 'lwc';
import { formatDateTime, formatDuration, formatNumber, formatPercent } from 'c/conduitErrors';
import type { Breach, EndpointHealth, HourPoint } from '../types/conduit-monitor';

/** Detail of the `reset` and `forceopen` events: which endpoint the admin acted on. */
export interface CircuitActionDetail {
  endpoint: string;
  label: string;
}

interface MetricView {
  readonly key: string;
  readonly labelKey: string;
  readonly label: string;
  readonly value: string;
  readonly breached: boolean;
  readonly valueClass: string;
}

/** How each breach is named when the card lists what is wrong. */
const BREACH_NAMES: Record<Breach, string> = {
  Error_Rate: 'error rate',
  P95_Latency: 'p95 latency',
  Dead_Letter_Depth: 'dead letters',
  Circuit_Open: 'circuit open'
};

/**
 * One endpoint's health: circuit state, the 24-hour figures with any threshold breach spelled out
 * in words, the hourly charts, and the circuit actions. It only shows what it is given; the
 * actions are events (`reset`, `forceopen`) for the container to confirm and carry out.
 */
export default class EndpointHealthCard extends LightningElement {
  /** The endpoint to show (`ConduitHealthController.EndpointHealth`). */
  @api endpoint?: EndpointHealth;

  /** True while an action on this endpoint is running: the action buttons are disabled. */
  @api busy = false;

  get cardTitle(): string {
    return this.endpoint?.label || this.endpoint?.endpoint || 'Endpoint';
  }

  get circuitState(): string | undefined {
    return this.endpoint?.circuitState ?? undefined;
  }

  get hours(): HourPoint[] {
    return this.endpoint?.hours ?? [];
  }

  get apiName(): string | undefined {
    return this.endpoint?.endpoint;
  }

  private breached(breach: Breach): boolean {
    return this.endpoint?.breaches?.includes(breach) ?? false;
  }

  get hasBreaches(): boolean {
    return (this.endpoint?.breaches?.length ?? 0) > 0;
  }

  /** The breaches in words, so they never depend on the red colour alone. */
  get breachSummary(): string {
    const breaches = this.endpoint?.breaches ?? [];
    const names = breaches.map((breach) => BREACH_NAMES[breach] ?? breach);
    const count =
      breaches.length === 1 ? '1 threshold breached' : `${breaches.length} thresholds breached`;
    return `${count}: ${names.join(', ')}.`;
  }

  get forcedOpen(): boolean {
    return this.endpoint?.forcedOpen === true;
  }

  get openedAtText(): string | undefined {
    const openedAt = this.endpoint?.openedAt;
    return openedAt ? `Open since ${formatDateTime(openedAt)}` : undefined;
  }

  get metrics(): MetricView[] {
    const health = this.endpoint;
    if (!health) {
      return [];
    }
    const metric = (key: string, label: string, value: string, breach?: Breach): MetricView => {
      const breached = breach ? this.breached(breach) : false;
      return {
        key,
        labelKey: `${key}-label`,
        label,
        value,
        breached,
        valueClass: breached ? 'slds-text-color_error slds-text-title_bold' : ''
      };
    };
    return [
      metric('throughput', 'Throughput', `${formatNumber(health.throughputPerHour, 1)} calls/h`),
      metric('calls', 'Calls (24 h)', formatNumber(health.calls)),
      metric('errorRate', 'Error rate', formatPercent(health.errorRate), 'Error_Rate'),
      metric('p95', 'p95 latency', formatDuration(health.p95Ms), 'P95_Latency'),
      metric('outbox', 'Outbox depth', formatNumber(health.outboxDepth)),
      metric(
        'deadLetters',
        'Dead letters',
        formatNumber(health.deadLetterDepth),
        'Dead_Letter_Depth'
      ),
      metric('lastSuccess', 'Last success', formatDateTime(health.lastSuccessAt))
    ];
  }

  /** Resetting only makes sense when the circuit is not plainly closed. */
  get resetDisabled(): boolean {
    const state = this.endpoint?.circuitState;
    return this.busy || !this.endpoint || (!this.forcedOpen && (state === 'CLOSED' || !state));
  }

  get forceOpenDisabled(): boolean {
    return this.busy || !this.endpoint || this.forcedOpen;
  }

  get resetLabel(): string {
    return `Reset circuit of ${this.cardTitle}`;
  }

  get forceOpenLabel(): string {
    return `Force open circuit of ${this.cardTitle}`;
  }

  private emit(name: 'reset' | 'forceopen'): void {
    if (!this.endpoint) {
      return;
    }
    const detail: CircuitActionDetail = { endpoint: this.endpoint.endpoint, label: this.cardTitle };
    this.dispatchEvent(new CustomEvent<CircuitActionDetail>(name, { detail }));
  }

  handleReset(): void {
    this.emit('reset');
  }

  handleForceOpen(): void {
    this.emit('forceopen');
  }
}
