import { LitElement, type PropertyDeclarations } from 'lit';
import { session } from '../core/page.js';
import { stringsFor, type Strings } from '../i18n/index.js';
import { SessionController } from './session-controller.js';

/**
 * What both elements share: they show the page's binding session, speak the page's language and
 * wear the same themes. Importing this registers nothing.
 */
export class WidgetElement extends LitElement {
  // What styles the element reflects to its attribute (language, scheme, dark; the button's variant,
  // size, shape, fill; the basket's modal and open), so CSS can select it; what the shop's page only
  // tells the element (binding-place, product-id, the server-rendered state) does not.
  static override properties: PropertyDeclarations = {
    language: { reflect: true },
    scheme: { reflect: true },
    dark: { type: Boolean, reflect: true },
    bindingPlace: { attribute: 'binding-place' },
  };

  /** `pl` (default) or `en`; without it, the nearest `lang` of the page, then `configure({language})`. */
  declare language: string | undefined;
  /** Colour scheme: `yellow` (InPost yellow, default) or `black`. */
  declare scheme: 'yellow' | 'black' | undefined;
  /** Dark mode: light text on dark surfaces. */
  declare dark: boolean;
  /** Where the widget sits, sent with the binding request, e.g. `PRODUCT_CARD` or `BASKET_SUMMARY`. */
  declare bindingPlace: string | undefined;

  // Read when it is needed (a press, a binding) and shown nowhere, so not a reactive property: an
  // observed attribute would cost each of a listing page's buttons an update request before its first render.
  /**
   * The product: the one a button's card offers, or (on a basket) the one being bound, passed to
   * the deprecated `iziGetBindingData`. Absent on a basket page.
   * @attr product-id
   */
  get productId(): string | undefined {
    return this.getAttribute('product-id') ?? undefined;
  }
  set productId(value: string | undefined) {
    if (value == null) this.removeAttribute('product-id');
    else this.setAttribute('product-id', value);
  }

  /** The page's session, shown by this element while `showsSession` says so. @internal */
  protected readonly sessionView = new SessionController(this, session, () => this.showsSession);

  /** @internal */
  protected get session() {
    return this.sessionView.session;
  }

  /** @internal */
  protected get strings(): Strings {
    return stringsFor(this, this.language, this.session.config.options.language);
  }

  /**
   * Whether the element shows the session now; see `SessionController`. A subclass whose answer
   * changes calls `this.sessionView.sync()`. @internal
   */
  protected get showsSession(): boolean {
    return true;
  }
}

/** Registers an element once: a second copy of the widget on the page must not throw. */
export function define(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements !== 'undefined' && !customElements.get(tag)) customElements.define(tag, element);
}
