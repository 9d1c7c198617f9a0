// Why one long file: every object of the wire in one place, in the order of INPOST-API.md §3/§4, so
// the types can be read against the reference side by side; schemas.ts mirrors it one to one.
/**
 * The objects of InPost Pay's merchant API as they travel on the wire (snake_case, as the API
 * spells them). Where InPost's public merchant plugins disagree on a form (prices as strings or
 * numbers, timestamps with or without fraction digits), the types accept every form seen; the
 * JSON Schemas in `schemas.ts` check the same.
 *
 * Directions: "shop → InPost" objects are what a shop sends with {@link InpostPayClient};
 * "InPost → shop" objects are what `createMerchantApi` hands to the shop's adapter.
 */

// ---- Scalars ------------------------------------------------------------------------------

/**
 * A money amount with 2 decimals. PrestaShop and WooCommerce send strings (`"12.30"`), Magento
 * and Shopware numbers (`12.3`); both are accepted everywhere.
 */
export type Amount = number | string;

/** A quantity: an integer for `INTEGER` products, a decimal for `DECIMAL` ones. */
export type QuantityValue = number;

/**
 * An ISO 8601 date-time, e.g. `2025-01-15T10:00:00.000Z`. Seen with 0 to 6 fraction digits and
 * `Z` or an offset (`+01:00`); send `…ss.fffZ`, which every plugin parses.
 */
export type DateTime = string;

/** Currency code; InPost Pay takes only `PLN`. */
export type Currency = 'PLN' | (string & {});

/** Net, gross and VAT amount (`vat` = gross − net, an amount, not a rate). */
export interface Price {
  net: Amount;
  gross: Amount;
  vat: Amount;
}

/** A phone number split as InPost Pay expects it: `{country_prefix: '+48', phone: '600100200'}`. */
export interface PhoneNumber {
  country_prefix: string;
  phone: string;
}

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

/** @internal */
export const isBindingPlace = (value: unknown): value is BindingPlace =>
  typeof value === 'string' && (BINDING_PLACES as readonly string[]).includes(value);

/** @internal Basket and browser ids, as they go into the API's paths. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** @internal A country prefix (`+48`) and a national number, as the binding API takes them. */
export const PHONE_PREFIX_PATTERN = /^\+[1-9]\d{0,3}$/;
/** @internal */
export const PHONE_NUMBER_PATTERN = /^\d{6,15}$/;

/**
 * Payment methods. InPost adds methods over time (PrestaShop treats the set as open), so any
 * string is accepted; these are the ones seen.
 */
export type PaymentType =
  | 'CARD'
  | 'CARD_TOKEN'
  | 'GOOGLE_PAY'
  | 'APPLE_PAY'
  | 'BLIK_CODE'
  | 'BLIK_TOKEN'
  | 'PAY_BY_LINK'
  | 'SHOPPING_LIMIT'
  | 'DEFERRED_PAYMENT'
  | 'CASH_ON_DELIVERY'
  | 'FREE_ORDER'
  | (string & {});

/** How a basket is delivered. */
export type DeliveryType = 'APM' | 'COURIER' | 'DIGITAL';

/** A `{key, value}` pair the shop and InPost pass through unchanged. */
export interface AdditionalParameter {
  key: string;
  value: string;
}

// ---- The basket (§4): shop → InPost (PUT basket) and the shop's answers to InPost -----------

/** A notice InPost shows with the basket in the app: an error of the last change, or a note. */
export interface BasketNotice {
  type: 'ERROR' | 'ATTENTION';
  description: string;
}

/** The basket's totals. */
export interface BasketSummary {
  /** Sum of the products before promotions. */
  basket_base_price: Price;
  /** What the shopper pays for the products (WooCommerce and Magento always send it). */
  basket_final_price?: Price;
  /** The amount the promotions took off. */
  basket_promo_price?: Price;
  currency: Currency;
  basket_expiration_date?: DateTime;
  basket_additional_information?: string;
  /** Accepted payment methods; PrestaShop ≥ 3.4 sends `[]` (deprecated in InPost's basket API). */
  payment_type?: PaymentType[];
  basket_notice?: BasketNotice;
  basket_additional_parameters?: AdditionalParameter[];
  /** True when the final gross is 0 (Magento then accepts only `FREE_ORDER`). */
  free_basket?: boolean;
}

/** A paid extra of a delivery type: cash on delivery, weekend delivery, gift wrap. */
export interface DeliveryExtra {
  delivery_name: string;
  delivery_code_value: 'COD' | 'PWW' | 'GW' | (string & {});
  /** Surcharge over the delivery type's `delivery_price`. */
  delivery_option_price: Price;
}

/** One delivery type the shopper may choose in the app. */
export interface DeliveryOption {
  delivery_type: DeliveryType;
  /** Estimated delivery date. */
  delivery_date: DateTime;
  delivery_price: Price;
  delivery_options?: DeliveryExtra[];
  /** Gross basket value from which this delivery is free (PrestaShop sends a string). */
  free_delivery_minimum_gross_price?: Amount;
}

/** How much of a product, and in what steps. */
export interface Quantity {
  quantity: QuantityValue;
  quantity_type: 'INTEGER' | 'DECIMAL';
  quantity_unit?: string;
  available_quantity?: QuantityValue;
  max_quantity?: QuantityValue;
  /** WooCommerce only. */
  quantity_jump?: QuantityValue;
}

/** A picture of a product in two sizes. */
export interface ProductImage {
  small_size: string;
  normal_size: string;
}

/** A name/value attribute of a product (size, colour). */
export interface ProductAttribute {
  attribute_name: string;
  attribute_value: string;
}

/** One product line of a basket, or a related (cross-sell) product. */
export interface BasketProduct {
  product_id: string;
  /** WooCommerce sends an integer. */
  product_category?: string | number;
  ean?: string;
  product_name: string;
  product_description?: string;
  product_link?: string;
  product_image?: string;
  additional_product_images?: ProductImage[];
  /** Unit price. */
  base_price: Price;
  /** Unit price after reduction. */
  promo_price?: Price;
  /** Lowest price of the last 30 days (Omnibus directive). */
  lowest_price?: Price;
  quantity: Quantity;
  product_attributes?: ProductAttribute[];
  /** Deprecated since PrestaShop 3.3.0. */
  variants?: unknown[];
  /** Which delivery types can deliver this basket item. */
  delivery_product?: Array<{ delivery_type: DeliveryType; if_delivery_available: boolean }>;
  /** Which delivery types can deliver this related product, and for free. */
  delivery_related_products?: Array<{ delivery_type: DeliveryType; if_delivery_available: boolean; if_delivery_free: boolean }>;
  product_type?: 'PRODUCT' | 'DIGITAL';
}

/** A consent the shopper gives in the app (terms, newsletter). */
export interface Consent {
  consent_id: string;
  consent_link: string;
  consent_description: string;
  consent_version: string;
  requirement_type: 'OPTIONAL' | 'REQUIRED_ONCE' | 'REQUIRED_ALWAYS';
  label_link?: string;
  /** Further links; each `#<id>` must appear once in the description (PrestaShop checks). */
  additional_consent_links?: Array<{ id: string; consent_link: string; label_link?: string }>;
}

/** A promo code applied to the basket. */
export interface PromoCode {
  name: string;
  promo_code_value: string;
  regulation_type?: 'OMNIBUS' | (string & {});
}

/** A promotion the app may offer the shopper. */
export interface AvailablePromotion {
  type: 'MERCHANT' | 'ONLY_IN_APP';
  promo_code_value: string;
  description: string;
  start_date?: DateTime;
  end_date?: DateTime;
  priority?: number;
  details: { link: string };
}

/**
 * The shop's basket as InPost Pay shows it in the app: the body of `PUT /v{1,2}/izi/basket/{id}`
 * and the shop's answer to InPost's basket calls.
 */
export interface Basket {
  /** The shop's basket id; required in the answer to a product added in the app. */
  basket_id?: string;
  summary: BasketSummary;
  /** One entry per delivery type. */
  delivery: DeliveryOption[];
  products: BasketProduct[];
  consents: Consent[];
  /** Applied promo codes; `[]` when none. */
  promo_codes?: PromoCode[];
  /** Cross-sell products; `[]` when none. */
  related_products?: BasketProduct[];
  promotions_available?: AvailablePromotion[];
  /** Magento only: hands the cart cookie over. */
  merchant_store?: { url: string; cookies: unknown[] };
}

/** Body of the v1 `PUT /v1/izi/basket/{id}`: the basket, and optionally a trusted browser. */
export interface BasketUpdateV1 extends Basket {
  /** A trusted browser's id: InPost Pay then binds the basket to that browser's phone number at once. */
  browser_id?: string;
}

/** Answer of `PUT /v{1,2}/izi/basket/{id}`. */
export interface PutBasketResult {
  inpost_basket_id: string;
}

/** Answer of `PUT /v2/izi/basket/{id}/binding`: the key the v2 widget takes as `basketBindingApiKey`. */
export interface BasketBindingKey {
  basket_binding_api_key: string;
}

// ---- v1 binding (shop → InPost) ------------------------------------------------------------

/** Description of the shopper's browser sent with a v1 binding request. */
export interface BrowserData {
  user_agent?: string;
  description?: string;
  platform?: string;
  architecture?: string;
  data_time?: DateTime;
  location?: string;
  customer_ip?: string;
  port?: string;
  /**
   * The merchant's id of this browser. Lets InPost Pay add the browser to the shopper's trusted
   * browsers once the binding is confirmed.
   */
  browser_id?: string;
}

/** Answer of `GET /v1/izi/basket/{basket_id}/binding`. */
export interface BasketBindingStatus {
  basket_linked: boolean;
  browser_trusted: boolean;
  inpost_basket_id?: string | null;
  client_details?: {
    phone_number: PhoneNumber;
    masked_phone_number: string;
    name: string;
    surname: string;
  } | null;
}

/** Body of `POST /v1/izi/basket/{basket_id}/binding`. */
export interface CreateBindingRequest {
  binding_method: 'PHONE' | 'DEEP_LINK';
  binding_place?: BindingPlace;
  /** Required for `PHONE`, ignored for `DEEP_LINK`. */
  phone_number?: PhoneNumber;
  browser: BrowserData;
}

/** Answer of a `DEEP_LINK` binding request. */
export interface DeepLinkBinding {
  qr_code: string;
  deep_link: string;
  deep_link_hms?: string;
}

// ---- Signing keys, payment methods (shop → InPost) -------------------------------------------

/** One of InPost's public keys for the signatures on its calls to the shop. */
export interface SigningPublicKey {
  /** Base64 of the DER SubjectPublicKeyInfo. */
  public_key_base64: string;
  version: string;
}

/** Answer of `GET /v1/izi/signing-keys/public`. */
export interface SigningKeys {
  /** The merchant id InPost signs with (not the OAuth client id). */
  merchant_external_id: string;
  public_keys: SigningPublicKey[];
}

/** Answer of `GET /v1/izi/signing-keys/public/{version}`. */
export interface SigningKey {
  merchant_external_id: string;
  public_key: SigningPublicKey;
}

/** Answer of `GET /v1/izi/payment-methods`. */
export interface PaymentMethods {
  payment_type: PaymentType[];
}

// ---- InPost → shop: binding confirmation, basket events, product added ---------------------

/** Body of `POST /v1/izi/basket/{basket_id}/confirmation`: the shopper linked (or declined) the basket in the app. */
export interface BindingConfirmation {
  status: 'SUCCESS' | 'REJECT';
  inpost_basket_id?: string;
  phone_number?: PhoneNumber | null;
  browser?: { browser_trusted: boolean; browser_id?: string | null } | null;
  masked_phone_number?: string | null;
  name?: string | null;
  surname?: string | null;
}

/** A product line the app changed: absolute quantity (0 removes the line), or a related product to add. */
export interface ProductQuantityChange {
  product_id: string;
  quantity: { quantity: QuantityValue };
  ean?: string;
}

interface BasketEventBase {
  event_id: string;
  event_data_time: DateTime;
  phone_number?: PhoneNumber | null;
}

/** Quantities changed in the app: set each line to its absolute quantity; 0 removes it. */
export interface ProductsQuantityEvent extends BasketEventBase {
  event_type: 'PRODUCTS_QUANTITY';
  quantity_event_data: ProductQuantityChange[];
}

/** Promo codes changed in the app: the full wanted set; codes not listed are removed. */
export interface PromoCodesEvent extends BasketEventBase {
  event_type: 'PROMO_CODES';
  /** `[]` (remove every code) also when InPost sent the list absent or null. */
  promo_codes_event_data: PromoCode[];
}

/** Related products added in the app: add them to the cart. */
export interface RelatedProductsEvent extends BasketEventBase {
  event_type: 'RELATED_PRODUCTS';
  related_products_event_data: ProductQuantityChange[];
}

/**
 * Body of `POST /v1/izi/basket/{basket_id}/event`: the basket was edited in the app. Business
 * failures (a code that does not apply) are answered with the basket and a
 * `summary.basket_notice` of type `ERROR`, not with an error status.
 */
export type BasketEvent = ProductsQuantityEvent | PromoCodesEvent | RelatedProductsEvent;

/** Body of `POST /v1/izi/basket/product/{product_id}`: a product added in the app. */
export interface AddProductRequest {
  /** The shop's basket to add to; absent or null: create a new basket and answer its id. */
  basket_id?: string | null;
  phone_number?: PhoneNumber;
}

// ---- InPost → shop: orders ------------------------------------------------------------------

/** The shopper's address as the app collects it. */
export interface ClientAddress {
  country_code: string;
  address: string;
  city: string;
  postal_code: string;
  address_details?: { street?: string; building?: string; flat?: string };
}

/** Who ordered. */
export interface AccountInfo {
  name: string;
  surname: string;
  phone_number: PhoneNumber;
  mail: string;
  client_address: ClientAddress;
}

/** Invoice data, when the shopper asked for an invoice. */
export interface InvoiceDetails {
  legal_form: 'PERSON' | 'COMPANY';
  country_code: string;
  tax_id_prefix?: string;
  tax_id?: string;
  company_name?: string;
  name?: string;
  surname?: string;
  city: string;
  street: string;
  building: string;
  flat?: string;
  postal_code: string;
  mail?: string;
  /** Free text (plugins keep it as a string; not a date-time). */
  registration_data_edited?: string;
  additional_information?: string;
}

/** A delivery address (courier). */
export interface DeliveryAddress {
  name?: string;
  country_code: string;
  address: string;
  city: string;
  postal_code: string;
  address_details?: { street?: string; building?: string; flat?: string };
}

/** The delivery the shopper chose. */
export interface OrderDeliveryChoice {
  delivery_type: DeliveryType;
  /** Chosen extras, e.g. `["COD", "PWW"]` (PrestaShop reads a missing list as none). */
  delivery_codes?: string[];
  mail?: string;
  phone_number?: PhoneNumber;
  /** Parcel locker name, for `APM`. */
  delivery_point?: string;
  delivery_address?: DeliveryAddress;
  courier_note?: string;
  digital_delivery_email?: string;
}

/** A consent as the shopper answered it. */
export interface ConsentAnswer {
  consent_id: string;
  consent_version: string;
  is_accepted: boolean;
}

/** Body of `POST /v1/izi/order`: the shopper placed the order in the app. */
export interface CreateOrderRequest {
  order_details: {
    basket_id: string;
    currency: Currency;
    /** Gross includes delivery; PrestaShop compares `gross − Σ inpost_discounts` with its cart total. */
    basket_price: Price;
    payment_type: PaymentType;
    order_comments?: string;
    basket_additional_parameters?: AdditionalParameter[];
    /** Amounts InPost takes off (e.g. its subscription's free delivery). */
    inpost_discounts?: Array<{ type: 'INPOST_SUBSCRIPTION' | (string & {}); discount: Amount }>;
  };
  account_info: AccountInfo;
  invoice_details?: InvoiceDetails;
  delivery: OrderDeliveryChoice;
  consents: ConsentAnswer[];
}

/** A product line of an order. */
export interface OrderProduct extends Omit<BasketProduct, 'quantity' | 'promo_price' | 'lowest_price' | 'delivery_product' | 'delivery_related_products'> {
  quantity: Pick<Quantity, 'quantity' | 'quantity_type' | 'quantity_unit'>;
}

/** An order as the shop answers it (`POST /v1/izi/order` with 201, `GET /v1/izi/order/{id}`). */
export interface Order {
  order_details: {
    order_id: string;
    customer_order_id?: string;
    pos_id: string;
    order_creation_date: DateTime;
    basket_id: string;
    order_merchant_status_description: string;
    payment_type: PaymentType;
    order_base_price: Price;
    order_final_price: Price;
    currency: Currency;
    delivery_references_list: string[];
    order_comments?: string;
    order_discount?: Amount;
    order_additional_parameters?: AdditionalParameter[];
  };
  account_info: AccountInfo;
  invoice_details?: InvoiceDetails;
  /** The delivery as the shop made it: extras as priced options instead of the chosen codes. */
  delivery: Omit<OrderDeliveryChoice, 'delivery_codes'> & {
    delivery_date: DateTime;
    /** The chosen extras with their prices. */
    delivery_options: DeliveryExtra[];
    delivery_price: Price;
  };
  products: OrderProduct[];
  consents: ConsentAnswer[];
}

/** Payment states InPost reports; `AUTHORIZED` means paid. */
export type PaymentStatus =
  | 'AUTHORIZED'
  | 'DECLINED'
  | 'CANCELLED'
  | 'ERROR'
  | 'COMPLETED'
  | 'FAILED'
  | 'PENDING'
  | 'REFUNDED'
  | 'UNPAID'
  | 'STARTED'
  | 'COD'
  | (string & {});

/** Body of `POST /v1/izi/order/{order_id}/event` from InPost: the payment's result. */
export interface OrderEventIn {
  event_id: string;
  event_data_time: DateTime;
  /** Magento: must match the order's phone. */
  phone_number?: PhoneNumber | null;
  event_data: {
    payment_status?: PaymentStatus;
    /** `ORDER_REJECTED`: cancel the order. */
    order_status?: 'ORDER_REJECTED' | (string & {});
    payment_id?: string;
    payment_reference?: string;
    payment_type?: PaymentType;
  };
}

/** The shop's answer to an order event from InPost. */
export interface OrderEventAnswer {
  order_merchant_status_description: string;
  delivery_references_list?: string[];
  order_status?: 'ORDER_COMPLETED' | 'ORDER_REJECTED' | (string & {});
}

/** Body of `POST /v1/izi/order/{order_id}/event` to InPost: the shop's status, tracking numbers, delivery changes. */
export interface OrderEventOut {
  /** Unique per event, e.g. `OS_<order>_<unix time>` (WooCommerce sends a number). */
  event_id: string | number;
  event_data_time: DateTime;
  phone_number?: PhoneNumber;
  event_data: {
    order_status?: 'ORDER_COMPLETED' | 'ORDER_REJECTED' | 'ORDER_PROCESSING';
    order_merchant_status_description?: string;
    delivery_references_list?: string[];
    delivery?: {
      delivery_date?: DateTime;
      mail?: string;
      phone_number?: PhoneNumber;
      delivery_point?: string;
      delivery_address?: DeliveryAddress;
      courier_note?: string;
    };
  };
}

// ---- InPost → shop: products -----------------------------------------------------------------

/** A product of the shop's catalogue as InPost lists it ("hot products"). */
export interface HotProduct {
  product_id: string;
  ean?: string;
  product_availability?: { start_date?: DateTime; end_date?: DateTime };
  product_name: string;
  product_description?: string;
  product_image?: string;
  additional_product_images?: ProductImage[];
  price: Price;
  currency: Currency;
  quantity: { available_quantity: QuantityValue; quantity_type: 'INTEGER' | 'DECIMAL'; quantity_unit?: string };
  product_attributes?: ProductAttribute[];
  product_link?: string;
}

/** Query of `GET /v1/izi/products`, parsed. */
export interface ProductsQuery {
  /** 0-based page; default 0. */
  page_index: number;
  /** Default 20. */
  page_size: number;
  /** Only these products, when given. */
  product_ids?: string[];
}

/** The shop's answer to `GET /v1/izi/products`. */
export interface ProductsPage {
  content: HotProduct[];
  total_items: number;
  page_index: number;
  page_size: number;
}

// ---- Errors -----------------------------------------------------------------------------------

/** The error body of both directions. */
export interface ErrorBody {
  error_code: string;
  error_message: string;
}
