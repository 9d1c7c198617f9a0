/**
 * One polite live region for the whole page. A listing page may hold hundreds of buttons; if each
 * announced a count change, a screen reader would read it hundreds of times.
 */
let region: HTMLElement | undefined;

export function announce(message: string): void {
  if (typeof document === 'undefined' || !document.body) return;
  if (!region?.isConnected) {
    region = document.createElement('div');
    region.setAttribute('role', 'status');
    region.setAttribute('data-inpost-pay-announcer', '');
    // Set through the CSSOM, which a strict Content-Security-Policy allows (a style attribute it would not).
    region.style.cssText = 'position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap';
    document.body.append(region);
  }
  region.textContent = message;
}
