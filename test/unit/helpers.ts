import { resetConfig } from '../../src/core/config.js';
import { session } from '../../src/core/session.js';

/** A promise with its resolve/reject in hand, to settle a callback exactly when a test wants. */
export function deferred<T = unknown>() {
  let resolve!: (value: T) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

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

/** Waits until `check` holds, polling each animation frame; fails with `what` after `ms`. */
export async function until(check: () => unknown, what = 'condition', ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Collects the widget events of a type dispatched anywhere on the page. */
export function collect<T = unknown>(type: string) {
  const events: CustomEvent<T>[] = [];
  const listener = (e: Event) => events.push(e as CustomEvent<T>);
  document.addEventListener(type, listener);
  return { events, stop: () => document.removeEventListener(type, listener) };
}

/** Back to a fresh page between tests: no configuration, no state, no window callbacks. */
export function resetWidget(): void {
  session.reset();
  resetConfig();
  for (const key of Object.keys(window)) if (key.startsWith('izi')) delete (window as unknown as Record<string, unknown>)[key];
}

/** The visible text of an element's shadow root, whitespace folded (Lit adds some around text). */
export const shadowText = (el: Element) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
