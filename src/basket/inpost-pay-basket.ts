import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { CallbackError, isRecord } from '../core/callbacks.js';
import { maskPhone, safeImageSrc } from '../core/sanitize.js';
import { session, type Screen } from '../core/session.js';
import { emit, type ScreenDetail } from '../events.js';
import type { Strings } from '../i18n/index.js';
import { spinner, themeStyles } from '../shared/theme.styles.js';
import { WidgetElement } from '../shared/widget-element.js';
import { basketStyles } from './inpost-pay-basket.styles.js';
import { DEFAULT_PREFIX, digitsOnly, isValidPhone, PREFIXES } from './phone-field.js';

/** Where the binding screen is: the phone form, the QR code, or waiting for the app. */
type Step = 'phone' | 'qr' | 'waiting';
/** Which message a failed call leaves on screen; keys of the strings, so a language switch re-renders it. */
type Failure = 'failed' | 'timedOut' | 'rejected';
/** What gets focus after the next render. */
type FocusTarget = 'heading' | 'phone' | 'rebind';

const failureOf = (error: unknown): Failure =>
  error instanceof CallbackError && error.reason === 'timeout'
    ? 'timedOut'
    : error instanceof CallbackError && error.reason === 'declined'
      ? 'rejected'
      : 'failed';

/** The element that has focus, looking into shadow roots. */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/** Whether `node` is `host` or inside it, across shadow roots. */
function isWithin(node: Node, host: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode ?? (n instanceof ShadowRoot ? n.host : null)) {
    if (n === host) return true;
  }
  return false;
}

/** The control in `el` that a keyboard user pressed: its first focusable shadow child, else itself. */
const focusableIn = (el: HTMLElement): HTMLElement =>
  el.shadowRoot?.querySelector<HTMLElement>('button, a[href], input, select, [tabindex]') ?? el;

const waiting = (text: string) => html`<p class="waiting">${spinner} <span>${text}</span></p>`;

/** A label that, while its action runs, has a spinner before it and says so to screen readers. */
const busyLabel = (pending: boolean, label: string, t: Strings) =>
  pending ? html`${spinner} ${label} <span class="visually-hidden">${t.busy}</span>` : label;

/** On a phone the QR code cannot be scanned by the phone showing it, so the app link is offered. */
const onPhone = (): boolean =>
  typeof matchMedia === 'function' && (matchMedia('(pointer: coarse)').matches || matchMedia('(max-width: 40em)').matches);

/**
 * The InPost Pay basket screens. Inline on a basket page it shows "Twoje zakupy czekają już na
 * Ciebie w aplikacji InPost Mobile" with the masked phone number while the basket is bound, and the
 * binding screen (phone number or QR code) while it is not. With `modal`, the same screens open in
 * a native dialog; `<inpost-pay-button>` opens them that way. Rebinding to another phone number
 * asks for confirmation in its own dialog, then calls `iziBindingDelete`.
 *
 * @summary Shows the bound basket (masked phone number, rebind) or binds it to a phone number.
 *
 * @csspart dialog - The native dialogs: the modal screen and the rebind confirmation.
 * @csspart rebind - The rebind confirmation dialog (also has the `dialog` part).
 * @csspart screen - The content of the current screen.
 * @csspart title - The heading of a screen or of the rebind confirmation.
 * @csspart phone - The phone number field.
 * @csspart masked-phone - The masked phone number of the bound basket.
 * @csspart action - A secondary action: rebind, cancel, "use the QR code", "enter a phone number".
 * @csspart primary-action - The main action of a screen: connect, confirm the rebind, retry, open the app.
 * @csspart qr - The QR code image.
 * @csspart message - A status message or an error.
 * @csspart close - The close button of the modal.
 *
 * @cssproperty --inpost-pay-accent - Background of the main action (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`).
 * @cssproperty --inpost-pay-on-accent - Text colour of the main action.
 * @cssproperty --inpost-pay-surface - Background of the screen and the dialogs.
 * @cssproperty --inpost-pay-text - Text colour.
 * @cssproperty --inpost-pay-muted - Colour of secondary text and field borders.
 * @cssproperty --inpost-pay-error - Colour of errors.
 * @cssproperty --inpost-pay-focus-ring - Focus outline colour.
 * @cssproperty --inpost-pay-radius - Corner radius of the screen, dialogs, fields and buttons.
 * @cssproperty --inpost-pay-font - Font family.
 *
 * @fires inpost-pay-open - A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`.
 * @fires inpost-pay-close - A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`.
 * @fires inpost-pay-state - The page-wide state changed (after binding or unbinding here).
 * @fires inpost-pay-error - A callback failed; the screen shows a retryable error.
 * @fires iziModalEventOpen - On `document`, when the modal or the rebind confirmation opens (the first InPost widget's event).
 * @fires iziModalEventClose - On `document`, when the modal or the rebind confirmation closes.
 */
export class InpostPayBasket extends WidgetElement {
  static override styles = [themeStyles, basketStyles];

  static override properties = {
    ...WidgetElement.properties,
    productId: { attribute: 'product-id' },
    modal: { type: Boolean, reflect: true },
  };

  /** The product being bound, passed to the deprecated `iziGetBindingData`; usually absent on a basket page. */
  declare productId: string | undefined;
  /** Show the screens in a modal dialog (opened with `show()`) instead of inline. */
  declare modal: boolean;

  /** @internal */
  static #modal?: InpostPayBasket;

  /**
   * Opens `screen` in the page's one modal `<inpost-pay-basket>`, created on first use. The modal
   * takes `language`, `dark`, `scheme`, `binding-place` and `product-id` from `opener`, and focus
   * returns to it on close. `<inpost-pay-button>` opens screens through this.
   */
  static openModal(screen: Screen, opener?: HTMLElement): void {
    let el = InpostPayBasket.#modal;
    if (!el?.isConnected) {
      el = document.createElement('inpost-pay-basket') as InpostPayBasket;
      el.modal = true;
      el.setAttribute('modal', '');
      document.body.append(el);
      InpostPayBasket.#modal = el;
    }
    if (opener) {
      const from = opener as Partial<InpostPayBasket> & { variant?: string };
      el.language = from.language || opener.closest('[lang]')?.getAttribute('lang') || undefined;
      el.dark = Boolean(from.dark ?? opener.hasAttribute('dark'));
      el.scheme = (from.scheme ?? opener.getAttribute('scheme') ?? undefined) as InpostPayBasket['scheme'];
      el.bindingPlace =
        from.bindingPlace || opener.getAttribute('binding-place') || (opener.localName === 'inpost-pay-button' && from.variant !== 'buy' ? 'PRODUCT_CARD' : 'BASKET_SUMMARY');
      el.productId = from.productId || opener.getAttribute('product-id') || undefined;
    }
    void el.show(screen, opener);
  }

  /** @internal */
  #step: Step = 'phone';
  /** @internal */
  #prefix: string = DEFAULT_PREFIX;
  /** @internal */
  #number = '';
  /** @internal */
  #touched = false;
  /** @internal */
  #requesting = false;
  /** @internal */
  #requestFailure?: Failure;
  /** @internal */
  #qr?: { src?: string; link?: string };
  /** @internal */
  #confirm?: AbortController;
  /** @internal */
  #confirmFailure?: Failure;
  /** Bumped whenever the flow restarts, so answers to an abandoned request are ignored. @internal */
  #run = 0;
  /** @internal */
  #status?: (t: Strings) => string;
  /** @internal */
  #open = false;
  /** @internal */
  #returnFocus?: HTMLElement;
  /** @internal */
  #attached = false;
  /** @internal */
  #focusNext?: FocusTarget;
  /** @internal */
  #hadFocus = false;
  /** Focus is in this widget, or was when the control holding it was re-rendered away (no focusout then). @internal */
  #focusInside = false;
  /** @internal */
  #downOnBackdrop = false;
  /** @internal */
  #rebindPending = false;
  /** @internal */
  #rebindFailed = false;
  /** @internal */
  #rebindDone = false;
  /** @internal */
  #rebindShown = false;

  constructor() {
    super();
    this.modal = false;
    this.dark = false;
    this.addEventListener('focusin', () => (this.#focusInside = true));
    this.addEventListener('focusout', (event) => {
      const to = event.relatedTarget;
      if (!(to instanceof Node && isWithin(to, this))) this.#focusInside = false;
    });
  }

  /** Whether the modal dialog is open. Always false inline. */
  get open(): boolean {
    return this.#open && Boolean(this.#dialog?.open);
  }

  /** @internal */
  get #bindingPlace(): string {
    return this.bindingPlace || 'BASKET_SUMMARY';
  }

  /** @internal */
  get #screen(): Screen {
    return session.state.linked ? 'basket' : 'binding';
  }

  /**
   * Opens the modal (with `modal`) at `screen`: `basket` shows the bound basket, `binding` the
   * binding screen. An unbound basket always shows the binding screen. Inline it only restarts the
   * binding screen. Resolves once the dialog is open and focused.
   */
  async show(screen?: Screen, opener?: HTMLElement): Promise<void> {
    if (!this.isConnected) return;
    if (!this.#open) this.#restart();
    if (!this.modal) {
      this.requestUpdate();
      return;
    }
    if (!this.#open) {
      const active = deepActiveElement();
      this.#returnFocus = opener && !(active && isWithin(active, opener)) ? focusableIn(opener) : active;
    }
    const wasOpen = this.#open;
    this.#open = true;
    this.#syncAttach();
    this.requestUpdate();
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || !this.#open) return;
    if (!dialog.open) dialog.showModal();
    this.#focus('heading');
    if (!wasOpen) this.#announce(true, screen && session.state.linked ? screen : this.#screen);
  }

  /** Closes the modal; focus returns to the control that opened it. A pending confirmation is abandoned. */
  close(): void {
    if (this.#dialog?.open) this.#dialog.close();
    // At once rather than on the dialog's (asynchronous) close event, so a show() right after works.
    this.#onDialogClose();
  }

  override connectedCallback(): void {
    // Skips WidgetElement's unconditional session.attach: a closed modal is no view of the
    // session, or the order watch would go on after the last real widget left the page.
    LitElement.prototype.connectedCallback.call(this);
    this.#syncAttach();
  }

  override disconnectedCallback(): void {
    LitElement.prototype.disconnectedCallback.call(this);
    this.#abandon();
    if (this.#open) {
      this.#open = false;
      this.#announce(false, this.#screen);
    }
    this.#syncAttach();
  }

  /** Attached to the session while this shows it: inline always, a modal only while open. @internal */
  #syncAttach(): void {
    const want = this.isConnected && (!this.modal || this.#open);
    if (want && !this.#attached) session.attach(this);
    else if (!want && this.#attached) session.detach(this);
    this.#attached = want;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('modal')) this.#syncAttach();
    this.#hadFocus = this.#open || this.#focusInside || Boolean(this.shadowRoot?.activeElement);
  }

  protected override updated(): void {
    const target = this.#focusNext;
    this.#focusNext = undefined;
    // A screen change (here or on another widget of the page) removed the focused control: focus
    // would fall to the page's body, so it goes to the new screen's heading instead.
    const lost = this.#hadFocus && !this.shadowRoot?.activeElement && !deepActiveElement();
    if (target && this.#hadFocus) this.#focus(target);
    else if (lost) this.#focus('heading');
  }

  /** @internal */
  get #dialog(): HTMLDialogElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLDialogElement>('dialog.modal');
  }

  /** @internal */
  get #rebindDialog(): HTMLDialogElement | null | undefined {
    return this.shadowRoot?.querySelector<HTMLDialogElement>('dialog.rebind');
  }

  /** @internal */
  #focus(target: FocusTarget): void {
    const selector = { heading: '.screen h2', phone: '#phone', rebind: '#rebind' }[target];
    (this.shadowRoot?.querySelector<HTMLElement>(selector) ?? this.shadowRoot?.querySelector<HTMLElement>('.screen h2'))?.focus();
  }

  /** Moves focus to `target` after the next render, if focus is in this widget (never steals it from the page). @internal */
  #moveFocus(target: FocusTarget): void {
    this.#focusNext = target;
    this.requestUpdate();
  }

  /** Our event, and on `document` the first InPost widget's. @internal */
  #announce(open: boolean, screen: ScreenDetail['screen']): void {
    emit(this, open ? 'inpost-pay-open' : 'inpost-pay-close', { screen });
    document.dispatchEvent(new CustomEvent(open ? 'iziModalEventOpen' : 'iziModalEventClose', { detail: { screen } }));
  }

  /** Stops waiting for answers: a late confirmation must not change what this element shows. @internal */
  #abandon(): void {
    this.#run++;
    this.#confirm?.abort();
    this.#confirm = undefined;
    this.#requesting = false;
  }

  /** Back to the start of the binding screen, keeping the typed number. @internal */
  #restart(): void {
    this.#abandon();
    this.#step = 'phone';
    this.#qr = undefined;
    this.#requestFailure = undefined;
    this.#confirmFailure = undefined;
    this.#status = undefined;
  }

  /** @internal */
  #onDialogClose(): void {
    if (!this.#open) return;
    const screen = this.#screen;
    if (this.#rebindShown) this.#closeRebind(true);
    this.#open = false;
    this.#restart();
    this.#syncAttach();
    this.requestUpdate();
    this.#announce(false, screen);
    const back = this.#returnFocus;
    this.#returnFocus = undefined;
    if (back?.isConnected) back.focus();
  }

  /** @internal */
  #onBackdropDown(event: Event): void {
    this.#downOnBackdrop = event.target === event.currentTarget;
  }

  /** The content fills the dialog, so a click on the dialog itself is a click on its backdrop. @internal */
  #onBackdropClick(event: Event, close: () => void): void {
    const onBackdrop = event.target === event.currentTarget && this.#downOnBackdrop;
    this.#downOnBackdrop = false;
    if (onBackdrop) close();
  }

  // The phone form

  /** @internal */
  #onPrefix(event: Event): void {
    this.#prefix = (event.target as HTMLSelectElement).value;
    this.requestUpdate();
  }

  /** @internal */
  #onNumber(event: Event): void {
    this.#number = (event.target as HTMLInputElement).value;
    this.requestUpdate();
  }

  /** @internal */
  #onBlur(): void {
    if (this.#touched || this.#number === '') return;
    this.#touched = true;
    this.requestUpdate();
  }

  /** @internal */
  #onSubmit(event: Event): void {
    event.preventDefault();
    if (this.#requesting) return;
    this.#touched = true;
    if (!isValidPhone(this.#prefix, this.#number)) {
      this.#moveFocus('phone');
      return;
    }
    void this.#request({ prefix: this.#prefix, number: digitsOnly(this.#number) });
  }

  /** Asks the shop to start a binding: by phone (a push to the app) or, without one, by QR code. @internal */
  async #request(phone?: { prefix: string; number: string }): Promise<void> {
    if (this.#requesting) return;
    this.#abandon();
    const run = this.#run;
    this.#requesting = true;
    this.#requestFailure = undefined;
    this.#confirmFailure = undefined;
    this.#status = undefined;
    if (!phone && this.#step !== 'qr') {
      this.#step = 'qr';
      this.#qr = undefined;
      this.#focusNext = 'heading';
    }
    this.requestUpdate();
    let answer: unknown;
    try {
      answer = await session.requestBinding(phone, this.#bindingPlace, this.productId || undefined, this);
    } catch (error) {
      if (run !== this.#run) return;
      this.#requesting = false;
      this.#requestFailure = failureOf(error) === 'timedOut' ? 'timedOut' : 'failed';
      this.requestUpdate();
      return;
    }
    if (run !== this.#run) return;
    if (phone) {
      this.#requesting = false;
      this.#step = 'waiting';
      this.#moveFocus('heading');
      void this.#waitForConfirmation();
      return;
    }
    const data = isRecord(answer) ? answer : {};
    const link = onPhone() ? await session.appLink(data.deep_link, this) : undefined;
    if (run !== this.#run) return;
    this.#requesting = false;
    this.#qr = { src: safeImageSrc(data.qr_code), link };
    this.requestUpdate();
    if (this.#qr.src || link) void this.#waitForConfirmation();
  }

  /** Waits for the shopper to confirm in the app; abandoned when the screen closes or restarts. @internal */
  async #waitForConfirmation(): Promise<void> {
    this.#confirm?.abort();
    const controller = new AbortController();
    this.#confirm = controller;
    this.#confirmFailure = undefined;
    const current = () => !controller.signal.aborted && this.#confirm === controller;
    let bound: boolean;
    try {
      bound = await session.confirmBinding(controller.signal, this);
    } catch (error) {
      if (!current()) return;
      this.#confirm = undefined;
      this.#confirmFailure = failureOf(error) === 'rejected' ? 'rejected' : 'failed';
      if (this.#step !== 'waiting') {
        this.#step = 'waiting';
        this.#focusNext = 'heading';
      }
      this.requestUpdate();
      return;
    }
    if (!bound || !current()) return;
    this.#confirm = undefined;
    this.#restart();
    this.#number = '';
    this.#touched = false;
    this.#status = (t) => t.bound(maskPhone(session.state.maskedPhoneNumber));
    this.#moveFocus('heading');
  }

  /** "Spróbuj ponownie" after a failed confirmation, or "Podaj numer telefonu": back to the phone form. @internal */
  #backToPhone(): void {
    this.#restart();
    this.#moveFocus('heading');
  }

  // The rebind confirmation

  /** @internal */
  async #openRebind(): Promise<void> {
    this.#rebindPending = false;
    this.#rebindFailed = false;
    this.#rebindDone = false;
    this.#status = undefined;
    this.requestUpdate();
    await this.updateComplete;
    const dialog = this.#rebindDialog;
    if (!dialog || dialog.open) return;
    dialog.showModal();
    this.#rebindShown = true;
    dialog.querySelector<HTMLElement>('h2')?.focus();
    this.#announce(true, 'rebind');
  }

  /** @internal */
  #closeRebind(force = false): void {
    if (this.#rebindPending && !force) return;
    if (this.#rebindDialog?.open) this.#rebindDialog.close();
    this.#onRebindClose();
  }

  /** @internal */
  #onRebindCancel(event: Event): void {
    // Escape while iziBindingDelete is pending: the answer still has to land somewhere visible.
    if (this.#rebindPending) event.preventDefault();
  }

  /** Runs once per opening, whether the popup closed by a button (at once) or by Escape (on its close event). @internal */
  #onRebindClose(): void {
    if (!this.#rebindShown) return;
    this.#rebindShown = false;
    this.#announce(false, 'rebind');
    const done = this.#rebindDone;
    this.#rebindDone = false;
    this.#moveFocus(done ? 'phone' : 'rebind');
  }

  /** "Połącz z innym numerem telefonu": `iziBindingDelete` once, however often it is pressed meanwhile. @internal */
  async #confirmRebind(): Promise<void> {
    if (this.#rebindPending) return;
    this.#rebindPending = true;
    this.#rebindFailed = false;
    this.requestUpdate();
    try {
      await session.unbind(this);
    } catch {
      this.#rebindPending = false;
      this.#rebindFailed = true;
      this.requestUpdate();
      return;
    }
    this.#rebindPending = false;
    this.#restart();
    this.#number = '';
    this.#touched = false;
    this.#status = (t) => t.unbound;
    this.#rebindDone = true;
    this.#closeRebind(true);
  }

  // Rendering

  protected override render() {
    const t = this.strings;
    const screen = html`<div part="screen" class="screen">
      ${this.#renderScreen(t)}
      <p part="message" class="status" role="status">${this.#status?.(t) ?? ''}</p>
    </div>`;
    const rebind = this.#renderRebind(t);
    if (!this.modal) return html`${screen}${rebind}`;
    return html`<dialog
        part="dialog"
        class="modal"
        aria-labelledby="title"
        @close=${(e: Event) => e.target === e.currentTarget && !(e.target as HTMLDialogElement).open && this.#onDialogClose()}
        @pointerdown=${this.#onBackdropDown}
        @click=${(e: Event) => this.#onBackdropClick(e, () => this.close())}
      >
        <div class="dialog-body">
          <div class="dialog-bar">
            <button part="close" class="close" type="button" @click=${() => this.close()}>
              <span aria-hidden="true">✕</span> ${t.close}
            </button>
          </div>
          ${screen}
        </div>
      </dialog>
      ${rebind}`;
  }

  /** @internal */
  #renderScreen(t: Strings): TemplateResult {
    if (session.state.linked) return this.#renderBasket(t);
    if (this.#step === 'qr') return this.#renderQr(t);
    if (this.#step === 'waiting') return this.#renderWaiting(t);
    return this.#renderPhone(t);
  }

  /** @internal */
  #heading(text: string): TemplateResult {
    return html`<h2 id="title" part="title" tabindex="-1">${text}</h2>`;
  }

  /** @internal */
  #renderBasket(t: Strings): TemplateResult {
    const masked = maskPhone(session.state.maskedPhoneNumber);
    return html`${this.#heading(t.waitingTitle)}
      ${masked
        ? html`<p><span class="muted">${t.boundTo}:</span> <span part="masked-phone" class="masked">${masked}</span></p>`
        : nothing}
      <p class="muted">${t.products(session.state.count)}</p>
      <div class="actions">
        <button id="rebind" part="action" type="button" aria-haspopup="dialog" @click=${this.#openRebind}>${t.rebind}</button>
      </div>`;
  }

  /** @internal */
  #renderPhone(t: Strings): TemplateResult {
    const invalid = this.#touched && !isValidPhone(this.#prefix, this.#number);
    const poland = this.#prefix === DEFAULT_PREFIX;
    const failure = this.#requestFailure ? t[this.#requestFailure] : '';
    return html`${this.#heading(t.bindTitle)}
      <p class="muted">${t.bindIntro}</p>
      <form novalidate @submit=${this.#onSubmit} aria-busy=${this.#requesting ? 'true' : nothing}>
        <div class="phone-row">
          <div class="field prefix">
            <label for="prefix">${t.prefix}</label>
            <select id="prefix" autocomplete="tel-country-code" @change=${this.#onPrefix}>
              ${PREFIXES.map((p) => html`<option value=${p} ?selected=${p === this.#prefix}>${p}</option>`)}
            </select>
          </div>
          <div class="field number">
            <label for="phone">${t.phone}</label>
            <input
              id="phone"
              part="phone"
              type="tel"
              inputmode="tel"
              autocomplete="tel-national"
              .value=${this.#number}
              aria-invalid=${invalid ? 'true' : nothing}
              aria-describedby=${invalid ? 'phone-error phone-hint' : 'phone-hint'}
              @input=${this.#onNumber}
              @blur=${this.#onBlur}
            />
          </div>
        </div>
        <p id="phone-hint" class="hint">${poland ? t.phoneHint : t.phoneHintOther}</p>
        ${invalid ? html`<p id="phone-error" class="error">${poland ? t.phoneInvalid : t.phoneInvalidOther}</p>` : nothing}
        <p part="message" class="alert" role="alert">${failure}</p>
        <div class="actions">
          <button part="primary-action" class="primary" type="submit" aria-disabled=${this.#requesting ? 'true' : nothing}>
            ${busyLabel(this.#requesting, t.connect, t)}
          </button>
        </div>
      </form>
      <button part="action" class="link" type="button" @click=${() => this.#request()}>${t.useQr}</button>`;
  }

  /** @internal */
  #renderQr(t: Strings): TemplateResult {
    const qr = this.#qr;
    const failure = this.#requestFailure ? t[this.#requestFailure] : '';
    return html`${this.#heading(t.qrTitle)}
      ${this.#requesting
        ? waiting(t.busy)
        : nothing}
      ${qr?.src ? html`<img part="qr" class="qr" src=${qr.src} alt=${t.qrAlt} />` : nothing}
      <p part="message" class="alert" role="alert">${qr && !qr.src ? t.qrInvalid : failure}</p>
      ${qr?.link ? html`<a part="primary-action" class="button primary" href=${qr.link}>${t.openApp}</a>` : nothing}
      ${this.#confirm ? waiting(t.qrWaiting) : nothing}
      <div class="actions">
        ${failure
          ? html`<button part="primary-action" class="primary" type="button" @click=${() => this.#request()}>${t.retry}</button>`
          : nothing}
        <button part="action" class="link" type="button" @click=${this.#backToPhone}>${t.usePhone}</button>
      </div>`;
  }

  /** @internal */
  #renderWaiting(t: Strings): TemplateResult {
    const failure = this.#confirmFailure;
    return html`${this.#heading(t.confirmTitle)}
      ${failure
        ? nothing
        : waiting(t.confirmText)}
      <p part="message" class="alert" role="alert">${failure ? t[failure] : ''}</p>
      ${failure
        ? html`<div class="actions">
            <button part="primary-action" class="primary" type="button" @click=${this.#backToPhone}>${t.retry}</button>
          </div>`
        : nothing}`;
  }

  /** @internal */
  #renderRebind(t: Strings): TemplateResult {
    const pending = this.#rebindPending;
    return html`<dialog
      part="dialog rebind"
      class="rebind"
      aria-labelledby="rebind-question"
      @cancel=${this.#onRebindCancel}
      @close=${(e: Event) => e.target === e.currentTarget && !(e.target as HTMLDialogElement).open && this.#onRebindClose()}
      @pointerdown=${this.#onBackdropDown}
      @click=${(e: Event) => this.#onBackdropClick(e, () => this.#closeRebind())}
    >
      <div class="dialog-body" aria-busy=${pending ? 'true' : nothing}>
        <h2 id="rebind-question" part="title" tabindex="-1">${t.rebindQuestion(maskPhone(session.state.maskedPhoneNumber))}</h2>
        <p part="message" class="alert" role="alert">${this.#rebindFailed ? t.rebindFailed : ''}</p>
        <div class="actions">
          <button part="primary-action" class="primary" type="button" aria-disabled=${pending ? 'true' : nothing} @click=${this.#confirmRebind}>
            ${busyLabel(pending, t.rebindConfirm, t)}
          </button>
          <button part="action" type="button" aria-disabled=${pending ? 'true' : nothing} @click=${this.#closeRebind}>${t.cancel}</button>
        </div>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'inpost-pay-basket': InpostPayBasket;
  }
}
