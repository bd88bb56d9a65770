/// <reference lib="dom" />
/**
 * The local dashboard's shell: the four tabs of the in-org Conduit app as SLDS tabs, the open
 * tab kept in the URL hash (`#health`, `#dead-letters`, `#traces`, `#live`), and the toasts the
 * components ask for. Only the open tab's component is rendered, as the platform does.
 */
import { LightningElement } from 'lwc';
import { TABS } from '../../../shims/navigation';
import type { Tab } from '../../../shims/navigation';
import { SHOW_TOAST } from '../../../shims/platformShowToastEvent';

interface TabView extends Tab {
  tabId: string;
  href: string;
  panelId: string;
  selected: string;
  tabIndex: string;
  itemClass: string;
}

interface Toast {
  key: number;
  title: string;
  message?: string;
  variant: string;
}

interface ToastView extends Toast {
  className: string;
  icon: string;
}

const TOAST_MS = 5000;

function tabFromHash(): string {
  const id = window.location.hash.replace(/^#/, '');
  return TABS.some((tab) => tab.id === id) ? id : 'health';
}

export default class App extends LightningElement {
  activeTab = tabFromHash();
  toasts: Toast[] = [];
  private toastCount = 0;
  /** Set by keyboard selection: the newly selected tab takes focus once it has rendered. */
  private focusPending = false;

  private readonly onHashChange = (): void => {
    this.activeTab = tabFromHash();
  };

  private readonly onToast = (event: Event): void => {
    const detail = (
      event as CustomEvent<{ title: string; message?: string; variant?: string; mode?: string }>
    ).detail;
    const toast: Toast = {
      key: ++this.toastCount,
      title: detail.title,
      message: detail.message,
      variant: detail.variant ?? 'info'
    };
    this.toasts = [...this.toasts, toast];
    // A sticky toast stays until it is closed, as in Lightning Experience.
    if (detail.mode !== 'sticky') setTimeout(() => this.dismiss(toast.key), TOAST_MS);
  };

  override connectedCallback(): void {
    window.addEventListener('hashchange', this.onHashChange);
    this.template?.addEventListener(SHOW_TOAST, this.onToast);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    this.template?.removeEventListener(SHOW_TOAST, this.onToast);
  }

  get tabs(): TabView[] {
    return TABS.map((tab) => {
      const active = tab.id === this.activeTab;
      return {
        ...tab,
        tabId: `tab-${tab.id}`,
        href: `#${tab.id}`,
        panelId: `panel-${tab.id}`,
        selected: active ? 'true' : 'false',
        tabIndex: active ? '0' : '-1',
        itemClass: active ? 'slds-tabs_default__item slds-is-active' : 'slds-tabs_default__item'
      };
    });
  }

  get activeTabId(): string {
    return `tab-${this.activeTab}`;
  }

  get activePanelId(): string {
    return `panel-${this.activeTab}`;
  }

  get isHealth(): boolean {
    return this.activeTab === 'health';
  }

  get isDeadLetters(): boolean {
    return this.activeTab === 'dead-letters';
  }

  get isTraces(): boolean {
    return this.activeTab === 'traces';
  }

  get isLive(): boolean {
    return this.activeTab === 'live';
  }

  get toastViews(): ToastView[] {
    return this.toasts.map((toast) => ({
      ...toast,
      className: `slds-notify slds-notify_toast slds-theme_${toast.variant}`,
      icon: `utility:${toast.variant === 'warning' ? 'warning' : toast.variant === 'error' ? 'error' : toast.variant === 'success' ? 'success' : 'info'}`
    }));
  }

  handleTabClick(event: Event): void {
    event.preventDefault();
    const id = (event.currentTarget as HTMLElement).dataset.tab;
    if (id) {
      this.select(id, false);
    }
  }

  /** WAI-ARIA tabs: arrows move and select, Home/End jump to the ends. */
  handleTabKeydown(event: KeyboardEvent): void {
    const index = TABS.findIndex((tab) => tab.id === this.activeTab);
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: TABS.length - 1
    };
    if (!(event.key in moves)) {
      return;
    }
    event.preventDefault();
    const next = TABS[(moves[event.key] + TABS.length) % TABS.length];
    this.select(next.id, true);
  }

  handleDismiss(event: Event): void {
    this.dismiss(Number((event.currentTarget as HTMLElement).dataset.key));
  }

  private select(id: string, focus: boolean): void {
    this.activeTab = id;
    if (window.location.hash !== `#${id}`) {
      // Keep `?c__traceId=` and the rest of the URL: only the tab changes.
      window.history.pushState(
        null,
        '',
        `${window.location.pathname}${window.location.search}#${id}`
      );
    }
    this.focusPending = focus;
  }

  override renderedCallback(): void {
    if (this.focusPending) {
      // After render, so the selected tab already has tabindex 0.
      this.focusPending = false;
      this.template?.querySelector<HTMLElement>(`[data-tab="${this.activeTab}"]`)?.focus();
    }
  }

  private dismiss(key: number): void {
    this.toasts = this.toasts.filter((toast) => toast.key !== key);
  }
}
