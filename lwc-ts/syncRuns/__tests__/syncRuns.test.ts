import { createElement } from 'lwc';
import * as navigation from 'lightning/navigation';
import SyncRuns from 'c/syncRuns';
import type { HealthSnapshot, SyncRunStatus, SyncRunSummary } from '../../types/conduit-monitor';
import SNAPSHOT from '../../conduitHealth/__tests__/data/healthSnapshot.json';
import { clearBody } from '../../testing/dom';

// The sfdx-lwc-jest navigation stub, with Navigate recording the page references it is given.
jest.mock('lightning/navigation', () => {
  type Mixin = (<T>(base: T) => T) & { Navigate: symbol; GenerateUrl: symbol };
  const actual = jest.requireActual<{ NavigationMixin: Mixin }>('lightning/navigation');
  const mockNavigate = jest.fn();
  const NavigationMixin = (<T extends new () => object>(base: T) =>
    class extends (actual.NavigationMixin(base) as new () => object) {
      [actual.NavigationMixin.Navigate](pageReference: unknown): void {
        mockNavigate(pageReference);
      }
    }) as unknown as Mixin;
  NavigationMixin.Navigate = actual.NavigationMixin.Navigate;
  NavigationMixin.GenerateUrl = actual.NavigationMixin.GenerateUrl;
  return { ...actual, NavigationMixin, mockNavigate };
});

const navigate = (navigation as unknown as { mockNavigate: jest.Mock }).mockNavigate;

/** The runs of the Health fixture: running, completed with failures, failed, completed. */
const RUNS = (SNAPSHOT as HealthSnapshot).syncRuns;

type RunsElement = HTMLElement & { runs?: SyncRunSummary[] | null };

function render(runs?: SyncRunSummary[] | null): RunsElement {
  const element = createElement('c-sync-runs', { is: SyncRuns }) as RunsElement;
  element.runs = runs;
  document.body.appendChild(element);
  return element;
}

function rows(element: HTMLElement): HTMLElement[] {
  return Array.from(element.shadowRoot?.querySelectorAll<HTMLElement>('[data-id="run-row"]') ?? []);
}

function text(row: Element, selector: string): string | undefined {
  return row.querySelector(selector)?.textContent?.trim();
}

function icon(row: Element): { iconName: string; variant?: string } | null {
  return row.querySelector('lightning-icon') as { iconName: string; variant?: string } | null;
}

describe('c-sync-runs', () => {
  afterEach(() => {
    clearBody();
    jest.clearAllMocks();
  });

  it('shows each run with its status, counts, duration and links', async () => {
    const element = render(RUNS);

    const shown = rows(element);
    expect(shown).toHaveLength(4);
    expect(element.shadowRoot?.querySelector('caption')?.textContent?.trim()).toBe(
      'The 4 latest sync runs, newest first'
    );
    const repair = shown[1];
    const link = repair.querySelector<HTMLAnchorElement>('[data-id="run-link"]');
    expect(link?.textContent).toBe('SR-000041');
    expect(link?.getAttribute('href')).toBe(
      '/lightning/r/Conduit_Sync_Run__c/a0B5g0000000SR3AAA/view'
    );
    expect(link?.title).toBe('Open sync run SR-000041 (Accounts)');
    expect(text(repair, '[data-id="sync-name"]')).toBe('Accounts');
    expect(repair.textContent).toContain('Repair');
    expect(repair.textContent).toContain('Nov 27, 2026, 4:00 AM');
    expect(text(repair, '[data-id="duration"]')).toBe('3 min 5 s');
    const counts = Object.fromEntries(
      Array.from(repair.querySelectorAll<HTMLElement>('[data-count]')).map((cell) => [
        cell.dataset.count,
        cell.textContent?.trim()
      ])
    );
    expect(counts).toEqual({
      scanned: '5,000',
      sent: '4,980',
      failed: '20',
      deadLettered: '200',
      drifted: '35',
      fixed: '30'
    });
    expect(text(shown[3], '[data-id="status"]')).toBe('Completed');
    expect(icon(shown[3])).toMatchObject({ iconName: 'utility:success', variant: 'success' });
    expect(text(shown[3], '[data-id="duration"]')).toBe('42 s');
    await expect(element).toBeAccessible();
  });

  it('says a running run is still running', async () => {
    const element = render(RUNS);

    const running = rows(element)[0];
    expect(text(running, '[data-id="status"]')).toBe('Running');
    expect(icon(running)?.iconName).toBe('utility:sync');
    expect(text(running, '[data-id="duration"]')).toBe('Still running');
    await expect(element).toBeAccessible();
  });

  it('spells out failures in words, not colour alone', async () => {
    const element = render(RUNS);

    const [, withFailures, failed] = rows(element);
    expect(text(withFailures, '[data-id="status"]')).toBe('Completed with failures');
    expect(icon(withFailures)).toMatchObject({ iconName: 'utility:warning', variant: 'warning' });
    expect(text(failed, '[data-id="status"]')).toBe('Failed');
    expect(icon(failed)).toMatchObject({ iconName: 'utility:error', variant: 'error' });
    expect(text(failed, '[data-id="duration"]')).toBe('1.2 s');
    await expect(element).toBeAccessible();
  });

  it('shows an unknown status and missing values readably', async () => {
    const odd: SyncRunSummary = {
      ...RUNS[2],
      id: 'a0B5g0000000SR9AAA',
      name: 'SR-000050',
      status: null,
      syncName: null,
      mode: null,
      endpoint: null,
      startedAt: null,
      finishedAt: null
    };
    const element = render([
      odd,
      {
        ...odd,
        id: 'a0B5g0000000SR8AAA', // A status this version does not know, as a newer org could send.
        status: 'Paused' as SyncRunStatus
      }
    ]);

    const [unknown, paused] = rows(element);
    expect(text(unknown, '[data-id="status"]')).toBe('Unknown');
    expect(icon(unknown)?.iconName).toBe('utility:question');
    expect(text(paused, '[data-id="status"]')).toBe('Paused');
    expect(text(unknown, '[data-id="duration"]')).toBe('—');
    expect(text(unknown, '[data-id="sync-name"]')).toBe('—');
    await expect(element).toBeAccessible();
  });

  it('opens the trace of a run on the Traces tab', () => {
    const element = render(RUNS);

    const buttons = element.shadowRoot?.querySelectorAll<HTMLElement>('[data-id="open-trace"]');
    expect(buttons).toHaveLength(3);
    expect(rows(element)[2].querySelector('[data-id="open-trace"]')).toBeNull();
    buttons?.[1].click();

    expect(navigate).toHaveBeenCalledWith({
      type: 'standard__navItemPage',
      attributes: { apiName: 'Conduit_Traces' },
      state: { c__traceId: '0af7651916cd43dd8448eb211c80319c' }
    });
  });

  it('names a single run in the singular', () => {
    const element = render([RUNS[3]]);

    expect(element.shadowRoot?.querySelector('caption')?.textContent?.trim()).toBe(
      'The latest sync run'
    );
  });

  it.each([
    ['an empty list', []],
    ['no list', undefined],
    ['null', null]
  ])('says no sync has run yet when given %s', async (_case, runs) => {
    const element = render(runs);

    expect(element.shadowRoot?.querySelector('[data-id="empty"]')?.textContent).toContain(
      'No sync has run yet'
    );
    expect(element.shadowRoot?.querySelector('table')).toBeNull();
    await expect(element).toBeAccessible();
  });
});
