// DOM helpers shared by the components' Jest tests (not a component: the build skips this folder).

/** Lets every pending promise (wire delivery, confirm, Apex, refreshApex) settle. */
export function flush(): Promise<void> {
  // eslint-disable-next-line @lwc/lwc/no-async-operation -- a test waits for a macrotask, not a component
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The first element in a component's shadow root that matches `selector`, or null. */
export function query<T extends Element = HTMLElement>(
  element: HTMLElement,
  selector: string
): T | null {
  return element.shadowRoot?.querySelector<T>(selector) ?? null;
}

/** Removes every element a test appended to the document body. */
export function clearBody(): void {
  while (document.body.firstChild) {
    document.body.removeChild(document.body.firstChild);
  }
}

/** The first element in a component's shadow root whose `data-id` is `id`, or null. */
export function byDataId<T extends Element = HTMLElement>(
  element: HTMLElement,
  id: string
): T | null {
  return query<T>(element, `[data-id="${id}"]`);
}

/** Every element in a component's shadow root whose `data-id` is `id`, in document order. */
export function allByDataId<T extends Element = HTMLElement>(
  element: HTMLElement,
  id: string
): T[] {
  return Array.from(element.shadowRoot?.querySelectorAll<T>(`[data-id="${id}"]`) ?? []);
}

/** The trimmed text of every element in a component's shadow root whose `data-id` is `id`. */
export function textsByDataId(element: HTMLElement, id: string): string[] {
  return allByDataId<Element>(element, id).map((node) => node.textContent?.trim() ?? '');
}
