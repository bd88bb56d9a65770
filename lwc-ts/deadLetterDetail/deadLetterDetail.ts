import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getDetail from '@salesforce/apex/ConduitDeadLetterController.getDetail';
import { formatDateTime, formatDuration, NO_VALUE } from 'c/conduitErrors';
import type { DeadLetterDetail as Detail } from '../types/conduit-monitor';

interface FieldView {
  readonly key: string;
  readonly valueKey: string;
  readonly label: string;
  readonly value: string;
}

interface AttemptView {
  readonly key: string;
  readonly at: string;
  readonly attempt: string;
  readonly outcome: string;
  readonly statusCode: string;
  readonly duration: string;
  readonly message: string;
}

function text(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? NO_VALUE : String(value);
}

/** JSON payloads are indented so nested objects can be read; anything else is shown as stored. */
export function prettyPayload(payload: string | null | undefined): string | undefined {
  if (!payload) {
    return undefined;
  }
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/**
 * Everything known about one dead letter: its fields, the pretty-printed payload, the headers,
 * the whole last error and the attempts logged under its idempotency key. It reads the dead
 * letter itself (`getDetail`), so it also works on its own, and emits `close` when the admin
 * closes it.
 */
export default class DeadLetterDetail extends LightningElement {
  /** Id of the `Conduit_Dead_Letter__c` to show. */
  @api deadLetterId?: string;

  @wire(getDetail, { deadLetterId: '$deadLetterId' }) detail?: ConduitWireResult<Detail>;

  /**
   * Reads the dead letter again (after a replay or discard changed it).
   *
   * @returns resolves when the new detail is shown
   */
  @api
  refresh(): Promise<void> {
    return this.detail ? refreshApex(this.detail) : Promise.resolve();
  }

  private get data(): Detail | undefined {
    return this.detail?.data;
  }

  get isLoading(): boolean {
    return Boolean(this.deadLetterId) && !this.data && !this.detail?.error;
  }

  get error(): unknown {
    return this.detail?.error;
  }

  get hasData(): boolean {
    return Boolean(this.data);
  }

  get heading(): string {
    return this.data ? `Dead letter ${this.data.name}` : 'Dead letter';
  }

  get fields(): FieldView[] {
    const detail = this.data;
    if (!detail) {
      return [];
    }
    const field = (key: string, label: string, value: string): FieldView => ({
      key,
      valueKey: `${key}-value`,
      label,
      value
    });
    return [
      field('status', 'Status', text(detail.status)),
      field('endpoint', 'Endpoint', text(detail.endpoint)),
      field('source', 'Source', text(detail.source)),
      field('reason', 'Reason', text(detail.reason)),
      field(
        'request',
        'Request',
        detail.method || detail.path ? `${text(detail.method)} ${text(detail.path)}` : NO_VALUE
      ),
      field('subscriber', 'Subscriber', text(detail.subscriber)),
      field('replayId', 'Event replay id', text(detail.replayId)),
      field('attempts', 'Attempts', text(detail.attempts)),
      field('lastStatusCode', 'Last status code', text(detail.lastStatusCode)),
      field('idempotencyKey', 'Idempotency key', text(detail.idempotencyKey)),
      field('traceId', 'Trace id', text(detail.traceId)),
      field('createdDate', 'Created', formatDateTime(detail.createdDate))
    ];
  }

  get payload(): string | undefined {
    return prettyPayload(this.data?.payload);
  }

  get headers(): Array<{ key: string; name: string; value: string }> {
    return (this.data?.headers ?? []).map((header, index) => ({
      key: `header-${index}`,
      name: header.name,
      value: header.value
    }));
  }

  get hasHeaders(): boolean {
    return this.headers.length > 0;
  }

  get errorText(): string | null | undefined {
    return this.data?.error || this.data?.lastError;
  }

  get attempts(): AttemptView[] {
    return (this.data?.history ?? []).map((attempt, index) => ({
      key: `attempt-${index}`,
      at: formatDateTime(attempt.at),
      attempt: text(attempt.attempt),
      outcome: text(attempt.outcome),
      statusCode: text(attempt.statusCode),
      duration: formatDuration(attempt.durationMs),
      message: text(attempt.message)
    }));
  }

  get hasAttempts(): boolean {
    return this.attempts.length > 0;
  }

  handleClose(): void {
    this.dispatchEvent(new CustomEvent('close'));
  }
}
