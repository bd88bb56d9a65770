import { createElement } from 'lwc';
import TraceWaterfall, { outcomeView } from 'c/traceWaterfall';
import type { TraceSpan, TraceView } from '../../types/conduit-monitor';
import { allByDataId, clearBody, textsByDataId } from '../../testing/dom';

type WaterfallElement = HTMLElement & { trace?: TraceView | null };

function span(overrides: Partial<TraceSpan>): TraceSpan {
  return {
    spanId: null,
    parentSpanId: null,
    source: 'Outbound',
    name: 'span',
    endpoint: 'Billing',
    level: 'INFO',
    outcome: 'SUCCESS',
    statusCode: 200,
    startedAt: '2026-11-27T10:00:00.000Z',
    durationMs: 100,
    recordId: null,
    idempotencyKey: null,
    ...overrides
  };
}

/** A REST call that enqueues an outbox message, whose first attempt fails and second succeeds. */
const TRACE: TraceView = {
  traceId: 'trace-1',
  startedAt: '2026-11-27T10:00:00.000Z',
  durationMs: 2000,
  truncated: false,
  spans: [
    span({
      spanId: 'a',
      name: 'POST /orders',
      source: 'Inbound',
      durationMs: 2000,
      recordId: 'a01000000000001AAA'
    }),
    span({
      spanId: 'b',
      parentSpanId: 'a',
      name: 'Outbox attempt 1',
      startedAt: '2026-11-27T10:00:00.500Z',
      durationMs: 500,
      outcome: 'RETRYABLE',
      statusCode: 503,
      idempotencyKey: 'key-1'
    }),
    span({
      spanId: 'z',
      parentSpanId: 'missing',
      name: 'Orphan event',
      startedAt: '2026-11-27T10:00:00.600Z',
      outcome: null,
      statusCode: null,
      durationMs: null,
      source: null,
      endpoint: null
    }),
    span({
      spanId: 'c',
      parentSpanId: 'b',
      name: 'Outbox attempt 2',
      startedAt: '2026-11-27T10:00:01.500Z',
      durationMs: 500,
      outcome: 'PERMANENT'
    })
  ]
};

function render(trace: TraceView | null | undefined): WaterfallElement {
  const element = createElement('c-trace-waterfall', { is: TraceWaterfall }) as WaterfallElement;
  element.trace = trace;
  document.body.appendChild(element);
  return element;
}

describe('c-trace-waterfall', () => {
  afterEach(() => {
    clearBody();
  });

  it('draws one row per span, children under their parents', async () => {
    const element = render(TRACE);

    const rows = allByDataId(element, 'span-row');
    expect(rows.map((row) => row.querySelector('button span')?.textContent)).toEqual([
      'POST /orders',
      'Outbox attempt 1',
      'Outbox attempt 2',
      'Orphan event'
    ]);
    const indents = rows.map(
      (row) => (row.querySelector('th div') as HTMLElement).style.paddingLeft
    );
    expect(indents).toEqual(['0rem', '1.25rem', '2.5rem', '0rem']);
    expect(rows[1].querySelector('.slds-assistive-text')?.textContent).toBe(
      ', inside POST /orders'
    );
    await expect(element).toBeAccessible();
  });

  it('places and sizes each bar by start and duration relative to the trace', () => {
    const element = render(TRACE);

    const bars = allByDataId(element, 'bar');
    expect(bars[0].style.left).toBe('0%');
    expect(bars[0].style.width).toBe('100%');
    expect(bars[1].style.left).toBe('25%');
    expect(bars[1].style.width).toBe('25%');
    expect(bars[2].style.left).toBe('75%');
    // A span without a duration is a thin marker at its start.
    expect(bars[3].style.left).toBe('30%');
    expect(bars[3].style.width).toBe('0.5%');
    expect(bars[3].className).toContain('waterfall__bar_marker');
  });

  it('writes outcomes as text beside an icon, never colour alone', () => {
    const element = render(TRACE);

    expect(textsByDataId(element, 'outcome')).toEqual([
      'Success',
      'Retryable failure',
      'Permanent failure',
      'No outcome'
    ]);
    const icons = allByDataId(element, 'span-row').map(
      (row) =>
        (row.querySelectorAll('lightning-icon')[1] as HTMLElement & { iconName?: string }).iconName
    );
    expect(icons).toEqual(['utility:success', 'utility:warning', 'utility:error', 'utility:info']);
    expect(allByDataId(element, 'bar')[2].className).toContain('waterfall__bar_error');
  });

  it('writes offsets and durations for people', () => {
    const element = render(TRACE);

    expect(textsByDataId(element, 'offset')).toEqual(['+0 ms', '+500 ms', '+1.5 s', '+600 ms']);
    expect(textsByDataId(element, 'duration')).toEqual(['2 s', '500 ms', '500 ms', 'not recorded']);
    expect(element.shadowRoot?.querySelector('caption')?.textContent?.trim()).toBe(
      'Trace trace-1: 4 spans over 2 s'
    );
  });

  it('opens and closes the details of a span from its button', async () => {
    const element = render(TRACE);
    const toggle = allByDataId(element, 'span-row')[1].querySelector('button') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');

    toggle.click();
    await Promise.resolve();

    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const details = allByDataId(element, 'span-details');
    expect(details).toHaveLength(1);
    const labels = Array.from(details[0].querySelectorAll('dt')).map((dt) =>
      dt.textContent?.trim()
    );
    expect(labels).toEqual([
      'Started at',
      'Span id',
      'Parent span id',
      'Level',
      'Status code',
      'Idempotency key'
    ]);
    expect(details[0].textContent).toContain('key-1');
    expect(toggle.title).toBe('Hide details of Outbox attempt 1');
    await expect(element).toBeAccessible();

    toggle.click();
    await Promise.resolve();

    expect(allByDataId(element, 'span-details')).toHaveLength(0);
  });

  it('closes open details when a new trace arrives', async () => {
    const element = render(TRACE);
    (allByDataId(element, 'span-row')[0].querySelector('button') as HTMLButtonElement).click();
    await Promise.resolve();

    element.trace = { ...TRACE, traceId: 'trace-2' };
    await Promise.resolve();

    expect(allByDataId(element, 'span-details')).toHaveLength(0);
  });

  it('keeps bars inside the track when spans outlast the recorded trace', () => {
    const element = render({
      traceId: 't',
      startedAt: '2026-11-27T10:00:00.000Z',
      durationMs: 0,
      truncated: false,
      spans: [
        span({ spanId: 'a', durationMs: 100 }),
        span({ spanId: 'b', startedAt: '2026-11-27T10:00:00.300Z', durationMs: 100 })
      ]
    });

    const bars = allByDataId(element, 'bar');
    expect(bars[1].style.left).toBe('75%');
    expect(bars[1].style.width).toBe('25%');
  });

  it('shows spans caught in a parent cycle at the top level rather than losing them', () => {
    const element = render({
      traceId: 't',
      startedAt: 'not a date',
      durationMs: 10,
      truncated: false,
      spans: [
        span({ spanId: 'x', parentSpanId: 'y', name: 'X', startedAt: 'garbage' }),
        span({ spanId: 'y', parentSpanId: 'x', name: 'Y' }),
        span({ spanId: 'x', parentSpanId: 'x', name: 'X again' })
      ]
    });

    const names = allByDataId(element, 'span-row').map(
      (row) => row.querySelector('button span')?.textContent
    );
    // X and Y name each other as parent: X opens the cycle at the top level, and "X again"
    // (a second log line of span x) hangs under the first line of x.
    expect(names).toEqual(['X', 'Y', 'X again']);
  });

  it('says when only the first spans of a long trace are shown', async () => {
    const element = render({ ...TRACE, truncated: true });

    expect(allByDataId(element, 'truncated')[0].textContent).toContain('Only the first 4 spans');
    await expect(element).toBeAccessible();

    element.trace = TRACE;
    await Promise.resolve();

    expect(allByDataId(element, 'truncated')).toHaveLength(0);
  });

  it('says so when the trace has no spans', async () => {
    const element = render({ ...TRACE, spans: [] });

    expect(allByDataId(element, 'empty')).toHaveLength(1);
    expect(allByDataId(element, 'waterfall')).toHaveLength(0);
    await expect(element).toBeAccessible();
  });

  it('renders nothing but the empty note without a trace', async () => {
    const element = render(undefined);

    expect(element.trace).toBeNull();
    expect(allByDataId(element, 'empty')).toHaveLength(1);
    await expect(element).toBeAccessible();
  });

  it.each([
    ['CIRCUIT_OPEN', 'Circuit open', 'utility:ban'],
    ['rate_limited', 'Rate limited', 'utility:clock'],
    ['SIDEWAYS', 'SIDEWAYS', 'utility:question'],
    [null, 'No outcome', 'utility:info']
  ])('reads the outcome %s as %s', (outcome, label, icon) => {
    expect(outcomeView(outcome)).toEqual(expect.objectContaining({ label, icon }));
  });
});
