import { createElement } from 'lwc';
import CircuitBadge from 'c/circuitBadge';
import { clearBody } from '../../testing/dom';

function render(state?: string): HTMLElement & { state?: string } {
  const element = createElement('c-circuit-badge', { is: CircuitBadge }) as HTMLElement & {
    state?: string;
  };
  element.state = state;
  document.body.appendChild(element);
  return element;
}

function badge(element: HTMLElement): HTMLElement {
  const found = element.shadowRoot?.querySelector<HTMLElement>('[data-id="badge"]');
  if (!found) {
    throw new Error('badge not rendered');
  }
  return found;
}

describe('c-circuit-badge', () => {
  afterEach(() => {
    clearBody();
  });

  it.each([
    ['CLOSED', 'Circuit Closed', 'slds-theme_success', 'utility:success'],
    ['OPEN', 'Circuit Open', 'slds-theme_error', 'utility:error'],
    ['HALF_OPEN', 'Circuit Half-open', 'slds-theme_warning', 'utility:warning'],
    ['half_open', 'Circuit Half-open', 'slds-theme_warning', 'utility:warning']
  ])('shows %s as text, colour and icon', async (state, text, theme, icon) => {
    const element = render(state);

    expect(badge(element).textContent?.trim()).toBe(text);
    expect(badge(element).classList).toContain(theme);
    const iconElement = element.shadowRoot?.querySelector('lightning-icon') as
      (Element & { iconName?: string }) | null;
    expect(iconElement?.iconName).toBe(icon);
    await expect(element).toBeAccessible();
  });

  it('explains an unknown state instead of guessing', async () => {
    const element = render('SIDEWAYS');

    expect(badge(element).textContent?.trim()).toBe('Circuit Unknown');
    expect(element.shadowRoot?.querySelector('[data-id="meaning"]')?.textContent).toContain(
      'No circuit state'
    );
    await expect(element).toBeAccessible();
  });

  it('treats a missing state as unknown', async () => {
    const element = render(undefined);

    expect(badge(element).classList).toContain('slds-theme_shade');
    await expect(element).toBeAccessible();
  });

  it('updates when the state changes', async () => {
    const element = render('CLOSED');

    element.state = 'OPEN';
    await Promise.resolve();

    expect(badge(element).textContent?.trim()).toBe('Circuit Open');
  });
});
