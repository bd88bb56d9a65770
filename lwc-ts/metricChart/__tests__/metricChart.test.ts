import { createElement } from 'lwc';
import MetricChart from 'c/metricChart';
import type { HourPoint } from '../../types/conduit-monitor';
import HOURS from './data/hours.json';
import IDLE_HOURS from './data/hoursIdle.json';
import { clearBody, query } from '../../testing/dom';

type ChartElement = HTMLElement & { hours?: HourPoint[]; label?: string };

function render(hours: HourPoint[] | undefined, label?: string): ChartElement {
  const element = createElement('c-metric-chart', { is: MetricChart }) as ChartElement;
  element.hours = hours;
  element.label = label;
  document.body.appendChild(element);
  return element;
}

function figure(element: HTMLElement, series: string): HTMLElement {
  const found = query(element, `figure[data-series="${series}"]`);
  if (!found) {
    throw new Error(`no ${series} chart`);
  }
  return found;
}

describe('c-metric-chart', () => {
  afterEach(() => {
    clearBody();
  });

  it('draws calls, errors and latency as labelled SVG images', async () => {
    const element = render(HOURS as HourPoint[], 'Shipping rates');

    const svgs = element.shadowRoot?.querySelectorAll('svg[role="img"]') ?? [];
    expect(svgs).toHaveLength(3);
    const volume = figure(element, 'volume');
    expect(volume.querySelector('title')?.textContent).toBe('Calls per hour, Shipping rates');
    // 20 hours had calls, 4 had none: one bar per hour with calls, none for the idle hours.
    expect(volume.querySelectorAll('rect')).toHaveLength(20);
    expect(volume.querySelector('desc')?.textContent).toBe(
      'Calls per hour for Shipping rates over the last 24 hours: 670 calls in total, peak 43 at 5 AM.'
    );
    expect(figure(element, 'errors').querySelectorAll('rect')).toHaveLength(6);
    expect(figure(element, 'latency').querySelector('desc')?.textContent).toBe(
      'p95 latency per hour for Shipping rates over the last 24 hours: highest 3.2 s at 5 AM; 4 hours without calls.'
    );
    await expect(element).toBeAccessible();
  });

  it('scales the tallest bar to the chart height', () => {
    const element = render(HOURS as HourPoint[], 'Shipping rates');

    const heights = Array.from(figure(element, 'volume').querySelectorAll('rect')).map((rect) =>
      Number(rect.getAttribute('height'))
    );
    expect(Math.max(...heights)).toBe(56);
    expect(Math.min(...heights)).toBeGreaterThan(0);
  });

  it('shows the same numbers as a table on request', async () => {
    const element = render(HOURS as HourPoint[], 'Shipping rates');
    expect(query(element, '[data-id="table"]')).toBeNull();

    query(element, '[data-id="table-toggle"]')?.click();
    await Promise.resolve();

    const table = query(element, '[data-id="table"]');
    expect(table?.querySelector('caption')?.textContent).toBe('Last 24 hours of Shipping rates');
    const rows = table?.querySelectorAll('tbody tr') ?? [];
    expect(rows).toHaveLength(24);
    expect(Array.from(rows[0].children).map((cell) => cell.textContent)).toEqual([
      '6 AM',
      '0',
      '0',
      '—'
    ]);
    expect(
      (query(element, '[data-id="table-toggle"]') as HTMLElement & { label?: string })?.label
    ).toBe('Hide data table');
    await expect(element).toBeAccessible();

    query(element, '[data-id="table-toggle"]')?.click();
    await Promise.resolve();
    expect(query(element, '[data-id="table"]')).toBeNull();
  });

  it('says when an endpoint recorded nothing', async () => {
    const element = render(IDLE_HOURS as HourPoint[], undefined);

    expect(element.shadowRoot?.querySelectorAll('rect')).toHaveLength(0);
    expect(figure(element, 'volume').querySelector('desc')?.textContent).toBe(
      'Calls per hour for this endpoint over the last 24 hours: nothing recorded.'
    );
    expect(figure(element, 'latency').textContent).toContain('—');
    await expect(element).toBeAccessible();
  });

  it('shows a message instead of charts without hours', async () => {
    const element = render(undefined, 'Tax service');

    expect(query(element, 'svg')).toBeNull();
    expect(query(element, '[data-id="no-data"]')?.textContent).toBe(
      'No hourly figures for Tax service yet.'
    );
    await expect(element).toBeAccessible();
  });
});
