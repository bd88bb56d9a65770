/**
 * Platform events as a stream for the local dashboard's empApi: `GET /__conduit/events/<channel>`
 * answers Server-Sent Events, one `data:` line per event in the shape empApi hands its callback
 * (`{ channel, data: { event: { replayId }, payload } }`). `?replayId=-1` (the default) sends new
 * events only, `-2` also the events the org still holds (the newest RETAINED per channel), a
 * number the held events after it, as the platform's replay options do.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalOrg, OrgEvent } from './org.ts';

/** Events held per channel for a `-2` or numbered replay. */
export const RETAINED = 500;

type PlatformEvent = Extract<OrgEvent, { kind: 'platformEvent' }>;

/** Keeps the newest events of every channel an org publishes, for replays. */
export class EventHistory {
  private readonly byChannel = new Map<string, PlatformEvent[]>();

  constructor(org: LocalOrg) {
    org.onEvent((event) => {
      if (event.kind !== 'platformEvent') return;
      const held = this.byChannel.get(event.channel) ?? [];
      held.push(event);
      if (held.length > RETAINED) held.splice(0, held.length - RETAINED);
      this.byChannel.set(event.channel, held);
    });
  }

  /** The held events of a channel after `replayId` (-2: all of them; -1: none). */
  after(channel: string, replayId: number): PlatformEvent[] {
    if (replayId === -1) return [];
    const held = this.byChannel.get(channel) ?? [];
    return replayId === -2 ? [...held] : held.filter((e) => e.replayId > replayId);
  }
}

/** The empApi message of an event. */
export function messageOf(event: PlatformEvent): string {
  return JSON.stringify({
    channel: event.channel,
    data: { event: { replayId: event.replayId }, payload: event.payload }
  });
}

/** Parses `?replayId=`; null when it is not -1, -2 or a whole number >= 0. */
export function replayOption(target: string): number | null {
  const raw = new URL(target, 'http://local').searchParams.get('replayId') ?? '-1';
  if (!/^(-1|-2|\d+)$/.test(raw)) return null;
  return Number(raw);
}

/** Streams a channel's events to one client until it goes away. */
export function streamEvents(
  org: LocalOrg,
  history: EventHistory,
  channel: string,
  replayId: number,
  req: IncomingMessage,
  res: ServerResponse
): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive'
  });
  // A comment line first, so the client's open event fires before any message.
  res.write(': subscribed\n\n');
  for (const event of history.after(channel, replayId)) res.write(`data: ${messageOf(event)}\n\n`);
  const stop = org.onEvent((event) => {
    if (event.kind === 'platformEvent' && event.channel === channel)
      res.write(`data: ${messageOf(event)}\n\n`);
  });
  req.on('close', stop);
  res.on('close', stop);
}
