/** Focus across shadow roots: where it is, and where it goes back to when a modal closes. */

/** The element that has focus, looking into shadow roots. */
export function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/** Whether `node` is `host` or inside it, across shadow roots. */
export function isWithin(node: Node | null, host: Node): boolean {
  for (let n = node; n; n = n.parentNode ?? (n as ShadowRoot).host) if (n === host) return true;
  return false;
}

/** The control in `el` that a keyboard user pressed: its first focusable shadow child, else itself. */
export const focusableIn = (el: HTMLElement): HTMLElement =>
  el.shadowRoot?.querySelector<HTMLElement>('button, a[href], input, select, [tabindex]') ?? el;
