import { Task, TaskStatus } from '@lit/task';
import { adoptStyles, css, html, nothing, type CSSResultGroup, type PropertyValues } from 'lit';
import { openScreen } from '../basket/inpost-pay-basket.js';
import { announce } from '../core/announcer.js';
import { describeReason, reasonOf } from '../core/callbacks.js';
import { maskPhone, toCount } from '../core/sanitize.js';
import type { PressOutcome } from '../core/session.js';
import type { Strings } from '../i18n/index.js';
import { busyStyles, spinner, themeStyles } from '../ui/theme.styles.js';
import { WidgetElement } from '../ui/widget-element.js';
import { buttonStateStyles, buttonStyles } from './inpost-pay-button.styles.js';

/** The button's attributes that `update()` sets, in the order of its values. */
const ARIA = ['aria-label', 'aria-disabled', 'aria-describedby'];

/**
 * The InPost Pay button: "Utwórz koszyk z InPost Pay" on a product card, "Kup z InPost Pay" in the
 * basket, and, once the basket is bound, "Produkty w koszyku InPost Pay" with the item count.
 * Every button on the page shows the same binding session.
 *
 * @tag inpost-pay-button
 * @summary Creates an InPost Pay basket, or shows the bound basket's item count.
 *
 * @csspart button - The native button.
 * @csspart label - The button's text. It has no box of its own (`display: contents`), so that linking moves nothing: style its text (colour, font), not its box.
 * @csspart count - The item count badge of a linked basket.
 * @csspart message - The hint or error below the button.
 * @csspart empty - What a basket's button (`variant="buy"`) shows instead when the shop's count is 0.
 *
 * @cssproperty --inpost-pay-accent - Button background (InPost yellow `#ffcd00`; `#1a1a1a` with `scheme="black"`).
 * @cssproperty --inpost-pay-on-accent - Button text colour.
 * @cssproperty --inpost-pay-radius - Corner radius (8px; `shape` sets 0 or 999px).
 * @cssproperty --inpost-pay-button-radius - Corner radius of the button alone, to match the shop's own buttons (default: `--inpost-pay-radius`).
 * @cssproperty --inpost-pay-button-height - Minimum height (48px; `size` sets 32 to 64px). Every label fits in it from 180px of width, so the box stays the same when the button links or the count changes.
 * @cssproperty --inpost-pay-button-width - Widest the button gets (360px); it never exceeds its container, and `fill` takes the container's full width.
 * @cssproperty --inpost-pay-font - Font family.
 * @cssproperty --inpost-pay-surface - Background of the hint and error message.
 * @cssproperty --inpost-pay-text - Text colour of the hint.
 * @cssproperty --inpost-pay-error - Text colour of an error.
 * @cssproperty --inpost-pay-focus-ring - Focus outline colour.
 *
 * @fires {CustomEvent<SessionState>} inpost-pay-state - The page-wide state changed (linked, masked phone, count).
 * @fires {CustomEvent<NotBindableDetail>} inpost-pay-not-bindable - `iziCanBeBound` said no; the button shows a hint.
 * @fires {CustomEvent<BindingRequiredDetail>} inpost-pay-binding-required - The product was added but the basket is not bound; the binding screen opens.
 * @fires {CustomEvent<ErrorDetail>} inpost-pay-error - A callback failed; the button shows a retryable error.
 * @fires {CustomEvent<NavigateDetail>} inpost-pay-order-complete - On `document`: the order exists and the page is about to go to `detail.url`. Cancel it to route a single-page shop yourself.
 * @fires {CustomEvent<NavigateDetail>} inpost-pay-refresh - On `document`: the basket changed elsewhere and the page is about to reload. Cancelable.
 * @fires {CustomEvent<BasketChangeDetail>} inpost-pay-basket-change - On `document`: the basket was changed in the InPost Mobile app (the shop's backend pushed it to the order watch); refresh the page's own cart view.
 */
export class InpostPayButton extends WidgetElement {
  // One sheet per shadow root: adopting one is cheaper than two on a page with hundreds of buttons.
  static override styles: CSSResultGroup = css`${themeStyles}${buttonStyles}`;
  /**
   * The styles of the states after a press or with a linked basket, added to a button's shadow root
   * when it first gets there: the unpressed buttons of a listing page never parse or match them.
   * In the static styles from the start, they cost the render 5.1 % (200 buttons) to 5.2 % (1 button)
   * more CPU (bench/README.md, "What the button's speed tricks earn").
   */
  static #stateStyles = css`${busyStyles}${buttonStateStyles}`;

  static override properties = {
    ...WidgetElement.properties,
    variant: { reflect: true },
    count: {},
    basketLinked: { type: Boolean, attribute: 'basket-linked' },
    maskedPhoneNumber: { attribute: 'masked-phone-number' },
    size: { reflect: true },
    shape: { reflect: true },
    fill: { type: Boolean, reflect: true },
  };

  /** `create` (product card, the default) or `buy` (basket). */
  declare variant: 'create' | 'buy' | undefined;
  /** The item count, when the shop's server knows it. */
  declare count: string | number | undefined;
  /** Set by the shop's server when it already knows the basket is bound. */
  declare basketLinked: boolean;
  /** The bound phone number as the shop's server knows it; a full number is masked. Set alone, it also means linked. */
  declare maskedPhoneNumber: string | undefined;
  /** `xs`, `sm`, `md` (default), `lg` or `xl`. */
  declare size: 'xs' | 'sm' | 'md' | 'lg' | 'xl' | undefined;
  /** `square`, `rounded` (default) or `round`. */
  declare shape: 'square' | 'rounded' | 'round' | undefined;
  /** Take the full width of the container. */
  declare fill: boolean;

  /**
   * The press while unlinked (`session.press()`, then the binding screen when it is due): pending,
   * its outcome, or its error (a CallbackError, already reported). Created at the first press, so
   * the hundreds of unpressed buttons of a listing page carry no task.
   */
  #press?: Task<[], PressOutcome>;
  /** The message last given to the page's live region, so a re-render does not repeat it. */
  #announced = '';
  /** Whether the state styles joined the shadow root (see `#stateStyles`). */
  #stateStyled = false;
  /** What the current update shows, worked out once for render(), the ARIA attributes and the announcement. */
  #shown!: { t: Strings; linked: boolean; count: number | undefined; pending: boolean; message: string; empty: boolean };
  /** The values of the button's ARIA attributes as last set, joined; all absent at first. */
  #aria = '||';
  get #bindingPlace(): string {
    return this.bindingPlace || (this.variant === 'buy' ? 'BASKET_SUMMARY' : 'PRODUCT_CARD');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // What the shop's server rendered joins the page-wide session before the first paint. A masked
    // number alone means linked too: the first InPost widget's shops render it without basket-linked.
    const session = this.session;
    const masked = maskPhone(this.maskedPhoneNumber);
    if ((changed.has('basketLinked') || changed.has('maskedPhoneNumber')) && (this.basketLinked || masked)) {
      session.update({ linked: true, maskedPhoneNumber: masked || session.state.maskedPhoneNumber }, this, 'server');
    }
    if (changed.has('count') && this.count != null) {
      const count = toCount(this.count);
      if (count === undefined) console.warn(`[inpost-pay] count attribute ignored: ${describeReason(this.count)} is not a number`);
      else session.update({ count }, this, 'server');
    }
  }

  /** A press: the bound basket's screen when linked; else the first flow, then the binding screen if it is due. */
  #onClick(): void {
    if (this.session.state.linked) return openScreen('basket', this);
    this.#press ??= new Task(this, {
      autoRun: false,
      task: async () => {
        const outcome = await this.session.press(this.productId || undefined, this.#bindingPlace, this);
        if (outcome === 'binding-required') openScreen('binding', this);
        return outcome;
      },
    });
    if (this.#press.status !== TaskStatus.PENDING) void this.#press.run();
  }


  // The button's three ARIA attributes are set here rather than bound in the template: three parts
  // fewer to create and commit in each of the hundreds of buttons of a listing page, where they are
  // all absent and stay so. Bound in the template, the render of 200 buttons costs 6.6 % more CPU
  // (bench/README.md, "What the button's speed tricks earn").
  protected override update(changed: PropertyValues<this>): void {
    const { linked, count } = this.session.state;
    const t = this.strings;
    const pending = !linked && this.#press?.status === TaskStatus.PENDING;
    // An empty basket (the shop's count is 0) offers nothing to buy: the basket's button says so instead.
    const empty = this.variant === 'buy' && count === 0;
    this.#shown = { t, linked, count, pending, message: this.#message(t), empty };
    if (!this.#stateStyled && (linked || this.#press)) this.#addStateStyles();
    super.update(changed);
    // The empty basket's box has no button; the one that follows it is new, with none of the attributes.
    if (empty) return void (this.#aria = '||');
    const values = [linked ? (count === undefined ? t.linked : `${t.linked}: ${t.products(count)}`) : '', pending ? 'true' : '', this.#shown.message ? 'message' : ''];
    const key = values.join('|');
    // Looked up only when there is something to set: never in the unpressed buttons of a listing page.
    if (key === this.#aria) return;
    const button = this.renderRoot.querySelector('button')!;
    this.#aria = key;
    ARIA.forEach((name, i) => (values[i] ? button.setAttribute(name, values[i]) : button.removeAttribute(name)));
  }

  #addStateStyles(): void {
    this.#stateStyled = true;
    const root = this.renderRoot as ShadowRoot;
    const sheet = InpostPayButton.#stateStyles.styleSheet;
    // Without constructable stylesheets (Safari before 16.4) Lit appends <style> elements, as here.
    if (sheet && root.adoptedStyleSheets) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    else adoptStyles(root, [InpostPayButton.#stateStyles]);
  }

  protected override updated(): void {
    // The button's own message is not a live region (hundreds of them would be); the page's one speaks it.
    const { message } = this.#shown;
    if (message && message !== this.#announced) announce(message);
    this.#announced = message;
  }

  #message(t: Strings): string {
    const press = this.#press;
    if (!press || this.session.state.linked) return '';
    if (press.status === TaskStatus.ERROR) return reasonOf(press.error) === 'timeout' ? t.timedOut : t.failed;
    return press.status === TaskStatus.COMPLETE && press.value === 'not-bindable' ? t.cannotBeBound : '';
  }

  protected override render() {
    const { t, linked, count, pending, message, empty } = this.#shown;
    if (empty) return html`<p part="empty" class="empty">${t.empty}</p>`;
    // No whitespace between the tags and as few parts as the states need (see update()): each text
    // node, marker and part is cloned and walked again in every one of the hundreds of buttons of a
    // listing page. The one space kept separates the label from what follows it in the accessible name.
    // The label has no box (see the styles), and the linked label is an array, so linking puts a new
    // text node in place of the old one rather than moving it: nothing in the button counts as a
    // layout shift (bench/README.md, measurement 8). A template of its own would do the same at the
    // cost of one more template instance in every button.
    return html`<button part="button" type="button" @click=${this.#onClick}><span part="label">${linked ? [t.linked] : this.variant === 'buy' ? t.buy : t.create}</span> ${linked
        ? count === undefined ? nothing : html`<span part="count" class="count" aria-hidden="true">${count}</span>`
        : pending
          ? html`${spinner}<span class="visually-hidden">${t.busy}</span>`
          : nothing}</button>${message
      ? html`<p id="message" part="message" class="message${this.#press?.status === TaskStatus.ERROR ? ' error' : ''}">${message}</p>`
      : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'inpost-pay-button': InpostPayButton;
  }
}
