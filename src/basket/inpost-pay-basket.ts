import { html, type PropertyValues } from 'lit';
import { emit, type ScreenDetail } from '../core/events.js';
import { busyStyles, themeStyles } from '../ui/theme.styles.js';
import { WidgetElement } from '../ui/widget-element.js';
import { BindingFlow } from './binding-flow.js';
import { deepActiveElement, focusableIn, isWithin } from './focus.js';
import { basketStyles } from './inpost-pay-basket.styles.js';
import { onBackdropClick, trackBackdropDown } from './parts.js';
import { RebindConfirmation, unbindingOnPage } from './rebind.js';
import { basketScreen, emptyScreen, frame, phoneScreen, qrScreen, waitingScreen, type ScreenContent } from './screens.js';

/** The screen a modal opens at: the bound basket (masked phone) or the binding screen. */
export type Screen = 'basket' | 'binding';

/** The control each modal opening returns focus to, when a button opened it (see `openScreen`). */
const openers = new WeakMap<InpostPayBasket, HTMLElement>();

/**
 * The InPost Pay basket screens. Inline on a basket page it shows "Twoje zakupy czekają już na
 * Ciebie w aplikacji InPost Mobile" with the masked phone number while the basket is bound, and the
 * binding screen (phone number or QR code) while it is not. With `modal`, the same screens open in
 * a native dialog, opened with `show()` or the `open` attribute as a `<dialog>` is; a
 * `<inpost-pay-button>` opens them in the page's own modal basket. Rebinding to another phone number
 * asks for confirmation in place of the bound basket's screen (one dialog), then calls
 * `iziBindingDelete`. An empty inline basket (the shop's count is 0) offers nothing to buy: it says so.
 *
 * @tag inpost-pay-basket
 * @summary Shows the bound basket (masked phone number, rebind) or binds it to a phone number.
 *
 * @csspart dialog - The native dialog of the modal.
 * @csspart screen - The content of the current screen (the rebind confirmation is one).
 * @csspart notice - What happened before the binding screen showed (the basket was unbound elsewhere).
 * @csspart title - The heading of a screen or of the rebind confirmation.
 * @csspart phone - The phone number field.
 * @csspart masked-phone - The masked phone number of the bound basket.
 * @csspart action - A secondary action: rebind, cancel, "use the QR code", "enter a phone number" (also while waiting for the app).
 * @csspart primary-action - The main action of a screen: connect, confirm the rebind, retry, open the app.
 * @csspart qr - The QR code image.
 * @csspart message - An error.
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
 * @fires {CustomEvent<ScreenDetail>} inpost-pay-open - A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`.
 * @fires {CustomEvent<ScreenDetail>} inpost-pay-close - A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`.
 * @fires {CustomEvent<SessionState>} inpost-pay-state - The page-wide state changed (after binding or unbinding here).
 * @fires {CustomEvent<ErrorDetail>} inpost-pay-error - A callback failed; the screen shows a retryable error.
 * @fires {CustomEvent<BasketChangeDetail>} inpost-pay-basket-change - On `document`: the basket was changed in the InPost Mobile app; refresh the page's own cart view.
 * @fires {CustomEvent<ScreenDetail>} iziModalEventOpen - On `document`, when the modal or the rebind confirmation opens (the first InPost widget's event).
 * @fires {CustomEvent<ScreenDetail>} iziModalEventClose - On `document`, when the modal or the rebind confirmation closes.
 */
export class InpostPayBasket extends WidgetElement {
  static override styles = [themeStyles, busyStyles, basketStyles];

  static override properties = {
    ...WidgetElement.properties,
    modal: { type: Boolean, reflect: true },
    open: { type: Boolean, reflect: true },
  };

  /** Show the screens in a modal dialog (opened with `show()` or `open`) instead of inline. */
  declare modal: boolean;
  /** Whether the modal is open, as on `<dialog>`: setting it opens or closes the modal. Always false inline. */
  declare open: boolean;


  /** @internal */
  readonly #flow = new BindingFlow(this, this.session);
  /** @internal */
  readonly #rebind = new RebindConfirmation(this, this.session, this.#flow);
  /** The modal is showing (`open` may be ahead of it until the next update). @internal */
  #shown = false;
  /** @internal */
  #returnFocus?: HTMLElement;
  /** A selector of what gets focus after the next render. @internal */
  #focusNext?: string;
  /** @internal */
  #hadFocus = false;
  /** Focus is in this widget, or was when the control holding it was re-rendered away (no focusout then). @internal */
  #focusInside = false;
  /** The session was linked at the last update: an unlinking not done here is told. @internal */
  #wasLinked = false;

  constructor() {
    super();
    this.modal = false;
    this.open = false;
    this.dark = false;
    this.addEventListener('focusin', () => (this.#focusInside = true));
    this.addEventListener('focusout', (event) => {
      if (!isWithin(event.relatedTarget as Node | null, this)) this.#focusInside = false;
    });
    // Escape leaves the rebind confirmation inline too (in the modal, the dialog's cancel does).
    this.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !this.modal && this.#rebind.shown) this.#rebind.close();
    });
  }

  /** @internal */
  get #screen(): Screen {
    return this.session.state.linked ? 'basket' : 'binding';
  }

  /**
   * Opens the modal (with `modal`) at `screen`: `basket` shows the bound basket, `binding` the
   * binding screen. An unbound basket always shows the binding screen. Inline it only restarts the
   * binding screen. Resolves once the dialog is open and focused.
   */
  async show(screen?: Screen): Promise<void> {
    const wasShown = this.#shown;
    const opener = openers.get(this);
    openers.delete(this);
    if (!this.isConnected) return;
    if (!wasShown) this.#flow.restart();
    if (!this.modal) {
      this.open = false;
      return;
    }
    if (!wasShown) {
      const active = deepActiveElement();
      this.#returnFocus = opener && !(active && isWithin(active, opener)) ? focusableIn(opener) : active;
    }
    this.#shown = this.open = true;
    this.sessionView.sync();
    await this.updateComplete;
    const dialog = this.#dialog;
    if (!dialog || !this.#shown) return;
    if (!dialog.open) dialog.showModal();
    this.#focus('#title');
    if (!wasShown) this.announceScreen(true, this.session.state.linked ? screen || 'basket' : 'binding');
  }

  /** Closes the modal; focus returns to the control that opened it. A pending confirmation is abandoned. */
  close(): void {
    this.#dialog?.close();
    // At once rather than on the dialog's (asynchronous) close event, so a show() right after works.
    this.#onDialogClose();
  }

  override disconnectedCallback(): void {
    // The wait is abandoned (BindingFlow restarts on disconnect); the modal is closed.
    if (this.#shown) {
      this.#shown = this.open = false;
      this.announceScreen(false, this.#screen);
    }
    super.disconnectedCallback();
  }

  /** Inline it always shows the session; a modal only while open (a closed one must not keep the order watch alive). @internal */
  protected override get showsSession(): boolean {
    return !this.modal || this.#shown;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('modal')) this.sessionView.sync();
    const { linked } = this.session.state;
    // Unlinked while this element showed the bound basket, and not by a rebind on this page: in the
    // app or in another tab. The binding screen says so, rather than words about a binding that is gone.
    if (this.#wasLinked && !linked && this.#flow.status !== 'unbound' && !unbindingOnPage()) {
      this.#rebind.close(true);
      this.#flow.finish('removed');
    }
    this.#wasLinked = linked;
    this.#hadFocus = this.#shown || this.#focusInside || Boolean(this.shadowRoot!.activeElement);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // `open` set from outside (attribute or property) opens or closes the modal, as on <dialog>.
    if (changed.has('open') && this.open !== this.#shown) {
      if (this.open) void this.show();
      else this.close();
    }
    const target = this.#focusNext;
    this.#focusNext = undefined;
    // A screen change (here or on another widget of the page) removed the focused control: focus
    // would fall to the page's body, so it goes to the new screen's heading instead.
    if (this.#hadFocus && (target || !deepActiveElement())) this.#focus(target ?? '#title');
  }

  /** @internal */
  get #dialog(): HTMLDialogElement | null {
    return this.shadowRoot!.querySelector('dialog.modal');
  }

  /** @internal */
  #focus(selector: string): void {
    (this.shadowRoot!.querySelector<HTMLElement>(selector) ?? this.shadowRoot!.querySelector<HTMLElement>('#title'))?.focus();
  }

  /** Renders again, then moves focus to `selector` if focus is in this widget (never steals it from the page). @internal */
  focusAfterUpdate(selector: string): void {
    this.#focusNext = selector;
    this.requestUpdate();
  }

  /** Our event, and on `document` the first InPost widget's. @internal */
  announceScreen(open: boolean, screen: ScreenDetail['screen']): void {
    emit(this, open ? 'inpost-pay-open' : 'inpost-pay-close', { screen });
    document.dispatchEvent(new CustomEvent(open ? 'iziModalEventOpen' : 'iziModalEventClose', { detail: { screen } }));
  }

  /** @internal */
  #onDialogClose(): void {
    if (!this.#shown) return;
    const screen = this.#screen;
    if (this.#rebind.shown) this.#rebind.close(true);
    this.#shown = this.open = false;
    this.#flow.restart();
    this.sessionView.sync();
    this.announceScreen(false, screen);
    this.#returnFocus?.focus();
  }

  /** Escape: the rebind confirmation goes back to the bound basket (not while its call is pending); else the modal closes. @internal */
  #onCancel(event: Event): void {
    if (!this.#rebind.shown) return;
    event.preventDefault();
    this.#rebind.close();
  }

  /** A click on the backdrop, as Escape. @internal */
  #dismiss(): void {
    if (this.#rebind.shown) this.#rebind.close();
    else this.close();
  }

  /** @internal */
  #onSubmit(event: Event): void {
    event.preventDefault();
    this.#flow.submit();
  }

  /** The current screen: the bound basket, or the binding flow's step. @internal */
  #screenContent(): ScreenContent {
    const t = this.strings;
    const { linked, count, maskedPhoneNumber } = this.session.state;
    if (linked && this.#rebind.shown) return this.#rebind.content(t, maskedPhoneNumber);
    if (linked) return basketScreen(t, this.session.state, () => this.#rebind.open());
    if (count === 0 && !this.modal) return emptyScreen(t);
    if (this.#flow.step === 'qr') return qrScreen(t, this.#flow);
    if (this.#flow.step === 'waiting') return waitingScreen(t, this.#flow);
    return phoneScreen(t, this.#flow);
  }

  protected override render() {
    const t = this.strings;
    const { linked, maskedPhoneNumber: masked } = this.session.state;
    const { status: shown, busy } = this.#flow;
    // Only words that still hold: "connected with …" while linked to a known number.
    const status = shown === 'bound' ? (linked && masked ? t.bound(masked) : '') : shown === 'unbound' ? t.unbound : shown ? t.removed : '';
    const screen = frame(this.#screenContent(), busy || this.#rebind.pending, status, (e) => this.#onSubmit(e));
    if (!this.modal) return screen;
    return html`<dialog
        part="dialog"
        class="modal"
        aria-labelledby="title"
        @cancel=${(e: Event) => this.#onCancel(e)}
        @close=${(e: Event) => !(e.target as HTMLDialogElement).open && this.#onDialogClose()}
        @pointerdown=${trackBackdropDown}
        @click=${(e: Event) => onBackdropClick(e) && this.#dismiss()}
      >
        <div class="dialog-body">
          <button part="close" class="close" type="button" @click=${() => this.close()}><span aria-hidden="true">✕</span> ${t.close}</button>
          ${screen}
        </div>
      </dialog>`;
  }
}

/** The page's modal basket, which buttons open their screens in; created on first use. */
let pageModal: InpostPayBasket | undefined;

/**
 * Opens `screen` in the page's one modal `<inpost-pay-basket>` (created on first use), the
 * wiring between `<inpost-pay-button>` and the basket. The modal takes `language`, `dark`,
 * `scheme`, `binding-place` and `product-id` from `opener`, and focus returns to it on close.
 * When `<inpost-pay-basket>` is not registered, it says so in the console, naming the fix. @internal
 */
export function openScreen(screen: Screen, opener: WidgetElement & { variant?: string }): void {
  if (!customElements.get('inpost-pay-basket')) {
    console.error("[inpost-pay] buttons open their screens in <inpost-pay-basket>: import 'inpost-pay-widget/define' or customElements.define('inpost-pay-basket', InpostPayBasket)");
    return;
  }
  let el = pageModal;
  if (!el?.isConnected) {
    el = document.createElement('inpost-pay-basket');
    el.modal = true;
    document.body.append(el);
    pageModal = el;
  }
  el.language = opener.language || opener.closest('[lang]')?.getAttribute('lang') || undefined;
  el.dark = Boolean(opener.dark);
  el.scheme = opener.scheme;
  // A button on a product card (not `variant="buy"`) binds from the card; anything else from the basket.
  el.bindingPlace = opener.bindingPlace || ('variant' in opener && opener.variant !== 'buy' ? 'PRODUCT_CARD' : 'BASKET_SUMMARY');
  el.productId = opener.productId;
  openers.set(el, opener);
  void el.show(screen);
}

declare global {
  interface HTMLElementTagNameMap {
    'inpost-pay-basket': InpostPayBasket;
  }
}
