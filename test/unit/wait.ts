// Waiting helpers with no import from src/: iife.test.ts loads the built bundle and must not pull
// in the source modules (src/core/session.js registers page listeners when imported).

/** Resolves after `ms` milliseconds (a macrotask turn when 0). */
export const sleep = (ms = 0) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

/**
 * Waits until `check` holds (its result is awaited, so it may be async), checking again every
 * 10 ms (a timer, not an animation frame); fails with `what` once `ms` milliseconds have passed.
 */
export async function until(check: () => unknown, what = 'condition', ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Collects the widget events of a type dispatched anywhere on the page. */
export function collect<T = unknown>(type: string) {
  const events: CustomEvent<T>[] = [];
  const listener = (e: Event) => events.push(e as CustomEvent<T>);
  document.addEventListener(type, listener);
  return { events, stop: () => document.removeEventListener(type, listener) };
}
