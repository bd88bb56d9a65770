/// <reference lib="dom" />
/**
 * `lightning/empApi` for the local dashboard, over Server-Sent Events instead of CometD:
 * `subscribe(channel, replayId, onMessage)` opens `/__conduit/events/<channel>?replayId=<n>`
 * (the channel URL-encoded as one path segment) and hands every event's JSON `data` to
 * `onMessage` unchanged. The local org sends empApi's own message shape,
 * `{ channel, data: { schema?, payload, event: { replayId } } }`, so components read it as in
 * an org. The contract is in scripts/dashboard/README.md.
 */

/** What `subscribe` resolves with and `unsubscribe` takes. */
export interface EmpSubscription {
  channel: string;
  id: string;
  replayId: number;
}

const sources = new Map<string, EventSource>();
const errorListeners: ((error: unknown) => void)[] = [];
let nextId = 0;

function reportError(error: unknown): void {
  for (const listener of errorListeners) {
    listener(error);
  }
}

/** The URL of a channel's stream on the page's origin. */
function eventsUrl(channel: string, replayId: number): string {
  return `/__conduit/events/${encodeURIComponent(channel)}?replayId=${encodeURIComponent(String(replayId))}`;
}

export function subscribe<Message>(
  channel: string,
  replayId: number,
  onMessage: (message: Message) => void
): Promise<EmpSubscription> {
  return new Promise((resolve, reject) => {
    const id = String(++nextId);
    const source = new EventSource(eventsUrl(channel, replayId));
    let opened = false;
    source.onopen = () => {
      opened = true;
      sources.set(id, source);
      resolve({ channel, id, replayId });
    };
    source.onmessage = (event: MessageEvent<string>) => {
      try {
        onMessage(JSON.parse(event.data) as Message);
      } catch (error) {
        reportError({ channel, message: `Unreadable event on ${channel}: ${String(error)}` });
      }
    };
    source.onerror = () => {
      const error = {
        channel,
        message: `The event stream ${channel} is unavailable: is \`npm start\` still running?`
      };
      if (!opened) {
        source.close();
        reject(error);
      }
      reportError(error);
    };
  });
}

export function unsubscribe(
  subscription: EmpSubscription,
  callback?: (response: unknown) => void
): Promise<unknown> {
  const source = sources.get(subscription.id);
  source?.close();
  sources.delete(subscription.id);
  const response = { successful: source !== undefined, subscription: subscription.channel };
  callback?.(response);
  return Promise.resolve(response);
}

export function onError(callback: (error: unknown) => void): void {
  errorListeners.push(callback);
}

export function isEmpEnabled(): Promise<boolean> {
  return Promise.resolve(typeof EventSource === 'function');
}

export function setDebugFlag(flag: boolean): Promise<unknown> {
  // Nothing to log: the browser's network panel shows the stream.
  return Promise.resolve(flag);
}
