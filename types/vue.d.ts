import type { DefineComponent } from "vue";
import type {
  InpostPayBasket,
  ScreenDetail,
  SessionState,
  ErrorDetail,
  InpostPayButton,
  NotBindableDetail,
  BindingRequiredDetail,
} from "inpost-pay-widget";

type InpostPayBasketProps = {
  /** Show the screens in a modal dialog (opened with `show()` or `open`) instead of inline. */
  modal?: InpostPayBasket["modal"];
  /** Whether the modal is open, as on `<dialog>`: setting it opens or closes the modal. Always false inline. */
  open?: InpostPayBasket["open"];
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  productId?: InpostPayBasket["productId"];
  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  language?: InpostPayBasket["language"];
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  scheme?: InpostPayBasket["scheme"];
  /** Dark mode: light text on dark surfaces. */
  dark?: InpostPayBasket["dark"];
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  bindingPlace?: InpostPayBasket["bindingPlace"];

  /** `@inpost-pay-open`: A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`. */
  onInpostPayOpen?: (e: CustomEvent<ScreenDetail>) => void;
  /** `@inpost-pay-close`: A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`. */
  onInpostPayClose?: (e: CustomEvent<ScreenDetail>) => void;
  /** `@inpost-pay-state`: The page-wide state changed (after binding or unbinding here). */
  onInpostPayState?: (e: CustomEvent<SessionState>) => void;
  /** `@inpost-pay-error`: A callback failed; the screen shows a retryable error. */
  onInpostPayError?: (e: CustomEvent<ErrorDetail>) => void;
};

type InpostPayButtonProps = {
  /** `create` (product card, the default) or `buy` (basket). */
  variant?: InpostPayButton["variant"];
  /** The item count, when the shop's server knows it. */
  count?: InpostPayButton["count"];
  /** Set by the shop's server when it already knows the basket is bound. */
  basketLinked?: InpostPayButton["basketLinked"];
  /** The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked. */
  maskedPhoneNumber?: InpostPayButton["maskedPhoneNumber"];
  /** `xs`, `sm`, `md` (default), `lg` or `xl`. */
  size?: InpostPayButton["size"];
  /** `square`, `rounded` (default) or `round`. */
  shape?: InpostPayButton["shape"];
  /** Take the full width of the container. */
  fill?: InpostPayButton["fill"];
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  productId?: InpostPayButton["productId"];
  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  language?: InpostPayButton["language"];
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  scheme?: InpostPayButton["scheme"];
  /** Dark mode: light text on dark surfaces. */
  dark?: InpostPayButton["dark"];
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  bindingPlace?: InpostPayButton["bindingPlace"];

  /** `@inpost-pay-state`: The page-wide state changed (linked, masked phone, count). */
  onInpostPayState?: (e: CustomEvent<SessionState>) => void;
  /** `@inpost-pay-not-bindable`: `iziCanBeBound` said no; the button shows a hint. */
  onInpostPayNotBindable?: (e: CustomEvent<NotBindableDetail>) => void;
  /** `@inpost-pay-binding-required`: The product was added but the basket is not bound; the binding screen opens. */
  onInpostPayBindingRequired?: (e: CustomEvent<BindingRequiredDetail>) => void;
  /** `@inpost-pay-error`: A callback failed; the button shows a retryable error. */
  onInpostPayError?: (e: CustomEvent<ErrorDetail>) => void;
};

export type CustomElements = {
  /**
   * Shows the bound basket (masked phone number, rebind) or binds it to a phone number.
   * ---
   *
   *
   * ### **Events:**
   *  - **InpostPayOpen** - `@inpost-pay-open`: A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`.
   * - **InpostPayClose** - `@inpost-pay-close`: A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`.
   * - **InpostPayState** - `@inpost-pay-state`: The page-wide state changed (after binding or unbinding here).
   * - **InpostPayError** - `@inpost-pay-error`: A callback failed; the screen shows a retryable error.
   *
   * ### **Methods:**
   *  - **show(screen: _Screen_): _Promise<void>_** - Opens the modal (with `modal`) at `screen`: `basket` shows the bound basket, `binding` the
   * binding screen. An unbound basket always shows the binding screen. Inline it only restarts the
   * binding screen. Resolves once the dialog is open and focused.
   * - **close(): _void_** - Closes the modal; focus returns to the control that opened it. A pending confirmation is abandoned.
   *
   * ### **CSS Properties:**
   *  - **--inpost-pay-accent** - Background of the main action (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). _(default: undefined)_
   * - **--inpost-pay-on-accent** - Text colour of the main action. _(default: undefined)_
   * - **--inpost-pay-surface** - Background of the screen and the dialogs. _(default: undefined)_
   * - **--inpost-pay-text** - Text colour. _(default: undefined)_
   * - **--inpost-pay-muted** - Colour of secondary text and field borders. _(default: undefined)_
   * - **--inpost-pay-error** - Colour of errors. _(default: undefined)_
   * - **--inpost-pay-focus-ring** - Focus outline colour. _(default: undefined)_
   * - **--inpost-pay-radius** - Corner radius of the screen, dialogs, fields and buttons. _(default: undefined)_
   * - **--inpost-pay-font** - Font family. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **dialog** - The native dialog of the modal.
   * - **screen** - The content of the current screen (the rebind confirmation is one).
   * - **notice** - What happened before the binding screen showed (the basket was unbound elsewhere).
   * - **title** - The heading of a screen or of the rebind confirmation.
   * - **phone** - The phone number field.
   * - **masked-phone** - The masked phone number of the bound basket.
   * - **action** - A secondary action: rebind, cancel, "use the QR code", "enter a phone number" (also while waiting for the app).
   * - **primary-action** - The main action of a screen: connect, confirm the rebind, retry, open the app.
   * - **qr** - The QR code image.
   * - **message** - An error.
   * - **close** - The close button of the modal.
   */
  "inpost-pay-basket": DefineComponent<InpostPayBasketProps>;

  /**
   * Creates an InPost Pay basket, or shows the bound basket's item count.
   * ---
   *
   *
   * ### **Events:**
   *  - **InpostPayState** - `@inpost-pay-state`: The page-wide state changed (linked, masked phone, count).
   * - **InpostPayNotBindable** - `@inpost-pay-not-bindable`: `iziCanBeBound` said no; the button shows a hint.
   * - **InpostPayBindingRequired** - `@inpost-pay-binding-required`: The product was added but the basket is not bound; the binding screen opens.
   * - **InpostPayError** - `@inpost-pay-error`: A callback failed; the button shows a retryable error.
   *
   * ### **CSS Properties:**
   *  - **--inpost-pay-accent** - Button background (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). _(default: undefined)_
   * - **--inpost-pay-on-accent** - Button text colour. _(default: undefined)_
   * - **--inpost-pay-radius** - Corner radius (8px; `shape` sets 0 or 999px). _(default: undefined)_
   * - **--inpost-pay-button-radius** - Corner radius of the button alone, to match the shop's own buttons (default: `--inpost-pay-radius`). _(default: undefined)_
   * - **--inpost-pay-button-height** - Minimum height (48px; `size` sets 32 to 64px). Every label fits in it from 180px of width, so the box stays the same when the button links or the count changes. _(default: undefined)_
   * - **--inpost-pay-button-width** - Widest the button gets (360px); it never exceeds its container, and `fill` takes the container's full width. _(default: undefined)_
   * - **--inpost-pay-font** - Font family. _(default: undefined)_
   * - **--inpost-pay-surface** - Background of the hint and error message. _(default: undefined)_
   * - **--inpost-pay-text** - Text colour of the hint. _(default: undefined)_
   * - **--inpost-pay-error** - Text colour of an error. _(default: undefined)_
   * - **--inpost-pay-focus-ring** - Focus outline colour. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **button** - The native button.
   * - **label** - The button's text. It has no box of its own (`display: contents`), so that linking moves nothing: style its text (colour, font), not its box.
   * - **count** - The item count badge of a linked basket.
   * - **message** - The hint or error below the button.
   * - **empty** - What a basket's button (`variant="buy"`) shows instead when the shop's count is 0.
   */
  "inpost-pay-button": DefineComponent<InpostPayButtonProps>;
};

declare module "vue" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface GlobalComponents extends CustomElements {}
}

declare global {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface IntrinsicElements extends CustomElements {}
  }
}
