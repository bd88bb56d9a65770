import { createElement } from 'lwc';
import ErrorPanel from 'c/errorPanel';
import { byDataId, clearBody } from '../../testing/dom';

type PanelElement = HTMLElement & { errors?: unknown; friendlyMessage?: string };

function render(errors: unknown, friendlyMessage?: string): PanelElement {
  const element = createElement('c-error-panel', { is: ErrorPanel }) as PanelElement;
  element.errors = errors;
  element.friendlyMessage = friendlyMessage;
  document.body.appendChild(element);
  return element;
}

function text(element: HTMLElement, id: string): string | undefined {
  return byDataId(element, id)?.textContent?.trim();
}

describe('c-error-panel', () => {
  afterEach(() => {
    clearBody();
  });

  it('shows the friendly sentence and the server message as an alert', async () => {
    const element = render(
      { body: { message: 'You need the Conduit_Admin permission set.' } },
      'The health of the endpoints could not be loaded.'
    );

    expect(text(element, 'headline')).toBe('The health of the endpoints could not be loaded.');
    expect(text(element, 'primary')).toBe('You need the Conduit_Admin permission set.');
    expect(element.shadowRoot?.querySelector('[role="alert"]')).not.toBeNull();
    expect(element.shadowRoot?.querySelector('[data-id="details"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('lists every message in a disclosure when there are several', async () => {
    const element = render([new Error('first'), { body: { message: 'second' } }]);

    expect(text(element, 'headline')).toBe('Something went wrong.');
    const items = element.shadowRoot?.querySelectorAll('[data-id="message"]') ?? [];
    expect(Array.from(items).map((item) => item.textContent)).toEqual(['first', 'second']);
    expect(element.shadowRoot?.querySelector('summary')?.textContent).toBe('Show all 2 messages');
    await expect(element).toBeAccessible();
  });

  it('shows only the sentence when there is no error detail', async () => {
    const element = render(undefined, '   ');

    expect(text(element, 'headline')).toBe('Something went wrong.');
    expect(element.shadowRoot?.querySelector('[data-id="primary"]')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('follows a change of errors', async () => {
    const element = render('first');

    element.errors = 'second';
    await Promise.resolve();

    expect(text(element, 'primary')).toBe('second');
  });
});
