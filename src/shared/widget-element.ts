import { LitElement, type PropertyDeclarations } from 'lit';
import { config } from '../core/config.js';
import { session } from '../core/session.js';
import { stringsFor, type Strings } from '../i18n/index.js';

/**
 * What both elements share: they show the page-wide session, speak the page's language and wear
 * the same themes. Importing this registers nothing.
 */
export class WidgetElement extends LitElement {
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

  /** @internal */
  protected get strings(): Strings {
    return stringsFor(this, this.language, config().language);
  }

  /**
   * Whether the element shows the session now. A view of the session keeps the order watch alive,
   * so an element that is on the page but not shown (a closed modal) says no. @internal
   */
  protected get showsSession(): boolean {
    return true;
  }

  #attached = false;

  /** Attaches to the session, or detaches, as `isConnected` and `showsSession` say. @internal */
  protected syncSession(): void {
    const attach = this.isConnected && this.showsSession;
    if (attach !== this.#attached) session[attach ? 'attach' : 'detach'](this);
    this.#attached = attach;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.syncSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.syncSession();
  }
}

/** Registers an element once: a second copy of the widget on the page must not throw. */
export function define(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements !== 'undefined' && !customElements.get(tag)) customElements.define(tag, element);
}
