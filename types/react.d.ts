import type {
  InpostPayBasket,
  InpostPayButton,
  ScreenDetail,
  SessionState,
  ErrorDetail,
  NotBindableDetail,
  BindingRequiredDetail,
} from "inpost-pay-widget";

/**
 * This type can be used to create scoped tags for your components.
 *
 * Usage:
 *
 * ```ts
 * import type { ScopedElements } from "path/to/library/jsx-integration";
 *
 * declare module "my-library" {
 *   namespace JSX {
 *     interface IntrinsicElements
 *       extends ScopedElements<'test-', ''> {}
 *   }
 * }
 * ```
 *
 * @deprecated Runtime scoped elements result in duplicate types and can confusing for developers. It is recommended to use the `prefix` and `suffix` options to generate new types instead.
 */
export type ScopedElements<
  Prefix extends string = "",
  Suffix extends string = "",
> = {
  [
    Key in keyof CustomElements as `${Prefix}${Key}${Suffix}`
  ]: CustomElements[Key];
};

/**
 * A generic type for strongly typing custom events with their targets
 * @template T - The type of the event target (extends EventTarget)
 * @template D - The type of the detail payload for the custom event
 */
type TypedEvent<T extends EventTarget, E = Event> = E & {
  target: T;
};

type BaseProps<T extends HTMLElement> = {
  /** Content added between the opening and closing tags of the element */
  children?: any | undefined;
  /** Used for declaratively styling one or more elements using CSS (Cascading Stylesheets) */
  class?: string | undefined;
  /** Used for declaratively styling one or more elements using CSS (Cascading Stylesheets) */
  className?: string | undefined;
  /** Takes an object where the key is the class name(s) and the value is a boolean expression. When true, the class is applied, and when false, it is removed. */
  classList?: Record<string, boolean | undefined> | undefined;
  /** Specifies the text direction of the element. */
  dir?: "ltr" | "rtl" | undefined;
  /** Contains a space-separated list of the part names of the element that should be exposed on the host element. */
  exportparts?: string | undefined;
  /** For <label> and <output>, lets you associate the label with some control. */
  htmlFor?: string | undefined;
  /** Specifies whether the element should be hidden. */
  hidden?: boolean | string | undefined;
  /** A unique identifier for the element. */
  id?: string | undefined;
  /** Keys tell React which array item each component corresponds to */
  key?: string | number | undefined;
  /** Specifies the language of the element. */
  lang?: string | undefined;
  /** Defines the element's semantic role for accessibility APIs. */
  role?: string | undefined;
  /** Contains a space-separated list of the part names of the element. Part names allows CSS to select and style specific elements in a shadow tree via the ::part pseudo-element. */
  part?: string | undefined;
  /** Use the ref attribute with a variable to assign a DOM element to the variable once the element is rendered. */
  ref?: (T | ((e: T) => void)) | undefined;
  /** Adds a reference for a custom element slot */
  slot?: string | undefined;
  /** Prop for setting inline styles */
  style?: Record<string, string | number> | undefined;
  /** Overrides the default Tab button behavior. Avoid using values other than -1 and 0. */
  tabIndex?: number | undefined;
  /** Specifies the tooltip text for the element. */
  title?: string | undefined;
  /** Passing 'no' excludes the element content from being translated. */
  translate?: "yes" | "no" | undefined;
  /** The popover global attribute is used to designate an element as a popover element. */
  popover?: "auto" | "hint" | "manual" | undefined;
  /** Turns an element element into a popover control button; takes the ID of the popover element to control as its value. */
  popovertarget?: "top" | "bottom" | "left" | "right" | "auto" | undefined;
  /** Specifies the action to be performed on a popover element being controlled by a control element. */
  popovertargetaction?: "show" | "hide" | "toggle" | undefined;
};

type BaseEvents = {};

/** `InpostPayBasket` component event */
export type InpostPayBasketElementEvent<E = Event> = TypedEvent<
  InpostPayBasket,
  E
>;
/** `inpost-pay-open` event type */
export type InpostPayBasketInpostPayOpenElementEvent =
  InpostPayBasketElementEvent<CustomEvent<ScreenDetail>>;
/** `inpost-pay-close` event type */
export type InpostPayBasketInpostPayCloseElementEvent =
  InpostPayBasketElementEvent<CustomEvent<ScreenDetail>>;
/** `inpost-pay-state` event type */
export type InpostPayBasketInpostPayStateElementEvent =
  InpostPayBasketElementEvent<CustomEvent<SessionState>>;
/** `inpost-pay-error` event type */
export type InpostPayBasketInpostPayErrorElementEvent =
  InpostPayBasketElementEvent<CustomEvent<ErrorDetail>>;

export type InpostPayBasketProps = {
  /** Show the screens in a modal dialog (opened with `show()` or `open`) instead of inline. */
  modal?: InpostPayBasket["modal"] | undefined;
  /** Whether the modal is open, as on `<dialog>`: setting it opens or closes the modal. Always false inline. */
  open?: InpostPayBasket["open"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  "product-id"?: InpostPayBasket["productId"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  productId?: InpostPayBasket["productId"] | undefined;
  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  language?: InpostPayBasket["language"] | undefined;
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  scheme?: InpostPayBasket["scheme"] | undefined;
  /** Dark mode: light text on dark surfaces. */
  dark?: InpostPayBasket["dark"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  "binding-place"?: InpostPayBasket["bindingPlace"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  bindingPlace?: InpostPayBasket["bindingPlace"] | undefined;

  /** A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`. */
  "oninpost-pay-open"?:
    ((e: InpostPayBasketInpostPayOpenElementEvent) => void) | undefined;
  /** A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`. */
  "oninpost-pay-close"?:
    ((e: InpostPayBasketInpostPayCloseElementEvent) => void) | undefined;
  /** The page-wide state changed (after binding or unbinding here). */
  "oninpost-pay-state"?:
    ((e: InpostPayBasketInpostPayStateElementEvent) => void) | undefined;
  /** A callback failed; the screen shows a retryable error. */
  "oninpost-pay-error"?:
    ((e: InpostPayBasketInpostPayErrorElementEvent) => void) | undefined;
};

export type InpostPayBasketSolidJsProps = {
  /** Show the screens in a modal dialog (opened with `show()` or `open`) instead of inline. */
  "prop:modal"?: InpostPayBasket["modal"] | undefined;
  /** Whether the modal is open, as on `<dialog>`: setting it opens or closes the modal. Always false inline. */
  "prop:open"?: InpostPayBasket["open"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  "attr:product-id"?: InpostPayBasket["productId"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  "prop:productId"?: InpostPayBasket["productId"] | undefined;
  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  "prop:language"?: InpostPayBasket["language"] | undefined;
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  "prop:scheme"?: InpostPayBasket["scheme"] | undefined;
  /** Dark mode: light text on dark surfaces. */
  "prop:dark"?: InpostPayBasket["dark"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  "attr:binding-place"?: InpostPayBasket["bindingPlace"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  "prop:bindingPlace"?: InpostPayBasket["bindingPlace"] | undefined;
  /** A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`. */
  "on:inpost-pay-open"?:
    ((e: InpostPayBasketInpostPayOpenElementEvent) => void) | undefined;
  /** A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`. */
  "on:inpost-pay-close"?:
    ((e: InpostPayBasketInpostPayCloseElementEvent) => void) | undefined;
  /** The page-wide state changed (after binding or unbinding here). */
  "on:inpost-pay-state"?:
    ((e: InpostPayBasketInpostPayStateElementEvent) => void) | undefined;
  /** A callback failed; the screen shows a retryable error. */
  "on:inpost-pay-error"?:
    ((e: InpostPayBasketInpostPayErrorElementEvent) => void) | undefined;

  /** Set the innerHTML of the element */
  innerHTML?: string | undefined;
  /** Set the textContent of the element */
  textContent?: string | number | undefined;
};

/** `InpostPayButton` component event */
export type InpostPayButtonElementEvent<E = Event> = TypedEvent<
  InpostPayButton,
  E
>;
/** `inpost-pay-state` event type */
export type InpostPayButtonInpostPayStateElementEvent =
  InpostPayButtonElementEvent<CustomEvent<SessionState>>;
/** `inpost-pay-not-bindable` event type */
export type InpostPayButtonInpostPayNotBindableElementEvent =
  InpostPayButtonElementEvent<CustomEvent<NotBindableDetail>>;
/** `inpost-pay-binding-required` event type */
export type InpostPayButtonInpostPayBindingRequiredElementEvent =
  InpostPayButtonElementEvent<CustomEvent<BindingRequiredDetail>>;
/** `inpost-pay-error` event type */
export type InpostPayButtonInpostPayErrorElementEvent =
  InpostPayButtonElementEvent<CustomEvent<ErrorDetail>>;

export type InpostPayButtonProps = {
  /** `create` (product card, the default) or `buy` (basket). */
  variant?: InpostPayButton["variant"] | undefined;
  /** The item count, when the shop's server knows it. */
  count?: InpostPayButton["count"] | undefined;
  /** Set by the shop's server when it already knows the basket is bound. */
  "basket-linked"?: InpostPayButton["basketLinked"] | undefined;
  /** Set by the shop's server when it already knows the basket is bound. */
  basketLinked?: InpostPayButton["basketLinked"] | undefined;
  /** The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked. */
  "masked-phone-number"?: InpostPayButton["maskedPhoneNumber"] | undefined;
  /** The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked. */
  maskedPhoneNumber?: InpostPayButton["maskedPhoneNumber"] | undefined;
  /** `xs`, `sm`, `md` (default), `lg` or `xl`. */
  size?: InpostPayButton["size"] | undefined;
  /** `square`, `rounded` (default) or `round`. */
  shape?: InpostPayButton["shape"] | undefined;
  /** Take the full width of the container. */
  fill?: InpostPayButton["fill"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  "product-id"?: InpostPayButton["productId"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  productId?: InpostPayButton["productId"] | undefined;
  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  language?: InpostPayButton["language"] | undefined;
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  scheme?: InpostPayButton["scheme"] | undefined;
  /** Dark mode: light text on dark surfaces. */
  dark?: InpostPayButton["dark"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  "binding-place"?: InpostPayButton["bindingPlace"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  bindingPlace?: InpostPayButton["bindingPlace"] | undefined;

  /** The page-wide state changed (linked, masked phone, count). */
  "oninpost-pay-state"?:
    ((e: InpostPayButtonInpostPayStateElementEvent) => void) | undefined;
  /** `iziCanBeBound` said no; the button shows a hint. */
  "oninpost-pay-not-bindable"?:
    ((e: InpostPayButtonInpostPayNotBindableElementEvent) => void) | undefined;
  /** The product was added but the basket is not bound; the binding screen opens. */
  "oninpost-pay-binding-required"?:
    | ((e: InpostPayButtonInpostPayBindingRequiredElementEvent) => void)
    | undefined;
  /** A callback failed; the button shows a retryable error. */
  "oninpost-pay-error"?:
    ((e: InpostPayButtonInpostPayErrorElementEvent) => void) | undefined;
};

export type InpostPayButtonSolidJsProps = {
  /** `create` (product card, the default) or `buy` (basket). */
  "prop:variant"?: InpostPayButton["variant"] | undefined;
  /** The item count, when the shop's server knows it. */
  "prop:count"?: InpostPayButton["count"] | undefined;
  /** Set by the shop's server when it already knows the basket is bound. */
  "bool:basket-linked"?: InpostPayButton["basketLinked"] | undefined;
  /** Set by the shop's server when it already knows the basket is bound. */
  "prop:basketLinked"?: InpostPayButton["basketLinked"] | undefined;
  /** The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked. */
  "attr:masked-phone-number"?: InpostPayButton["maskedPhoneNumber"] | undefined;
  /** The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked. */
  "prop:maskedPhoneNumber"?: InpostPayButton["maskedPhoneNumber"] | undefined;
  /** `xs`, `sm`, `md` (default), `lg` or `xl`. */
  "prop:size"?: InpostPayButton["size"] | undefined;
  /** `square`, `rounded` (default) or `round`. */
  "prop:shape"?: InpostPayButton["shape"] | undefined;
  /** Take the full width of the container. */
  "prop:fill"?: InpostPayButton["fill"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  "attr:product-id"?: InpostPayButton["productId"] | undefined;
  /** The product: the one a button's card offers, or (on a basket) the one being bound, passed to
the deprecated `iziGetBindingData`. Absent on a basket page. */
  "prop:productId"?: InpostPayButton["productId"] | undefined;
  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  "prop:language"?: InpostPayButton["language"] | undefined;
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  "prop:scheme"?: InpostPayButton["scheme"] | undefined;
  /** Dark mode: light text on dark surfaces. */
  "prop:dark"?: InpostPayButton["dark"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  "attr:binding-place"?: InpostPayButton["bindingPlace"] | undefined;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  "prop:bindingPlace"?: InpostPayButton["bindingPlace"] | undefined;
  /** The page-wide state changed (linked, masked phone, count). */
  "on:inpost-pay-state"?:
    ((e: InpostPayButtonInpostPayStateElementEvent) => void) | undefined;
  /** `iziCanBeBound` said no; the button shows a hint. */
  "on:inpost-pay-not-bindable"?:
    ((e: InpostPayButtonInpostPayNotBindableElementEvent) => void) | undefined;
  /** The product was added but the basket is not bound; the binding screen opens. */
  "on:inpost-pay-binding-required"?:
    | ((e: InpostPayButtonInpostPayBindingRequiredElementEvent) => void)
    | undefined;
  /** A callback failed; the button shows a retryable error. */
  "on:inpost-pay-error"?:
    ((e: InpostPayButtonInpostPayErrorElementEvent) => void) | undefined;

  /** Set the innerHTML of the element */
  innerHTML?: string | undefined;
  /** Set the textContent of the element */
  textContent?: string | number | undefined;
};

export type CustomElements = {
  /**
   * The InPost Pay basket screens. Inline on a basket page it shows "Twoje zakupy czekają już na
   * Ciebie w aplikacji InPost Mobile" with the masked phone number while the basket is bound, and the
   * binding screen (phone number or QR code) while it is not. With `modal`, the same screens open in
   * a native dialog, opened with `show()` or the `open` attribute as a `<dialog>` is; a
   * `<inpost-pay-button>` opens them in the page's own modal basket. Rebinding to another phone number
   * asks for confirmation in place of the bound basket's screen (one dialog), then calls
   * `iziBindingDelete`. An empty inline basket (the shop's count is 0) offers nothing to buy: it says so.
   *
   * ## Attributes & Properties
   *
   * Component attributes and properties that can be applied to the element or by using JavaScript.
   *
   * - `modal`: Show the screens in a modal dialog (opened with `show()` or `open`) instead of inline.
   * - `open`: Whether the modal is open, as on `<dialog>`: setting it opens or closes the modal. Always false inline.
   * - `product-id`/`productId`: The product: the one a button's card offers, or (on a basket) the one being bound, passed to
   * the deprecated `iziGetBindingData`. Absent on a basket page.
   * - `language`: `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`.
   * - `scheme`: Colour scheme: `yellow` (InPost yellow, default) or `black`.
   * - `dark`: Dark mode: light text on dark surfaces.
   * - `binding-place`/`bindingPlace`: Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`.
   *
   * ## Events
   *
   * Events that will be emitted by the component.
   *
   * - `inpost-pay-open`: A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`.
   * - `inpost-pay-close`: A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`.
   * - `inpost-pay-state`: The page-wide state changed (after binding or unbinding here).
   * - `inpost-pay-error`: A callback failed; the screen shows a retryable error.
   *
   * ## Methods
   *
   * Methods that can be called to access component functionality.
   *
   * - `show(screen?: Screen) => Promise<void>`: Opens the modal (with `modal`) at `screen`: `basket` shows the bound basket, `binding` the
   * binding screen. An unbound basket always shows the binding screen. Inline it only restarts the
   * binding screen. Resolves once the dialog is open and focused.
   * - `close() => void`: Closes the modal; focus returns to the control that opened it. A pending confirmation is abandoned.
   *
   * ## CSS Custom Properties
   *
   * CSS variables available for styling the component.
   *
   * - `--inpost-pay-accent`: Background of the main action (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). (default: `undefined`)
   * - `--inpost-pay-on-accent`: Text colour of the main action. (default: `undefined`)
   * - `--inpost-pay-surface`: Background of the screen and the dialogs. (default: `undefined`)
   * - `--inpost-pay-text`: Text colour. (default: `undefined`)
   * - `--inpost-pay-muted`: Colour of secondary text and field borders. (default: `undefined`)
   * - `--inpost-pay-error`: Colour of errors. (default: `undefined`)
   * - `--inpost-pay-focus-ring`: Focus outline colour. (default: `undefined`)
   * - `--inpost-pay-radius`: Corner radius of the screen, dialogs, fields and buttons. (default: `undefined`)
   * - `--inpost-pay-font`: Font family. (default: `undefined`)
   *
   * ## CSS Parts
   *
   * Custom selectors for styling elements within the component.
   *
   * - `dialog`: The native dialog of the modal.
   * - `screen`: The content of the current screen (the rebind confirmation is one).
   * - `notice`: What happened before the binding screen showed (the basket was unbound elsewhere).
   * - `title`: The heading of a screen or of the rebind confirmation.
   * - `phone`: The phone number field.
   * - `masked-phone`: The masked phone number of the bound basket.
   * - `action`: A secondary action: rebind, cancel, "use the QR code", "enter a phone number" (also while waiting for the app).
   * - `primary-action`: The main action of a screen: connect, confirm the rebind, retry, open the app.
   * - `qr`: The QR code image.
   * - `message`: An error.
   * - `close`: The close button of the modal.
   */
  "inpost-pay-basket": Partial<
    InpostPayBasketProps & BaseProps<InpostPayBasket> & BaseEvents
  >;

  /**
   * The InPost Pay button: "Utwórz koszyk z InPost Pay" on a product card, "Kup z InPost Pay" in the
   * basket, and, once the basket is bound, "Produkty w koszyku InPost Pay" with the item count.
   * Every button on the page shows the same binding session.
   *
   * ## Attributes & Properties
   *
   * Component attributes and properties that can be applied to the element or by using JavaScript.
   *
   * - `variant`: `create` (product card, the default) or `buy` (basket).
   * - `count`: The item count, when the shop's server knows it.
   * - `basket-linked`/`basketLinked`: Set by the shop's server when it already knows the basket is bound.
   * - `masked-phone-number`/`maskedPhoneNumber`: The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked.
   * - `size`: `xs`, `sm`, `md` (default), `lg` or `xl`.
   * - `shape`: `square`, `rounded` (default) or `round`.
   * - `fill`: Take the full width of the container.
   * - `product-id`/`productId`: The product: the one a button's card offers, or (on a basket) the one being bound, passed to
   * the deprecated `iziGetBindingData`. Absent on a basket page.
   * - `language`: `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`.
   * - `scheme`: Colour scheme: `yellow` (InPost yellow, default) or `black`.
   * - `dark`: Dark mode: light text on dark surfaces.
   * - `binding-place`/`bindingPlace`: Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`.
   *
   * ## Events
   *
   * Events that will be emitted by the component.
   *
   * - `inpost-pay-state`: The page-wide state changed (linked, masked phone, count).
   * - `inpost-pay-not-bindable`: `iziCanBeBound` said no; the button shows a hint.
   * - `inpost-pay-binding-required`: The product was added but the basket is not bound; the binding screen opens.
   * - `inpost-pay-error`: A callback failed; the button shows a retryable error.
   *
   * ## CSS Custom Properties
   *
   * CSS variables available for styling the component.
   *
   * - `--inpost-pay-accent`: Button background (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). (default: `undefined`)
   * - `--inpost-pay-on-accent`: Button text colour. (default: `undefined`)
   * - `--inpost-pay-radius`: Corner radius (8px; `shape` sets 0 or 999px). (default: `undefined`)
   * - `--inpost-pay-button-radius`: Corner radius of the button alone, to match the shop's own buttons (default: `--inpost-pay-radius`). (default: `undefined`)
   * - `--inpost-pay-button-height`: Minimum height (48px; `size` sets 32 to 64px). Every label fits in it from 180px of width, so the box stays the same when the button links or the count changes. (default: `undefined`)
   * - `--inpost-pay-button-width`: Widest the button gets (360px); it never exceeds its container, and `fill` takes the container's full width. (default: `undefined`)
   * - `--inpost-pay-font`: Font family. (default: `undefined`)
   * - `--inpost-pay-surface`: Background of the hint and error message. (default: `undefined`)
   * - `--inpost-pay-text`: Text colour of the hint. (default: `undefined`)
   * - `--inpost-pay-error`: Text colour of an error. (default: `undefined`)
   * - `--inpost-pay-focus-ring`: Focus outline colour. (default: `undefined`)
   *
   * ## CSS Parts
   *
   * Custom selectors for styling elements within the component.
   *
   * - `button`: The native button.
   * - `label`: The button's text. It has no box of its own (`display: contents`), so that linking moves nothing: style its text (colour, font), not its box.
   * - `count`: The item count badge of a linked basket.
   * - `message`: The hint or error below the button.
   * - `empty`: What a basket's button (`variant="buy"`) shows instead when the shop's count is 0.
   */
  "inpost-pay-button": Partial<
    InpostPayButtonProps & BaseProps<InpostPayButton> & BaseEvents
  >;
};

export type CustomElementsSolidJs = {
  /**
   * The InPost Pay basket screens. Inline on a basket page it shows "Twoje zakupy czekają już na
   * Ciebie w aplikacji InPost Mobile" with the masked phone number while the basket is bound, and the
   * binding screen (phone number or QR code) while it is not. With `modal`, the same screens open in
   * a native dialog, opened with `show()` or the `open` attribute as a `<dialog>` is; a
   * `<inpost-pay-button>` opens them in the page's own modal basket. Rebinding to another phone number
   * asks for confirmation in place of the bound basket's screen (one dialog), then calls
   * `iziBindingDelete`. An empty inline basket (the shop's count is 0) offers nothing to buy: it says so.
   *
   * ## Attributes & Properties
   *
   * Component attributes and properties that can be applied to the element or by using JavaScript.
   *
   * - `modal`: Show the screens in a modal dialog (opened with `show()` or `open`) instead of inline.
   * - `open`: Whether the modal is open, as on `<dialog>`: setting it opens or closes the modal. Always false inline.
   * - `product-id`/`productId`: The product: the one a button's card offers, or (on a basket) the one being bound, passed to
   * the deprecated `iziGetBindingData`. Absent on a basket page.
   * - `language`: `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`.
   * - `scheme`: Colour scheme: `yellow` (InPost yellow, default) or `black`.
   * - `dark`: Dark mode: light text on dark surfaces.
   * - `binding-place`/`bindingPlace`: Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`.
   *
   * ## Events
   *
   * Events that will be emitted by the component.
   *
   * - `inpost-pay-open`: A modal screen or the rebind confirmation opened; `detail.screen` is `basket`, `binding` or `rebind`.
   * - `inpost-pay-close`: A modal screen or the rebind confirmation closed; `detail.screen` as for `inpost-pay-open`.
   * - `inpost-pay-state`: The page-wide state changed (after binding or unbinding here).
   * - `inpost-pay-error`: A callback failed; the screen shows a retryable error.
   *
   * ## Methods
   *
   * Methods that can be called to access component functionality.
   *
   * - `show(screen?: Screen) => Promise<void>`: Opens the modal (with `modal`) at `screen`: `basket` shows the bound basket, `binding` the
   * binding screen. An unbound basket always shows the binding screen. Inline it only restarts the
   * binding screen. Resolves once the dialog is open and focused.
   * - `close() => void`: Closes the modal; focus returns to the control that opened it. A pending confirmation is abandoned.
   *
   * ## CSS Custom Properties
   *
   * CSS variables available for styling the component.
   *
   * - `--inpost-pay-accent`: Background of the main action (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). (default: `undefined`)
   * - `--inpost-pay-on-accent`: Text colour of the main action. (default: `undefined`)
   * - `--inpost-pay-surface`: Background of the screen and the dialogs. (default: `undefined`)
   * - `--inpost-pay-text`: Text colour. (default: `undefined`)
   * - `--inpost-pay-muted`: Colour of secondary text and field borders. (default: `undefined`)
   * - `--inpost-pay-error`: Colour of errors. (default: `undefined`)
   * - `--inpost-pay-focus-ring`: Focus outline colour. (default: `undefined`)
   * - `--inpost-pay-radius`: Corner radius of the screen, dialogs, fields and buttons. (default: `undefined`)
   * - `--inpost-pay-font`: Font family. (default: `undefined`)
   *
   * ## CSS Parts
   *
   * Custom selectors for styling elements within the component.
   *
   * - `dialog`: The native dialog of the modal.
   * - `screen`: The content of the current screen (the rebind confirmation is one).
   * - `notice`: What happened before the binding screen showed (the basket was unbound elsewhere).
   * - `title`: The heading of a screen or of the rebind confirmation.
   * - `phone`: The phone number field.
   * - `masked-phone`: The masked phone number of the bound basket.
   * - `action`: A secondary action: rebind, cancel, "use the QR code", "enter a phone number" (also while waiting for the app).
   * - `primary-action`: The main action of a screen: connect, confirm the rebind, retry, open the app.
   * - `qr`: The QR code image.
   * - `message`: An error.
   * - `close`: The close button of the modal.
   */
  "inpost-pay-basket": Partial<
    InpostPayBasketProps &
      InpostPayBasketSolidJsProps &
      BaseProps<InpostPayBasket> &
      BaseEvents
  >;

  /**
   * The InPost Pay button: "Utwórz koszyk z InPost Pay" on a product card, "Kup z InPost Pay" in the
   * basket, and, once the basket is bound, "Produkty w koszyku InPost Pay" with the item count.
   * Every button on the page shows the same binding session.
   *
   * ## Attributes & Properties
   *
   * Component attributes and properties that can be applied to the element or by using JavaScript.
   *
   * - `variant`: `create` (product card, the default) or `buy` (basket).
   * - `count`: The item count, when the shop's server knows it.
   * - `basket-linked`/`basketLinked`: Set by the shop's server when it already knows the basket is bound.
   * - `masked-phone-number`/`maskedPhoneNumber`: The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked.
   * - `size`: `xs`, `sm`, `md` (default), `lg` or `xl`.
   * - `shape`: `square`, `rounded` (default) or `round`.
   * - `fill`: Take the full width of the container.
   * - `product-id`/`productId`: The product: the one a button's card offers, or (on a basket) the one being bound, passed to
   * the deprecated `iziGetBindingData`. Absent on a basket page.
   * - `language`: `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`.
   * - `scheme`: Colour scheme: `yellow` (InPost yellow, default) or `black`.
   * - `dark`: Dark mode: light text on dark surfaces.
   * - `binding-place`/`bindingPlace`: Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`.
   *
   * ## Events
   *
   * Events that will be emitted by the component.
   *
   * - `inpost-pay-state`: The page-wide state changed (linked, masked phone, count).
   * - `inpost-pay-not-bindable`: `iziCanBeBound` said no; the button shows a hint.
   * - `inpost-pay-binding-required`: The product was added but the basket is not bound; the binding screen opens.
   * - `inpost-pay-error`: A callback failed; the button shows a retryable error.
   *
   * ## CSS Custom Properties
   *
   * CSS variables available for styling the component.
   *
   * - `--inpost-pay-accent`: Button background (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). (default: `undefined`)
   * - `--inpost-pay-on-accent`: Button text colour. (default: `undefined`)
   * - `--inpost-pay-radius`: Corner radius (8px; `shape` sets 0 or 999px). (default: `undefined`)
   * - `--inpost-pay-button-radius`: Corner radius of the button alone, to match the shop's own buttons (default: `--inpost-pay-radius`). (default: `undefined`)
   * - `--inpost-pay-button-height`: Minimum height (48px; `size` sets 32 to 64px). Every label fits in it from 180px of width, so the box stays the same when the button links or the count changes. (default: `undefined`)
   * - `--inpost-pay-button-width`: Widest the button gets (360px); it never exceeds its container, and `fill` takes the container's full width. (default: `undefined`)
   * - `--inpost-pay-font`: Font family. (default: `undefined`)
   * - `--inpost-pay-surface`: Background of the hint and error message. (default: `undefined`)
   * - `--inpost-pay-text`: Text colour of the hint. (default: `undefined`)
   * - `--inpost-pay-error`: Text colour of an error. (default: `undefined`)
   * - `--inpost-pay-focus-ring`: Focus outline colour. (default: `undefined`)
   *
   * ## CSS Parts
   *
   * Custom selectors for styling elements within the component.
   *
   * - `button`: The native button.
   * - `label`: The button's text. It has no box of its own (`display: contents`), so that linking moves nothing: style its text (colour, font), not its box.
   * - `count`: The item count badge of a linked basket.
   * - `message`: The hint or error below the button.
   * - `empty`: What a basket's button (`variant="buy"`) shows instead when the shop's count is 0.
   */
  "inpost-pay-button": Partial<
    InpostPayButtonProps &
      InpostPayButtonSolidJsProps &
      BaseProps<InpostPayButton> &
      BaseEvents
  >;
};

export type CustomCssProperties = {
  /** Background of the main action (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`). */
  "--inpost-pay-accent"?: string | undefined;
  /** Text colour of the main action. */
  "--inpost-pay-on-accent"?: string | undefined;
  /** Background of the screen and the dialogs. */
  "--inpost-pay-surface"?: string | undefined;
  /** Text colour. */
  "--inpost-pay-text"?: string | undefined;
  /** Colour of secondary text and field borders. */
  "--inpost-pay-muted"?: string | undefined;
  /** Colour of errors. */
  "--inpost-pay-error"?: string | undefined;
  /** Focus outline colour. */
  "--inpost-pay-focus-ring"?: string | undefined;
  /** Corner radius of the screen, dialogs, fields and buttons. */
  "--inpost-pay-radius"?: string | undefined;
  /** Font family. */
  "--inpost-pay-font"?: string | undefined;
  /** Corner radius of the button alone, to match the shop's own buttons (default: `--inpost-pay-radius`). */
  "--inpost-pay-button-radius"?: string | undefined;
  /** Minimum height (48px; `size` sets 32 to 64px). Every label fits in it from 180px of width, so the box stays the same when the button links or the count changes. */
  "--inpost-pay-button-height"?: string | undefined;
  /** Widest the button gets (360px); it never exceeds its container, and `fill` takes the container's full width. */
  "--inpost-pay-button-width"?: string | undefined;
};

declare module "react" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "react/jsx-runtime" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "react/jsx-dev-runtime" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "preact" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "@builder.io/qwik" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "@stencil/core" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "hono/jsx" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "react-native" {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare module "solid-js" {
  namespace JSX {
    interface IntrinsicElements extends CustomElementsSolidJs {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}

declare global {
  namespace JSX {
    interface IntrinsicElements extends CustomElements {}
  }
  export interface CSSProperties extends CustomCssProperties {}
}
