import { LightningElement, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LightningConfirm from 'lightning/confirm';
import getPage from '@salesforce/apex/ConduitDeadLetterController.getPage';
import replay from '@salesforce/apex/ConduitDeadLetterController.replay';
import discard from '@salesforce/apex/ConduitDeadLetterController.discard';
import { formatNumber } from 'c/conduitErrors';
import type {
  ActionResult,
  DeadLetterPage,
  DeadLetterQuery,
  DeadLetterRow
} from '../types/conduit-monitor';

// LightningConfirm's static open() is documented but missing from its published typings.
const confirmDialog = LightningConfirm as unknown as ConduitConfirmOpener;

type SortField = DeadLetterQuery['sortBy'];
type BulkAction = 'replay' | 'discard';

/** The server refuses more; the table never asks for it. */
const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 25;
const SORTABLE: ReadonlySet<string> = new Set<SortField>([
  'createdDate',
  'endpoint',
  'source',
  'status',
  'attempts',
  'lastStatusCode'
]);

interface Option {
  label: string;
  value: string;
}

interface Filters {
  endpoint: string;
  source: string;
  status: string;
  fromDate: string;
  toDate: string;
}

interface FailureView {
  key: string;
  text: string;
}

interface ActionSummary {
  text: string;
  failures: FailureView[];
}

const EMPTY_FILTERS: Filters = { endpoint: '', source: '', status: '', fromDate: '', toDate: '' };
/** The tab opens on what needs attention: the open dead letters. */
const INITIAL_FILTERS: Filters = { ...EMPTY_FILTERS, status: 'Open' };

const ANY: Option = { label: 'Any', value: '' };

const COLUMNS = [
  { label: 'Dead letter', fieldName: 'name', type: 'text' },
  { label: 'Endpoint', fieldName: 'endpoint', type: 'text', sortable: true },
  { label: 'Source', fieldName: 'source', type: 'text', sortable: true },
  { label: 'Status', fieldName: 'status', type: 'text', sortable: true },
  { label: 'Attempts', fieldName: 'attempts', type: 'number', sortable: true, initialWidth: 100 },
  {
    label: 'Last status',
    fieldName: 'lastStatusCode',
    type: 'number',
    sortable: true,
    initialWidth: 110
  },
  { label: 'Last error', fieldName: 'lastError', type: 'text' },
  {
    label: 'Created',
    fieldName: 'createdDate',
    type: 'date',
    sortable: true,
    typeAttributes: {
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit'
    }
  },
  {
    type: 'action',
    typeAttributes: {
      rowActions: [
        { label: 'View details', name: 'view' },
        { label: 'Replay', name: 'replay' },
        { label: 'Discard', name: 'discard' }
      ]
    }
  }
];

const VERBS: Record<
  BulkAction,
  { run: typeof replay; past: string; confirm: (n: string) => string; title: string }
> = {
  replay: {
    run: replay,
    past: 'replayed',
    title: 'Replay dead letters',
    confirm: (n) =>
      `Replay ${n}? Each goes back to the outbox with its original idempotency key and is sent again.`
  },
  discard: {
    run: discard,
    past: 'discarded',
    title: 'Discard dead letters',
    confirm: (n) => `Discard ${n}? They are kept for audit but will not be sent again.`
  }
};

function plural(count: number): string {
  return count === 1 ? '1 dead letter' : `${formatNumber(count)} dead letters`;
}

/**
 * The Dead Letters tab: filters, sorting and paging are done by the server (`getPage`, at most
 * 50 rows a request), so the table never loads everything. Selected rows can be replayed or
 * discarded after a confirmation; the result is summarised, failures listed, and the page read
 * again with `refreshApex`.
 */
export default class ConduitDeadLetters extends LightningElement {
  readonly columns = COLUMNS;
  readonly sourceOptions: Option[] = [
    ANY,
    ...['Outbound', 'Inbound', 'Event'].map((v) => ({ label: v, value: v }))
  ];
  readonly statusOptions: Option[] = [
    ANY,
    ...['Open', 'Replayed', 'Discarded'].map((v) => ({ label: v, value: v }))
  ];
  readonly pageSizeOptions: Option[] = [10, 25, MAX_PAGE_SIZE].map((n) => ({
    label: String(n),
    value: String(n)
  }));

  /** The filters as typed, applied with the Apply button. */
  filters: Filters = { ...INITIAL_FILTERS };
  filterError?: string;

  query: DeadLetterQuery = {
    endpoint: null,
    source: null,
    status: INITIAL_FILTERS.status,
    fromDate: null,
    toDate: null,
    sortBy: 'createdDate',
    sortDirection: 'desc',
    pageNumber: 1,
    pageSize: DEFAULT_PAGE_SIZE
  };

  pageResult?: ConduitWireResult<DeadLetterPage>;
  /** True from a new query until its page arrives. */
  loading = true;
  selectedIds: string[] = [];
  detailId?: string;
  running = false;
  summary?: ActionSummary;
  actionError?: unknown;
  actionErrorMessage?: string;

  @wire(getPage, { query: '$query' })
  wiredPage(result: ConduitWireResult<DeadLetterPage>): void {
    this.pageResult = result;
    if (result.data !== undefined || result.error !== undefined) {
      this.loading = false;
    }
  }

  // ---- page state -------------------------------------------------------------------------

  private get currentPage(): DeadLetterPage | undefined {
    return this.pageResult?.data;
  }

  get rows(): DeadLetterRow[] {
    return this.currentPage?.rows ?? [];
  }

  get error(): unknown {
    return this.pageResult?.error;
  }

  get showError(): boolean {
    return !this.loading && Boolean(this.error);
  }

  get showEmpty(): boolean {
    return !this.loading && !this.error && this.rows.length === 0;
  }

  /** The table shows its own spinner; this one covers the first load, before any row. */
  get showSpinner(): boolean {
    return this.loading && !this.showTable;
  }

  get showTable(): boolean {
    return !this.error && this.rows.length > 0;
  }

  get totalPages(): number {
    const total = this.currentPage?.totalCount ?? 0;
    return Math.max(1, Math.ceil(total / this.query.pageSize));
  }

  get pageText(): string {
    return `Page ${this.query.pageNumber} of ${this.totalPages} · ${plural(this.currentPage?.totalCount ?? 0)}`;
  }

  get previousDisabled(): boolean {
    return this.loading || this.query.pageNumber <= 1;
  }

  get nextDisabled(): boolean {
    return this.loading || this.query.pageNumber >= this.totalPages;
  }

  get pageSizeValue(): string {
    return String(this.query.pageSize);
  }

  get selectionText(): string {
    return this.selectedIds.length === 0
      ? 'No rows selected.'
      : `${plural(this.selectedIds.length)} selected on this page.`;
  }

  get actionsDisabled(): boolean {
    return this.running || this.selectedIds.length === 0;
  }

  get hasDetail(): boolean {
    return Boolean(this.detailId);
  }

  get tableColumnClass(): string {
    return this.detailId
      ? 'slds-col slds-size_1-of-1 slds-large-size_7-of-12'
      : 'slds-col slds-size_1-of-1';
  }

  // ---- filters, sort, paging ----------------------------------------------------------------

  private setQuery(changes: Partial<DeadLetterQuery>): void {
    const next = { ...this.query, ...changes };
    // The same query would be answered from the cache without a new delivery: keep the page
    // rather than wait for a value that never comes.
    if (JSON.stringify(next) === JSON.stringify(this.query)) {
      return;
    }
    this.query = next;
    this.loading = true;
    this.selectedIds = [];
  }

  handleFilterChange(event: CustomEvent<{ value: string }>): void {
    const name = (event.target as HTMLElement).dataset.filter as keyof Filters;
    this.filters = { ...this.filters, [name]: event.detail.value ?? '' };
  }

  handleApplyFilters(): void {
    const { endpoint, source, status, fromDate, toDate } = this.filters;
    if (fromDate && toDate && fromDate > toDate) {
      this.filterError = 'The "Created from" date must be on or before the "Created to" date.';
      return;
    }
    this.filterError = undefined;
    this.setQuery({
      endpoint: endpoint.trim() || null,
      source: source || null,
      status: status || null,
      fromDate: fromDate || null,
      toDate: toDate || null,
      pageNumber: 1
    });
  }

  handleClearFilters(): void {
    this.filters = { ...EMPTY_FILTERS };
    this.handleApplyFilters();
  }

  handleSort(event: CustomEvent<{ fieldName: string; sortDirection: 'asc' | 'desc' }>): void {
    const { fieldName, sortDirection } = event.detail;
    if (!SORTABLE.has(fieldName)) {
      return;
    }
    this.setQuery({ sortBy: fieldName as SortField, sortDirection, pageNumber: 1 });
  }

  handlePrevious(): void {
    this.setQuery({ pageNumber: Math.max(1, this.query.pageNumber - 1) });
  }

  handleNext(): void {
    this.setQuery({ pageNumber: Math.min(this.totalPages, this.query.pageNumber + 1) });
  }

  handlePageSize(event: CustomEvent<{ value: string }>): void {
    const size = Math.min(MAX_PAGE_SIZE, Number(event.detail.value) || DEFAULT_PAGE_SIZE);
    this.setQuery({ pageSize: size, pageNumber: 1 });
  }

  // ---- selection, detail, actions -----------------------------------------------------------

  handleRowSelection(event: CustomEvent<{ selectedRows: DeadLetterRow[] }>): void {
    this.selectedIds = event.detail.selectedRows.map((row) => row.id);
  }

  handleRowAction(
    event: CustomEvent<{ action: { name: string }; row: DeadLetterRow }>
  ): Promise<void> {
    const { action, row } = event.detail;
    if (action.name === 'view') {
      this.detailId = row.id;
      return Promise.resolve();
    }
    return this.runBulk(action.name === 'discard' ? 'discard' : 'replay', [row.id]);
  }

  handleCloseDetail(): void {
    this.detailId = undefined;
  }

  handleReplay(): Promise<void> {
    return this.runBulk('replay', this.selectedIds);
  }

  handleDiscard(): Promise<void> {
    return this.runBulk('discard', this.selectedIds);
  }

  private async runBulk(action: BulkAction, ids: string[]): Promise<void> {
    const verb = VERBS[action];
    const confirmed = await confirmDialog.open({
      label: verb.title,
      message: verb.confirm(plural(ids.length)),
      theme: action === 'discard' ? 'warning' : 'default'
    });
    if (!confirmed) {
      return;
    }
    this.running = true;
    this.summary = undefined;
    this.actionError = undefined;
    try {
      const result = await verb.run({ deadLetterIds: [...ids] });
      this.summary = this.summarise(result, verb.past);
      this.dispatchEvent(
        new ShowToastEvent({
          title: this.summary.text,
          variant: result.failures.length === 0 ? 'success' : 'warning'
        })
      );
      this.selectedIds = [];
      await this.refreshAll();
    } catch (error) {
      this.actionError = error;
      this.actionErrorMessage = `The dead letters could not be ${verb.past}.`;
    } finally {
      this.running = false;
    }
  }

  private summarise(result: ActionResult, past: string): ActionSummary {
    const names = new Map(this.rows.map((row) => [row.id, row.name]));
    return {
      text: `${formatNumber(result.succeeded)} of ${plural(result.requested)} ${past}.`,
      failures: result.failures.map((failure) => ({
        key: failure.id,
        text: `${names.get(failure.id) ?? failure.id}: ${failure.message}`
      }))
    };
  }

  private async refreshAll(): Promise<void> {
    const detail = this.template?.querySelector<HTMLElement & { refresh(): Promise<void> }>(
      'c-dead-letter-detail'
    );
    await Promise.all([refreshApex(this.pageResult), detail?.refresh()]);
  }

  get hasFailures(): boolean {
    return (this.summary?.failures.length ?? 0) > 0;
  }

  handleDismissSummary(): void {
    this.summary = undefined;
    this.actionError = undefined;
  }
}
