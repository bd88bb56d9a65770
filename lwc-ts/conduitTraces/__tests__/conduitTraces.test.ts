import { createElement } from 'lwc';
import * as navigation from 'lightning/navigation';
import type { PageReference } from 'lightning/navigation';
import findTraces from '@salesforce/apex/ConduitTraceController.findTraces';
import getTrace from '@salesforce/apex/ConduitTraceController.getTrace';
import ConduitTraces from 'c/conduitTraces';
import type { TraceSummary, TraceView } from '../../types/conduit-monitor';
import { byDataId, clearBody, flush } from '../../testing/dom';

// The sfdx-lwc-jest navigation stub, with Navigate recording the page references it is given.
jest.mock('lightning/navigation', () => {
  type Mixin = (<T>(base: T) => T) & { Navigate: symbol; GenerateUrl: symbol };
  const actual = jest.requireActual<{ NavigationMixin: Mixin }>('lightning/navigation');
  const mockNavigate = jest.fn();
  const NavigationMixin = (<T extends new () => object>(base: T) =>
    class extends (actual.NavigationMixin(base) as new () => object) {
      [actual.NavigationMixin.Navigate](pageReference: unknown, replace?: boolean): void {
        mockNavigate(pageReference, replace);
      }
    }) as unknown as Mixin;
  NavigationMixin.Navigate = actual.NavigationMixin.Navigate;
  NavigationMixin.GenerateUrl = actual.NavigationMixin.GenerateUrl;
  return { ...actual, NavigationMixin, mockNavigate };
});
jest.mock('@salesforce/apex/ConduitTraceController.findTraces', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/ConduitTraceController.getTrace', () => ({ default: jest.fn() }), {
  virtual: true
});

const mockFindTraces = findTraces as unknown as jest.Mock;
const mockGetTrace = getTrace as unknown as jest.Mock;
/** The page reference wire of the sfdx-lwc-jest navigation stub (a test wire adapter). */
const pageReference = navigation.CurrentPageReference as unknown as {
  emit(value: PageReference): void;
};
const navigate = (navigation as unknown as { mockNavigate: jest.Mock }).mockNavigate;

const SUMMARIES: TraceSummary[] = [
  { traceId: 'trace-1', startedAt: '2026-11-27T10:00:00.000Z', spanCount: 3, outcome: 'SUCCESS' },
  { traceId: 'trace-2', startedAt: '2026-11-27T11:00:00.000Z', spanCount: 1, outcome: 'PERMANENT' }
];

const TRACE: TraceView = {
  traceId: 'trace-1',
  startedAt: '2026-11-27T10:00:00.000Z',
  durationMs: 120,
  truncated: false,
  spans: [
    {
      spanId: 'a',
      parentSpanId: null,
      source: 'Outbound',
      name: 'POST Billing',
      endpoint: 'Billing',
      level: 'INFO',
      outcome: 'SUCCESS',
      statusCode: 201,
      startedAt: '2026-11-27T10:00:00.000Z',
      durationMs: 120,
      recordId: null,
      idempotencyKey: 'key-1'
    }
  ]
};

const TAB_PAGE: PageReference = {
  type: 'standard__navItemPage',
  attributes: { apiName: 'Conduit_Traces' },
  state: {}
};

function render(): HTMLElement {
  const element = createElement('c-conduit-traces', { is: ConduitTraces });
  document.body.appendChild(element);
  return element;
}

function findAll(element: HTMLElement, selector: string): HTMLElement[] {
  return Array.from(element.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? []);
}

async function typeAndSearch(
  element: HTMLElement,
  term: string,
  how: 'click' | 'enter'
): Promise<void> {
  const input = byDataId(element, 'search-input') as HTMLElement;
  input.dispatchEvent(new CustomEvent('change', { detail: { value: term } }));
  await Promise.resolve();
  if (how === 'click') {
    byDataId(element, 'search-button')?.click();
  } else {
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
  }
}

describe('c-conduit-traces', () => {
  afterEach(() => {
    clearBody();
    navigate.mockReset();
    mockFindTraces.mockReset();
    mockGetTrace.mockReset();
  });

  it('starts idle with a labelled search and a disabled Search button', async () => {
    const element = render();

    expect(byDataId(element, 'idle')).not.toBeNull();
    const input = byDataId<HTMLElement & { label?: string; type?: string }>(
      element,
      'search-input'
    );
    expect(input?.label).toBe('Trace id, idempotency key or record id');
    expect(input?.type).toBe('search');
    expect(byDataId<HTMLElement & { disabled?: boolean }>(element, 'search-button')?.disabled).toBe(
      true
    );
    await expect(element).toBeAccessible();
  });

  it('does not search for blank text', async () => {
    const element = render();

    await typeAndSearch(element, '   ', 'enter');
    await flush();

    expect(mockFindTraces).not.toHaveBeenCalled();
    expect(byDataId(element, 'idle')).not.toBeNull();
  });

  it('shows a spinner while searching', async () => {
    mockFindTraces.mockReturnValue(new Promise(() => undefined));
    const element = render();

    await typeAndSearch(element, 'key-1', 'click');
    await Promise.resolve();

    expect(byDataId(element, 'searching')).not.toBeNull();
    expect(byDataId(element, 'idle')).toBeNull();
    expect(byDataId<HTMLElement & { disabled?: boolean }>(element, 'search-button')?.disabled).toBe(
      true
    );
    await expect(element).toBeAccessible();
  });

  it('lists the traces found, with time, span count and outcome as text', async () => {
    mockFindTraces.mockResolvedValue(SUMMARIES);
    const element = render();

    await typeAndSearch(element, '  a01000000000001AAA ', 'click');
    await flush();

    expect(mockFindTraces).toHaveBeenCalledWith({ searchTerm: 'a01000000000001AAA' });
    expect(byDataId(element, 'results-heading')?.textContent?.trim()).toBe(
      '2 traces found for "a01000000000001AAA"'
    );
    const items = findAll(element, '[data-id="results"] button');
    expect(items.map((item) => item.dataset.traceId)).toEqual(['trace-1', 'trace-2']);
    expect(items[0].textContent).toContain('3 spans');
    expect(items[0].textContent).toContain('Success');
    expect(items[1].textContent).toContain('1 span');
    expect(items[1].textContent).toContain('Permanent failure');
    expect(mockGetTrace).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('searches when Enter is pressed in the search box', async () => {
    mockFindTraces.mockResolvedValue(SUMMARIES);
    const element = render();

    await typeAndSearch(element, 'key-1', 'enter');
    await flush();

    expect(mockFindTraces).toHaveBeenCalledWith({ searchTerm: 'key-1' });
  });

  it('ignores other keys', async () => {
    const element = render();

    const input = byDataId(element, 'search-input') as HTMLElement;
    input.dispatchEvent(new CustomEvent('change', { detail: { value: 'key-1' } }));
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await flush();

    expect(mockFindTraces).not.toHaveBeenCalled();
  });

  it('says nothing matched, and how to search instead', async () => {
    mockFindTraces.mockResolvedValue([]);
    const element = render();

    await typeAndSearch(element, 'nothing-here', 'click');
    await flush();

    expect(byDataId(element, 'no-results')?.textContent).toContain(
      'No trace matches "nothing-here"'
    );
    expect(byDataId(element, 'results')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows a failed search through the error panel', async () => {
    mockFindTraces.mockRejectedValue({
      body: { message: 'Insufficient access to Conduit_Log__c' }
    });
    const element = render();

    await typeAndSearch(element, 'key-1', 'click');
    await flush();

    const panel = byDataId<HTMLElement & { errors?: unknown; friendlyMessage?: string }>(
      element,
      'search-error'
    );
    expect(panel?.errors).toEqual({ body: { message: 'Insufficient access to Conduit_Log__c' } });
    expect(panel?.friendlyMessage).toContain('The search failed');
    await expect(element).toBeAccessible();
  });

  it('opens a trace from the results and puts its id in the URL', async () => {
    mockFindTraces.mockResolvedValue(SUMMARIES);
    mockGetTrace.mockResolvedValue(TRACE);
    const element = render();
    pageReference.emit(TAB_PAGE);
    await typeAndSearch(element, 'a01000000000001AAA', 'click');
    await flush();

    findAll(element, '[data-id="results"] button')[0].click();
    await flush();

    expect(mockGetTrace).toHaveBeenCalledWith({ traceId: 'trace-1' });
    expect(navigate).toHaveBeenCalledWith(
      { ...TAB_PAGE, state: { c__traceId: 'trace-1' } },
      undefined
    );
    const waterfall = byDataId<HTMLElement & { trace?: TraceView }>(element, 'waterfall');
    expect(waterfall?.trace).toEqual(TRACE);
    const current = findAll(element, '[data-id="results"] button[aria-current="true"]');
    expect(current.map((item) => item.dataset.traceId)).toEqual(['trace-1']);
    await expect(element).toBeAccessible();
  });

  it('opens the only trace found without a click', async () => {
    mockFindTraces.mockResolvedValue([SUMMARIES[0]]);
    mockGetTrace.mockResolvedValue(TRACE);
    const element = render();

    await typeAndSearch(element, 'trace-1', 'click');
    await flush();

    expect(mockGetTrace).toHaveBeenCalledWith({ traceId: 'trace-1' });
    // Without a page reference yet, the link points at the Traces tab.
    expect(navigate).toHaveBeenCalledWith(
      {
        type: 'standard__navItemPage',
        attributes: { apiName: 'Conduit_Traces' },
        state: { c__traceId: 'trace-1' }
      },
      undefined
    );
    expect(byDataId(element, 'waterfall')).not.toBeNull();
  });

  it('does not reload the trace that is already open', async () => {
    mockFindTraces.mockResolvedValue(SUMMARIES);
    mockGetTrace.mockResolvedValue(TRACE);
    const element = render();
    await typeAndSearch(element, 'x', 'click');
    await flush();
    findAll(element, '[data-id="results"] button')[0].click();
    await flush();

    findAll(element, '[data-id="results"] button')[0].click();
    await flush();

    expect(mockGetTrace).toHaveBeenCalledTimes(1);
  });

  it('opens the trace named in the URL (deep link)', async () => {
    mockGetTrace.mockResolvedValue(TRACE);
    const element = render();

    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1' } });
    await flush();

    expect(mockGetTrace).toHaveBeenCalledWith({ traceId: 'trace-1' });
    expect(navigate).not.toHaveBeenCalled();
    expect(byDataId<HTMLElement & { value?: string }>(element, 'search-input')?.value).toBe(
      'trace-1'
    );
    expect(byDataId(element, 'waterfall')).not.toBeNull();
    expect(byDataId(element, 'idle')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows a spinner while the trace loads', async () => {
    mockGetTrace.mockReturnValue(new Promise(() => undefined));
    const element = render();

    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1' } });
    await Promise.resolve();

    expect(byDataId(element, 'trace-loading')).not.toBeNull();
    expect(byDataId(element, 'waterfall')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('closes the trace when the URL no longer names one (back button)', async () => {
    mockGetTrace.mockResolvedValue(TRACE);
    const element = render();
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1' } });
    await flush();

    pageReference.emit(TAB_PAGE);
    await flush();

    expect(byDataId(element, 'trace-panel')).toBeNull();
  });

  it('closes the trace from its button and takes its id out of the URL', async () => {
    mockGetTrace.mockResolvedValue(TRACE);
    const element = render();
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1', c__other: 'kept' } });
    await flush();

    byDataId(element, 'close-trace')?.click();
    await flush();

    expect(byDataId(element, 'trace-panel')).toBeNull();
    expect(navigate).toHaveBeenCalledWith({ ...TAB_PAGE, state: { c__other: 'kept' } }, undefined);
  });

  it('says so when the linked trace does not exist', async () => {
    mockGetTrace.mockResolvedValue(null);
    const element = render();

    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'gone' } });
    await flush();

    expect(byDataId(element, 'trace-not-found')?.textContent).toContain('No trace with id "gone"');
    await expect(element).toBeAccessible();
  });

  it('shows a failed trace load and loads it again on request', async () => {
    mockGetTrace.mockRejectedValueOnce(new Error('Read timed out'));
    mockGetTrace.mockResolvedValueOnce(TRACE);
    const element = render();
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1' } });
    await flush();

    const panel = byDataId<HTMLElement & { errors?: unknown }>(element, 'trace-error');
    expect(panel?.errors).toEqual(new Error('Read timed out'));
    await expect(element).toBeAccessible();

    byDataId(element, 'retry-trace')?.click();
    await flush();

    expect(mockGetTrace).toHaveBeenCalledTimes(2);
    expect(byDataId(element, 'trace-error')).toBeNull();
    expect(byDataId(element, 'waterfall')).not.toBeNull();
  });

  it('keeps only the answer to the latest trace request', async () => {
    let resolveFirst: (value: TraceView) => void = () => undefined;
    mockGetTrace.mockReturnValueOnce(new Promise((resolve) => (resolveFirst = resolve)));
    mockGetTrace.mockResolvedValueOnce({ ...TRACE, traceId: 'trace-2' });
    const element = render();
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1' } });
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-2' } });
    await flush();

    resolveFirst(TRACE);
    await flush();

    const waterfall = byDataId<HTMLElement & { trace?: TraceView }>(element, 'waterfall');
    expect(waterfall?.trace?.traceId).toBe('trace-2');
  });

  it('drops a late failure of a trace request that was replaced', async () => {
    let rejectFirst: (reason: unknown) => void = () => undefined;
    mockGetTrace.mockReturnValueOnce(new Promise((_resolve, reject) => (rejectFirst = reject)));
    mockGetTrace.mockResolvedValueOnce({ ...TRACE, traceId: 'trace-2' });
    const element = render();
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-1' } });
    pageReference.emit({ ...TAB_PAGE, state: { c__traceId: 'trace-2' } });
    await flush();

    rejectFirst(new Error('late'));
    await flush();

    expect(byDataId(element, 'trace-error')).toBeNull();
    expect(byDataId(element, 'waterfall')).not.toBeNull();
  });
});
