import { LightningElement, api } from 'lwc';
import { NO_VALUE, formatDuration } from 'c/conduitErrors';
import type { TraceSpan, TraceView } from '../types/conduit-monitor';

/** How an outcome reads: text and icon carry it, colour only repeats it. */
export interface OutcomeView {
  readonly label: string;
  readonly icon: string;
  readonly tone: 'success' | 'warning' | 'error' | 'neutral';
}

const OUTCOMES: Record<string, OutcomeView> = {
  SUCCESS: { label: 'Success', icon: 'utility:success', tone: 'success' },
  RETRYABLE: { label: 'Retryable failure', icon: 'utility:warning', tone: 'warning' },
  PERMANENT: { label: 'Permanent failure', icon: 'utility:error', tone: 'error' },
  CIRCUIT_OPEN: { label: 'Circuit open', icon: 'utility:ban', tone: 'error' },
  RATE_LIMITED: { label: 'Rate limited', icon: 'utility:clock', tone: 'warning' }
};

const NO_OUTCOME: OutcomeView = { label: 'No outcome', icon: 'utility:info', tone: 'neutral' };

/** Narrowest bar, in percent of the trace, so an instant span still shows where it happened. */
const MIN_BAR_PERCENT = 0.5;

/** One label/value pair of a span's details. */
export interface SpanDetail {
  label: string;
  value: string;
  /** Template key of the value, distinct from the label's. */
  valueKey: string;
}

/** A span as the table shows it. */
export interface WaterfallRow {
  key: string;
  detailsId: string;
  name: string;
  depth: number;
  nesting: string;
  indentStyle: string;
  source: string;
  endpoint: string;
  statusCode: string;
  offsetLabel: string;
  durationLabel: string;
  outcomeLabel: string;
  outcomeIcon: string;
  barClass: string;
  barStyle: string;
  timelineText: string;
  expanded: boolean;
  expandedText: string;
  toggleLabel: string;
  details: SpanDetail[];
}

/** Reads an outcome such as `RETRYABLE` as text, icon and tone; unknown ones keep their text. */
export function outcomeView(outcome: string | null | undefined): OutcomeView {
  if (!outcome) {
    return NO_OUTCOME;
  }
  const known = OUTCOMES[outcome.trim().toUpperCase()];
  return known ?? { label: outcome, icon: 'utility:question', tone: 'neutral' };
}

function millis(iso: string): number {
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? 0 : parsed;
}

function percent(value: number): string {
  return `${Number(value.toFixed(3))}%`;
}

/**
 * Orders spans depth-first under their parents (spans arrive oldest first, so siblings stay in
 * time order) and gives each its depth. A span whose parent is not in the trace, or that sits in
 * a parent cycle, starts a new root rather than disappearing.
 */
function treeOrder(spans: TraceSpan[]): { index: number; depth: number; parent: number | null }[] {
  const firstById = new Map<string, number>();
  spans.forEach((span, index) => {
    if (span.spanId && !firstById.has(span.spanId)) {
      firstById.set(span.spanId, index);
    }
  });
  const parentOf = spans.map((span, index) => {
    const parent = span.parentSpanId ? firstById.get(span.parentSpanId) : undefined;
    return parent === undefined || parent === index ? null : parent;
  });
  const children = new Map<number, number[]>();
  parentOf.forEach((parent, index) => {
    if (parent !== null) {
      children.set(parent, [...(children.get(parent) ?? []), index]);
    }
  });
  const ordered: { index: number; depth: number; parent: number | null }[] = [];
  const visited = new Set<number>();
  const visit = (index: number, depth: number, parent: number | null): void => {
    if (visited.has(index)) {
      return;
    }
    visited.add(index);
    ordered.push({ index, depth, parent });
    for (const child of children.get(index) ?? []) {
      visit(child, depth + 1, index);
    }
  };
  parentOf.forEach((parent, index) => {
    if (parent === null) {
      visit(index, 0, null);
    }
  });
  // Whatever is left sits in a cycle of parents: show it at the top level.
  spans.forEach((_span, index) => visit(index, 0, null));
  return ordered;
}

function detailsOf(span: TraceSpan): SpanDetail[] {
  const pairs: [string, string | number | null][] = [
    ['Started at', span.startedAt],
    ['Span id', span.spanId],
    ['Parent span id', span.parentSpanId],
    ['Level', span.level],
    ['Status code', span.statusCode],
    ['Record id', span.recordId],
    ['Idempotency key', span.idempotencyKey]
  ];
  return pairs
    .filter(([, value]) => value !== null && value !== '')
    .map(([label, value]) => ({ label, value: String(value), valueKey: `${label}-value` }));
}

/**
 * Draws the spans of one trace as a waterfall table: one row per span, indented under its parent,
 * with a bar placed by its start and sized by its duration relative to the whole trace. Outcomes
 * show as text and icon; each row opens its details with a keyboard-reachable button.
 */
export default class TraceWaterfall extends LightningElement {
  private currentTrace: TraceView | null = null;
  private expandedKeys: string[] = [];

  /**
   * The trace to draw (`ConduitTraceController.Trace`); nothing renders without one. Setting a
   * new trace closes every open span detail.
   */
  @api
  get trace(): TraceView | null {
    return this.currentTrace;
  }
  set trace(value: TraceView | null | undefined) {
    this.currentTrace = value ?? null;
    this.expandedKeys = [];
  }

  get hasSpans(): boolean {
    return (this.trace?.spans.length ?? 0) > 0;
  }

  get isTruncated(): boolean {
    return this.trace?.truncated === true;
  }

  get truncatedNote(): string {
    return `Only the first ${this.trace?.spans.length ?? 0} spans of this trace are shown: it has more than the tab reads at once.`;
  }

  get caption(): string {
    if (!this.trace) {
      return '';
    }
    const count = this.trace.spans.length;
    return `Trace ${this.trace.traceId}: ${count} span${count === 1 ? '' : 's'} over ${formatDuration(this.trace.durationMs)}`;
  }

  get rows(): WaterfallRow[] {
    const trace = this.trace;
    if (!trace) {
      return [];
    }
    const start = millis(trace.startedAt);
    const offsets = trace.spans.map((span) => Math.max(0, millis(span.startedAt) - start));
    // A span logged after the trace's recorded end still has to fit inside the track.
    const total = Math.max(
      trace.durationMs ?? 0,
      ...trace.spans.map((span, i) => offsets[i] + Math.max(0, span.durationMs ?? 0)),
      1
    );
    return treeOrder(trace.spans).map(({ index, depth, parent }) =>
      this.row(
        trace.spans[index],
        index,
        depth,
        parent === null ? null : trace.spans[parent],
        offsets[index],
        total
      )
    );
  }

  private row(
    span: TraceSpan,
    index: number,
    depth: number,
    parent: TraceSpan | null,
    offset: number,
    total: number
  ): WaterfallRow {
    const key = `span-${index}`;
    const outcome = outcomeView(span.outcome);
    const width = Math.max(((span.durationMs ?? 0) / total) * 100, MIN_BAR_PERCENT);
    const left = Math.min((offset / total) * 100, 100 - width);
    const expanded = this.expandedKeys.includes(key);
    const offsetLabel = `+${formatDuration(offset)}`;
    const durationLabel =
      span.durationMs === null ? 'not recorded' : formatDuration(span.durationMs);
    return {
      key,
      detailsId: `${key}-details`,
      name: span.name,
      depth,
      nesting: parent ? `, inside ${parent.name}` : '',
      indentStyle: `padding-left: ${depth * 1.25}rem`,
      source: span.source ?? NO_VALUE,
      endpoint: span.endpoint ?? NO_VALUE,
      statusCode: span.statusCode === null ? NO_VALUE : String(span.statusCode),
      offsetLabel,
      durationLabel,
      outcomeLabel: outcome.label,
      outcomeIcon: outcome.icon,
      barClass: `waterfall__bar waterfall__bar_${outcome.tone}${span.durationMs === null ? ' waterfall__bar_marker' : ''}`,
      barStyle: `left: ${percent(left)}; width: ${percent(width)}`,
      timelineText: `Starts at ${offsetLabel}, lasts ${durationLabel}`,
      expanded,
      expandedText: String(expanded),
      toggleLabel: `${expanded ? 'Hide' : 'Show'} details of ${span.name}`,
      details: detailsOf(span)
    };
  }

  handleToggle(event: Event): void {
    const key = (event.currentTarget as HTMLElement).dataset.key ?? '';
    this.expandedKeys = this.expandedKeys.includes(key)
      ? this.expandedKeys.filter((k) => k !== key)
      : [...this.expandedKeys, key];
  }
}
