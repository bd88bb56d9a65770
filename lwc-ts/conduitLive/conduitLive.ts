import { LightningElement, api } from 'lwc';
import { isEmpEnabled, onError, subscribe, unsubscribe } from 'lightning/empApi';
import type { EmpSubscription } from 'lightning/empApi';
import { NavigationMixin } from 'lightning/navigation';
import { NO_VALUE, formatDuration, formatTime, tracePage } from 'c/conduitErrors';
import { outcomeView } from 'c/traceWaterfall';
import type { LogEventMessage } from '../types/conduit-monitor';

/** The platform event every Conduit log entry is published on. */
export const CHANNEL = '/event/Conduit_Log_Event__e';
/** How many events the tab keeps when the page does not say. */
const DEFAULT_MAX_EVENTS = 500;
/** Screen readers hear at most one summary this often, never one line per event. */
export const ANNOUNCE_INTERVAL_MS = 5000;
/** -1: only events published from now on; replaying history would spend allocation. */
const NEW_EVENTS_ONLY = -1;

const LEVELS: Record<string, { icon: string; label: string }> = {
  ERROR: { icon: 'utility:error', label: 'Error' },
  WARN: { icon: 'utility:warning', label: 'Warning' },
  INFO: { icon: 'utility:info', label: 'Info' },
  DEBUG: { icon: 'utility:bug', label: 'Debug' }
};

type Status = 'off' | 'connecting' | 'live' | 'error';

/** One received event as the table shows it. */
interface LiveEvent {
  key: string;
  time: string;
  level: string;
  levelLabel: string;
  levelIcon: string;
  endpoint: string;
  endpointValue: string;
  source: string;
  outcomeLabel: string;
  outcomeIcon: string;
  statusCode: string;
  duration: string;
  message: string;
  traceId: string | null;
  openTraceLabel: string;
}

interface Option {
  label: string;
  value: string;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The Live tab: a stream of Conduit log events through `lightning/empApi`. It stays off until
 * the admin turns it on (every delivered event counts against the org's event delivery
 * allocation), can be paused, keeps only the newest events in memory, and filters by endpoint and
 * level. Pausing freezes the table: events keep arriving into the same capped buffer and are
 * counted, and Resume shows them.
 */
export default class ConduitLive extends NavigationMixin(LightningElement) {
  /**
   * How many events to keep in memory (default 500); older ones are dropped and counted. Values
   * below 1 or not whole numbers fall back to the default.
   */
  @api maxEvents: number | string = DEFAULT_MAX_EVENTS;

  enabled = false;
  status: Status = 'off';
  paused = false;
  error: unknown = null;
  events: LiveEvent[] = [];
  frozen: LiveEvent[] = [];
  droppedCount = 0;
  newWhilePaused = 0;
  endpointFilter = '';
  levelFilter = '';
  announcement = '';

  private endpointsSeen: string[] = [];
  private subscription: EmpSubscription | null = null;
  private errorListenerRegistered = false;
  private sequence = 0;
  private attempt = 0;
  private pendingAnnouncement = 0;
  private announceTimer: ReturnType<typeof setTimeout> | null = null;

  override disconnectedCallback(): void {
    this.cancelAnnouncement();
    this.enabled = false;
    this.status = 'off';
    this.release();
  }

  get cap(): number {
    const value = Number(this.maxEvents);
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_EVENTS;
  }

  get toggleHelp(): string {
    return 'Each event delivered to this page counts against the org’s daily event delivery allocation, so the stream stays off until you turn it on and stops when you leave the page.';
  }

  get isOff(): boolean {
    return this.status === 'off';
  }

  get isConnecting(): boolean {
    return this.status === 'connecting';
  }

  get isLive(): boolean {
    return this.status === 'live';
  }

  get hasError(): boolean {
    return this.status === 'error';
  }

  get controlsDisabled(): boolean {
    return !this.isLive;
  }

  get pauseLabel(): string {
    return this.paused ? 'Resume' : 'Pause';
  }

  get pauseIcon(): string {
    return this.paused ? 'utility:play' : 'utility:pause';
  }

  get clearDisabled(): boolean {
    return this.events.length === 0 && this.droppedCount === 0;
  }

  get statusText(): string {
    if (this.isLive && this.paused) {
      return `Paused: ${plural(this.newWhilePaused, 'new event')} since pausing, shown when you resume.`;
    }
    if (this.isLive) {
      return 'Live: new events appear at the top.';
    }
    return '';
  }

  get endpointOptions(): Option[] {
    return [
      { label: 'All endpoints', value: '' },
      ...this.endpointsSeen.map((endpoint) => ({ label: endpoint, value: endpoint }))
    ];
  }

  get levelOptions(): Option[] {
    return [
      { label: 'All levels', value: '' },
      ...Object.entries(LEVELS).map(([value, { label }]) => ({ label, value }))
    ];
  }

  get visibleEvents(): LiveEvent[] {
    const source = this.paused ? this.frozen : this.events;
    return source.filter(
      (event) =>
        (this.endpointFilter === '' || event.endpointValue === this.endpointFilter) &&
        (this.levelFilter === '' || event.level === this.levelFilter)
    );
  }

  get hasVisibleEvents(): boolean {
    return this.visibleEvents.length > 0;
  }

  get isWaiting(): boolean {
    return this.isLive && (this.paused ? this.frozen : this.events).length === 0;
  }

  get isFilteredOut(): boolean {
    return !this.isWaiting && !this.hasVisibleEvents && (this.isLive || this.events.length > 0);
  }

  get showCount(): boolean {
    return this.isLive || this.events.length > 0;
  }

  get countText(): string {
    const kept = (this.paused ? this.frozen : this.events).length;
    return `Showing ${this.visibleEvents.length} of ${plural(kept, 'event')} kept (newest ${this.cap}).`;
  }

  get hasDropped(): boolean {
    return this.droppedCount > 0;
  }

  get droppedText(): string {
    return `${plural(this.droppedCount, 'older event')} dropped to stay within ${this.cap}.`;
  }

  get tableCaption(): string {
    return 'Conduit log events, newest first';
  }

  async handleToggle(event: Event): Promise<void> {
    const checked = Boolean((event.target as HTMLInputElement).checked);
    if (checked) {
      await this.start();
    } else {
      this.stop();
    }
  }

  handlePauseResume(): void {
    if (this.paused) {
      this.paused = false;
      this.frozen = [];
      this.newWhilePaused = 0;
    } else {
      this.paused = true;
      this.frozen = this.events;
    }
  }

  handleClear(): void {
    this.events = [];
    this.frozen = [];
    this.droppedCount = 0;
    this.newWhilePaused = 0;
  }

  handleEndpointFilter(event: CustomEvent<{ value: string }>): void {
    this.endpointFilter = event.detail.value;
  }

  handleLevelFilter(event: CustomEvent<{ value: string }>): void {
    this.levelFilter = event.detail.value;
  }

  handleOpenTrace(event: Event): void {
    const traceId = (event.currentTarget as HTMLElement).dataset.traceId;
    if (traceId) {
      this[NavigationMixin.Navigate](tracePage(traceId));
    }
  }

  private async start(): Promise<void> {
    const attempt = ++this.attempt;
    this.enabled = true;
    this.status = 'connecting';
    this.error = null;
    try {
      if (!(await isEmpEnabled())) {
        throw new Error(
          'Streaming is not available on this page, so live events cannot be shown. Open the Conduit app in Lightning Experience.'
        );
      }
      this.registerErrorListener();
      const subscription = await subscribe<LogEventMessage>(CHANNEL, NEW_EVENTS_ONLY, (message) =>
        this.receive(message)
      );
      if (attempt !== this.attempt || !this.enabled) {
        // Turned off (or off and on again, or the page was left) while subscribing.
        this.release(subscription);
        return;
      }
      this.subscription = subscription;
      this.status = 'live';
    } catch (error) {
      if (attempt === this.attempt) {
        this.fail(error);
      }
    }
  }

  private stop(): void {
    this.attempt++;
    this.enabled = false;
    this.status = 'off';
    this.paused = false;
    this.frozen = [];
    this.newWhilePaused = 0;
    this.cancelAnnouncement();
    this.release();
  }

  private fail(error: unknown): void {
    this.enabled = false;
    this.paused = false;
    this.error = error;
    this.status = 'error';
    this.release();
  }

  /** Ends a subscription (the current one by default); failing to must not hide the page state. */
  private release(subscription: EmpSubscription | null = this.subscription): void {
    if (subscription === this.subscription) {
      this.subscription = null;
    }
    if (subscription) {
      unsubscribe(subscription).catch(() => {
        // The server drops an abandoned subscription with the session; nothing to tell the admin.
      });
    }
  }

  private registerErrorListener(): void {
    if (this.errorListenerRegistered) {
      return;
    }
    this.errorListenerRegistered = true;
    onError((error) => {
      if (this.enabled) {
        this.fail(error);
      }
    });
  }

  private receive(message: LogEventMessage): void {
    if (!this.enabled) {
      return;
    }
    const event = this.toView(message);
    const kept = [event, ...this.events];
    if (kept.length > this.cap) {
      this.droppedCount += kept.length - this.cap;
      kept.length = this.cap;
    }
    this.events = kept;
    if (event.endpointValue !== '' && !this.endpointsSeen.includes(event.endpointValue)) {
      this.endpointsSeen = [...this.endpointsSeen, event.endpointValue].sort();
    }
    if (this.paused) {
      this.newWhilePaused++;
    }
    this.queueAnnouncement();
  }

  private toView(message: LogEventMessage): LiveEvent {
    const payload = message.data.payload;
    const level = (payload.Level__c ?? '').trim().toUpperCase();
    const known = LEVELS[level];
    const outcome = outcomeView(payload.Outcome__c);
    const key = `event-${++this.sequence}`;
    return {
      key,
      time: formatTime(payload.CreatedDate),
      level,
      levelLabel: known?.label ?? (level || NO_VALUE),
      levelIcon: known?.icon ?? 'utility:question',
      endpoint: payload.Endpoint__c ?? NO_VALUE,
      endpointValue: payload.Endpoint__c ?? '',
      source: payload.Source__c ?? NO_VALUE,
      outcomeLabel: payload.Outcome__c ? outcome.label : NO_VALUE,
      outcomeIcon: outcome.icon,
      statusCode: payload.Status_Code__c === null ? NO_VALUE : String(payload.Status_Code__c),
      duration: formatDuration(payload.Duration_Ms__c),
      message: payload.Message__c ?? '',
      traceId: payload.Trace_Id__c,
      openTraceLabel: `Open trace ${payload.Trace_Id__c ?? ''}`
    };
  }

  private queueAnnouncement(): void {
    this.pendingAnnouncement++;
    if (this.announceTimer !== null) {
      return;
    }
    // Throttles the aria-live region: one polite summary per interval, whatever the event rate.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    this.announceTimer = setTimeout(() => this.announce(), ANNOUNCE_INTERVAL_MS);
  }

  private announce(): void {
    this.announceTimer = null;
    const count = this.pendingAnnouncement;
    this.pendingAnnouncement = 0;
    this.announcement = this.paused
      ? `${plural(count, 'new log event')} received while paused.`
      : `${plural(count, 'new log event')}.`;
  }

  private cancelAnnouncement(): void {
    if (this.announceTimer !== null) {
      clearTimeout(this.announceTimer);
      this.announceTimer = null;
    }
    this.pendingAnnouncement = 0;
  }
}
