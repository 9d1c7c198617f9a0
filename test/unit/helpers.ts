import { executeServerCommand } from '@web/test-runner-commands';
import { configure, pageConfig, session } from '../../src/core/page.js';
import type { InpostPayBasket } from '../../src/define.js';
import { until } from './wait.js';

export { collect, until } from './wait.js';

/** Records every callback call in order: `calls` reads like the seed's sequence of steps. */
export function callLog() {
  const calls: { name: string; args: unknown[] }[] = [];
  const record =
    <R>(name: string, answer: (...args: unknown[]) => R) =>
    (...args: unknown[]) => {
      calls.push({ name, args });
      return answer(...args);
    };
  return { calls, record, names: () => calls.map((c) => c.name) };
}

/**
 * Back to a fresh page between the element tests of a file, through the widget's ordinary API (the
 * framework-free parts get a fresh instance per test instead): no modal, every option unset, the
 * state of a page that knows nothing, no window callbacks.
 */
export function resetWidget(): void {
  for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
  configure(Object.fromEntries(Object.keys(pageConfig.options).map((key) => [key, undefined])));
  // 'tab': a fresh page neither announces this state nor tells other tabs.
  session.update({ linked: false, maskedPhoneNumber: '', count: undefined, bindingRequired: false }, undefined, 'tab');
  for (const key of Object.keys(window)) if (key.startsWith('izi')) delete (window as unknown as Record<string, unknown>)[key];
}

/** The visible text of an element's shadow root, whitespace folded (Lit adds some around text). */
export const shadowText = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The basket the buttons open as a modal, if there is one on the page. */
export const modal = () => document.querySelector<InpostPayBasket>('inpost-pay-basket[modal]');

/** What has focus, looked up through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** A command to the loopback WebSocket server of the order-watch tests (test/unit/ws-server-plugin.mjs). */
export const ws = <T>(payload: Record<string, unknown>) => executeServerCommand<T, Record<string, unknown>>('ws-server', payload);

/** Waits until exactly `n` WebSocket clients are connected to that server. */
export const waitForClients = (n: number, ms = 4000) =>
  until(async () => (await ws<number>({ do: 'clients' })) === n, `${n} WebSocket client(s)`, ms);
