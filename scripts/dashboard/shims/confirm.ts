/// <reference lib="dom" />
/**
 * `lightning/confirm` for the local dashboard: `LightningConfirm.open({ label, message, theme })`
 * shows an SLDS modal (role="alertdialog", focus on OK, Escape and Cancel resolve false, Tab stays
 * inside) and resolves true when the admin confirms. Built from DOM and SLDS classes because it
 * lives outside any component, at the end of the body, as the platform's does.
 */

export interface ConfirmConfig {
  message: string;
  label: string;
  variant?: 'header' | 'headerless';
  theme?: 'default' | 'warning' | 'error' | 'success' | 'info';
}

let openCount = 0;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  text?: string
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function buildDialog(config: ConfirmConfig, id: string) {
  const section = element('section', 'slds-modal slds-fade-in-open');
  section.setAttribute('role', 'alertdialog');
  section.setAttribute('aria-modal', 'true');
  section.setAttribute('aria-describedby', `${id}-message`);
  const container = element('div', 'slds-modal__container');
  const headerless = config.variant === 'headerless';
  const header = element(
    'div',
    headerless ? 'slds-modal__header slds-modal__header_empty' : 'slds-modal__header'
  );
  if (!headerless) {
    const theme = config.theme && config.theme !== 'default' ? config.theme : undefined;
    if (theme) {
      header.classList.add('slds-theme_alert-texture', `slds-theme_${theme}`);
    }
    const title = element('h1', 'slds-modal__title slds-hyphenate', config.label);
    title.id = `${id}-label`;
    header.append(title);
    section.setAttribute('aria-labelledby', title.id);
  } else {
    section.setAttribute('aria-label', config.label);
  }
  const body = element('div', 'slds-modal__content slds-p-around_medium');
  const message = element('p', '', config.message);
  message.id = `${id}-message`;
  body.append(message);
  const footer = element('div', 'slds-modal__footer');
  const cancel = element('button', 'slds-button slds-button_neutral', 'Cancel');
  const ok = element('button', 'slds-button slds-button_brand', 'OK');
  cancel.type = 'button';
  ok.type = 'button';
  footer.append(cancel, ok);
  container.append(header, body, footer);
  section.append(container);
  const backdrop = element('div', 'slds-backdrop slds-backdrop_open');
  backdrop.setAttribute('role', 'presentation');
  return { section, backdrop, ok, cancel };
}

function open(config: ConfirmConfig): Promise<boolean> {
  const id = `conduit-confirm-${++openCount}`;
  const { section, backdrop, ok, cancel } = buildDialog(config, id);
  const previousFocus =
    document.activeElement instanceof HTMLElement ? document.activeElement : null;
  return new Promise((resolve) => {
    const close = (answer: boolean): void => {
      section.remove();
      backdrop.remove();
      previousFocus?.focus();
      resolve(answer);
    };
    ok.addEventListener('click', () => close(true));
    cancel.addEventListener('click', () => close(false));
    section.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(false);
      } else if (event.key === 'Tab') {
        // Two buttons: Tab and Shift+Tab move between them and never leave the dialog.
        event.preventDefault();
        (document.activeElement === ok ? cancel : ok).focus();
      }
    });
    document.body.append(section, backdrop);
    ok.focus();
  });
}

const LightningConfirm = { open };
export default LightningConfirm;
