// Waiting in tests, with no import from src/: iife.test.ts loads the built bundle and must not pull
// in the source modules. Sleeping is @open-wc/testing's aTimeout, a promise settled by hand is
// Promise.withResolvers; what is left is this suite's defaults for waitUntil, and collect().
import { waitUntil } from '@open-wc/testing';

/**
 * Waits until `check` holds (it may be async), checking every 10 ms, for at most `timeout` ms:
 * @open-wc/testing's waitUntil with this suite's defaults (its own are 50 ms and 1 s, too coarse
 * and too short for callbacks that settle on timers).
 */
export const until = (check: () => unknown, what = 'condition', timeout = 3000): Promise<void> =>
  waitUntil(check, `waiting for ${what}`, { interval: 10, timeout });

/** Collects the widget events of a type dispatched anywhere on the page (oneEvent takes only one). */
export function collect<T = unknown>(type: string) {
  const events: CustomEvent<T>[] = [];
  const listener = (e: Event) => events.push(e as CustomEvent<T>);
  document.addEventListener(type, listener);
  return { events, stop: () => document.removeEventListener(type, listener) };
}
