import { LightningElement, api } from 'lwc';
import { formatDuration, formatHour, formatNumber, NO_VALUE } from 'c/conduitErrors';
import type { HourPoint } from '../types/conduit-monitor';

/** Drawing area of one chart, in SVG user units (the SVG scales to its container). */
const WIDTH = 240;
const HEIGHT = 60;
/** Space at the top so the tallest bar never touches the frame. */
const HEADROOM = 4;

type SeriesKey = 'volume' | 'errors' | 'latency';

interface Series {
  readonly key: SeriesKey;
  readonly title: string;
  readonly unit: string;
  readonly value: (point: HourPoint) => number | null;
  readonly format: (value: number) => string;
}

interface BarView {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface ChartView {
  readonly key: SeriesKey;
  readonly titleId: string;
  readonly descId: string;
  readonly title: string;
  readonly description: string;
  readonly barClass: string;
  readonly bars: BarView[];
  readonly peakLabel: string;
}

interface RowView {
  readonly key: string;
  readonly hour: string;
  readonly calls: string;
  readonly errors: string;
  readonly latency: string;
}

const SERIES: Series[] = [
  {
    key: 'volume',
    title: 'Calls per hour',
    unit: 'calls',
    value: (point) => point.calls,
    format: (value) => formatNumber(value)
  },
  {
    key: 'errors',
    title: 'Errors per hour',
    unit: 'errors',
    value: (point) => point.errors,
    format: (value) => formatNumber(value)
  },
  {
    key: 'latency',
    title: 'p95 latency per hour',
    unit: '',
    value: (point) => point.p95Ms,
    format: (value) => formatDuration(value)
  }
];

function describe(series: Series, points: HourPoint[], label: string): string {
  const values = points.map(series.value);
  const known = values.filter((value): value is number => value !== null);
  const prefix = `${series.title} for ${label} over the last ${points.length} hours`;
  if (known.length === 0 || Math.max(...known) === 0) {
    return `${prefix}: nothing recorded.`;
  }
  const peak = Math.max(...known);
  const peakHour = formatHour(points[values.indexOf(peak)].hour);
  if (series.key === 'latency') {
    const idle = points.length - known.length;
    return `${prefix}: highest ${series.format(peak)} at ${peakHour}; ${idle} hours without calls.`;
  }
  const total = known.reduce((sum, value) => sum + value, 0);
  return `${prefix}: ${series.format(total)} ${series.unit} in total, peak ${series.format(peak)} at ${peakHour}.`;
}

function bars(series: Series, points: HourPoint[]): BarView[] {
  const values = points.map(series.value);
  const peak = Math.max(0, ...values.map((value) => value ?? 0));
  const slot = WIDTH / Math.max(points.length, 1);
  return values.flatMap((value, index) => {
    if (value === null || value <= 0 || peak === 0) {
      return [];
    }
    // A tiny value still gets a visible bar: "some" must not look like "none".
    const height = Math.max(1, (value / peak) * (HEIGHT - HEADROOM));
    return [
      {
        key: `${series.key}-${index}`,
        x: index * slot + slot * 0.1,
        y: HEIGHT - height,
        width: slot * 0.8,
        height
      }
    ];
  });
}

/**
 * Draws an endpoint's last 24 hours as three small bar charts (calls, errors, p95 latency) in
 * plain SVG: each chart is an image with a title and a text description, and a button shows the
 * same numbers as a table for anyone who cannot read the bars.
 */
export default class MetricChart extends LightningElement {
  /** The hours to draw, oldest first (`EndpointHealth.hours`); hours without calls count as 0. */
  @api hours?: HourPoint[];

  /** What the charts are about (the endpoint's label), used in titles and descriptions. */
  @api label?: string;

  showTable = false;

  readonly viewBox = `0 0 ${WIDTH} ${HEIGHT}`;
  readonly baselineY = HEIGHT - 0.5;
  readonly width = WIDTH;

  private get points(): HourPoint[] {
    return Array.isArray(this.hours) ? this.hours : [];
  }

  get hasPoints(): boolean {
    return this.points.length > 0;
  }

  private get subject(): string {
    return this.label?.trim() || 'this endpoint';
  }

  get charts(): ChartView[] {
    const points = this.points;
    return SERIES.map((series) => {
      const known = points.map(series.value).filter((v): v is number => v !== null);
      return {
        key: series.key,
        titleId: `${series.key}-title`,
        descId: `${series.key}-desc`,
        title: `${series.title}, ${this.subject}`,
        description: describe(series, points, this.subject),
        barClass: `bar bar_${series.key}`,
        bars: bars(series, points),
        peakLabel: known.length > 0 ? `Peak ${series.format(Math.max(...known))}` : NO_VALUE
      };
    });
  }

  get firstHour(): string {
    return formatHour(this.points[0]?.hour);
  }

  get lastHour(): string {
    return formatHour(this.points[this.points.length - 1]?.hour);
  }

  get noDataMessage(): string {
    return `No hourly figures for ${this.subject} yet.`;
  }

  get tableCaption(): string {
    return `Last 24 hours of ${this.subject}`;
  }

  get rows(): RowView[] {
    return this.points.map((point) => ({
      key: point.hour,
      hour: formatHour(point.hour),
      calls: formatNumber(point.calls),
      errors: formatNumber(point.errors),
      latency: formatDuration(point.p95Ms)
    }));
  }

  get tableToggleLabel(): string {
    return this.showTable ? 'Hide data table' : 'Show data table';
  }

  get tableToggleExpanded(): string {
    return String(this.showTable);
  }

  handleToggleTable(): void {
    this.showTable = !this.showTable;
  }
}
