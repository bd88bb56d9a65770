/// <reference lib="dom" />
/**
 * `lightning/navigation` for the local dashboard. The page reference is read from the URL: the
 * query string is its `state` (`?c__traceId=...`) and the hash names the tab. `Navigate` writes
 * the state back with `history.pushState` (or `replaceState`) and tells every
 * `CurrentPageReference` wire, so deep links, bookmarks and the back button work.
 */

/** Where to go: a page type, its attributes and its `c__` state parameters. */
export interface PageReference {
  type: string;
  attributes?: Record<string, unknown>;
  state?: Record<string, string | undefined>;
}

/** Fired on window whenever the URL changes through Navigate (popstate covers back/forward). */
const LOCATION_CHANGED = 'conduit:locationchange';

/** A tab of the Conduit app: its name in the URL hash, its label and the nav item it stands for. */
export interface Tab {
  id: string;
  label: string;
  apiName: string;
}

/** The tabs of the Conduit app, in the order the app shows them. */
export const TABS: readonly Tab[] = [
  { id: 'health', label: 'Health', apiName: 'Conduit_Health' },
  { id: 'dead-letters', label: 'Dead Letters', apiName: 'Conduit_Dead_Letters' },
  { id: 'traces', label: 'Traces', apiName: 'Conduit_Traces' },
  { id: 'live', label: 'Live', apiName: 'Conduit_Live' }
];

/** The page reference a URL stands for. */
export function pageReferenceFromUrl(url: URL): PageReference {
  const state: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    state[key] = value;
  });
  const tab = url.hash.replace(/^#/, '') || 'health';
  return {
    type: 'standard__navItemPage',
    attributes: { apiName: TABS.find((entry) => entry.id === tab)?.apiName ?? tab },
    state
  };
}

/** The URL a page reference leads to from `current`: same path and tab, the new state. */
export function urlForPageReference(pageReference: PageReference, current: URL): URL {
  const next = new URL(current.href);
  next.search = '';
  for (const [key, value] of Object.entries(pageReference.state ?? {})) {
    if (value !== undefined && value !== '') {
      next.searchParams.set(key, value);
    }
  }
  const apiName = pageReference.attributes?.apiName;
  const tab = TABS.find((entry) => entry.apiName === apiName)?.id;
  if (tab) {
    next.hash = tab;
  }
  return next;
}

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

// A TypeScript mixin's constructor type must take `any[]` (TS2545); nothing reads the args.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

function navigate(pageReference: PageReference, replace = false): void {
  const next = urlForPageReference(pageReference, new URL(window.location.href));
  if (replace) {
    window.history.replaceState(null, '', next.href);
  } else {
    window.history.pushState(null, '', next.href);
  }
  window.dispatchEvent(new Event(LOCATION_CHANGED));
}

function mixin<Base extends Constructor>(base: Base): Base {
  return class extends base {
    [Navigate](pageReference: PageReference, replace?: boolean): void {
      navigate(pageReference, replace);
    }

    [GenerateUrl](pageReference: PageReference): Promise<string> {
      return Promise.resolve(
        urlForPageReference(pageReference, new URL(window.location.href)).href
      );
    }
  };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });

/** Wire adapter: the page reference of the URL, delivered again whenever the URL changes. */
export class CurrentPageReference {
  private readonly listener = (): void => {
    this.dataCallback(pageReferenceFromUrl(new URL(window.location.href)));
  };

  constructor(private readonly dataCallback: (value: PageReference) => void) {}

  update(): void {
    this.listener();
  }

  connect(): void {
    window.addEventListener('popstate', this.listener);
    window.addEventListener('hashchange', this.listener);
    window.addEventListener(LOCATION_CHANGED, this.listener);
  }

  disconnect(): void {
    window.removeEventListener('popstate', this.listener);
    window.removeEventListener('hashchange', this.listener);
    window.removeEventListener(LOCATION_CHANGED, this.listener);
  }
}
