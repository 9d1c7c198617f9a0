import type { BasketUpdateV1 as Basket, BasketProduct } from '../../src/merchant/types.js';

/** A product of the demo shop. Prices are gross, in PLN grosze (integers avoid float drift). */
export interface Product {
  id: string;
  name: string;
  description: string;
  priceGrosze: number;
  /** Sizes to choose from; the product cannot go into the basket before one is chosen. */
  sizes?: readonly string[];
  /** CSS modifier of the product picture. */
  picture: string;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'kubek', name: 'Kubek termiczny', description: 'Stalowy, 450 ml, trzyma ciepło 6 godzin.', priceGrosze: 5999, picture: 'mug' },
  { id: 'koszulka', name: 'Koszulka bawełniana', description: 'Miękka bawełna organiczna. Wybierz rozmiar.', priceGrosze: 7900, sizes: ['S', 'M', 'L', 'XL'], picture: 'shirt' },
  { id: 'plecak', name: 'Plecak miejski', description: 'Wodoodporny, 22 l, kieszeń na laptopa.', priceGrosze: 18900, picture: 'backpack' },
  { id: 'ladowarka', name: 'Ładowarka USB-C 65 W', description: 'Dwa porty, szybkie ładowanie.', priceGrosze: 12950, picture: 'charger' },
];

const VAT_RATE = 0.23;

export function findProduct(id: unknown): Product | undefined {
  return typeof id === 'string' ? PRODUCTS.find((product) => product.id === id) : undefined;
}

/** One line of a visitor's cart. */
export interface CartLine {
  productId: string;
  size?: string;
  quantity: number;
}

export function cartCount(cart: readonly CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.quantity, 0);
}

export function cartTotalGrosze(cart: readonly CartLine[]): number {
  return cart.reduce((sum, line) => sum + (findProduct(line.productId)?.priceGrosze ?? 0) * line.quantity, 0);
}

/** `79,00 zł` */
export function formatPrice(grosze: number): string {
  return `${(grosze / 100).toFixed(2).replace('.', ',')} zł`;
}

function price(grosze: number): { net: number; gross: number; vat: number } {
  const gross = grosze / 100;
  const net = Math.round((grosze / (1 + VAT_RATE))) / 100;
  return { net, gross, vat: Math.round((gross - net) * 100) / 100 };
}

/** The cart as InPost Pay's `PUT /v1/izi/basket/{id}` expects it. */
export function toInpostBasket(cart: readonly CartLine[], shopUrl: string, browserId?: string): Basket {
  const products: BasketProduct[] = cart.flatMap((line) => {
    const product = findProduct(line.productId);
    if (!product) return [];
    return [{
      product_id: line.size ? `${product.id}-${line.size}` : product.id,
      product_name: product.name,
      product_description: product.description,
      product_link: `${shopUrl}/#${product.id}`,
      base_price: price(product.priceGrosze),
      quantity: { quantity: line.quantity, quantity_type: 'INTEGER', quantity_jump: 1 },
      product_attributes: line.size ? [{ attribute_name: 'Rozmiar', attribute_value: line.size }] : undefined,
    }];
  });
  const total = price(cartTotalGrosze(cart));
  return {
    summary: { basket_base_price: total, basket_final_price: total, currency: 'PLN' },
    delivery: [],
    products,
    consents: [],
    ...(browserId ? { browser_id: browserId } : {}),
  };
}
