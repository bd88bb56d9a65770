import { createElement } from 'lwc';
import ConduitDeadLetters from 'c/conduitDeadLetters';
import { refreshApex } from '@salesforce/apex';
import LightningConfirm from 'lightning/confirm';
import getPage from '@salesforce/apex/ConduitDeadLetterController.getPage';
import replay from '@salesforce/apex/ConduitDeadLetterController.replay';
import discard from '@salesforce/apex/ConduitDeadLetterController.discard';
import type { DeadLetterQuery } from '../../types/conduit-monitor';
import PAGE from './data/deadLetterPage.json';
import LAST_PAGE from './data/deadLetterLastPage.json';
import EMPTY_PAGE from './data/deadLetterPageEmpty.json';
import ALL_DONE from './data/actionResultAll.json';
import PARTLY_DONE from './data/actionResultPartial.json';
import { byDataId, clearBody, flush, query } from '../../testing/dom';

jest.mock(
  '@salesforce/apex/ConduitDeadLetterController.getPage',
  () => {
    const { createApexTestWireAdapter } = jest.requireActual<
      typeof import('@salesforce/sfdx-lwc-jest')
    >('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/ConduitDeadLetterController.getDetail',
  () => {
    const { createApexTestWireAdapter } = jest.requireActual<
      typeof import('@salesforce/sfdx-lwc-jest')
    >('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/ConduitDeadLetterController.replay', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/ConduitDeadLetterController.discard', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
  virtual: true
});
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

const pageAdapter = getPage as unknown as ConduitApexTestAdapter;
const mockReplay = replay as unknown as jest.Mock;
const mockDiscard = discard as unknown as jest.Mock;
const mockRefresh = refreshApex as unknown as jest.Mock;
const mockConfirm = (LightningConfirm as unknown as { open: jest.Mock }).open;

type Datatable = HTMLElement & {
  data: unknown[];
  columns: Array<{ fieldName?: string; sortable?: boolean }>;
  sortedBy: string;
  sortedDirection: string;
  selectedRows: string[];
};
type Button = HTMLElement & { disabled: boolean };

function render(): HTMLElement {
  const element = createElement('c-conduit-dead-letters', { is: ConduitDeadLetters });
  document.body.appendChild(element);
  return element;
}

function byId<T extends Element = HTMLElement>(element: HTMLElement, id: string): T {
  const found = byDataId<T>(element, id);
  if (!found) {
    throw new Error(`nothing with data-id ${id}`);
  }
  return found;
}

function lastQuery(): DeadLetterQuery {
  return (pageAdapter.getLastConfig() as { query: DeadLetterQuery }).query;
}

async function renderWithPage(page: unknown = PAGE): Promise<HTMLElement> {
  const element = render();
  await flush();
  pageAdapter.emit(page);
  await flush();
  return element;
}

function select(element: HTMLElement, ids: string[]): Promise<void> {
  byId(element, 'table').dispatchEvent(
    new CustomEvent('rowselection', {
      detail: { selectedRows: PAGE.rows.filter((row) => ids.includes(row.id)) }
    })
  );
  return flush();
}

function change(target: Element, value: string): void {
  target.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

function filter(element: HTMLElement, name: string): HTMLElement {
  const found = query(element, `[data-filter="${name}"]`);
  if (!found) {
    throw new Error(`no ${name} filter`);
  }
  return found;
}

function toasts(element: HTMLElement): jest.Mock {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
}

const ALL_IDS = PAGE.rows.map((row) => row.id);

describe('c-conduit-dead-letters', () => {
  afterEach(() => {
    clearBody();
    jest.clearAllMocks();
  });

  describe('states', () => {
    it('shows a spinner until the first page arrives and asks for open dead letters', async () => {
      const element = render();
      await flush();

      expect(query(element, '[data-id="loading"]')).not.toBeNull();
      expect(query(element, '[data-id="table"]')).toBeNull();
      expect(lastQuery()).toEqual({
        endpoint: null,
        source: null,
        status: 'Open',
        fromDate: null,
        toDate: null,
        sortBy: 'createdDate',
        sortDirection: 'desc',
        pageNumber: 1,
        pageSize: 25
      });
      await expect(element).toBeAccessible();
    });

    it('shows a page of rows with server-side sorting and paging', async () => {
      const element = await renderWithPage();

      const table = byId<Datatable>(element, 'table');
      expect(table.data).toHaveLength(3);
      expect(table.sortedBy).toBe('createdDate');
      expect(table.sortedDirection).toBe('desc');
      expect(table.columns.filter((column) => column.sortable).map((c) => c.fieldName)).toEqual([
        'endpoint',
        'source',
        'status',
        'attempts',
        'lastStatusCode',
        'createdDate'
      ]);
      expect(byId(element, 'page-text').textContent).toBe('Page 1 of 3 · 60 dead letters');
      expect(byId<Button>(element, 'previous').disabled).toBe(true);
      expect(byId<Button>(element, 'next').disabled).toBe(false);
      expect(byId<Button>(element, 'replay').disabled).toBe(true);
      expect(query(element, '[data-id="loading"]')).toBeNull();
      await expect(element).toBeAccessible();
    });

    it('says when no dead letter matches', async () => {
      const element = await renderWithPage(EMPTY_PAGE);

      expect(byId(element, 'empty').textContent).toContain('No dead letters match these filters.');
      expect(query(element, '[data-id="table"]')).toBeNull();
      expect(byId(element, 'page-text').textContent).toBe('Page 1 of 1 · 0 dead letters');
      expect(byId<Button>(element, 'next').disabled).toBe(true);
      await expect(element).toBeAccessible();
    });

    it('shows a readable error when the page cannot be read', async () => {
      const element = render();
      await flush();
      pageAdapter.error({
        message: 'Insufficient permissions: secure query included inaccessible field'
      });
      await flush();

      const panel = byId<HTMLElement & { errors: unknown; friendlyMessage: string }>(
        element,
        'error'
      );
      expect(panel.friendlyMessage).toContain('could not be loaded');
      expect(panel.errors).toMatchObject({
        body: { message: 'Insufficient permissions: secure query included inaccessible field' }
      });
      expect(query(element, '[data-id="table"]')).toBeNull();
      await expect(element).toBeAccessible();
    });
  });

  describe('querying', () => {
    it('sorts on the server: a new query from page 1', async () => {
      const element = await renderWithPage();
      byId(element, 'next').click();
      await flush();

      byId(element, 'table').dispatchEvent(
        new CustomEvent('sort', { detail: { fieldName: 'attempts', sortDirection: 'asc' } })
      );
      await flush();

      expect(lastQuery()).toMatchObject({
        sortBy: 'attempts',
        sortDirection: 'asc',
        pageNumber: 1
      });
    });

    it('ignores a sort on a column the server cannot sort', async () => {
      const element = await renderWithPage();

      byId(element, 'table').dispatchEvent(
        new CustomEvent('sort', { detail: { fieldName: 'lastError', sortDirection: 'asc' } })
      );
      await flush();

      expect(lastQuery()).toMatchObject({ sortBy: 'createdDate', sortDirection: 'desc' });
    });

    it('pages forward and back one request at a time', async () => {
      const element = await renderWithPage();

      byId(element, 'next').click();
      await flush();
      expect(lastQuery().pageNumber).toBe(2);
      expect(byId<Button>(element, 'next').disabled).toBe(true);
      pageAdapter.emit({ ...PAGE, pageNumber: 2 });
      await flush();
      byId(element, 'next').click();
      await flush();
      pageAdapter.emit(LAST_PAGE);
      await flush();

      expect(lastQuery().pageNumber).toBe(3);
      expect(byId(element, 'page-text').textContent).toBe('Page 3 of 3 · 51 dead letters');
      expect(byId<Button>(element, 'next').disabled).toBe(true);
      expect(byId<Button>(element, 'previous').disabled).toBe(false);

      byId(element, 'previous').click();
      await flush();
      expect(lastQuery().pageNumber).toBe(2);
    });

    it('never asks for more than 50 rows', async () => {
      const element = await renderWithPage();
      byId(element, 'next').click();
      await flush();

      change(byId(element, 'page-size'), '50');
      await flush();
      expect(lastQuery()).toMatchObject({ pageSize: 50, pageNumber: 1 });

      change(byId(element, 'page-size'), '500');
      await flush();
      expect(lastQuery().pageSize).toBe(50);
    });

    it('applies the filters on the server and clears them', async () => {
      const element = await renderWithPage();

      change(filter(element, 'endpoint'), '  Shipping_Rates ');
      change(filter(element, 'source'), 'Outbound');
      change(filter(element, 'status'), 'Replayed');
      change(filter(element, 'fromDate'), '2026-11-01');
      change(filter(element, 'toDate'), '2026-11-27');
      byId(element, 'apply').click();
      await flush();

      expect(lastQuery()).toMatchObject({
        endpoint: 'Shipping_Rates',
        source: 'Outbound',
        status: 'Replayed',
        fromDate: '2026-11-01',
        toDate: '2026-11-27',
        pageNumber: 1
      });

      byId(element, 'clear').click();
      await flush();
      expect(lastQuery()).toMatchObject({
        endpoint: null,
        source: null,
        status: null,
        fromDate: null,
        toDate: null
      });
    });

    it('keeps the page when the filters did not change', async () => {
      const element = await renderWithPage();
      await select(element, [ALL_IDS[0]]);

      byId(element, 'apply').click();
      await flush();

      expect(lastQuery()).toMatchObject({ status: 'Open', pageNumber: 1 });
      expect(query(element, '[data-id="table"]')).not.toBeNull();
      expect(byId<Button>(element, 'replay').disabled).toBe(false);
    });

    it('refuses a date range that ends before it starts', async () => {
      const element = await renderWithPage();

      change(filter(element, 'fromDate'), '2026-11-27');
      change(filter(element, 'toDate'), '2026-11-01');
      byId(element, 'apply').click();
      await flush();

      expect(byId(element, 'filter-error').textContent).toContain('on or before');
      expect(lastQuery().fromDate).toBeNull();
      await expect(element).toBeAccessible();
    });
  });

  describe('replay and discard', () => {
    it('enables the actions for selected rows', async () => {
      const element = await renderWithPage();

      await select(element, ALL_IDS.slice(0, 2));

      expect(byId(element, 'selection').textContent).toBe('2 dead letters selected on this page.');
      expect(byId<Button>(element, 'replay').disabled).toBe(false);
      expect(byId<Button>(element, 'discard').disabled).toBe(false);
    });

    it('replays the selected rows after confirmation, summarises and refreshes', async () => {
      const element = await renderWithPage();
      const toast = toasts(element);
      mockConfirm.mockResolvedValue(true);
      mockReplay.mockResolvedValue(ALL_DONE);
      await select(element, ALL_IDS);

      byId(element, 'replay').click();
      await flush();

      expect(mockConfirm.mock.calls[0][0]).toMatchObject({ label: 'Replay dead letters' });
      expect(mockConfirm.mock.calls[0][0].message).toContain('Replay 3 dead letters?');
      expect(mockReplay).toHaveBeenCalledWith({ deadLetterIds: ALL_IDS });
      expect(byId(element, 'summary-text').textContent).toBe('3 of 3 dead letters replayed.');
      expect(query(element, '[data-id="failure"]')).toBeNull();
      expect(toast.mock.calls[0][0].detail).toMatchObject({ variant: 'success' });
      expect(mockRefresh).toHaveBeenCalledTimes(1);
      expect(mockRefresh.mock.calls[0][0]).toMatchObject({ data: PAGE });
      expect(byId(element, 'selection').textContent).toBe('No rows selected.');
      await expect(element).toBeAccessible();
    });

    it('lists the rows a replay could not change', async () => {
      const element = await renderWithPage();
      const toast = toasts(element);
      mockConfirm.mockResolvedValue(true);
      mockReplay.mockResolvedValue(PARTLY_DONE);
      await select(element, ALL_IDS);

      byId(element, 'replay').click();
      await flush();

      expect(byId(element, 'summary-text').textContent).toBe('2 of 3 dead letters replayed.');
      const failures = element.shadowRoot?.querySelectorAll('[data-id="failure"]') ?? [];
      expect(Array.from(failures).map((item) => item.textContent)).toEqual([
        'DL-000002: Only open dead letters can be replayed.'
      ]);
      expect(toast.mock.calls[0][0].detail.variant).toBe('warning');
      await expect(element).toBeAccessible();

      byId(element, 'dismiss').click();
      await flush();
      expect(query(element, '[data-id="summary"]')).toBeNull();
    });

    it('shows why a replay failed and changes nothing on screen', async () => {
      const element = await renderWithPage();
      mockConfirm.mockResolvedValue(true);
      mockReplay.mockRejectedValue({ body: { message: 'You cannot replay dead letters.' } });
      await select(element, ALL_IDS);

      byId(element, 'replay').click();
      await flush();

      const panel = byId<HTMLElement & { errors: unknown; friendlyMessage: string }>(
        element,
        'action-error'
      );
      expect(panel.friendlyMessage).toBe('The dead letters could not be replayed.');
      expect(panel.errors).toEqual({ body: { message: 'You cannot replay dead letters.' } });
      expect(mockRefresh).not.toHaveBeenCalled();
      expect(byId<Button>(element, 'replay').disabled).toBe(false);
      await expect(element).toBeAccessible();
    });

    it('discards the selected rows after confirmation', async () => {
      const element = await renderWithPage();
      mockConfirm.mockResolvedValue(true);
      mockDiscard.mockResolvedValue({ requested: 1, succeeded: 1, failures: [] });
      await select(element, [ALL_IDS[2]]);

      byId(element, 'discard').click();
      await flush();

      expect(mockConfirm.mock.calls[0][0]).toMatchObject({
        label: 'Discard dead letters',
        theme: 'warning'
      });
      expect(mockConfirm.mock.calls[0][0].message).toContain('Discard 1 dead letter?');
      expect(mockDiscard).toHaveBeenCalledWith({ deadLetterIds: [ALL_IDS[2]] });
      expect(byId(element, 'summary-text').textContent).toBe('1 of 1 dead letter discarded.');
      expect(mockRefresh).toHaveBeenCalledTimes(1);
    });

    it('shows why a discard failed', async () => {
      const element = await renderWithPage();
      mockConfirm.mockResolvedValue(true);
      mockDiscard.mockRejectedValue(new Error('Network error'));
      await select(element, ALL_IDS);

      byId(element, 'discard').click();
      await flush();

      const panel = byId<HTMLElement & { errors: unknown; friendlyMessage: string }>(
        element,
        'action-error'
      );
      expect(panel.friendlyMessage).toBe('The dead letters could not be discarded.');
      expect(mockRefresh).not.toHaveBeenCalled();
    });

    it('does nothing when the admin cancels', async () => {
      const element = await renderWithPage();
      mockConfirm.mockResolvedValue(false);
      await select(element, ALL_IDS);

      byId(element, 'discard').click();
      await flush();

      expect(mockDiscard).not.toHaveBeenCalled();
      expect(query(element, '[data-id="summary"]')).toBeNull();
    });

    it('replays or discards one row from its row actions', async () => {
      const element = await renderWithPage();
      mockConfirm.mockResolvedValue(true);
      mockReplay.mockResolvedValue({ requested: 1, succeeded: 1, failures: [] });
      mockDiscard.mockResolvedValue({ requested: 1, succeeded: 1, failures: [] });

      byId(element, 'table').dispatchEvent(
        new CustomEvent('rowaction', { detail: { action: { name: 'replay' }, row: PAGE.rows[1] } })
      );
      await flush();
      byId(element, 'table').dispatchEvent(
        new CustomEvent('rowaction', { detail: { action: { name: 'discard' }, row: PAGE.rows[0] } })
      );
      await flush();

      expect(mockReplay).toHaveBeenCalledWith({ deadLetterIds: [ALL_IDS[1]] });
      expect(mockDiscard).toHaveBeenCalledWith({ deadLetterIds: [ALL_IDS[0]] });
    });
  });

  describe('detail panel', () => {
    it('opens from a row action, refreshes after an action and closes', async () => {
      const element = await renderWithPage();
      mockConfirm.mockResolvedValue(true);
      mockReplay.mockResolvedValue(ALL_DONE);

      byId(element, 'table').dispatchEvent(
        new CustomEvent('rowaction', { detail: { action: { name: 'view' }, row: PAGE.rows[0] } })
      );
      await flush();
      const detail = query<HTMLElement & { deadLetterId: string }>(element, 'c-dead-letter-detail');
      expect(detail?.deadLetterId).toBe(ALL_IDS[0]);
      await expect(element).toBeAccessible();

      await select(element, ALL_IDS);
      byId(element, 'replay').click();
      await flush();
      // The page and the open detail are both read again.
      expect(mockRefresh).toHaveBeenCalledTimes(2);

      detail?.dispatchEvent(new CustomEvent('close'));
      await flush();
      expect(query(element, 'c-dead-letter-detail')).toBeNull();
    });
  });
});
