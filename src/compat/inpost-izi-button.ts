import { css, type PropertyValues } from 'lit';
import { InpostPayButton } from '../button/inpost-pay-button.js';
import { blackScheme, darkBlack, darkMode } from '../ui/theme.styles.js';

/** The first widget's attributes and the second one's `variation`, read by `<inpost-izi-button>`. */
const LEGACY = ['binding_place', 'variant', 'basket', 'dark_mode', 'data-product-id', 'masked_phone_number', 'frame_style', 'max_width', 'min_height', 'variation'];

/** A whole number of pixels from an attribute, kept within the first widget's limits; `''` when absent or not a number. */
const pixels = (value: string | null, min: number, max: number) => {
  const n = parseInt(value ?? '', 10);
  return Number.isNaN(n) ? '' : `${Math.min(max, Math.max(min, n))}px`;
};
const on = (value: string | null) => value !== null && value !== 'false';
/** Custom states and their `:state()` selector are there (Chromium 125, Firefox 126, Safari 17.4). */
const STATES = typeof CSS !== 'undefined' && CSS.supports('selector(:host(:state(a)))');
const SHAPES = new Map<string | null, InpostPayButton['shape']>([['none', 'square'], ['rounded', 'rounded'], ['round', 'round']]);

/**
 * `<inpost-izi-button>`, the InPost widgets' own element, upgraded in place to `<inpost-pay-button>`:
 * a shop's templates keep their markup and only the script tag changes. It reads the first
 * generation's attributes (`binding_place`, `variant` primary/secondary, `basket`, `dark_mode`,
 * `data-product-id`, `masked_phone_number`, `count`, `language`, `frame_style`, `max_width`,
 * `min_height`) and the second generation's `variation` tokens (`size-xs`…`size-xl`, `primary`,
 * `dark`, `none`/`round`/`rounded`), and takes our own attributes too. The element keeps its tag, so
 * a shop's code that looks for `inpost-izi-button` (to send it `inpost-update-count`, to set its
 * `count`, to listen for `izi-binding-complete`) still finds it.
 */
export class InpostIziButton extends InpostPayButton {
  // The shop's markup stays as written: what its attributes mean is set on the properties, which do
  // not reflect here (a shop's CSS or script selecting `variant="secondary"` keeps matching), and
  // shows through custom states (`:state()`), which are not attributes. A browser without custom
  // states (Safari before 17.4) gets the attributes reflected, as before.
  static override properties = {
    ...InpostPayButton.properties,
    variant: { reflect: !STATES },
    scheme: { reflect: !STATES },
    dark: { type: Boolean, reflect: !STATES },
    size: { reflect: !STATES },
    shape: { reflect: !STATES },
  };

  static override styles = [
    InpostPayButton.styles,
    css`
      :host(:state(black)) {
        ${blackScheme}
      }
      :host(:state(dark)) {
        ${darkMode}
      }
      :host(:state(dark):state(black)) {
        ${darkBlack}
      }
      :host(:state(size-xs)) {
        --_height: 32px;
      }
      :host(:state(size-sm)) {
        --_height: 40px;
      }
      :host(:state(size-lg)) {
        --_height: 56px;
        --_font-size: 17px;
      }
      :host(:state(size-xl)) {
        --_height: 64px;
        --_font-size: 18px;
      }
      :host(:state(square)) {
        --_radius: var(--inpost-pay-radius, 0);
      }
      :host(:state(round)) {
        --_radius: var(--inpost-pay-radius, 999px);
      }
    `,
  ];

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...LEGACY];
  }

  #internals = STATES ? this.attachInternals() : undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const states = this.#internals?.states;
    if (!states) return;
    const on = new Set([this.scheme === 'black' && 'black', this.dark && 'dark', this.size && `size-${this.size}`, this.shape]);
    for (const state of ['black', 'dark', 'size-xs', 'size-sm', 'size-lg', 'size-xl', 'square', 'round']) {
      if (on.has(state)) states.add(state);
      else states.delete(state);
    }
  }

  /** The product of the card: our `product-id`, else the first widget's `data-product-id`. */
  override get productId(): string | undefined {
    return super.productId ?? this.getAttribute('data-product-id') ?? undefined;
  }
  override set productId(value: string | undefined) {
    super.productId = value;
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    // The first widget's `variant` is the colour; ours (create/buy) follows its `basket` attribute.
    if (!LEGACY.includes(name)) return super.attributeChangedCallback(name, old, value);
    switch (name) {
      case 'binding_place':
        this.bindingPlace = value ?? undefined;
        break;
      case 'variant':
        this.scheme = value === 'secondary' ? 'black' : value === 'primary' ? 'yellow' : undefined;
        break;
      case 'basket':
        this.variant = on(value) ? 'buy' : undefined;
        break;
      case 'dark_mode':
        this.dark = on(value);
        break;
      case 'masked_phone_number':
        this.maskedPhoneNumber = value ?? undefined;
        break;
      case 'frame_style':
        this.shape = SHAPES.get(value);
        break;
      case 'max_width':
        this.style.setProperty('max-width', (value = pixels(value, 220, 1200)) && `min(100%, ${value})`);
        break;
      case 'min_height':
        this.style.setProperty('--inpost-pay-button-height', pixels(value, 48, 64));
        break;
      case 'variation': {
        // Every token says one thing; a token left out means the default, except the colour: the
        // second widget writes `primary` for yellow and nothing for black.
        const tokens = (value ?? '').split(/\s+/);
        const size = tokens.find((token) => /^size-(xs|sm|md|lg|xl)$/.test(token));
        this.size = size?.slice(5) as InpostPayButton['size'];
        this.scheme = value === null ? undefined : tokens.includes('primary') ? 'yellow' : 'black';
        this.dark = tokens.includes('dark');
        this.shape = SHAPES.get(tokens.find((token) => SHAPES.has(token)) ?? null);
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'inpost-izi-button': InpostIziButton;
  }
}
