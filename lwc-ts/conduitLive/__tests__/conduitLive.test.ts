import { createElement } from 'lwc';
import { isEmpEnabled, onError, subscribe, unsubscribe } from 'lightning/empApi';
import * as navigation from 'lightning/navigation';
import ConduitLive, { ANNOUNCE_INTERVAL_MS, CHANNEL } from 'c/conduitLive';
import type { LogEventMessage } from '../../types/conduit-monitor';
import { byDataId, clearBody, textsByDataId } from '../../testing/dom';

// The sfdx-lwc-jest navigation stub, with Navigate recording the page references it is given.
jest.mock('lightning/navigation', () => {
  type Mixin = (<T>(base: T) => T) & { Navigate: symbol; GenerateUrl: symbol };
  const actual = jest.requireActual<{ NavigationMixin: Mixin }>('lightning/navigation');
  const mockNavigate = jest.fn();
  const NavigationMixin = (<T extends new () => object>(base: T) =>
    class extends (actual.NavigationMixin(base) as new () => object) {
      [actual.NavigationMixin.Navigate](pageReference: unknown): void {
        mockNavigate(pageReference);
      }
    }) as unknown as Mixin;
  NavigationMixin.Navigate = actual.NavigationMixin.Navigate;
  NavigationMixin.GenerateUrl = actual.NavigationMixin.GenerateUrl;
  return { ...actual, NavigationMixin, mockNavigate };
});

const mockSubscribe = subscribe as unknown as jest.Mock;
const mockUnsubscribe = unsubscribe as unknown as jest.Mock;
const mockOnError = onError as unknown as jest.Mock;
const mockIsEmpEnabled = isEmpEnabled as unknown as jest.Mock;
const navigate = (navigation as unknown as { mockNavigate: jest.Mock }).mockNavigate;

type LiveElement = HTMLElement & { maxEvents?: number | string };
type Payload = LogEventMessage['data']['payload'];

const SUBSCRIPTION = { channel: CHANNEL, id: 'sub-1' };

/** The callbacks the component handed to empApi, to drive messages and errors through. */
let deliver: (message: LogEventMessage) => void;
let reportError: (error: unknown) => void;
let replayId = 0;

function message(overrides: Partial<Payload> = {}): LogEventMessage {
  replayId++;
  return {
    channel: CHANNEL,
    data: {
      event: { replayId },
      payload: {
        CreatedDate: '2026-11-27T10:00:00.000Z',
        Level__c: 'INFO',
        Source__c: 'Outbound',
        Endpoint__c: 'Billing',
        Message__c: `event ${replayId}`,
        Outcome__c: 'SUCCESS',
        Status_Code__c: 200,
        Duration_Ms__c: 85,
        Trace_Id__c: 'trace-1',
        Idempotency_Key__c: null,
        Record_Id__c: null,
        ...overrides
      }
    }
  };
}

/**
 * Lets the component's promise chains (empApi mocks, then re-render) settle. Microtasks only, so
 * it also works under fake timers.
 */
async function flush(): Promise<void> {
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
  await Promise.resolve();
}

function render(maxEvents?: number | string): LiveElement {
  const element = createElement('c-conduit-live', { is: ConduitLive }) as LiveElement;
  if (maxEvents !== undefined) {
    element.maxEvents = maxEvents;
  }
  document.body.appendChild(element);
  return element;
}

function disabled(element: HTMLElement, id: string): boolean | undefined {
  return byDataId<HTMLElement & { disabled?: boolean }>(element, id)?.disabled;
}

async function toggle(element: HTMLElement, on: boolean): Promise<void> {
  const input = byDataId<HTMLElement & { checked?: boolean }>(element, 'toggle') as HTMLElement & {
    checked?: boolean;
  };
  input.checked = on;
  input.dispatchEvent(new CustomEvent('change'));
  await flush();
}

async function choose(element: HTMLElement, id: string, value: string): Promise<void> {
  byDataId(element, id)?.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function receive(...messages: LogEventMessage[]): Promise<void> {
  messages.forEach((m) => deliver(m));
  await flush();
}

describe('c-conduit-live', () => {
  beforeEach(() => {
    replayId = 0;
    mockIsEmpEnabled.mockResolvedValue(true);
    mockSubscribe.mockImplementation(
      (_channel: string, _replayId: number, callback: (m: LogEventMessage) => void) => {
        deliver = callback;
        return Promise.resolve(SUBSCRIPTION);
      }
    );
    mockUnsubscribe.mockResolvedValue({ successful: true });
    mockOnError.mockImplementation((callback: (error: unknown) => void) => {
      reportError = callback;
    });
  });

  afterEach(() => {
    clearBody();
    jest.clearAllMocks();
    jest.useRealTimers();
  });

  it('is off until the admin turns it on, and subscribes to nothing', async () => {
    const element = render();

    const input = byDataId<HTMLElement & { type?: string; label?: string; checked?: boolean }>(
      element,
      'toggle'
    );
    expect(input?.type).toBe('toggle');
    expect(input?.label).toBe('Stream live log events');
    expect(input?.checked).toBe(false);
    expect(element.shadowRoot?.textContent).toContain('event delivery allocation');
    expect(byDataId(element, 'off')).not.toBeNull();
    expect(byDataId(element, 'count')).toBeNull();
    expect(disabled(element, 'pause')).toBe(true);
    expect(disabled(element, 'clear')).toBe(true);
    expect(mockSubscribe).not.toHaveBeenCalled();
    await expect(element).toBeAccessible();
  });

  it('shows a spinner while it connects', async () => {
    mockSubscribe.mockReturnValue(new Promise(() => undefined));
    const element = render();

    await toggle(element, true);

    expect(byDataId(element, 'connecting')).not.toBeNull();
    expect(byDataId(element, 'off')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('subscribes to new log events only once turned on, and waits for them', async () => {
    const element = render();

    await toggle(element, true);

    expect(mockSubscribe).toHaveBeenCalledWith(CHANNEL, -1, expect.any(Function));
    expect(mockOnError).toHaveBeenCalledTimes(1);
    expect(byDataId(element, 'waiting')).not.toBeNull();
    expect(textsByDataId(element, 'status')).toEqual(['Live: new events appear at the top.']);
    expect(disabled(element, 'pause')).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('shows received events newest first, with level and outcome as text', async () => {
    const element = render();
    await toggle(element, true);

    await receive(
      message({ Message__c: 'first' }),
      message({
        Message__c: 'second',
        Level__c: 'error',
        Outcome__c: 'PERMANENT',
        Status_Code__c: null,
        Duration_Ms__c: 1500,
        Endpoint__c: null,
        Source__c: null,
        Trace_Id__c: null
      })
    );

    expect(textsByDataId(element, 'message')).toEqual(['second', 'first']);
    expect(textsByDataId(element, 'level')).toEqual(['Error', 'Info']);
    expect(textsByDataId(element, 'outcome')).toEqual(['Permanent failure', 'Success']);
    expect(textsByDataId(element, 'endpoint')).toEqual(['—', 'Billing']);
    expect(textsByDataId(element, 'open-trace')).toHaveLength(1);
    expect(textsByDataId(element, 'count')).toEqual(['Showing 2 of 2 events kept (newest 500).']);
    const row = element.shadowRoot?.querySelector('[data-id="event-row"]');
    expect(row?.textContent).toContain('1.5 s');
    await expect(element).toBeAccessible();
  });

  it('writes unknown and missing levels and outcomes as text', async () => {
    const element = render();
    await toggle(element, true);

    await receive(
      message({ Level__c: 'TRACE', Outcome__c: null, CreatedDate: 'garbage' }),
      message({ Level__c: null, Message__c: null })
    );

    expect(textsByDataId(element, 'level')).toEqual(['—', 'TRACE']);
    expect(textsByDataId(element, 'outcome')).toEqual(['Success', '—']);
    expect(textsByDataId(element, 'message')[0]).toBe('');
  });

  it('keeps only the newest events and counts the dropped ones', async () => {
    const element = render(3);
    await toggle(element, true);

    await receive(message(), message(), message(), message(), message());

    expect(textsByDataId(element, 'message')).toEqual(['event 5', 'event 4', 'event 3']);
    expect(textsByDataId(element, 'dropped')).toEqual(['2 older events dropped to stay within 3.']);
    await expect(element).toBeAccessible();
  });

  it.each([0, -4, 2.5, 'lots'])('falls back to 500 events for a cap of %p', async (cap) => {
    const element = render(cap);
    await toggle(element, true);

    await receive(message());

    expect(textsByDataId(element, 'count')).toEqual(['Showing 1 of 1 event kept (newest 500).']);
  });

  it('freezes the table while paused, counts what arrives, and shows it on resume', async () => {
    const element = render();
    await toggle(element, true);
    await receive(message({ Message__c: 'before' }));

    byDataId(element, 'pause')?.click();
    await flush();
    await receive(message({ Message__c: 'during 1' }), message({ Message__c: 'during 2' }));

    expect(byDataId<HTMLElement & { label?: string }>(element, 'pause')?.label).toBe('Resume');
    expect(textsByDataId(element, 'message')).toEqual(['before']);
    expect(textsByDataId(element, 'status')[0]).toContain('Paused: 2 new events since pausing');
    await expect(element).toBeAccessible();

    byDataId(element, 'pause')?.click();
    await flush();

    expect(byDataId<HTMLElement & { label?: string }>(element, 'pause')?.label).toBe('Pause');
    expect(textsByDataId(element, 'message')).toEqual(['during 2', 'during 1', 'before']);
  });

  it('waits while paused before any event arrived', async () => {
    const element = render();
    await toggle(element, true);

    byDataId(element, 'pause')?.click();
    await flush();
    await receive(message());

    expect(byDataId(element, 'waiting')).not.toBeNull();
    expect(textsByDataId(element, 'status')[0]).toContain('1 new event since pausing');
  });

  it('filters by endpoint, from the endpoints seen, and by level', async () => {
    const element = render();
    await toggle(element, true);
    await receive(
      message({ Endpoint__c: 'Shipping', Level__c: 'WARN', Message__c: 'ship warn' }),
      message({ Endpoint__c: 'Billing', Level__c: 'ERROR', Message__c: 'bill error' }),
      message({ Endpoint__c: 'Billing', Level__c: 'INFO', Message__c: 'bill info' })
    );

    const endpoints = byDataId<HTMLElement & { options?: { value: string }[] }>(
      element,
      'endpoint-filter'
    );
    expect(endpoints?.options?.map((o) => o.value)).toEqual(['', 'Billing', 'Shipping']);

    await choose(element, 'endpoint-filter', 'Billing');
    expect(textsByDataId(element, 'message')).toEqual(['bill info', 'bill error']);

    await choose(element, 'level-filter', 'ERROR');
    expect(textsByDataId(element, 'message')).toEqual(['bill error']);
    expect(textsByDataId(element, 'count')).toEqual(['Showing 1 of 3 events kept (newest 500).']);

    await choose(element, 'endpoint-filter', 'Shipping');
    expect(byDataId(element, 'filtered-out')).not.toBeNull();
    await expect(element).toBeAccessible();

    await choose(element, 'endpoint-filter', '');
    await choose(element, 'level-filter', '');
    expect(textsByDataId(element, 'message')).toHaveLength(3);
  });

  it('clears the events and the dropped count', async () => {
    const element = render(1);
    await toggle(element, true);
    await receive(message(), message());
    expect(disabled(element, 'clear')).toBe(false);

    byDataId(element, 'clear')?.click();
    await flush();

    expect(textsByDataId(element, 'message')).toEqual([]);
    expect(byDataId(element, 'dropped')).toBeNull();
    expect(byDataId(element, 'waiting')).not.toBeNull();
    expect(disabled(element, 'clear')).toBe(true);
  });

  it('clears while paused too', async () => {
    const element = render();
    await toggle(element, true);
    await receive(message());
    byDataId(element, 'pause')?.click();
    await flush();

    byDataId(element, 'clear')?.click();
    await flush();

    expect(textsByDataId(element, 'message')).toEqual([]);
    expect(textsByDataId(element, 'status')[0]).toContain('0 new events');
  });

  it('unsubscribes when turned off, keeps what it received, and ignores late events', async () => {
    const element = render();
    await toggle(element, true);
    await receive(message({ Message__c: 'kept' }));
    byDataId(element, 'pause')?.click();
    await flush();

    await toggle(element, false);
    await receive(message({ Message__c: 'late' }));

    expect(mockUnsubscribe).toHaveBeenCalledWith(SUBSCRIPTION);
    expect(byDataId(element, 'off')).not.toBeNull();
    expect(textsByDataId(element, 'message')).toEqual(['kept']);
    expect(disabled(element, 'pause')).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('unsubscribes when the page is left', async () => {
    const element = render();
    await toggle(element, true);

    document.body.removeChild(element);
    await flush();

    expect(mockUnsubscribe).toHaveBeenCalledWith(SUBSCRIPTION);
  });

  it('does not subscribe twice to the error listener', async () => {
    const element = render();
    await toggle(element, true);
    await toggle(element, false);
    await toggle(element, true);

    expect(mockOnError).toHaveBeenCalledTimes(1);
    expect(mockSubscribe).toHaveBeenCalledTimes(2);
  });

  it('gives the subscription back when turned off while connecting', async () => {
    let resolveSubscribe: (value: typeof SUBSCRIPTION) => void = () => undefined;
    mockSubscribe.mockReturnValue(new Promise((resolve) => (resolveSubscribe = resolve)));
    const element = render();
    await toggle(element, true);

    await toggle(element, false);
    resolveSubscribe(SUBSCRIPTION);
    await flush();

    expect(mockUnsubscribe).toHaveBeenCalledWith(SUBSCRIPTION);
    expect(byDataId(element, 'off')).not.toBeNull();
  });

  it('keeps only the latest subscription when turned off and on again while connecting', async () => {
    let resolveFirst: (value: typeof SUBSCRIPTION) => void = () => undefined;
    mockSubscribe.mockReturnValueOnce(new Promise((resolve) => (resolveFirst = resolve)));
    const element = render();
    await toggle(element, true);
    await toggle(element, false);
    await toggle(element, true);

    resolveFirst({ channel: CHANNEL, id: 'stale' });
    await flush();

    expect(mockUnsubscribe).toHaveBeenCalledWith({ channel: CHANNEL, id: 'stale' });
    expect(mockUnsubscribe).not.toHaveBeenCalledWith(SUBSCRIPTION);
    expect(byDataId(element, 'waiting')).not.toBeNull();
  });

  it('ignores a subscription failure once turned off', async () => {
    let rejectSubscribe: (reason: unknown) => void = () => undefined;
    mockSubscribe.mockReturnValue(new Promise((_resolve, reject) => (rejectSubscribe = reject)));
    const element = render();
    await toggle(element, true);
    await toggle(element, false);

    rejectSubscribe(new Error('too late'));
    await flush();

    expect(byDataId(element, 'error')).toBeNull();
    expect(byDataId(element, 'off')).not.toBeNull();
  });

  it('ignores a failure to unsubscribe', async () => {
    mockUnsubscribe.mockRejectedValue(new Error('already gone'));
    const element = render();
    await toggle(element, true);

    await toggle(element, false);

    expect(byDataId(element, 'off')).not.toBeNull();
    expect(byDataId(element, 'error')).toBeNull();
  });

  it('explains that streaming is unavailable', async () => {
    mockIsEmpEnabled.mockResolvedValue(false);
    const element = render();

    await toggle(element, true);

    const panel = byDataId<HTMLElement & { errors?: unknown; friendlyMessage?: string }>(
      element,
      'error'
    );
    expect(String(panel?.errors)).toContain('Streaming is not available');
    expect(panel?.friendlyMessage).toContain('The live stream stopped');
    expect(mockSubscribe).not.toHaveBeenCalled();
    expect(byDataId<HTMLElement & { checked?: boolean }>(element, 'toggle')?.checked).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('shows a failed subscription through the error panel', async () => {
    mockSubscribe.mockRejectedValue({ body: { message: 'Channel not found' } });
    const element = render();

    await toggle(element, true);

    expect(byDataId<HTMLElement & { errors?: unknown }>(element, 'error')?.errors).toEqual({
      body: { message: 'Channel not found' }
    });
  });

  it('stops and says why when the stream reports an error', async () => {
    const element = render();
    await toggle(element, true);

    reportError({ error: '403::Unknown client' });
    await flush();

    expect(byDataId<HTMLElement & { errors?: unknown }>(element, 'error')?.errors).toEqual({
      error: '403::Unknown client'
    });
    expect(mockUnsubscribe).toHaveBeenCalledWith(SUBSCRIPTION);
    await expect(element).toBeAccessible();
  });

  it('ignores stream errors while off', async () => {
    const element = render();
    await toggle(element, true);
    await toggle(element, false);

    reportError({ error: 'late' });
    await flush();

    expect(byDataId(element, 'error')).toBeNull();
  });

  it('announces new events politely, at most once per interval', async () => {
    jest.useFakeTimers();
    const element = render();
    await toggle(element, true);
    const announcer = byDataId(element, 'announcer') as HTMLElement;
    expect(announcer.getAttribute('aria-live')).toBe('polite');

    await receive(message(), message(), message());
    expect(announcer.textContent).toBe('');

    jest.advanceTimersByTime(ANNOUNCE_INTERVAL_MS);
    await flush();
    expect(announcer.textContent).toBe('3 new log events.');

    byDataId(element, 'pause')?.click();
    await receive(message());
    jest.advanceTimersByTime(ANNOUNCE_INTERVAL_MS - 1);
    await flush();
    expect(announcer.textContent).toBe('3 new log events.');
    jest.advanceTimersByTime(1);
    await flush();
    expect(announcer.textContent).toBe('1 new log event received while paused.');
  });

  it('drops a pending announcement when turned off', async () => {
    jest.useFakeTimers();
    const element = render();
    await toggle(element, true);
    await receive(message());

    await toggle(element, false);
    jest.advanceTimersByTime(ANNOUNCE_INTERVAL_MS);
    await flush();

    expect(byDataId(element, 'announcer')?.textContent).toBe('');
  });

  it('opens the trace of an event on the Traces tab', async () => {
    const element = render();
    await toggle(element, true);
    await receive(message({ Trace_Id__c: 'trace-9' }));

    byDataId(element, 'open-trace')?.click();

    expect(navigate).toHaveBeenCalledWith({
      type: 'standard__navItemPage',
      attributes: { apiName: 'Conduit_Traces' },
      state: { c__traceId: 'trace-9' }
    });
  });
});
