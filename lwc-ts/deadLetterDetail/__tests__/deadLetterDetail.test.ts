import { createElement } from 'lwc';
import DeadLetterDetail, { prettyPayload } from 'c/deadLetterDetail';
import { refreshApex } from '@salesforce/apex';
import getDetail from '@salesforce/apex/ConduitDeadLetterController.getDetail';
import DETAIL from './data/deadLetterDetail.json';
import BARE_DETAIL from './data/deadLetterDetailBare.json';
import { clearBody, flush, query } from '../../testing/dom';

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
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), {
  virtual: true
});

const detailAdapter = getDetail as unknown as ConduitApexTestAdapter;
const mockRefresh = refreshApex as unknown as jest.Mock;

type DetailElement = HTMLElement & { deadLetterId?: string; refresh(): Promise<void> };

function render(deadLetterId: string | undefined): DetailElement {
  const element = createElement('c-dead-letter-detail', { is: DeadLetterDetail }) as DetailElement;
  element.deadLetterId = deadLetterId;
  document.body.appendChild(element);
  return element;
}

function field(element: HTMLElement, key: string): string | null | undefined {
  return query(element, `[data-field="${key}"]`)?.textContent;
}

describe('c-dead-letter-detail', () => {
  afterEach(() => {
    clearBody();
    jest.clearAllMocks();
  });

  it('asks for the dead letter it was given and shows a spinner meanwhile', async () => {
    const element = render(DETAIL.id);
    await flush();

    expect(detailAdapter.getLastConfig()).toEqual({ deadLetterId: 'a0D000000000001AAA' });
    expect(query(element, '[data-id="loading"]')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the fields, the pretty-printed payload, headers, error and attempts', async () => {
    const element = render(DETAIL.id);
    detailAdapter.emit(DETAIL);
    await flush();

    expect(query(element, '[data-id="heading"]')?.textContent).toBe('Dead letter DL-000001');
    expect(field(element, 'request')).toBe('POST /v2/rates');
    expect(field(element, 'idempotencyKey')).toBe('ship-7d1c2e4a-0001');
    expect(field(element, 'subscriber')).toBe('—');
    expect(field(element, 'createdDate')).toBe('Nov 27, 2026, 1:15 AM');
    expect(query(element, '[data-id="payload"]')?.textContent).toBe(
      JSON.stringify(JSON.parse(DETAIL.payload), null, 2)
    );
    expect(query(element, '[data-id="payload"]')?.textContent).toContain('\n  "items": [');
    const headerRows = query(element, '[data-id="headers"]')?.querySelectorAll('tbody tr') ?? [];
    expect(Array.from(headerRows).map((row) => row.textContent)).toEqual([
      'Content-Typeapplication/json',
      'Idempotency-Keyship-7d1c2e4a-0001'
    ]);
    expect(query(element, '[data-id="error-text"]')?.textContent).toBe(DETAIL.error);
    const attempts = query(element, '[data-id="history"]')?.querySelectorAll('tbody tr') ?? [];
    expect(attempts).toHaveLength(3);
    expect(Array.from(attempts[0].children).map((cell) => cell.textContent)).toEqual([
      'Nov 27, 2026, 12:15 AM',
      '1',
      'Retryable',
      '503',
      '10 s',
      'upstream timed out'
    ]);
    expect(Array.from(attempts[2].children).map((cell) => cell.textContent)).toEqual([
      'Nov 27, 2026, 1:15 AM',
      '5',
      'Dead',
      '—',
      '—',
      '—'
    ]);
    await expect(element).toBeAccessible();
  });

  it('says what is missing rather than showing empty sections', async () => {
    const element = render(BARE_DETAIL.id);
    detailAdapter.emit(BARE_DETAIL);
    await flush();

    expect(query(element, '[data-id="payload"]')?.textContent).toBe('not json <xml/>');
    expect(query(element, '[data-id="no-headers"]')).not.toBeNull();
    expect(query(element, '[data-id="error-text"]')?.textContent).toBe(
      'OrderStatusSubscriber: record locked'
    );
    expect(query(element, '[data-id="no-history"]')).not.toBeNull();
    expect(field(element, 'request')).toBe('—');
    expect(field(element, 'replayId')).toBe('4711');
    await expect(element).toBeAccessible();
  });

  it('says when no payload and no error were stored', async () => {
    const element = render(BARE_DETAIL.id);
    detailAdapter.emit({ ...BARE_DETAIL, payload: null, lastError: null });
    await flush();

    expect(query(element, '[data-id="no-payload"]')).not.toBeNull();
    expect(query(element, '[data-id="no-error"]')).not.toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows a readable error when the dead letter cannot be read', async () => {
    const element = render(DETAIL.id);
    detailAdapter.error({ message: 'List has no rows for assignment to SObject' });
    await flush();

    const panel = query<HTMLElement & { errors: unknown; friendlyMessage: string }>(
      element,
      'c-error-panel'
    );
    expect(panel?.friendlyMessage).toContain('could not be loaded');
    expect(panel?.errors).toMatchObject({
      body: { message: 'List has no rows for assignment to SObject' }
    });
    expect(query(element, '[data-id="fields"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows nothing to load without an id', async () => {
    const element = render(undefined);

    expect(query(element, '[data-id="loading"]')).toBeNull();
    expect(query(element, '[data-id="fields"]')).toBeNull();
    await expect(element).toBeAccessible();
    await expect(element.refresh()).resolves.toBeUndefined();
  });

  it('emits close when the admin closes it', () => {
    const element = render(DETAIL.id);
    const close = jest.fn();
    element.addEventListener('close', close);

    query(element, '[data-id="close"]')?.click();

    expect(close).toHaveBeenCalledTimes(1);
  });

  it('reads the dead letter again on refresh', async () => {
    const element = render(DETAIL.id);
    detailAdapter.emit(DETAIL);
    await flush();

    await element.refresh();

    expect(mockRefresh).toHaveBeenCalledTimes(1);
    expect(mockRefresh.mock.calls[0][0]).toMatchObject({ data: DETAIL });
  });

  it('pretty-prints JSON and leaves anything else alone', () => {
    expect(prettyPayload('{"a":1}')).toBe('{\n  "a": 1\n}');
    expect(prettyPayload('a=1&b=2')).toBe('a=1&b=2');
    expect(prettyPayload(null)).toBeUndefined();
  });
});
