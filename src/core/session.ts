import { stringsFor } from '../i18n/index.js';
import { announce } from './announcer.js';
import { browserData } from './browser-data.js';
import { asCallbackError, CallbackError, describeReason, invoke, isRecord, logFailure, unusable, type FailedCallback } from './callbacks.js';
import type { CallbackName, Configuration } from './config.js';
import { emit, type SessionState } from './events.js';
import { OrderWatch, type OrderOutcome } from './order-watch.js';
import { listenToPage, type ListeningSession, type PageListeners, type TabMessage } from './page-listeners.js';
import { maskPhone, safeAppLink, safeImageSrc, safeRedirect, toCount } from './sanitize.js';

/** Something that shows the session: it re-renders when the session changes (see `ui/session-controller.ts`). */
export interface SessionView {
  requestUpdate(): void;
}

/** What a press on an unlinked button led to; on `binding-required` the caller opens the binding screen. */
export type PressOutcome = 'not-bindable' | 'linked' | 'binding-required';

// The count is unknown until the shop says it: a basket the widget knows nothing about is not "0 products".
const initialState: SessionState = { linked: false, maskedPhoneNumber: '', count: undefined, bindingRequired: false };

/**
 * The binding session: one state that every widget on the page shows, the callback calls of both
 * seed flows, and the order watch. No DOM rendering here; elements are thin views. The page has
 * one (`core/page.ts`); a test makes its own with its own `Configuration`.
 */
export class BindingSession implements ListeningSession {
  state: SessionState = { ...initialState };
  #views = new Set<SessionView>();
  #watch: OrderWatch;
  #page?: PageListeners;
  /** The version of the last state the shop pushed (see `pushed`). */
  #version: unknown;

  constructor(readonly config: Configuration) {
    this.#watch = new OrderWatch(
      config,
      (outcome) => this.complete(outcome),
      (error) => this.report(error, error.callback),
      (state) => this.pushed(state),
    );
  }

  /** Starts showing the session in `view`; the first view starts the page listeners. */
  attach(view: SessionView): void {
    this.#views.add(view);
    if (this.#views.size === 1) this.#page = listenToPage(this);
    this.syncWatch();
  }

  /** Stops showing the session in `view`; when the last widget leaves, the watch and listeners stop. */
  detach(view: SessionView): void {
    this.#views.delete(view);
    if (this.#views.size === 0) {
      this.#page?.stop();
      this.#page = undefined;
    }
    this.syncWatch();
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
    this.refreshViews();
    emit(origin, 'inpost-pay-state', { ...next });
    if (countChanged && next.linked && next.count !== undefined && source !== 'server') {
      const strings = stringsFor(document.documentElement, null, this.config.options.language);
      announce(strings.countChanged(strings.products(next.count)));
    }
    if (source === 'page') this.#page?.post({ type: 'state', state: next });
    this.syncWatch();
  }

  /**
   * Tells the shop's developer (console) and the page (`inpost-pay-error`) that `callback` failed.
   * Anything but a CallbackError is a fault of the widget while it handled that callback.
   */
  report(error: unknown, callback: FailedCallback, origin?: EventTarget): CallbackError {
    const failure = asCallbackError(error, callback);
    const { reason, message, cause } = failure;
    logFailure(failure);
    emit(origin, 'inpost-pay-error', { callback: failure.callback, reason, message, cause, ...(failure.code && { code: failure.code }) });
    return failure;
  }

  /**
   * The seed's first flow, for a press on an unlinked button: may the product go into the basket
   * (`iziCanBeBound`), then add it (`iziAddToCart`). On a basket page (no product) nothing is added.
   * Rejects with a CallbackError, already reported.
   */
  async press(productId: string | undefined, bindingPlace: string, origin?: HTMLElement): Promise<PressOutcome> {
    let step: CallbackName = 'iziCanBeBound';
    try {
      const args = productId ? [productId] : [];
      // On a basket page there is no product to check; a shop without the callback there means yes.
      const allowed = productId || this.config.callback(step) ? await invoke(this.config, step, args) : true;
      if (typeof allowed !== 'boolean') throw unusable(step, allowed, 'true or false');
      if (!allowed) {
        emit(origin, 'inpost-pay-not-bindable', { productId });
        return 'not-bindable';
      }
      step = 'iziAddToCart';
      if (productId) this.adopt(await invoke(this.config, step, args), origin);
      this.syncWatch();
      if (this.state.linked) return 'linked';
      this.update({ bindingRequired: true }, origin);
      emit(origin, 'inpost-pay-binding-required', { productId, bindingPlace });
      return 'binding-required';
    } catch (error) {
      throw this.report(error, step, origin);
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
      !this.config.callback('iziGetPayData') && this.config.callback('iziGetBindingData') ? 'iziGetBindingData' : 'iziGetPayData';
    const prefix = phone?.prefix ?? '';
    const number = phone?.number ?? '';
    try {
      const browser = await browserData(this.config);
      const answer = await invoke(
        this.config,
        name,
        name === 'iziGetPayData' ? [prefix, number, bindingPlace, browser] : [productId, prefix, number, bindingPlace],
      );
      if (isRecord(answer) && (answer.error_code || answer.error_message)) {
        throw new CallbackError(name, 'rejected', `${name} resolved an error: ${describeReason(answer)}`, answer);
      }
      // Without a phone number the answer is all the shopper gets: a QR code or a link into the app.
      if (!phone && !(isRecord(answer) && (safeImageSrc(answer.qr_code) || safeAppLink(answer.deep_link)))) {
        throw unusable(name, answer, '{qr_code, deep_link} without a phone number');
      }
      // A QR code that cannot be shown is told, even when the app link still serves a phone.
      if (!phone && isRecord(answer) && answer.qr_code != null && !safeImageSrc(answer.qr_code)) {
        this.report(unusable(name, answer.qr_code, 'qr_code as data:image/...;base64, raw Base64 PNG or a same-origin URL'), name, origin);
      }
      return answer;
    } catch (error) {
      throw this.report(error, name, origin);
    }
  }

  /**
   * Waits for the shopper to confirm in the app (`iziGetIsBound`). When `signal` aborted meanwhile
   * (the shopper closed the screen), a late confirmation still shows the page linked, nothing else.
   */
  async confirmBinding(signal: AbortSignal, origin?: EventTarget): Promise<boolean> {
    try {
      const answer = await invoke(this.config, 'iziGetIsBound', [], this.config.options.confirmTimeout ?? 300000);
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
      const declined = error instanceof CallbackError && isRecord(error.cause) && error.cause.status === 'REJECT';
      throw this.report(
        declined ? new CallbackError('iziGetIsBound', 'declined', 'The shopper declined the binding in the InPost Mobile app', error.cause) : error,
        'iziGetIsBound',
        origin,
      );
    }
  }

  /**
   * The link that opens the basket in the InPost Mobile app: the shop's `iziMobileLink` when it has
   * one and it answers a usable link, else the binding's own deep link (a failure is reported).
   */
  async appLink(deepLink: unknown, origin?: EventTarget): Promise<string | undefined> {
    if (this.config.callback('iziMobileLink')) {
      try {
        const answer = await invoke(this.config, 'iziMobileLink', []);
        const link = isRecord(answer) ? safeAppLink(answer.link) : undefined;
        if (link) return link;
        throw unusable('iziMobileLink', answer, '{link: "inpost://..."}');
      } catch (error) {
        this.report(error, 'iziMobileLink', origin);
      }
    }
    return safeAppLink(deepLink);
  }

  /** The seed's second flow: `iziBindingDelete`, then every widget turns unlinked. */
  async unbind(origin?: EventTarget): Promise<void> {
    try {
      await invoke(this.config, 'iziBindingDelete', []);
    } catch (error) {
      throw this.report(error, 'iziBindingDelete', origin);
    }
    this.update({ linked: false, bindingRequired: true }, origin);
  }

  /**
   * Reads what the shop's backend learned from InPost Pay, as resolved by `iziAddToCart` or carried
   * by `izi-binding-complete`. What is usable is used; anything else is reported, never thrown: the
   * product is in the basket by now, and the binding screen still lets the shopper go on.
   */
  adopt(answer: unknown, origin?: EventTarget, from: 'iziAddToCart' | 'izi-binding-complete' | 'orderWatch' = 'iziAddToCart'): void {
    if (answer == null) return;
    const fields = isRecord(answer) ? answer : {};
    const count = toCount(fields.count);
    const linked = fields.basket_linked;
    const wrong =
      !isRecord(answer) ||
      (linked !== undefined && typeof linked !== 'boolean') ||
      (fields.count !== undefined && count === undefined);
    if (wrong && from === 'iziAddToCart') this.report(unusable(from, answer, '{basket_linked, masked_phone_number, count}'), from, origin);
    else if (wrong) console.warn(`[inpost-pay] ${from}: took only the usable part of ${describeReason(answer)}`);
    const patch: Partial<SessionState> = count === undefined ? {} : { count };
    if (linked === true) {
      patch.linked = true;
      patch.maskedPhoneNumber = maskPhone(fields.masked_phone_number) || this.state.maskedPhoneNumber;
    } else if (linked === false) patch.linked = false;
    this.update(patch, origin);
  }

  /**
   * The page state the shop's backend pushed through the order watch (`{version, basket_linked,
   * masked_phone_number, count, changed}`): every widget follows it, and when the basket was changed
   * in the app (`changed` names `basket`, or without `changed` the count or link moved),
   * `inpost-pay-basket-change` tells the page (and, by the channel, the other tabs) to
   * refresh its own cart view. The first state this page hears is its baseline: a repeated version is
   * no change.
   */
  pushed(state: Record<string, unknown>): void {
    const before = this.state;
    const known = this.#version;
    this.#version = state.version ?? known;
    this.adopt(state, undefined, 'orderWatch');
    const moved = known !== undefined && state.version !== known;
    const told = Array.isArray(state.changed);
    const changed = told
      ? (state.changed as unknown[]).filter((what): what is string => typeof what === 'string')
      : [
          ...(this.state.count !== before.count ? ['basket'] : []),
          ...(this.state.linked !== before.linked ? ['binding'] : []),
        ];
    // Told: a change of the basket. Not told: any change of the count or the link.
    if (!moved || !(told ? changed.includes('basket') : changed.length)) return;
    const detail = { count: this.state.count, basketLinked: this.state.linked, changed };
    emit(undefined, 'inpost-pay-basket-change', detail);
    this.#page?.post({ type: 'basket', detail });
  }

  /** Re-renders every view. */
  refreshViews(): void {
    for (const view of this.#views) view.requestUpdate();
  }

  /** Starts or stops the order watch: it runs while the basket is linked, a view shows it and the shop gave a way to watch. */
  syncWatch(): void {
    if (this.state.linked && this.#views.size > 0 && this.#canWatch()) this.#watch.start();
    else this.#watch.stop();
  }

  #canWatch(): boolean {
    const { method, url } = this.config.options.orderWatch ?? {};
    return Boolean(this.config.callback('iziGetOrderComplete')) || ((method === 'websocket' || method === 'sse') && Boolean(url));
  }

  /** Acts on the order watch's outcome, ours or (`fromOtherTab`) one another tab shared. */
  complete(outcome: OrderOutcome, fromOtherTab = false): void {
    if (!fromOtherTab) this.#page?.post({ type: 'outcome', outcome } satisfies TabMessage);
    if (outcome.action === 'refresh') {
      if (emit(undefined, 'inpost-pay-refresh', { action: 'refresh', url: location.href }, true)) location.reload();
      return;
    }
    const url = safeRedirect(outcome.redirect, this.config.options.redirectOrigins);
    if (!url) {
      this.report(
        new CallbackError('iziGetOrderComplete', 'refused', `Refused to redirect to ${describeReason(outcome.redirect).slice(0, 120)}: not http(s) on this origin or configure({ redirectOrigins })`, outcome.redirect),
        'iziGetOrderComplete',
      );
      return;
    }
    // 'tab': the outcome itself was shared above, and the page is about to leave.
    this.update({ linked: false, count: 0 }, undefined, 'tab');
    if (emit(undefined, 'inpost-pay-order-complete', { action: 'redirect', url }, true)) location.assign(url);
  }
}
