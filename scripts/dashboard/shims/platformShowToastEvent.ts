/// <reference lib="dom" />
/**
 * `lightning/platformShowToastEvent`: the event a component dispatches to ask its container for
 * a toast. Like the platform's, it bubbles out of shadow roots; the dashboard shell shows it.
 */

export interface ToastConfig {
  title: string;
  message?: string;
  variant?: 'info' | 'success' | 'warning' | 'error';
  mode?: 'dismissible' | 'pester' | 'sticky';
}

/** The event name the platform uses, so code listening for it works unchanged. */
export const SHOW_TOAST = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<ToastConfig> {
  constructor(config: ToastConfig) {
    super(SHOW_TOAST, { detail: config, bubbles: true, composed: true, cancelable: true });
  }
}
