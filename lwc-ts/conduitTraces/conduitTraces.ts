import { LightningElement, wire } from 'lwc';
import { CurrentPageReference, NavigationMixin } from 'lightning/navigation';
import type { PageReference } from 'lightning/navigation';
import findTraces from '@salesforce/apex/ConduitTraceController.findTraces';
import getTrace from '@salesforce/apex/ConduitTraceController.getTrace';
import { TRACE_ID_PARAM, TRACES_TAB, formatDateTime } from 'c/conduitErrors';
import { outcomeView } from 'c/traceWaterfall';
import type { TraceSummary, TraceView } from '../types/conduit-monitor';

type SearchState = 'idle' | 'loading' | 'results' | 'empty' | 'error';

/** A search result as the list shows it. */
interface ResultView {
  traceId: string;
  startedAt: string;
  spans: string;
  outcomeLabel: string;
  outcomeIcon: string;
  ariaCurrent: string | null;
  buttonLabel: string;
}

/**
 * The Traces tab: finds traces by trace id, idempotency key or record id, and shows the one the
 * admin picks as a waterfall. The open trace is kept in the URL (`c__traceId`), so a trace can be
 * linked to, bookmarked and reached with the browser's back button.
 */
export default class ConduitTraces extends NavigationMixin(LightningElement) {
  searchTerm = '';
  searchState: SearchState = 'idle';
  searchError: unknown = null;
  lastSearched = '';
  results: TraceSummary[] = [];

  selectedTraceId: string | null = null;
  trace: TraceView | null = null;
  traceLoading = false;
  traceError: unknown = null;

  private pageRef: PageReference | null = null;
  private searchRequest = 0;
  private traceRequest = 0;

  @wire(CurrentPageReference)
  handlePageReference(pageRef: PageReference | undefined): void {
    this.pageRef = pageRef ?? null;
    const linked = pageRef?.state?.[TRACE_ID_PARAM]?.trim() || null;
    if (linked === this.selectedTraceId) {
      return;
    }
    if (linked) {
      if (!this.searchTerm) {
        this.searchTerm = linked;
      }
      this.loadTrace(linked);
    } else {
      // Back to the tab without a trace in the URL: close the one that was open.
      this.closeTrace();
    }
  }

  get searchDisabled(): boolean {
    return this.searchTerm.trim() === '' || this.searchState === 'loading';
  }

  get isIdle(): boolean {
    return this.searchState === 'idle' && !this.hasTracePanel;
  }

  get isSearching(): boolean {
    return this.searchState === 'loading';
  }

  get hasResults(): boolean {
    return this.searchState === 'results';
  }

  get hasNoResults(): boolean {
    return this.searchState === 'empty';
  }

  get hasSearchError(): boolean {
    return this.searchState === 'error';
  }

  get noResultsMessage(): string {
    return `No trace matches "${this.lastSearched}". Check the id, or search by another of the trace id, idempotency key or record id.`;
  }

  get resultsLabel(): string {
    const count = this.results.length;
    return `${count} trace${count === 1 ? '' : 's'} found for "${this.lastSearched}"`;
  }

  get resultViews(): ResultView[] {
    return this.results.map((summary) => {
      const outcome = outcomeView(summary.outcome);
      const startedAt = formatDateTime(summary.startedAt);
      const spans = `${summary.spanCount} span${summary.spanCount === 1 ? '' : 's'}`;
      return {
        traceId: summary.traceId,
        startedAt,
        spans,
        outcomeLabel: outcome.label,
        outcomeIcon: outcome.icon,
        ariaCurrent: summary.traceId === this.selectedTraceId ? 'true' : null,
        buttonLabel: `Open trace ${summary.traceId}`
      };
    });
  }

  get hasTracePanel(): boolean {
    return this.selectedTraceId !== null;
  }

  get hasTrace(): boolean {
    return !this.traceLoading && this.traceError === null && this.trace !== null;
  }

  get hasTraceError(): boolean {
    return !this.traceLoading && this.traceError !== null;
  }

  get traceNotFound(): boolean {
    return (
      this.hasTracePanel && !this.traceLoading && this.traceError === null && this.trace === null
    );
  }

  get traceNotFoundMessage(): string {
    return `No trace with id "${this.selectedTraceId ?? ''}" was found. Its logs may have been purged by retention.`;
  }

  get traceHeading(): string {
    return `Trace ${this.selectedTraceId ?? ''}`;
  }

  handleTermChange(event: CustomEvent<{ value?: string }>): void {
    this.searchTerm = event.detail?.value ?? '';
  }

  handleKeyDown(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      event.preventDefault();
      this.search();
    }
  }

  handleSearch(): void {
    this.search();
  }

  handleSelect(event: Event): void {
    const traceId = (event.currentTarget as HTMLElement).dataset.traceId;
    if (traceId) {
      this.openTrace(traceId);
    }
  }

  handleRetryTrace(): void {
    if (this.selectedTraceId) {
      this.loadTrace(this.selectedTraceId);
    }
  }

  handleCloseTrace(): void {
    this.closeTrace();
    this.navigateTo(null);
  }

  private async search(): Promise<void> {
    const term = this.searchTerm.trim();
    if (term === '' || this.searchState === 'loading') {
      return;
    }
    const request = ++this.searchRequest;
    this.searchState = 'loading';
    this.searchError = null;
    this.lastSearched = term;
    try {
      const found = (await findTraces({ searchTerm: term })) ?? [];
      if (request !== this.searchRequest) {
        return;
      }
      this.results = found;
      this.searchState = found.length > 0 ? 'results' : 'empty';
      // A trace id matches one trace: open it rather than make the admin click it.
      if (found.length === 1) {
        this.openTrace(found[0].traceId);
      }
    } catch (error) {
      if (request === this.searchRequest) {
        this.results = [];
        this.searchError = error;
        this.searchState = 'error';
      }
    }
  }

  private openTrace(traceId: string): void {
    if (traceId === this.selectedTraceId && this.traceError === null) {
      return;
    }
    this.loadTrace(traceId);
    this.navigateTo(traceId);
  }

  private async loadTrace(traceId: string): Promise<void> {
    const request = ++this.traceRequest;
    this.selectedTraceId = traceId;
    this.trace = null;
    this.traceError = null;
    this.traceLoading = true;
    try {
      const loaded = await getTrace({ traceId });
      if (request === this.traceRequest) {
        this.trace = loaded ?? null;
      }
    } catch (error) {
      if (request === this.traceRequest) {
        this.traceError = error;
      }
    } finally {
      if (request === this.traceRequest) {
        this.traceLoading = false;
      }
    }
  }

  private closeTrace(): void {
    this.traceRequest++;
    this.selectedTraceId = null;
    this.trace = null;
    this.traceError = null;
    this.traceLoading = false;
  }

  /** Keeps the open trace in the URL so the page can be linked to and the back button works. */
  private navigateTo(traceId: string | null): void {
    const base = this.pageRef ?? TRACES_TAB;
    const state: Record<string, string | undefined> = { ...(base.state ?? {}) };
    if (traceId) {
      state[TRACE_ID_PARAM] = traceId;
    } else {
      delete state[TRACE_ID_PARAM];
    }
    this[NavigationMixin.Navigate]({ ...base, state });
  }
}
