import { createElement } from 'lwc';
import EndpointHealthCard from 'c/endpointHealthCard';
import type { EndpointHealth } from '../../types/conduit-monitor';
import HEALTHY from './data/endpointHealthy.json';
import OPEN from './data/endpointOpen.json';
import FORCED_OPEN from './data/endpointForcedOpen.json';
import UNKNOWN from './data/endpointUnknown.json';
import { byDataId, clearBody, query } from '../../testing/dom';

type CardElement = HTMLElement & { endpoint?: EndpointHealth; busy?: boolean };
type ButtonElement = HTMLElement & { disabled?: boolean; label?: string };

function render(endpoint: unknown, busy = false): CardElement {
  const element = createElement('c-endpoint-health-card', {
    is: EndpointHealthCard
  }) as CardElement;
  element.endpoint = endpoint as EndpointHealth;
  element.busy = busy;
  document.body.appendChild(element);
  return element;
}

function metric(element: HTMLElement, key: string): HTMLElement | null {
  return query(element, `[data-metric="${key}"]`);
}

function button(element: HTMLElement, id: string): ButtonElement {
  const found = byDataId<ButtonElement>(element, id);
  if (!found) {
    throw new Error(`no ${id} button`);
  }
  return found;
}

describe('c-endpoint-health-card', () => {
  afterEach(() => {
    clearBody();
  });

  it('shows a healthy endpoint with its figures and no breach', async () => {
    const element = render(HEALTHY);

    expect((query(element, 'lightning-card') as HTMLElement & { title?: string }).title).toBe(
      'ERP orders'
    );
    expect((query(element, '[data-id="circuit"]') as HTMLElement & { state?: string }).state).toBe(
      'CLOSED'
    );
    expect(metric(element, 'throughput')?.textContent).toBe('52.5 calls/h');
    expect(metric(element, 'errorRate')?.textContent).toBe('0.2%');
    expect(metric(element, 'p95')?.textContent).toBe('240 ms');
    expect(metric(element, 'outbox')?.textContent).toBe('3');
    expect(metric(element, 'deadLetters')?.textContent).toBe('0');
    expect(metric(element, 'lastSuccess')?.textContent).toBe('Nov 27, 2026, 6:02 AM');
    expect(query(element, '[data-id="breaches"]')).toBeNull();
    expect(query(element, '[data-id="breach-badge"]')).toBeNull();
    expect(button(element, 'reset').disabled).toBe(true);
    expect(button(element, 'force-open').disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('spells out every breached threshold next to its figure', async () => {
    const element = render(OPEN);

    expect(query(element, '[data-id="breaches"]')?.textContent).toBe(
      '4 thresholds breached: error rate, p95 latency, dead letters, circuit open.'
    );
    expect(metric(element, 'errorRate')?.textContent).toContain('Above threshold');
    expect(metric(element, 'p95')?.textContent).toBe('3.2 sAbove threshold');
    expect(metric(element, 'deadLetters')?.textContent).toContain('Above threshold');
    expect(metric(element, 'outbox')?.textContent).not.toContain('Above threshold');
    expect(query(element, '[data-id="opened-at"]')?.textContent).toBe(
      'Open since Nov 27, 2026, 5:40 AM'
    );
    expect(button(element, 'reset').disabled).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('names a single breach in the singular and says a circuit was forced open', async () => {
    const element = render(FORCED_OPEN);

    expect(query(element, '[data-id="breaches"]')?.textContent).toBe(
      '1 threshold breached: circuit open.'
    );
    expect(query(element, '[data-id="forced"]')).not.toBeNull();
    expect(button(element, 'reset').disabled).toBe(false);
    expect(button(element, 'force-open').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('shows an endpoint without traffic or circuit state without inventing figures', async () => {
    const element = render(UNKNOWN);

    expect(metric(element, 'p95')?.textContent).toBe('—');
    expect(metric(element, 'lastSuccess')?.textContent).toBe('—');
    expect(metric(element, 'errorRate')?.textContent).toBe('0%');
    expect(button(element, 'reset').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });

  it('asks the container to reset or force open the circuit', () => {
    const element = render(OPEN);
    const reset = jest.fn();
    const forceOpen = jest.fn();
    element.addEventListener('reset', reset);
    element.addEventListener('forceopen', forceOpen);

    button(element, 'reset').click();
    button(element, 'force-open').click();

    expect(reset).toHaveBeenCalledTimes(1);
    expect(reset.mock.calls[0][0].detail).toEqual({
      endpoint: 'Shipping_Rates',
      label: 'Shipping rates'
    });
    expect(forceOpen.mock.calls[0][0].detail).toEqual({
      endpoint: 'Shipping_Rates',
      label: 'Shipping rates'
    });
  });

  it('disables both actions while one is running', () => {
    const element = render(OPEN, true);

    expect(button(element, 'reset').disabled).toBe(true);
    expect(button(element, 'force-open').disabled).toBe(true);
  });

  it('renders an empty card without an endpoint, with its actions off', async () => {
    const element = render(undefined);

    expect(element.shadowRoot?.querySelectorAll('[data-metric]')).toHaveLength(0);
    expect(button(element, 'reset').disabled).toBe(true);
    expect(button(element, 'force-open').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });
});
