/**
 * The demo shop's cart and how InPost Pay sees it (INPOST-API.md §4): products with unit prices,
 * the delivery options, the consents, the promo codes. Money is kept in grosze (integers); the
 * wire gets `{net, gross, vat}` with 2 decimals, `vat` being the amount gross − net.
 */
import type { Basket, BasketProduct } from '../../src/merchant/types.js';
import { findProduct, PRODUCTS, type Product } from './catalog.js';

/** One line of a cart. */
export interface CartLine {
  productId: string;
  size?: string;
  quantity: number;
}

export interface BasketNotice {
  type: 'ERROR' | 'ATTENTION';
  description: string;
}

/** The one promo code the demo shop honours (case-insensitive): 10 % off the products. */
export const PROMO_CODE = 'INPOST10';
const PROMO_PERCENT = 10;
const MAX_LINES = 50;
export const MAX_QUANTITY = 99;
const VAT_RATE = 0.23;

/** Delivery as the shop offers it: price in grosze; free above the threshold. */
export const DELIVERY = {
  APM: { name: 'Paczkomat InPost', priceGrosze: 1299, days: 1, options: [{ code: 'PWW', name: 'Paczka w Weekend', priceGrosze: 499 }] },
  COURIER: { name: 'Kurier InPost', priceGrosze: 1699, days: 2, options: [{ code: 'COD', name: 'Za pobraniem', priceGrosze: 500 }] },
  DIGITAL: { name: 'Dostawa elektroniczna', priceGrosze: 0, days: 0, options: [] },
} as const;
export type DeliveryType = keyof typeof DELIVERY;
export const FREE_DELIVERY_FROM_GROSZE = 20000;

export const CONSENTS = [
  { id: 'regulamin', version: '1.0', requirement: 'REQUIRED_ALWAYS', description: 'Akceptuję regulamin Sklepu Demo.', path: '/regulamin' },
  { id: 'newsletter', version: '1.0', requirement: 'OPTIONAL', description: 'Chcę dostawać newsletter Sklepu Demo z nowościami i promocjami.', path: '/regulamin#newsletter' },
] as const;

export interface Price {
  net: number;
  gross: number;
  vat: number;
}

/** `{net, gross, vat}` of a gross amount in grosze. */
export function price(grosze: number): Price {
  const net = Math.round(grosze / (1 + VAT_RATE));
  return { net: net / 100, gross: grosze / 100, vat: (grosze - net) / 100 };
}

/** `79,00 zł` */
export function formatPrice(grosze: number): string {
  return `${(grosze / 100).toFixed(2).replace('.', ',')} zł`;
}

/** The id a line has at InPost Pay: the product id, with the size for products that have sizes. */
export const wireProductId = (line: { productId: string; size?: string }) => (line.size ? `${line.productId}-${line.size}` : line.productId);

/** The line a wire product id names, as product and size; undefined when the shop has no such product. */
export function parseWireProductId(id: string): { product: Product; size?: string } | undefined {
  const direct = findProduct(id);
  if (direct && !direct.sizes) return { product: direct };
  const cut = id.lastIndexOf('-');
  if (cut < 0) return undefined;
  const product = findProduct(id.slice(0, cut));
  const size = id.slice(cut + 1);
  return product?.sizes?.includes(size) ? { product, size } : undefined;
}

/** A visitor's cart: lines and applied promo codes. */
export class Cart {
  lines: CartLine[] = [];
  /** Applied promo codes, as the shopper typed them (upper case). */
  promoCodes: string[] = [];

  get count(): number {
    return this.lines.reduce((sum, line) => sum + line.quantity, 0);
  }

  /** Adds `quantity` of a product (in a size); false when the cart is full. */
  add(productId: string, size: string | undefined, quantity = 1): boolean {
    const line = this.lines.find((item) => item.productId === productId && item.size === size);
    if (line) {
      line.quantity = Math.min(MAX_QUANTITY, line.quantity + quantity);
      return true;
    }
    if (this.lines.length >= MAX_LINES) return false;
    this.lines.push({ productId, size, quantity: Math.min(MAX_QUANTITY, quantity) });
    return true;
  }

  /** Sets a line's quantity (0 removes it); false when there is no such line. */
  setQuantity(wireId: string, quantity: number): boolean {
    const index = this.lines.findIndex((line) => wireProductId(line) === wireId);
    if (index < 0) return false;
    if (quantity <= 0) this.lines.splice(index, 1);
    else this.lines[index].quantity = Math.min(MAX_QUANTITY, quantity);
    return true;
  }

  clear(): void {
    this.lines = [];
    this.promoCodes = [];
  }

  /**
   * Makes `wanted` the applied set (the app sends the full set; an unlisted code is removed).
   * Codes the shop does not know are refused with a notice the app shows.
   */
  setPromoCodes(wanted: readonly string[]): BasketNotice | undefined {
    const normalized = [...new Set(wanted.map((code) => code.trim().toUpperCase()).filter(Boolean))];
    const refused = normalized.filter((code) => code !== PROMO_CODE);
    const added = normalized.includes(PROMO_CODE) && !this.promoCodes.includes(PROMO_CODE);
    this.promoCodes = normalized.filter((code) => code === PROMO_CODE);
    if (refused.length > 0) {
      const list = refused.map((code) => `„${code.slice(0, 32)}”`).join(', ');
      return { type: 'ERROR', description: `Kod rabatowy ${list} jest nieprawidłowy lub wygasł.` };
    }
    if (added) return { type: 'ATTENTION', description: `Kod ${PROMO_CODE} dodany: ${PROMO_PERCENT}% rabatu na produkty.` };
    return undefined;
  }

  get discountPercent(): number {
    return this.promoCodes.includes(PROMO_CODE) ? PROMO_PERCENT : 0;
  }

  /** Unit price after the promo code, in grosze. */
  unitPriceGrosze(product: Product): number {
    return Math.round((product.priceGrosze * (100 - this.discountPercent)) / 100);
  }

  get baseGrosze(): number {
    return this.lines.reduce((sum, line) => sum + (findProduct(line.productId)?.priceGrosze ?? 0) * line.quantity, 0);
  }

  /** What the products cost after the promo code (delivery not included). */
  get totalGrosze(): number {
    return this.lines.reduce((sum, line) => {
      const product = findProduct(line.productId);
      return sum + (product ? this.unitPriceGrosze(product) * line.quantity : 0);
    }, 0);
  }

  /** Only digital products: delivered by e-mail. */
  get digitalOnly(): boolean {
    return this.lines.length > 0 && this.lines.every((line) => findProduct(line.productId)?.digital);
  }

  /** The delivery types this cart can go by. */
  get deliveryTypes(): DeliveryType[] {
    return this.digitalOnly ? ['DIGITAL'] : ['APM', 'COURIER'];
  }

  /** What delivery costs for this cart, in grosze: free above the threshold. */
  deliveryPriceGrosze(type: DeliveryType): number {
    return this.totalGrosze >= FREE_DELIVERY_FROM_GROSZE ? 0 : DELIVERY[type].priceGrosze;
  }
}

const dateInDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z');

/** A product as a basket line or a related product of §4. */
function wireProduct(cart: Cart, product: Product, shopUrl: string, line?: CartLine): BasketProduct {
  const promo = cart.discountPercent > 0;
  const deliveryTypes: DeliveryType[] = product.digital ? ['DIGITAL'] : ['APM', 'COURIER'];
  return {
    product_id: line ? wireProductId(line) : product.id,
    product_name: product.name,
    product_description: product.description,
    product_link: `${shopUrl}/#${product.id}`,
    base_price: price(product.priceGrosze),
    ...(promo && line ? { promo_price: price(cart.unitPriceGrosze(product)), lowest_price: price(product.priceGrosze) } : {}),
    quantity: {
      quantity: line?.quantity ?? 1,
      quantity_type: 'INTEGER' as const,
      quantity_unit: 'szt.',
      available_quantity: MAX_QUANTITY,
      max_quantity: MAX_QUANTITY,
    },
    product_attributes: line?.size ? [{ attribute_name: 'Rozmiar', attribute_value: line.size }] : [],
    product_type: product.digital ? ('DIGITAL' as const) : ('PRODUCT' as const),
    ...(line
      ? { delivery_product: deliveryTypes.map((type) => ({ delivery_type: type, if_delivery_available: true })) }
      : { delivery_related_products: deliveryTypes.map((type) => ({ delivery_type: type, if_delivery_available: true, if_delivery_free: type === 'DIGITAL' })) }),
  };
}

/**
 * The cart as InPost Pay shows it in the app (INPOST-API.md §4): the answer to basket get,
 * confirmation and events, and the body of the basket PUT. `notice` is the answer to an app event.
 */
export function toInpostBasket(cart: Cart, shopUrl: string, options: { notice?: BasketNotice; basketId?: string; expiresAt?: Date } = {}): Basket {
  const products = cart.lines.flatMap((line) => {
    const product = findProduct(line.productId);
    return product ? [wireProduct(cart, product, shopUrl, line)] : [];
  });
  const inCart = new Set(cart.lines.map((line) => line.productId));
  const related = PRODUCTS.filter((product) => product.related && !inCart.has(product.id)).map((product) => wireProduct(cart, product, shopUrl));
  const base = cart.baseGrosze;
  const final = cart.totalGrosze;
  return {
    ...(options.basketId ? { basket_id: options.basketId } : {}),
    summary: {
      basket_base_price: price(base),
      basket_final_price: price(final),
      ...(final !== base ? { basket_promo_price: price(final) } : {}),
      currency: 'PLN' as const,
      ...(options.expiresAt ? { basket_expiration_date: options.expiresAt.toISOString() } : {}),
      basket_additional_information: '',
      payment_type: [] as string[],
      ...(options.notice ? { basket_notice: options.notice } : {}),
      free_basket: final === 0 && products.length > 0,
    },
    delivery: cart.deliveryTypes.map((type) => ({
      delivery_type: type,
      delivery_date: dateInDays(DELIVERY[type].days),
      delivery_price: price(cart.deliveryPriceGrosze(type)),
      delivery_options: DELIVERY[type].options.map((option) => ({
        delivery_name: option.name,
        delivery_code_value: option.code,
        delivery_option_price: price(option.priceGrosze),
      })),
      ...(type === 'DIGITAL' ? {} : { free_delivery_minimum_gross_price: FREE_DELIVERY_FROM_GROSZE / 100 }),
    })),
    products,
    consents: CONSENTS.map((consent) => ({
      consent_id: consent.id,
      consent_link: `${shopUrl}${consent.path}`,
      consent_description: consent.description,
      consent_version: consent.version,
      requirement_type: consent.requirement,
    })),
    promo_codes: cart.promoCodes.map((code) => ({ name: `${PROMO_PERCENT}% rabatu na produkty`, promo_code_value: code })),
    related_products: related,
    promotions_available: [
      { type: 'MERCHANT' as const, promo_code_value: PROMO_CODE, description: `${PROMO_PERCENT}% rabatu na produkty z kodem ${PROMO_CODE}`, details: { link: `${shopUrl}/basket` } },
    ],
  };
}

/**
 * The gross amount an order of this cart must carry (INPOST-API.md §3 #6, as PrestaShop checks
 * it): products after the promo code, the chosen delivery and its extra options, in grosze.
 */
export function orderTotalGrosze(cart: Cart, deliveryType: DeliveryType, deliveryCodes: readonly string[]): number {
  const extras = DELIVERY[deliveryType].options
    .filter((option) => deliveryCodes.includes(option.code))
    .reduce((sum, option) => sum + option.priceGrosze, 0);
  return cart.totalGrosze + cart.deliveryPriceGrosze(deliveryType) + extras;
}
