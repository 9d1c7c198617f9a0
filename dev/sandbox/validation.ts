import { Problem } from '../http.js';
import { BINDING_PLACES, ID_PATTERN, isBindingPlace, PHONE_NUMBER_PATTERN, PHONE_PREFIX_PATTERN } from '../../src/merchant/types.js';
import type { BasketUpdateV1 as Basket, BindingPlace, BrowserData, CreateBindingRequest, PhoneNumber, Price } from '../../src/merchant/types.js';

/**
 * Input validation of the sandbox. Every check runs before any state changes, and every failure
 * is a {@link Problem} that the error handler turns into `{error_code, error_message}`.
 */

const PRODUCT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

const bad = (message: string): Problem => new Problem(400, 'BAD_REQUEST', message);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path or query id; anything else is a 400. */
export function checkId(value: unknown, name: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw bad(`${name} must match ${ID_PATTERN.source}`);
  return value;
}

function optionalString(value: unknown, name: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw bad(`${name} must be a string of at most ${max} characters`);
  return value;
}

function requiredString(value: unknown, name: string, max: number): string {
  const result = optionalString(value, name, max);
  if (result === undefined || result.trim() === '') throw bad(`${name} is required`);
  return result;
}

function number(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw bad(`${name} must be a number between ${min} and ${max}`);
  }
  return value;
}

function price(value: unknown, name: string): Price {
  if (!isObject(value)) throw bad(`${name} must be an object`);
  return {
    net: number(value.net, `${name}.net`, 0, 1e9),
    gross: number(value.gross, `${name}.gross`, 0, 1e9),
    vat: number(value.vat, `${name}.vat`, 0, 1e9),
  };
}

function optionalArray(value: unknown, name: string, max: number): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > max) throw bad(`${name} must be an array of at most ${max} items`);
  return value;
}

export function phoneNumber(value: unknown, name = 'phone_number'): PhoneNumber {
  if (!isObject(value)) throw bad(`${name} must be an object {country_prefix, phone}`);
  const prefix = value.country_prefix;
  const phone = value.phone;
  if (typeof prefix !== 'string' || !PHONE_PREFIX_PATTERN.test(prefix)) {
    throw bad(`${name}.country_prefix must look like +48`);
  }
  if (typeof phone !== 'string' || !PHONE_NUMBER_PATTERN.test(phone)) {
    throw bad(`${name}.phone must be 6 to 15 digits`);
  }
  return { country_prefix: prefix, phone };
}

export function personName(value: unknown, name: string, fallback: string): string {
  const result = optionalString(value, name, 64);
  if (result === undefined || result.trim() === '') return fallback;
  if (/[<>\u0000-\u001f]/.test(result)) throw bad(`${name} contains forbidden characters`);
  return result.trim();
}

/** `PUT /v1/izi/basket/{id}` body. Known fields are type-checked; unknown fields are dropped. */
export function basketBody(body: unknown): Basket {
  if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  const summary = body.summary;
  if (!isObject(summary)) throw bad('summary must be an object');
  const currency = summary.currency;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw bad('summary.currency must be an ISO 4217 code');
  const paymentType = optionalArray(summary.payment_type, 'summary.payment_type', 10);
  paymentType?.forEach((item, i) => requiredString(item, `summary.payment_type[${i}]`, 32));
  const products = body.products;
  if (!Array.isArray(products) || products.length > 100) throw bad('products must be an array of at most 100 items');
  const basket: Basket = {
    summary: {
      basket_base_price: price(summary.basket_base_price, 'summary.basket_base_price'),
      basket_final_price: price(summary.basket_final_price, 'summary.basket_final_price'),
      currency,
      basket_expiration_date: optionalString(summary.basket_expiration_date, 'summary.basket_expiration_date', 64),
      payment_type: paymentType as string[] | undefined,
    },
    products: products.map((product, i) => {
      const name = `products[${i}]`;
      if (!isObject(product)) throw bad(`${name} must be an object`);
      if (typeof product.product_id !== 'string' || !PRODUCT_ID_PATTERN.test(product.product_id)) {
        throw bad(`${name}.product_id must match ${PRODUCT_ID_PATTERN.source}`);
      }
      const quantity = product.quantity;
      if (!isObject(quantity)) throw bad(`${name}.quantity must be an object`);
      const quantityType = quantity.quantity_type;
      if (quantityType !== 'INTEGER' && quantityType !== 'DECIMAL') throw bad(`${name}.quantity.quantity_type must be INTEGER or DECIMAL`);
      const attributes = optionalArray(product.product_attributes, `${name}.product_attributes`, 50)?.map((attribute, j) => {
        if (!isObject(attribute)) throw bad(`${name}.product_attributes[${j}] must be an object`);
        return {
          attribute_name: requiredString(attribute.attribute_name, `${name}.product_attributes[${j}].attribute_name`, 255),
          attribute_value: requiredString(attribute.attribute_value, `${name}.product_attributes[${j}].attribute_value`, 255),
        };
      });
      return {
        product_id: product.product_id,
        product_name: requiredString(product.product_name, `${name}.product_name`, 255),
        product_category: optionalString(product.product_category, `${name}.product_category`, 255),
        product_description: optionalString(product.product_description, `${name}.product_description`, 2048),
        product_link: optionalString(product.product_link, `${name}.product_link`, 2048),
        product_image: optionalString(product.product_image, `${name}.product_image`, 2048),
        ean: optionalString(product.ean, `${name}.ean`, 32),
        base_price: price(product.base_price, `${name}.base_price`),
        promo_price: product.promo_price === undefined ? undefined : price(product.promo_price, `${name}.promo_price`),
        quantity: {
          quantity: number(quantity.quantity, `${name}.quantity.quantity`, 0.001, 10_000),
          quantity_type: quantityType,
          quantity_jump: quantity.quantity_jump === undefined ? undefined : number(quantity.quantity_jump, `${name}.quantity.quantity_jump`, 0.001, 10_000),
          max_quantity: quantity.max_quantity === undefined ? undefined : number(quantity.max_quantity, `${name}.quantity.max_quantity`, 0.001, 10_000),
        },
        product_attributes: attributes,
      };
    }),
    delivery: (optionalArray(body.delivery, 'delivery', 20) ?? []) as Basket['delivery'],
    related_products: optionalArray(body.related_products, 'related_products', 50) as Basket['related_products'],
    consents: (optionalArray(body.consents, 'consents', 20) ?? []) as Basket['consents'],
    promo_codes: optionalArray(body.promo_codes, 'promo_codes', 20) as Basket['promo_codes'],
    browser_id: body.browser_id === undefined ? undefined : checkId(body.browser_id, 'browser_id'),
  };
  return basket;
}

/** `POST /v1/izi/basket/{id}/binding` body. */
export function bindingBody(body: unknown): CreateBindingRequest & { binding_place: BindingPlace } {
  if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  const method = body.binding_method;
  if (method !== 'PHONE' && method !== 'DEEP_LINK') throw bad('binding_method must be PHONE or DEEP_LINK');
  const place = body.binding_place;
  if (!isBindingPlace(place)) {
    throw bad(`binding_place must be one of ${BINDING_PLACES.join(', ')}`);
  }
  const browser = body.browser;
  if (!isObject(browser)) throw bad('browser must be an object');
  const browserData: BrowserData = {};
  for (const key of ['user_agent', 'description', 'platform', 'architecture', 'data_time', 'location', 'customer_ip', 'port'] as const) {
    const value = browser[key];
    // Some shops send the port as a number.
    browserData[key] = typeof value === 'number' && key === 'port' ? String(value) : optionalString(value, `browser.${key}`, 1024);
  }
  if (browser.browser_id !== undefined) browserData.browser_id = checkId(browser.browser_id, 'browser.browser_id');
  return {
    binding_method: method,
    binding_place: place,
    phone_number: method === 'PHONE' ? phoneNumber(body.phone_number) : undefined,
    browser: browserData,
  };
}

/** `60*****00`: the first two and the last two digits stay visible. */
export function maskPhone(phone: string): string {
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return phone.slice(0, 2) + '*'.repeat(phone.length - 4) + phone.slice(-2);
}
