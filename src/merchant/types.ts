/**
 * Shapes of the InPost Pay REST API (basket binding part) as the merchant backend sees them.
 * Field names follow the API (snake_case).
 */

/** Where on the shop's site the binding was started. */
export type BindingPlace =
  | 'PRODUCT_CARD'
  | 'BASKET_SUMMARY'
  | 'BASKET_POPUP'
  | 'ORDER_CREATE'
  | 'THANK_YOU_PAGE'
  | 'LOGIN_PAGE'
  | 'REGISTERFORM_PAGE'
  | 'CHECKOUT_PAGE'
  | 'MINICART_PAGE';

/** All binding places, for validation. */
export const BINDING_PLACES: readonly BindingPlace[] = [
  'PRODUCT_CARD',
  'BASKET_SUMMARY',
  'BASKET_POPUP',
  'ORDER_CREATE',
  'THANK_YOU_PAGE',
  'LOGIN_PAGE',
  'REGISTERFORM_PAGE',
  'CHECKOUT_PAGE',
  'MINICART_PAGE',
];

export const isBindingPlace = (value: unknown): value is BindingPlace =>
  typeof value === 'string' && (BINDING_PLACES as readonly string[]).includes(value);

/** Basket and browser ids, as they go into the API's paths. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** A country prefix (`+48`) and a national number, as the binding API takes them. */
export const PHONE_PREFIX_PATTERN = /^\+[1-9]\d{0,3}$/;
export const PHONE_NUMBER_PATTERN = /^\d{6,15}$/;

/** A phone number split as InPost Pay expects it: `{country_prefix: '+48', phone: '600100200'}`. */
export interface PhoneNumber {
  country_prefix: string;
  phone: string;
}

/** Description of the shopper's browser sent with a binding request. */
export interface BrowserData {
  user_agent?: string;
  description?: string;
  platform?: string;
  architecture?: string;
  data_time?: string;
  location?: string;
  customer_ip?: string;
  port?: string;
  /**
   * The merchant's id of this browser. Lets InPost Pay add the browser to the shopper's trusted
   * browsers once the binding is confirmed (the local sandbox relies on it).
   */
  browser_id?: string;
}

/** Answer of `GET /v1/izi/basket/{basket_id}/binding`. */
export interface BasketBindingStatus {
  basket_linked: boolean;
  browser_trusted: boolean;
  inpost_basket_id: string | null;
  client_details: {
    phone_number: PhoneNumber;
    masked_phone_number: string;
    name: string;
    surname: string;
  } | null;
}

/** Body of `POST /v1/izi/basket/{basket_id}/binding`. */
export interface CreateBindingRequest {
  binding_method: 'PHONE' | 'DEEP_LINK';
  binding_place: BindingPlace;
  /** Required for `PHONE`, ignored for `DEEP_LINK`. */
  phone_number?: PhoneNumber;
  browser: BrowserData;
}

/** Answer of a `DEEP_LINK` binding request. */
export interface DeepLinkBinding {
  qr_code: string;
  deep_link: string;
  deep_link_hms: string;
}

/** A money amount. */
export interface Price {
  net: number;
  gross: number;
  vat: number;
}

/** One product line of a basket. */
export interface BasketProduct {
  product_id: string;
  product_name: string;
  product_category?: string;
  product_description?: string;
  product_link?: string;
  product_image?: string;
  ean?: string;
  base_price: Price;
  promo_price?: Price;
  quantity: {
    quantity: number;
    quantity_type: 'INTEGER' | 'DECIMAL';
    quantity_jump?: number;
    max_quantity?: number;
  };
  product_attributes?: Array<{ attribute_name: string; attribute_value: string }>;
}

/** Body of `PUT /v1/izi/basket/{basket_id}`: the merchant's basket as InPost Pay shows it in the app. */
export interface Basket {
  summary: {
    basket_base_price: Price;
    basket_final_price: Price;
    currency_code: string;
    basket_expiration_date?: string;
    payment_type?: string[];
  };
  products: BasketProduct[];
  delivery?: unknown[];
  related_products?: unknown[];
  consents?: unknown[];
  promo_codes?: unknown[];
  /** A trusted browser's id: InPost Pay then binds the basket to that browser's phone number at once. */
  browser_id?: string;
}

/** Answer of `PUT /v1/izi/basket/{basket_id}`. */
export interface PutBasketResult {
  inpost_basket_id: string;
}

/** Body InPost Pay posts to the merchant's `.../basket/{id}/confirmation` callback. */
export interface BindingConfirmation {
  status: 'SUCCESS' | 'REJECT';
  inpost_basket_id: string;
  phone_number: PhoneNumber | null;
  browser: { browser_trusted: boolean; browser_id: string | null };
  masked_phone_number: string | null;
  name: string | null;
  surname: string | null;
}

/** Body InPost Pay posts to the merchant's `.../order` callback when the shopper paid in the app. */
export interface OrderCreated {
  basket_id: string;
  inpost_basket_id: string;
  order_id: string;
  order_status: string;
  created_at: string;
  phone_number: PhoneNumber;
  summary: Basket['summary'];
  products: BasketProduct[];
}
