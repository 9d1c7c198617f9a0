import { describeReason, isRecord } from './callbacks.js';
import { emit, type BasketChangeDetail, type SessionState } from './events.js';
import type { Configuration } from './config.js';
import type { OrderOutcome } from './order-watch.js';
import { maskPhone, toCount } from './sanitize.js';

/** What one tab tells the others of the shop (BroadcastChannel `inpost-pay`). */
export type TabMessage =
  | { type: 'state'; state: SessionState }
  | { type: 'outcome'; outcome: OrderOutcome }
  | { type: 'basket'; detail: BasketChangeDetail };

/** What the page listeners need of the session (see `BindingSession`). */
export interface ListeningSession {
  readonly state: SessionState;
  update(patch: Partial<SessionState>, origin?: EventTarget, source?: 'page' | 'server' | 'tab'): void;
  adopt(answer: unknown, origin: EventTarget | undefined, from: 'izi-binding-complete'): void;
  complete(outcome: OrderOutcome, fromOtherTab: boolean): void;
  /** Re-renders every view (the page's language changed). */
  refreshViews(): void;
  /** Starts or stops the order watch as the state and the configuration say. */
  syncWatch(): void;
  readonly config: Configuration;
}

/** The page listeners while they run: `post` tells the other tabs, `stop` removes everything. */
export interface PageListeners {
  post(message: TabMessage): void;
  stop(): void;
}

/**
 * Listens for what the page and the other tabs tell the session: the first InPost widget's
 * `inpost-update-count` and `izi-binding-complete` events, the page's `lang`, `configure()`, page
 * load, and the BroadcastChannel of the shop's other tabs. Started by the first view, stopped by the last.
 */
export function listenToPage(session: ListeningSession): PageListeners {
  let channel: BroadcastChannel | undefined;
  // A shop's event detail is not trusted: even a getter that throws must not escape into its page.
  const guarded = (name: string, handle: (detail: unknown, target?: EventTarget) => void) => (event: Event) => {
    try {
      handle((event as CustomEvent).detail, event.target ?? undefined);
    } catch (error) {
      console.warn(`[inpost-pay] ${name} ignored: its detail could not be read (${describeReason(error)})`);
    }
  };
  const onCount = guarded('inpost-update-count', (detail, target) => {
    const count = toCount(detail);
    if (count === undefined) console.warn(`[inpost-pay] inpost-update-count ignored: detail ${describeReason(detail)} is not a number`);
    else session.update({ count }, target);
  });
  const onBindingComplete = guarded('izi-binding-complete', (detail, target) => {
    // A masked number that holds a phone number means linked; without either key only the count is taken.
    const linked = isRecord(detail) ? detail.basket_linked ?? (maskPhone(detail.masked_phone_number) ? true : undefined) : undefined;
    session.adopt(isRecord(detail) ? { ...detail, basket_linked: linked } : detail ?? {}, target, 'izi-binding-complete');
  });
  // Strings follow the page's lang, which a shop may switch without reloading.
  const langObserver = new MutationObserver(() => session.refreshViews());
  const sync = () => session.syncWatch();
  // Capture on window sees the events wherever a shop dispatches them: on an element, document or window.
  addEventListener('inpost-update-count', onCount, true);
  addEventListener('izi-binding-complete', onBindingComplete, true);
  document.addEventListener('DOMContentLoaded', sync);
  const stopConfigure = session.config.onChange(sync);
  // Opening the channel and the observer costs about a millisecond: not inside the first widget's first render.
  // A page lang switched before the observer starts is caught by comparing it then.
  const langAtStart = document.documentElement.lang;
  const deferred = setTimeout(() => {
    langObserver.observe(document.documentElement, { attributeFilter: ['lang'], subtree: true });
    if (document.documentElement.lang !== langAtStart) session.refreshViews();
    if (typeof BroadcastChannel !== 'function') return;
    channel = new BroadcastChannel('inpost-pay');
    channel.onmessage = ({ data }: MessageEvent<TabMessage>) => {
      if (data?.type === 'state' && isRecord(data.state)) {
        const { linked, maskedPhoneNumber, count, bindingRequired } = data.state;
        // update() masks the number: whatever another tab sent, only digits and stars stay.
        session.update(
          { linked: linked === true, maskedPhoneNumber: maskedPhoneNumber as string, count: toCount(count) ?? session.state.count, bindingRequired: bindingRequired === true },
          undefined,
          'tab',
        );
      }
      if (data?.type === 'outcome') session.complete(data.outcome, true);
      // The watching tab heard of a change made in the app: this tab's cart view refreshes too.
      if (data?.type === 'basket' && isRecord(data.detail)) {
        const { count, basketLinked, changed } = data.detail;
        emit(undefined, 'inpost-pay-basket-change', {
          count: toCount(count),
          basketLinked: basketLinked === true,
          changed: Array.isArray(changed) ? changed.filter((what) => typeof what === 'string') : [],
        });
      }
    };
  });
  return {
    post(message) {
      try {
        channel?.postMessage(message);
      } catch {
        // A closed channel (page unloading) has nobody left to tell.
      }
    },
    stop() {
      clearTimeout(deferred);
      removeEventListener('inpost-update-count', onCount, true);
      removeEventListener('izi-binding-complete', onBindingComplete, true);
      document.removeEventListener('DOMContentLoaded', sync);
      langObserver.disconnect();
      stopConfigure();
      channel?.close();
      channel = undefined;
    },
  };
}
