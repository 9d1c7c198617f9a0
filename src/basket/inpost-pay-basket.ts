import { html, nothing } from 'lit';
import type { CallbackError } from '../core/callbacks.js';
import { safeImageSrc } from '../core/sanitize.js';
import { session, type Screen } from '../core/session.js';
import { emit, type ScreenDetail } from '../events.js';
import type { Strings } from '../i18n/index.js';
import { busyStyles, spinner, themeStyles } from '../shared/theme.styles.js';
import { WidgetElement } from '../shared/widget-element.js';
import { basketStyles } from './inpost-pay-basket.styles.js';
import { DEFAULT_PREFIX, digitsOnly, isValidPhone, PREFIXES } from './phone-field.js';

/** Where the binding screen is: the phone form, the QR code, or waiting for the app. */
type Step = 'phone' | 'qr' | 'waiting';
/** Which message a failed call leaves on screen; keys of the strings, so a language switch re-renders it. */
type Failure = 'failed' | 'timedOut' | 'rejected';
/** The rebind confirmation while it is shown; `done` while it closes after the unbinding. */
type Rebind = 'open' | 'pending' | 'failed' | 'done';

/** The element that has focus, looking into shadow roots. */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

/** Whether `node` is `host` or inside it, across shadow roots. */
function isWithin(node: Node | null, host: Node): boolean {
  for (let n = node; n; n = n.parentNode ?? (n as ShadowRoot).host) if (n === host) return true;
  return false;
}

/** The control in `el` that a keyboard user pressed: its first focusable shadow child, else itself. */
const focusableIn = (el: HTMLElement): HTMLElement =>
  el.shadowRoot?.querySelector<HTMLElement>('button, a[href], input, select, [tabindex]') ?? el;

const waiting = (text: string) => html`<p class="waiting">${spinner} <span>${text}</span></p>`;

const alert = (text: string) => html`<p part="message" class="alert" role="alert">${text}</p>`;

/** A button of the actions row: the screen's main action, or a secondary one styled as a link. */
const action = (label: string, onClick: () => void, primary?: boolean) =>
  html`<button part=${primary ? 'primary-action' : 'action'} class=${primary ? 'primary' : 'link'} type="button" @click=${onClick}>${label}</button>`;

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
 * @tag inpost-pay-basket
 * @summary Shows the bound basket (masked phone number, rebind) or binds it to a phone number.
 *
 * @csspart dialog - The native dialogs: the modal screen and the rebind confirmation.
 * @csspart rebind - The rebind confirmation dialog (also has the `dialog` part).
 * @csspart screen - The content of the current screen.
 * @csspart title - The heading of a screen or of the rebind confirmation.
 * @csspart phone - The phone number field.
 * @csspart masked-phone - The masked phone number of the bound basket.
 * @csspart action - A secondary action: rebind, cancel, "use the QR code", "enter a phone number" (also while waiting for the app).
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
  static override styles = [themeStyles, busyStyles, basketStyles];

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
      document.body.append(el);
      InpostPayBasket.#modal = el;
    }
    if (opener) {
      const from = opener as Partial<InpostPayBasket> & { variant?: string };
      const attr = (name: string) => opener.getAttribute(name) ?? undefined;
      el.language = from.language || opener.closest('[lang]')?.getAttribute('lang') || undefined;
      el.dark = Boolean(from.dark ?? opener.hasAttribute('dark'));
      el.scheme = (from.scheme ?? attr('scheme')) as InpostPayBasket['scheme'];
      el.bindingPlace =
        from.bindingPlace || attr('binding-place') || (opener.localName === 'inpost-pay-button' && from.variant !== 'buy' ? 'PRODUCT_CARD' : 'BASKET_SUMMARY');
      el.productId = from.productId || attr('product-id') || undefined;
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
  /** A binding request is pending. @internal */
  #busy = false;
  /** @internal */
  #error?: Failure;
  /** @internal */
  #qr?: { src?: string; link?: string };
  /** The current binding attempt; aborted whenever the flow restarts, so answers to an abandoned one are ignored. @internal */
  #run = new AbortController();
  /** @internal */
  #status?: 'bound' | 'unbound';
  /** @internal */
  #open = false;
  /** @internal */
  #returnFocus?: HTMLElement;
  /** A selector of what gets focus after the next render. @internal */
  #focusNext?: string;
  /** @internal */
  #hadFocus = false;
  /** Focus is in this widget, or was when the control holding it was re-rendered away (no focusout then). @internal */
  #focusInside = false;
  /** @internal */
  #downOnBackdrop = false;
  /** @internal */
  #rebind?: Rebind;

  constructor() {
    super();
    this.modal = false;
    this.dark = false;
    this.addEventListener('focusin', () => (this.#focusInside = true));
    this.addEventListener('focusout', (event) => {
      if (!isWithin(event.relatedTarget as Node | null, this)) this.#focusInside = false;
    });
  }

  /** Whether the modal dialog is open. Always false inline. */
  get open(): boolean {
    return this.#open && Boolean(this.#dialog?.open);
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
    const wasOpen = this.#open;
    if (!this.isConnected) return;
    if (!wasOpen) this.#restart();
    if (!this.modal) return;
    if (!wasOpen) {
      const active = deepActiveElement();
      this.#returnFocus = opener && !(active && isWithin(active, opener)) ? focusableIn(opener) : active;
    }
    this.#open = true;
    this.syncSession();
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || !this.#open) return;
    if (!dialog.open) dialog.showModal();
    this.#focus('#title');
    if (!wasOpen) this.#announce(true, session.state.linked ? screen || 'basket' : 'binding');
  }

  /** Closes the modal; focus returns to the control that opened it. A pending confirmation is abandoned. */
  close(): void {
    this.#dialog?.close();
    // At once rather than on the dialog's (asynchronous) close event, so a show() right after works.
    this.#onDialogClose();
  }

  override disconnectedCallback(): void {
    // The wait is abandoned: put back on the page, the element starts again at the phone form.
    this.#restart();
    if (this.#open) {
      this.#open = false;
      this.#announce(false, this.#screen);
    }
    super.disconnectedCallback();
  }

  /** Inline it always shows the session; a modal only while open (a closed one must not keep the order watch alive). @internal */
  protected override get showsSession(): boolean {
    return !this.modal || this.#open;
  }

  protected override willUpdate(): void {
    // The modal attribute may have changed.
    this.syncSession();
    this.#hadFocus = this.#open || this.#focusInside || Boolean(this.shadowRoot!.activeElement);
  }

  protected override updated(): void {
    const target = this.#focusNext;
    this.#focusNext = undefined;
    // A screen change (here or on another widget of the page) removed the focused control: focus
    // would fall to the page's body, so it goes to the new screen's heading instead.
    if (this.#hadFocus && (target || !deepActiveElement())) this.#focus(target ?? '#title');
  }

  /** @internal */
  #find<E extends Element = HTMLElement>(selector: string): E | null {
    return this.shadowRoot!.querySelector<E>(selector);
  }

  /** @internal */
  get #dialog(): HTMLDialogElement | null {
    return this.#find('dialog.modal');
  }

  /** @internal */
  get #rebindDialog(): HTMLDialogElement {
    return this.#find('dialog.rebind')!;
  }

  /** @internal */
  #focus(selector: string): void {
    (this.#find(selector) ?? this.#find('#title'))?.focus();
  }

  /** Moves focus after the next render, if focus is in this widget (never steals it from the page). @internal */
  #moveFocus(selector: string): void {
    this.#focusNext = selector;
    this.requestUpdate();
  }

  /** Our event, and on `document` the first InPost widget's. @internal */
  #announce(open: boolean, screen: ScreenDetail['screen']): void {
    emit(this, open ? 'inpost-pay-open' : 'inpost-pay-close', { screen });
    document.dispatchEvent(new CustomEvent(open ? 'iziModalEventOpen' : 'iziModalEventClose', { detail: { screen } }));
  }

  /** Stops waiting for answers: a late confirmation must not change what this element shows. @internal */
  #abandon(): void {
    this.#run.abort();
    this.#run = new AbortController();
    this.#busy = false;
  }

  /** Back to the start of the binding screen, keeping the typed number. @internal */
  #restart(): void {
    this.#abandon();
    this.#step = 'phone';
    this.#qr = this.#error = this.#status = undefined;
    this.requestUpdate();
  }

  /** @internal */
  #onDialogClose(): void {
    if (!this.#open) return;
    const screen = this.#screen;
    if (this.#rebind) this.#closeRebind(true);
    this.#open = false;
    this.#restart();
    this.syncSession();
    this.#announce(false, screen);
    this.#returnFocus?.focus();
  }

  /** @internal */
  #onBackdropDown(event: Event): void {
    this.#downOnBackdrop = event.target === event.currentTarget;
  }

  /** The content fills the dialog, so a click on the dialog itself is a click on its backdrop. @internal */
  #onBackdrop(event: Event): boolean {
    return event.target === event.currentTarget && this.#downOnBackdrop;
  }

  // The binding screen

  /** @internal */
  #onSubmit(event: Event): void {
    event.preventDefault();
    if (this.#busy) return;
    this.#touched = true;
    if (!isValidPhone(this.#prefix, this.#number)) return this.#moveFocus('#phone');
    void this.#request({ prefix: this.#prefix, number: digitsOnly(this.#number) });
  }

  /** Asks the shop to start a binding: by phone (a push to the app) or, without one, by QR code. @internal */
  async #request(phone?: { prefix: string; number: string }): Promise<void> {
    if (this.#busy) return;
    this.#abandon();
    const { signal } = this.#run;
    this.#busy = true;
    this.#error = this.#status = undefined;
    if (!phone && this.#step !== 'qr') {
      this.#step = 'qr';
      this.#qr = undefined;
      this.#focusNext = '#title';
    }
    this.requestUpdate();
    try {
      // Without a phone number the session only resolves an answer with a usable QR code or link.
      const answer = (await session.requestBinding(phone, this.bindingPlace || 'BASKET_SUMMARY', this.productId || undefined, this)) as Record<string, unknown>;
      if (signal.aborted) return;
      if (phone) {
        this.#busy = false;
        this.#step = 'waiting';
        this.#moveFocus('#title');
      } else {
        const link = onPhone() ? await session.appLink(answer.deep_link, this) : undefined;
        if (signal.aborted) return;
        this.#busy = false;
        this.#qr = { src: safeImageSrc(answer.qr_code), link };
        this.requestUpdate();
        if (!this.#qr.src && !link) return;
      }
    } catch (error) {
      // A listener of inpost-pay-error may have closed the screen meanwhile.
      if (signal.aborted) return;
      this.#busy = false;
      this.#error = (error as CallbackError).reason === 'timeout' ? 'timedOut' : 'failed';
      this.requestUpdate();
      return;
    }
    void this.#waitForConfirmation(signal);
  }

  /** Waits for the shopper to confirm in the app; abandoned when the screen closes or restarts. @internal */
  async #waitForConfirmation(signal: AbortSignal): Promise<void> {
    try {
      await session.confirmBinding(signal, this);
    } catch (error) {
      if (signal.aborted) return;
      this.#error = (error as CallbackError).reason === 'declined' ? 'rejected' : 'failed';
      if (this.#step !== 'waiting') {
        this.#step = 'waiting';
        this.#focusNext = '#title';
      }
      this.requestUpdate();
      return;
    }
    if (signal.aborted) return;
    this.#restart();
    this.#number = '';
    this.#touched = false;
    this.#status = 'bound';
    this.#moveFocus('#title');
  }

  /** "Spróbuj ponownie" after a failed confirmation, or "Podaj numer telefonu": back to the phone form. @internal */
  #backToPhone(): void {
    this.#restart();
    this.#moveFocus('#title');
  }

  // The rebind confirmation

  /** @internal */
  async #openRebind(): Promise<void> {
    this.#status = undefined;
    this.requestUpdate();
    await this.updateComplete;
    const dialog = this.#rebindDialog;
    if (dialog.open) return;
    dialog.showModal();
    this.#rebind = 'open';
    this.#find('#rebind-question')!.focus();
    this.#announce(true, 'rebind');
  }

  /** Closes the confirmation; not while `iziBindingDelete` is pending, whose answer has to land somewhere visible. @internal */
  #closeRebind(force?: boolean): void {
    if (this.#rebind === 'pending' && !force) return;
    this.#rebindDialog.close();
    this.#onRebindClose();
  }

  /** Runs once per opening, whether the popup closed by a button (at once) or by Escape (on its close event). @internal */
  #onRebindClose(): void {
    const was = this.#rebind;
    if (!was) return;
    this.#rebind = undefined;
    this.#announce(false, 'rebind');
    this.#moveFocus(was === 'done' ? '#phone' : '#rebind');
  }

  /** "Połącz z innym numerem telefonu": `iziBindingDelete` once, however often it is pressed meanwhile. @internal */
  async #confirmRebind(): Promise<void> {
    if (this.#rebind === 'pending') return;
    this.#rebind = 'pending';
    this.requestUpdate();
    try {
      await session.unbind(this);
    } catch {
      if (this.#rebind) this.#rebind = 'failed';
      this.requestUpdate();
      return;
    }
    this.#restart();
    this.#number = '';
    this.#touched = false;
    this.#status = 'unbound';
    if (this.#rebind) {
      this.#rebind = 'done';
      this.#closeRebind();
    }
  }

  // Rendering

  protected override render() {
    const t = this.strings;
    const { linked, count, maskedPhoneNumber: masked } = session.state;
    const busy = this.#busy;
    const qr = this.#qr;
    const failure = this.#error ? t[this.#error] : '';
    const pending = this.#rebind === 'pending';
    let title: string;
    let body: unknown;
    let message: unknown = nothing;
    let actions: unknown;
    if (linked) {
      title = t.waitingTitle;
      body = html`${masked
          ? html`<p><span class="muted">${t.boundTo}:</span> <span part="masked-phone" class="masked">${masked}</span></p>`
          : nothing}
        ${count === undefined ? nothing : html`<p class="muted">${t.products(count)}</p>`}`;
      actions = html`<button id="rebind" part="action" type="button" aria-haspopup="dialog" @click=${this.#openRebind}>${t.rebind}</button>`;
    } else if (this.#step === 'phone') {
      const invalid = this.#touched && !isValidPhone(this.#prefix, this.#number);
      const poland = this.#prefix === DEFAULT_PREFIX;
      title = t.bindTitle;
      body = html`<p class="muted">${t.bindIntro}</p>
        <div class="row">
          <div class="field prefix">
            <label for="prefix">${t.prefix}</label>
            <select id="prefix" autocomplete="tel-country-code" @change=${(e: Event) => this.#input(e, false)}>
              ${PREFIXES.map((p) => html`<option ?selected=${p === this.#prefix}>${p}</option>`)}
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
              aria-invalid=${invalid || nothing}
              aria-describedby=${invalid ? 'phone-error phone-hint' : 'phone-hint'}
              @input=${(e: Event) => this.#input(e, true)}
              @blur=${this.#onBlur}
            />
          </div>
        </div>
        <p id="phone-hint" class="hint">${poland ? t.phoneHint : t.phoneHintOther}</p>
        ${invalid ? html`<p id="phone-error" class="error">${poland ? t.phoneInvalid : t.phoneInvalidOther}</p>` : nothing}`;
      message = alert(failure);
      actions = html`<button part="primary-action" class="primary" type="submit" aria-disabled=${busy || nothing}>
          ${busyLabel(busy, t.connect, t)}
        </button>
        ${action(t.useQr, () => this.#request())}`;
    } else if (this.#step === 'qr') {
      title = t.qrTitle;
      body = html`${busy ? waiting(t.busy) : nothing}
        ${qr?.src ? html`<img part="qr" class="qr" src=${qr.src} alt=${t.qrAlt} />` : nothing}`;
      message = html`${alert(qr && !qr.src ? t.qrInvalid : failure)}
        ${qr?.link ? html`<a part="primary-action" class="primary" href=${qr.link}>${t.openApp}</a>` : nothing}
        ${qr?.src || qr?.link ? waiting(t.qrWaiting) : nothing}`;
      actions = html`${failure ? action(t.retry, () => this.#request(), true) : nothing}
        ${action(t.usePhone, this.#backToPhone)}`;
    } else {
      title = t.confirmTitle;
      body = failure ? nothing : waiting(t.confirmText);
      message = alert(failure);
      // Going back to the form abandons the wait, as closing does.
      actions = action(failure ? t.retry : t.usePhone, this.#backToPhone, Boolean(failure));
    }
    const status = this.#status === 'bound' ? t.bound(masked) : this.#status ? t.unbound : '';
    // A form on every screen, so the phone form needs no element of its own; the other screens
    // have no field, so nothing submits them.
    const screen = html`<form part="screen" class="screen" novalidate aria-busy=${busy || nothing} @submit=${this.#onSubmit}>
      <h2 id="title" part="title" tabindex="-1">${title}</h2>
      ${body} ${message}
      <div class="actions">${actions}</div>
      <p part="message" class="status" role="status">${status}</p>
    </form>`;
    const rebind = html`<dialog
      part="dialog rebind"
      class="rebind"
      aria-labelledby="rebind-question"
      @cancel=${(e: Event) => this.#rebind === 'pending' && e.preventDefault()}
      @close=${(e: Event) => !(e.target as HTMLDialogElement).open && this.#onRebindClose()}
      @pointerdown=${this.#onBackdropDown}
      @click=${(e: Event) => this.#onBackdrop(e) && this.#closeRebind()}
    >
      <div class="dialog-body" aria-busy=${pending || nothing}>
        <h2 id="rebind-question" part="title" tabindex="-1">${t.rebindQuestion(masked)}</h2>
        ${alert(this.#rebind === 'failed' ? t.rebindFailed : '')}
        <div class="actions">
          <button part="primary-action" class="primary" type="button" aria-disabled=${pending || nothing} @click=${this.#confirmRebind}>
            ${busyLabel(pending, t.rebindConfirm, t)}
          </button>
          <button part="action" type="button" aria-disabled=${pending || nothing} @click=${() => this.#closeRebind()}>${t.cancel}</button>
        </div>
      </div>
    </dialog>`;
    if (!this.modal) return html`${screen}${rebind}`;
    return html`<dialog
        part="dialog"
        class="modal"
        aria-labelledby="title"
        @close=${(e: Event) => !(e.target as HTMLDialogElement).open && this.#onDialogClose()}
        @pointerdown=${this.#onBackdropDown}
        @click=${(e: Event) => this.#onBackdrop(e) && this.close()}
      >
        <div class="dialog-body">
          <button part="close" class="close" type="button" @click=${this.close}><span aria-hidden="true">✕</span> ${t.close}</button>
          ${screen}
        </div>
      </dialog>
      ${rebind}`;
  }

  /** @internal */
  #onBlur(): void {
    if (this.#touched || !this.#number) return;
    this.#touched = true;
    this.requestUpdate();
  }

  /** The prefix (`number` false) or the number as typed. @internal */
  #input(event: Event, number: boolean): void {
    const { value } = event.target as HTMLInputElement;
    if (number) this.#number = value;
    else this.#prefix = value;
    this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'inpost-pay-basket': InpostPayBasket;
  }
}
