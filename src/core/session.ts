import { emit, type SessionState } from '../events.js';
import { stringsFor } from '../i18n/index.js';
import { announce } from './announcer.js';
import { browserData } from './browser-data.js';
import { CallbackError, describe, invoke, isRecord, logFailure, unusable } from './callbacks.js';
import { callbackFor, config, onConfigure, type CallbackName } from './config.js';
import { OrderWatch, type OrderOutcome } from './order-watch.js';
import { maskPhone, safeAppLink, safeImageSrc, safeRedirect, toCount } from './sanitize.js';

/** An element that shows the session: it re-renders when the session changes. */
export interface SessionView {
  requestUpdate(): void;
}

export type Screen = 'basket' | 'binding';
/** Opens a widget screen as a modal; `<inpost-pay-basket>` registers itself as the opener. */
export type ScreenOpener = (screen: Screen, opener?: HTMLElement) => void;

/** What a press on an unlinked button led to. */
export type PressOutcome = 'not-bindable' | 'linked' | 'binding-required';

type TabMessage = { type: 'state'; state: SessionState } | { type: 'outcome'; outcome: OrderOutcome };

// The count is unknown until the shop says it: a basket the widget knows nothing about is not "0 products".
const initialState: SessionState = { linked: false, maskedPhoneNumber: '', count: undefined, bindingRequired: false };

/**
 * The page-wide binding session: one state that every widget on the page shows, the callback
 * calls of both seed flows, and the order watch. No DOM rendering here; elements are thin views.
 */
export class BindingSession {
  state: SessionState = { ...initialState };
  #views = new Set<SessionView>();
  #watch = new OrderWatch(
    (outcome) => this.#complete(outcome),
    (error) => this.report(error),
  );
  #openScreen?: ScreenOpener;
  #channel?: BroadcastChannel;
  #stopListening?: () => void;

  /** Starts showing the session in `view`; the first view starts the page listeners. */
  attach(view: SessionView): void {
    this.#views.add(view);
    if (this.#views.size === 1) this.#listen();
    this.#syncWatch();
  }

  /** Stops showing the session in `view`; when the last widget leaves, the watch and listeners stop. */
  detach(view: SessionView): void {
    this.#views.delete(view);
    if (this.#views.size === 0) {
      this.#stopListening?.();
      this.#stopListening = undefined;
    }
    this.#syncWatch();
  }

  /**
   * Merges `patch` into the state; every widget re-renders and `inpost-pay-state` fires, only on a
   * real change. `source` says where the change comes from: `page` (an action or an event here,
   * announced and shared with other tabs), `server` (what the shop's server rendered: the page
   * loads in that state, so nothing is announced or shared) or `tab` (another tab shared it).
   */
  update(patch: Partial<SessionState>, origin?: EventTarget, source: 'page' | 'server' | 'tab' = 'page'): void {
    const next = { ...this.state, ...patch };
    // The one place that guarantees only a masked number is ever kept, shown or shared.
    next.maskedPhoneNumber = next.linked ? maskPhone(next.maskedPhoneNumber) : '';
    if (next.linked) next.bindingRequired = false;
    const keys = Object.keys(next) as (keyof SessionState)[];
    if (keys.every((key) => next[key] === this.state[key])) return;
    const countChanged = next.count !== this.state.count;
    this.state = next;
    for (const view of this.#views) view.requestUpdate();
    emit(origin, 'inpost-pay-state', { ...next });
    if (countChanged && next.linked && next.count !== undefined && source !== 'server') {
      const strings = stringsFor(document.documentElement, null, config().language);
      announce(strings.countChanged(strings.products(next.count)));
    }
    if (source === 'page') this.#post({ type: 'state', state: next });
    this.#syncWatch();
  }

  /** Tells the shop's developer (console) and the page (`inpost-pay-error`) that a callback failed. */
  report(error: unknown, origin?: EventTarget): CallbackError {
    const failure =
      error instanceof CallbackError ? error : new CallbackError('orderWatch', 'threw', describe(error), error);
    logFailure(failure);
    emit(origin, 'inpost-pay-error', {
      callback: failure.callback,
      cause: failure.reason,
      message: failure.message,
      error: failure.detail,
    });
    return failure;
  }

  /**
   * The seed's first flow, for a press on an unlinked button: may the product go into the basket
   * (`iziCanBeBound`), then add it (`iziAddToCart`). On a basket page (no product) nothing is added.
   * Rejects with a CallbackError, already reported.
   */
  async press(productId: string | undefined, bindingPlace: string, origin?: HTMLElement): Promise<PressOutcome> {
    try {
      const args = productId ? [productId] : [];
      // On a basket page there is no product to check; a shop without the callback there means yes.
      const allowed = productId || callbackFor('iziCanBeBound') ? await invoke('iziCanBeBound', args) : true;
      if (typeof allowed !== 'boolean') throw unusable('iziCanBeBound', allowed, 'true or false');
      if (!allowed) {
        emit(origin, 'inpost-pay-not-bindable', { productId });
        return 'not-bindable';
      }
      if (productId) this.#adopt(await invoke('iziAddToCart', args), origin);
      this.#syncWatch();
      if (this.state.linked) return 'linked';
      this.update({ bindingRequired: true }, origin);
      emit(origin, 'inpost-pay-binding-required', { productId, bindingPlace });
      this.open('binding', origin);
      return 'binding-required';
    } catch (error) {
      throw this.report(error, origin);
    }
  }

  /**
   * Starts a binding: with a phone number InPost pushes a request to the app (resolves nothing);
   * without one it resolves `{qr_code, deep_link}` for QR or app-link binding.
   */
  async requestBinding(
    phone: { prefix: string; number: string } | undefined,
    bindingPlace: string,
    productId?: string,
    origin?: EventTarget,
  ): Promise<unknown> {
    const name: CallbackName =
      !callbackFor('iziGetPayData') && callbackFor('iziGetBindingData') ? 'iziGetBindingData' : 'iziGetPayData';
    const prefix = phone?.prefix ?? '';
    const number = phone?.number ?? '';
    try {
      const browser = await browserData();
      const answer = await invoke(
        name,
        name === 'iziGetPayData' ? [prefix, number, bindingPlace, browser] : [productId, prefix, number, bindingPlace],
      );
      if (isRecord(answer) && (answer.error_code || answer.error_message)) {
        throw new CallbackError(name, 'rejected', `${name} resolved an error: ${describe(answer)}`, answer);
      }
      // Without a phone number the answer is all the shopper gets: a QR code or a link into the app.
      if (!phone && !(isRecord(answer) && (safeImageSrc(answer.qr_code) || safeAppLink(answer.deep_link)))) {
        throw unusable(name, answer, '{qr_code, deep_link} without a phone number');
      }
      // A QR code that cannot be shown is told, even when the app link still serves a phone.
      if (!phone && isRecord(answer) && answer.qr_code != null && !safeImageSrc(answer.qr_code)) {
        this.report(unusable(name, answer.qr_code, 'qr_code as data:image/...;base64, raw Base64 PNG or a same-origin URL'), origin);
      }
      return answer;
    } catch (error) {
      throw this.report(error, origin);
    }
  }

  /**
   * Waits for the shopper to confirm in the app (`iziGetIsBound`). When `signal` aborted meanwhile
   * (the shopper closed the screen), a late confirmation still shows the page linked, nothing else.
   */
  async confirmBinding(signal: AbortSignal, origin?: EventTarget): Promise<boolean> {
    try {
      const answer = await invoke('iziGetIsBound', [], config().confirmTimeout ?? 300000);
      if (isRecord(answer) && answer.status === 'REJECT') throw new CallbackError('iziGetIsBound', 'rejected', 'REJECT', answer);
      const masked = isRecord(answer)
        ? maskPhone(answer.masked_phone_number ?? (isRecord(answer.phone_number) ? answer.phone_number.phone : answer.phone_number))
        : '';
      if (!isRecord(answer) || !masked) throw unusable('iziGetIsBound', answer, '{status: "SUCCESS", masked_phone_number}');
      const count = toCount(answer.count);
      this.update({ linked: true, maskedPhoneNumber: masked, ...(count === undefined ? {} : { count }) }, signal.aborted ? undefined : origin);
      return !signal.aborted;
    } catch (error) {
      if (signal.aborted) return false;
      // Resolved or rejected with {status: "REJECT"}: the shopper said no in the app, nothing broke.
      const declined = error instanceof CallbackError && isRecord(error.detail) && error.detail.status === 'REJECT';
      throw this.report(
        declined ? new CallbackError('iziGetIsBound', 'declined', 'The shopper declined the binding in the InPost Mobile app', error.detail) : error,
        origin,
      );
    }
  }

  /**
   * The link that opens the basket in the InPost Mobile app: the shop's `iziMobileLink` when it has
   * one and it answers a usable link, else the binding's own deep link (a failure is reported).
   */
  async appLink(deepLink: unknown, origin?: EventTarget): Promise<string | undefined> {
    if (callbackFor('iziMobileLink')) {
      try {
        const answer = await invoke('iziMobileLink', []);
        const link = isRecord(answer) ? safeAppLink(answer.link) : undefined;
        if (link) return link;
        throw unusable('iziMobileLink', answer, '{link: "inpost://..."}');
      } catch (error) {
        this.report(error, origin);
      }
    }
    return safeAppLink(deepLink);
  }

  /** The seed's second flow: `iziBindingDelete`, then every widget turns unlinked. */
  async unbind(origin?: EventTarget): Promise<void> {
    try {
      await invoke('iziBindingDelete', []);
    } catch (error) {
      throw this.report(error, origin);
    }
    this.update({ linked: false, bindingRequired: true }, origin);
  }

  /** Opens a screen as a modal (the masked-phone screen or the binding screen). */
  open(screen: Screen, opener?: HTMLElement): void {
    this.#openScreen?.(screen, opener);
  }

  /** Registers who opens screens; `<inpost-pay-basket>` does. @internal */
  setScreenOpener(opener: ScreenOpener | undefined): void {
    this.#openScreen = opener;
  }

  /** Test hook: back to the state of a fresh page. @internal */
  reset(): void {
    this.#watch.stop();
    this.state = { ...initialState };
    for (const view of this.#views) view.requestUpdate();
  }

  /**
   * Reads what the shop's backend learned from InPost Pay, as resolved by `iziAddToCart` or carried
   * by `izi-binding-complete`. What is usable is used; anything else is reported, never thrown: the
   * product is in the basket by now, and the binding screen still lets the shopper go on.
   */
  #adopt(answer: unknown, origin?: EventTarget, from: 'iziAddToCart' | 'izi-binding-complete' = 'iziAddToCart'): void {
    if (answer == null) return;
    const fields = isRecord(answer) ? answer : {};
    const count = toCount(fields.count);
    const linked = fields.basket_linked;
    const wrong =
      !isRecord(answer) ||
      (linked !== undefined && typeof linked !== 'boolean') ||
      (fields.count !== undefined && count === undefined);
    if (wrong && from === 'iziAddToCart') this.report(unusable(from, answer, '{basket_linked, masked_phone_number, count}'), origin);
    else if (wrong) console.warn(`[inpost-pay] izi-binding-complete: took only the usable part of ${describe(answer)}`);
    const patch: Partial<SessionState> = count === undefined ? {} : { count };
    if (linked === true) {
      patch.linked = true;
      patch.maskedPhoneNumber = maskPhone(fields.masked_phone_number) || this.state.maskedPhoneNumber;
    } else if (linked === false) patch.linked = false;
    this.update(patch, origin);
  }

  #syncWatch(): void {
    if (this.state.linked && this.#views.size > 0 && this.#canWatch()) this.#watch.start();
    else this.#watch.stop();
  }

  #canWatch(): boolean {
    const { method, url } = config().orderWatch ?? {};
    return Boolean(callbackFor('iziGetOrderComplete')) || (method === 'websocket' && Boolean(url));
  }

  #complete(outcome: OrderOutcome, fromOtherTab = false): void {
    if (!fromOtherTab) this.#post({ type: 'outcome', outcome });
    if (outcome.action === 'refresh') {
      if (emit(undefined, 'inpost-pay-refresh', { action: 'refresh', url: location.href }, true)) location.reload();
      return;
    }
    const url = safeRedirect(outcome.redirect, config().redirectOrigins);
    if (!url) {
      this.report(new CallbackError('iziGetOrderComplete', 'refused', `Refused to redirect to ${describe(outcome.redirect).slice(0, 120)}: not http(s) on this origin or configure({ redirectOrigins })`));
      return;
    }
    // 'tab': the outcome itself was shared above, and the page is about to leave.
    this.update({ linked: false, count: 0 }, undefined, 'tab');
    if (emit(undefined, 'inpost-pay-order-complete', { action: 'redirect', url }, true)) location.assign(url);
  }

  #post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(message);
    } catch {
      // A closed channel (page unloading) has nobody left to tell.
    }
  }

  /** Page-wide listeners: the first widget's events, other tabs, `configure()` and page load. */
  #listen(): void {
    // A shop's event detail is not trusted: even a getter that throws must not escape into its page.
    const guarded = (name: string, handle: (detail: unknown, target?: EventTarget) => void) => (event: Event) => {
      try {
        handle((event as CustomEvent).detail, event.target ?? undefined);
      } catch (error) {
        console.warn(`[inpost-pay] ${name} ignored: its detail could not be read (${describe(error)})`);
      }
    };
    const onCount = guarded('inpost-update-count', (detail, target) => {
      const count = toCount(detail);
      if (count === undefined) console.warn(`[inpost-pay] inpost-update-count ignored: detail ${describe(detail)} is not a number`);
      else this.update({ count }, target);
    });
    const onBindingComplete = guarded('izi-binding-complete', (detail, target) => {
      // A masked number that holds a phone number means linked; without either key only the count is taken.
      const linked = isRecord(detail) ? detail.basket_linked ?? (maskPhone(detail.masked_phone_number) ? true : undefined) : undefined;
      this.#adopt(isRecord(detail) ? { ...detail, basket_linked: linked } : detail ?? {}, target, 'izi-binding-complete');
    });
    // Strings follow the page's lang, which a shop may switch without reloading.
    const langObserver = new MutationObserver(() => this.#views.forEach((view) => view.requestUpdate()));
    const sync = () => this.#syncWatch();
    // Capture on window sees the events wherever a shop dispatches them: on an element, document or window.
    addEventListener('inpost-update-count', onCount, true);
    addEventListener('izi-binding-complete', onBindingComplete, true);
    document.addEventListener('DOMContentLoaded', sync);
    const stopConfigure = onConfigure(sync);
    // Opening the channel and the observer costs about a millisecond: not inside the first widget's first render.
    const deferred = setTimeout(() => {
      langObserver.observe(document.documentElement, { attributeFilter: ['lang'], subtree: true });
      if (typeof BroadcastChannel !== 'function') return;
      this.#channel = new BroadcastChannel('inpost-pay');
      this.#channel.onmessage = ({ data }: MessageEvent<TabMessage>) => {
        if (data?.type === 'state' && isRecord(data.state)) {
          const { linked, maskedPhoneNumber, count, bindingRequired } = data.state;
          // update() masks the number: whatever another tab sent, only digits and stars stay.
          this.update(
            { linked: linked === true, maskedPhoneNumber: maskedPhoneNumber as string, count: toCount(count) ?? this.state.count, bindingRequired: bindingRequired === true },
            undefined,
            'tab',
          );
        }
        if (data?.type === 'outcome') this.#complete(data.outcome, true);
      };
    });
    this.#stopListening = () => {
      clearTimeout(deferred);
      removeEventListener('inpost-update-count', onCount, true);
      removeEventListener('izi-binding-complete', onBindingComplete, true);
      document.removeEventListener('DOMContentLoaded', sync);
      langObserver.disconnect();
      stopConfigure();
      this.#channel?.close();
      this.#channel = undefined;
    };
  }
}

/** The one session of this page. */
export const session = new BindingSession();
