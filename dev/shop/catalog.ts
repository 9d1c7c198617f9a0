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
  /** Delivered by e-mail (delivery type DIGITAL). */
  digital?: boolean;
  /** Offered in the app as a related product (cross-sell), not on the product list. */
  related?: boolean;
}

export const PRODUCTS: readonly Product[] = [
  { id: 'kubek', name: 'Kubek termiczny', description: 'Stalowy, 450 ml, trzyma ciepło 6 godzin.', priceGrosze: 5999, picture: 'mug' },
  { id: 'koszulka', name: 'Koszulka bawełniana', description: 'Miękka bawełna organiczna. Wybierz rozmiar.', priceGrosze: 7900, sizes: ['S', 'M', 'L', 'XL'], picture: 'shirt' },
  { id: 'plecak', name: 'Plecak miejski', description: 'Wodoodporny, 22 l, kieszeń na laptopa.', priceGrosze: 18900, picture: 'backpack' },
  { id: 'ladowarka', name: 'Ładowarka USB-C 65 W', description: 'Dwa porty, szybkie ładowanie.', priceGrosze: 12950, picture: 'charger' },
  { id: 'ebook', name: 'E-book: Miasto na rowerze', description: 'Przewodnik PDF, 120 stron.', priceGrosze: 2900, picture: 'ebook', digital: true, related: true },
];

/** The products of the product list (related ones are offered in the app). */
export const LISTED_PRODUCTS = PRODUCTS.filter((product) => !product.related);

export function findProduct(id: unknown): Product | undefined {
  return typeof id === 'string' ? PRODUCTS.find((product) => product.id === id) : undefined;
}
