import { createElement } from 'lwc';
import ConduitHealth from 'c/conduitHealth';
import { refreshApex } from '@salesforce/apex';
import LightningConfirm from 'lightning/confirm';
import getHealth from '@salesforce/apex/ConduitHealthController.getHealth';
import resetCircuit from '@salesforce/apex/ConduitHealthController.resetCircuit';
import forceOpenCircuit from '@salesforce/apex/ConduitHealthController.forceOpenCircuit';
import SNAPSHOT from './data/healthSnapshot.json';
import EMPTY_SNAPSHOT from './data/healthSnapshotEmpty.json';
import { clearBody, flush, query } from '../../testing/dom';

jest.mock(
  '@salesforce/apex/ConduitHealthController.getHealth',
  () => {
    const { createApexTestWireAdapter } = jest.requireActual<
      typeof import('@salesforce/sfdx-lwc-jest')
    >('@salesforce/sfdx-lwc-jest');
    return { default: createApexTestWireAdapter(jest.fn()) };
  },
  { virtual: true }
);
jest.mock('@salesforce/apex/ConduitHealthController.resetCircuit', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/ConduitHealthController.forceOpenCircuit',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
  virtual: true
});
jest.mock('lightning/confirm', () => ({ __esModule: true, default: { open: jest.fn() } }));

const healthAdapter = getHealth as unknown as ConduitApexTestAdapter;
const mockReset = resetCircuit as unknown as jest.Mock;
const mockForceOpen = forceOpenCircuit as unknown as jest.Mock;
const mockRefresh = refreshApex as unknown as jest.Mock;
const mockConfirm = (LightningConfirm as unknown as { open: jest.Mock }).open;

const ACCESS_ERROR = {
  message: 'You do not have access to the Apex class named ConduitHealthController.'
};

function render(): HTMLElement {
  const element = createElement('c-conduit-health', { is: ConduitHealth });
  document.body.appendChild(element);
  return element;
}

function cards(
  element: HTMLElement
): Array<HTMLElement & { endpoint: { endpoint: string }; busy: boolean }> {
  return Array.from(element.shadowRoot?.querySelectorAll('c-endpoint-health-card') ?? []) as Array<
    HTMLElement & { endpoint: { endpoint: string }; busy: boolean }
  >;
}

function toasts(element: HTMLElement): jest.Mock {
  const handler = jest.fn();
  element.addEventListener('lightning__showtoast', handler);
  return handler;
}

async function renderWithData(): Promise<HTMLElement> {
  const element = render();
  healthAdapter.emit(SNAPSHOT);
  await flush();
  return element;
}

function cardEvent(
  name: 'reset' | 'forceopen',
  endpoint = 'Shipping_Rates',
  label = 'Shipping rates'
): CustomEvent {
  return new CustomEvent(name, { detail: { endpoint, label } });
}

describe('c-conduit-health', () => {
  afterEach(() => {
    clearBody();
    jest.clearAllMocks();
  });

  it('shows a spinner until the health arrives', async () => {
    const element = render();

    expect(query(element, '[data-id="loading"] lightning-spinner')).not.toBeNull();
    expect(cards(element)).toHaveLength(0);
    await expect(element).toBeAccessible();
  });

  it('shows one card per endpoint from a single call', async () => {
    const element = await renderWithData();

    expect(cards(element).map((card) => card.endpoint.endpoint)).toEqual([
      'Erp_Orders',
      'Shipping_Rates',
      'Tax_Service'
    ]);
    expect(query(element, '[data-id="summary"]')?.textContent?.trim()).toBe(
      '3 endpoints, 1 breaching a threshold. Updated Nov 27, 2026, 6:05 AM'
    );
    expect(query(element, '[data-id="loading"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the latest sync runs below the endpoint cards, from the same call', async () => {
    const element = await renderWithData();

    const runs = query<HTMLElement & { runs: Array<{ name: string }> }>(element, 'c-sync-runs');
    expect(runs?.runs.map((run) => run.name)).toEqual([
      'SR-000042',
      'SR-000041',
      'SR-000040',
      'SR-000039'
    ]);
    expect(query(element, '[data-id="cards"] ~ c-sync-runs')).toBe(runs);
    expect(runs?.shadowRoot?.querySelectorAll('[data-id="run-row"]')).toHaveLength(4);
    await expect(element).toBeAccessible();
  });

  it('shows no sync runs while loading or after an error', async () => {
    const element = render();
    expect(query(element, 'c-sync-runs')).toBeNull();

    healthAdapter.error(ACCESS_ERROR, 403, 'Forbidden');
    await flush();
    expect(query(element, 'c-sync-runs')).toBeNull();
  });

  it('says what to do when no endpoint is configured', async () => {
    const element = render();
    healthAdapter.emit(EMPTY_SNAPSHOT);
    await flush();

    expect(query(element, '[data-id="empty"]')?.textContent).toContain(
      'Add a Conduit Endpoint custom metadata record'
    );
    expect(cards(element)).toHaveLength(0);
    const runs = query(element, 'c-sync-runs');
    expect(runs?.shadowRoot?.querySelector('[data-id="empty"]')?.textContent).toContain(
      'No sync has run yet'
    );
    await expect(element).toBeAccessible();
  });

  it('shows an empty run list when the snapshot has none', async () => {
    const element = render();
    healthAdapter.emit({ generatedAt: SNAPSHOT.generatedAt, endpoints: SNAPSHOT.endpoints });
    await flush();

    expect(query<HTMLElement & { runs: unknown[] }>(element, 'c-sync-runs')?.runs).toEqual([]);
  });

  it('shows a readable error when the health cannot be read', async () => {
    const element = render();
    healthAdapter.error(ACCESS_ERROR, 403, 'Forbidden');
    await flush();

    const panel = query<HTMLElement & { errors: unknown; friendlyMessage: string }>(
      element,
      'c-error-panel'
    );
    expect(panel?.friendlyMessage).toContain('Conduit_Admin');
    expect(panel?.errors).toMatchObject({ body: ACCESS_ERROR, status: 403 });
    expect(cards(element)).toHaveLength(0);
    await expect(element).toBeAccessible();
  });

  it('refreshes in place without reloading the page', async () => {
    const element = await renderWithData();

    query(element, '[data-id="refresh"]')?.click();
    await flush();

    expect(mockRefresh).toHaveBeenCalledTimes(1);
    expect(mockRefresh.mock.calls[0][0]).toMatchObject({ data: SNAPSHOT });
    expect(
      query<HTMLElement & { disabled: boolean }>(element, '[data-id="refresh"]')?.disabled
    ).toBe(false);
  });

  it('reports a failed refresh in a toast', async () => {
    const element = await renderWithData();
    const toast = toasts(element);
    mockRefresh.mockRejectedValueOnce({ body: { message: 'Server unavailable' } });

    query(element, '[data-id="refresh"]')?.click();
    await flush();

    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'The health figures could not be refreshed.',
      message: 'Server unavailable',
      variant: 'error'
    });
  });

  it('resets a circuit after confirmation, then refreshes and confirms in a toast', async () => {
    const element = await renderWithData();
    const toast = toasts(element);
    mockConfirm.mockResolvedValue(true);
    mockReset.mockResolvedValue(undefined);

    cards(element)[1].dispatchEvent(cardEvent('reset'));
    await flush();

    expect(mockConfirm.mock.calls[0][0]).toMatchObject({ label: 'Reset circuit' });
    expect(mockConfirm.mock.calls[0][0].message).toContain('Shipping rates');
    expect(mockReset).toHaveBeenCalledWith({ endpoint: 'Shipping_Rates' });
    expect(mockRefresh).toHaveBeenCalledTimes(1);
    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'The circuit of Shipping rates is closed again.',
      variant: 'success'
    });
    expect(cards(element)[1].busy).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('marks the card busy while its action runs', async () => {
    const element = await renderWithData();
    mockConfirm.mockResolvedValue(true);
    let finish: () => void = () => undefined;
    mockReset.mockReturnValue(new Promise<void>((resolve) => (finish = resolve)));

    cards(element)[1].dispatchEvent(cardEvent('reset'));
    await flush();
    expect(cards(element).map((card) => card.busy)).toEqual([false, true, false]);

    finish();
    await flush();
    expect(cards(element)[1].busy).toBe(false);
  });

  it('does nothing when the admin cancels the confirmation', async () => {
    const element = await renderWithData();
    const toast = toasts(element);
    mockConfirm.mockResolvedValue(false);

    cards(element)[1].dispatchEvent(cardEvent('forceopen'));
    await flush();

    expect(mockForceOpen).not.toHaveBeenCalled();
    expect(mockRefresh).not.toHaveBeenCalled();
    expect(toast).not.toHaveBeenCalled();
  });

  it('shows why a reset failed and leaves the figures as they were', async () => {
    const element = await renderWithData();
    const toast = toasts(element);
    mockConfirm.mockResolvedValue(true);
    mockReset.mockRejectedValue({ body: { message: 'Insufficient access to Conduit_Circuit__c' } });

    cards(element)[1].dispatchEvent(cardEvent('reset'));
    await flush();

    expect(mockRefresh).not.toHaveBeenCalled();
    expect(toast.mock.calls[0][0].detail).toEqual({
      title: 'The circuit of Shipping rates could not be reset.',
      message: 'Insufficient access to Conduit_Circuit__c',
      variant: 'error',
      mode: 'sticky'
    });
    expect(cards(element)[1].busy).toBe(false);
  });

  it('forces a circuit open after confirmation', async () => {
    const element = await renderWithData();
    const toast = toasts(element);
    mockConfirm.mockResolvedValue(true);
    mockForceOpen.mockResolvedValue(undefined);

    cards(element)[0].dispatchEvent(cardEvent('forceopen', 'Erp_Orders', 'ERP orders'));
    await flush();

    expect(mockConfirm.mock.calls[0][0]).toMatchObject({ label: 'Force the circuit open' });
    expect(mockForceOpen).toHaveBeenCalledWith({ endpoint: 'Erp_Orders' });
    expect(mockRefresh).toHaveBeenCalledTimes(1);
    expect(toast.mock.calls[0][0].detail.variant).toBe('success');
  });

  it('shows why forcing open failed', async () => {
    const element = await renderWithData();
    const toast = toasts(element);
    mockConfirm.mockResolvedValue(true);
    mockForceOpen.mockRejectedValue(new Error('Unknown endpoint Erp_Orders'));

    cards(element)[0].dispatchEvent(cardEvent('forceopen', 'Erp_Orders', 'ERP orders'));
    await flush();

    expect(toast.mock.calls[0][0].detail).toMatchObject({
      title: 'The circuit of ERP orders could not be forced open.',
      message: 'Unknown endpoint Erp_Orders',
      variant: 'error'
    });
  });
});
