import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import { NO_VALUE, formatDateTime, formatDuration, formatNumber, tracePage } from 'c/conduitErrors';
import type { SyncRunStatus, SyncRunSummary } from '../types/conduit-monitor';

interface StatusView {
  readonly label: string;
  readonly icon: string;
  /** lightning-icon variant; the colour only repeats what the label says. */
  readonly variant?: 'success' | 'warning' | 'error';
}

/** One table row, everything already in words. */
export interface SyncRunRow {
  readonly key: string;
  readonly name: string;
  readonly recordUrl: string;
  readonly openRunLabel: string;
  readonly syncName: string;
  readonly mode: string;
  readonly statusLabel: string;
  readonly statusIcon: string;
  readonly statusVariant?: string;
  readonly started: string;
  readonly duration: string;
  readonly scanned: string;
  readonly sent: string;
  readonly failed: string;
  readonly deadLettered: string;
  readonly drifted: string;
  readonly fixed: string;
  readonly endpoint: string;
  readonly traceId: string | null;
  readonly openTraceLabel: string;
}

const STATUS_VIEWS: Record<SyncRunStatus, StatusView> = {
  Running: { label: 'Running', icon: 'utility:sync' },
  Completed: { label: 'Completed', icon: 'utility:success', variant: 'success' },
  Completed_With_Failures: {
    label: 'Completed with failures',
    icon: 'utility:warning',
    variant: 'warning'
  },
  Failed: { label: 'Failed', icon: 'utility:error', variant: 'error' }
};

function statusView(status: string | null): StatusView {
  if (status !== null && Object.prototype.hasOwnProperty.call(STATUS_VIEWS, status)) {
    return STATUS_VIEWS[status as SyncRunStatus];
  }
  return { label: status || 'Unknown', icon: 'utility:question' };
}

function duration(run: SyncRunSummary): string {
  const started = run.startedAt ? Date.parse(run.startedAt) : Number.NaN;
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : Number.NaN;
  if (!Number.isNaN(started) && !Number.isNaN(finished)) {
    return formatDuration(Math.max(0, finished - started));
  }
  return run.status === 'Running' ? 'Still running' : NO_VALUE;
}

/**
 * The latest batch sync runs (`Conduit_Sync_Run__c`) as a table: status in words and an icon,
 * the counts, how long each run took, a link to the run record and a button that opens the
 * run's trace on the Traces tab (`c__traceId`). It only shows what it is given.
 */
export default class SyncRuns extends NavigationMixin(LightningElement) {
  /** The runs to show, newest first (`SyncRunSummary`). */
  @api runs?: SyncRunSummary[] | null;

  get hasRuns(): boolean {
    return (this.runs?.length ?? 0) > 0;
  }

  get caption(): string {
    const count = this.runs?.length ?? 0;
    return count === 1 ? 'The latest sync run' : `The ${count} latest sync runs, newest first`;
  }

  get rows(): SyncRunRow[] {
    return (this.runs ?? []).map((run) => {
      const status = statusView(run.status);
      const syncName = run.syncName || NO_VALUE;
      return {
        key: run.id,
        name: run.name,
        recordUrl: `/lightning/r/Conduit_Sync_Run__c/${run.id}/view`,
        openRunLabel: `Open sync run ${run.name} (${syncName})`,
        syncName,
        mode: run.mode || NO_VALUE,
        statusLabel: status.label,
        statusIcon: status.icon,
        statusVariant: status.variant,
        started: formatDateTime(run.startedAt),
        duration: duration(run),
        scanned: formatNumber(run.scanned),
        sent: formatNumber(run.sent),
        failed: formatNumber(run.failed),
        deadLettered: formatNumber(run.deadLettered),
        drifted: formatNumber(run.drifted),
        fixed: formatNumber(run.fixed),
        endpoint: run.endpoint || NO_VALUE,
        traceId: run.traceId || null,
        openTraceLabel: `Open the trace of sync run ${run.name}`
      };
    });
  }

  handleOpenTrace(event: Event): void {
    const traceId = (event.currentTarget as HTMLElement).dataset.traceId;
    if (traceId) {
      this[NavigationMixin.Navigate](tracePage(traceId));
    }
  }
}
