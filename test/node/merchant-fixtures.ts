/**
 * Bodies of InPost Pay's merchant API as the public plugins show them (field names, forms and
 * required fields from the wire reference), in the forms each plugin writes: PrestaShop and
 * WooCommerce with string prices and 6 or 3 fraction digits, Magento and Shopware with numbers.
 */
import type { Basket, CreateOrderRequest, MerchantShop, Order } from '../../src/merchant/index.js';

export const PRICE_AS_STRINGS = { net: '10.00', gross: '12.30', vat: '2.30' };
export const PRICE_AS_NUMBERS = { net: 10, gross: 12.3, vat: 2.3 };
const PHONE = { country_prefix: '+48', phone: '600100200' };

/** A basket as PrestaShop builds it (strings, `…uuuuuuZ`, payment_type `[]`). */
export function prestashopBasket(extra: Partial<Basket> = {}): Basket {
  return {
    summary: {
      basket_base_price: PRICE_AS_STRINGS,
      basket_final_price: PRICE_AS_STRINGS,
      currency: 'PLN',
      basket_expiration_date: '2025-01-16T10:00:00.000000Z',
      payment_type: [],
    },
    delivery: [
      {
        delivery_type: 'APM',
        delivery_date: '2025-01-17T10:00:00.000000Z',
        delivery_price: { net: '9.75', gross: '11.99', vat: '2.24' },
        delivery_options: [{ delivery_name: 'Pobranie', delivery_code_value: 'COD', delivery_option_price: { net: '4.07', gross: '5.00', vat: '0.93' } }],
        free_delivery_minimum_gross_price: '200.00',
      },
      { delivery_type: 'COURIER', delivery_date: '2025-01-17T10:00:00.000000Z', delivery_price: { net: '12.19', gross: '14.99', vat: '2.80' } },
    ],
    products: [
      {
        product_id: '12.0',
        product_name: 'Kubek',
        base_price: PRICE_AS_STRINGS,
        quantity: { quantity: 2, quantity_type: 'INTEGER', available_quantity: 10 },
        product_attributes: [{ attribute_name: 'Kolor', attribute_value: 'Czerwony' }],
        delivery_product: [{ delivery_type: 'APM', if_delivery_available: true }],
      },
    ],
    consents: [
      {
        consent_id: 'terms',
        consent_link: 'https://shop.example/regulamin',
        consent_description: 'Akceptuję regulamin',
        consent_version: '1',
        requirement_type: 'REQUIRED_ALWAYS',
      },
    ],
    promo_codes: [],
    related_products: [],
    ...extra,
  };
}

/** A basket as Magento builds it (numbers, `…ssZ`, configured payment types). */
export function magentoBasket(extra: Partial<Basket> = {}): Basket {
  return {
    basket_id: 'b8a6e3a2-1d0e-4c53-9c1a-0f0e6c2d7a11',
    summary: {
      basket_base_price: PRICE_AS_NUMBERS,
      basket_final_price: PRICE_AS_NUMBERS,
      basket_promo_price: { net: 0, gross: 0, vat: 0 },
      currency: 'PLN',
      basket_expiration_date: '2025-01-16T10:00:00Z',
      basket_additional_information: '',
      payment_type: ['CARD', 'BLIK_CODE', 'PAY_BY_LINK'],
      free_basket: false,
    },
    delivery: [{ delivery_type: 'DIGITAL', delivery_date: '2025-01-15T10:00:00Z', delivery_price: { net: 0, gross: 0, vat: 0 } }],
    products: [
      { product_id: 'sku-1', product_name: 'E-book', base_price: PRICE_AS_NUMBERS, quantity: { quantity: 1, quantity_type: 'INTEGER' }, product_type: 'DIGITAL' },
    ],
    consents: [],
    promo_codes: [{ name: 'Rabat', promo_code_value: 'ZIMA10', regulation_type: 'OMNIBUS' }],
    related_products: [],
    ...extra,
  };
}

export const CONFIRMATION_SUCCESS = {
  status: 'SUCCESS',
  inpost_basket_id: '0b1c7d6e-2f41-4c9a-8a3e-5d6f7a8b9c0d',
  phone_number: PHONE,
  browser: { browser_trusted: true, browser_id: 'browser-1' },
  masked_phone_number: '60*****00',
  name: 'Jan',
  surname: 'Kowalski',
};

export const QUANTITY_EVENT = {
  event_id: 'ev-1',
  event_data_time: '2025-01-15T10:00:00.000Z',
  event_type: 'PRODUCTS_QUANTITY',
  phone_number: PHONE,
  quantity_event_data: [{ product_id: '12.0', quantity: { quantity: 0 } }],
};

export const PROMO_EVENT = {
  event_id: 'ev-2',
  event_data_time: '2025-01-15T10:00:00.123456+01:00',
  event_type: 'PROMO_CODES',
  promo_codes_event_data: [{ name: 'Rabat', promo_code_value: 'ZIMA10' }],
};

export const RELATED_EVENT = {
  event_id: 'ev-3',
  event_data_time: '2025-01-15T10:00:00.000Z',
  event_type: 'RELATED_PRODUCTS',
  related_products_event_data: [{ product_id: 'sku-2', quantity: { quantity: 1 }, ean: '5901234123457' }],
};

export const CREATE_ORDER: CreateOrderRequest = {
  order_details: {
    basket_id: 'b8a6e3a2-1d0e-4c53-9c1a-0f0e6c2d7a11',
    currency: 'PLN',
    basket_price: { net: '19.75', gross: '24.29', vat: '4.54' },
    payment_type: 'BLIK_CODE',
    order_comments: 'Proszę dzwonić',
    inpost_discounts: [{ type: 'INPOST_SUBSCRIPTION', discount: '11.99' }],
  },
  account_info: {
    name: 'Jan',
    surname: 'Kowalski',
    phone_number: PHONE,
    mail: 'jan@example.com',
    client_address: { country_code: 'PL', address: 'Prosta 1/2', city: 'Kraków', postal_code: '30-001', address_details: { street: 'Prosta', building: '1', flat: '2' } },
  },
  invoice_details: {
    legal_form: 'COMPANY', country_code: 'PL', tax_id_prefix: 'PL', tax_id: '1234567890', company_name: 'Firma', city: 'Kraków',
    street: 'Prosta', building: '1', postal_code: '30-001',
  },
  delivery: { delivery_type: 'APM', delivery_codes: ['COD'], mail: 'jan@example.com', phone_number: PHONE, delivery_point: 'KRA01M' },
  consents: [{ consent_id: 'terms', consent_version: '1', is_accepted: true }],
};

const withoutCodes = ({ delivery_codes: _codes, ...delivery }: CreateOrderRequest['delivery']) => delivery;

export function orderOf(request: CreateOrderRequest, orderId = 'ORD-1'): Order {
  return {
    order_details: {
      order_id: orderId,
      pos_id: 'POS-1',
      order_creation_date: '2025-01-15T10:00:00.000Z',
      basket_id: request.order_details.basket_id,
      order_merchant_status_description: 'Nowe',
      payment_type: request.order_details.payment_type,
      order_base_price: request.order_details.basket_price,
      order_final_price: request.order_details.basket_price,
      currency: 'PLN',
      delivery_references_list: [],
    },
    account_info: request.account_info,
    delivery: { ...withoutCodes(request.delivery), delivery_date: '2025-01-17T10:00:00.000Z', delivery_options: [], delivery_price: { net: 9.75, gross: 11.99, vat: 2.24 } },
    products: [{ product_id: '12.0', product_name: 'Kubek', base_price: PRICE_AS_NUMBERS, quantity: { quantity: 2, quantity_type: 'INTEGER' } }],
    consents: request.consents,
  };
}

export const ORDER_EVENT_IN = {
  event_id: 'pay-1',
  event_data_time: '2025-01-15T10:05:00.000Z',
  event_data: { payment_status: 'AUTHORIZED', payment_id: 'tx-1', payment_reference: 'ref-1', payment_type: 'BLIK_CODE' },
};

const BASE64_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Every way of respelling a canonical `x-signature` that Node's lenient Base64 decoder still reads
 * as the same bytes (the attack of issue 18 #1), by name. The signature must end in `==` and hold
 * a `+` and a `/` (see {@link signatureWithEveryLetter}).
 */
export function respellings(signature: string): Array<[string, string]> {
  if (!signature.endsWith('==') || !/[+]/.test(signature) || !/[/]/.test(signature)) throw new Error('respellings needs a signature ending in == with + and /');
  const body = signature.slice(0, -2);
  const last = body.at(-1)!;
  // With `==`, the last letter carries 2 bits and 4 unused ones: another letter with the same top
  // 2 bits decodes to the same byte.
  const sameBits = BASE64_LETTERS[(BASE64_LETTERS.indexOf(last) & 0b110000) | (~BASE64_LETTERS.indexOf(last) & 0b1111)]!;
  const middle = Math.floor(signature.length / 2);
  return [
    ['padding dropped', body],
    ['one = dropped', `${body}=`],
    ['base64url letters', signature.replaceAll('+', '-').replaceAll('/', '_')],
    ['base64url letters without padding', body.replaceAll('+', '-').replaceAll('/', '_')],
    ['a . appended', `${signature}.`],
    ['a ! appended', `${signature}!`],
    ['a space inside', `${signature.slice(0, middle)} ${signature.slice(middle)}`],
    ['a . inside', `${signature.slice(0, middle)}.${signature.slice(middle)}`],
    ['text after ==', `${signature}AAAA`],
    ['= after ==', `${signature}=`],
    ['unused bits set in the last letter', `${body.slice(0, -1)}${sameBits}==`],
  ];
}

/**
 * Signs until the signature holds both `+` and `/` (almost always the first try), so that every
 * class of {@link respellings} applies.
 */
export function signatureWithEveryLetter<T extends object>(sign: (attempt: number) => T): T {
  for (let attempt = 0; attempt < 100; attempt++) {
    const headers = sign(attempt);
    const signature = (headers as Record<string, string | undefined>)['x-signature'] ?? '';
    if (signature.includes('+') && signature.includes('/')) return headers;
  }
  throw new Error('no signature with + and / in 100 tries');
}

const SHOP_METHODS = ['getBasket', 'confirmBinding', 'applyBasketEvent', 'deleteBinding', 'addProduct', 'createOrder', 'getOrder', 'applyOrderEvent', 'getProducts'] as const;

/**
 * A complete `MerchantShop` from the methods a test needs: every other method throws when called
 * (createMerchantApi refuses an adapter with a method missing).
 */
export function shopWith(methods: Partial<MerchantShop>): MerchantShop {
  const shop = { ...methods } as Record<string, unknown>;
  for (const name of SHOP_METHODS) {
    shop[name] ??= () => {
      throw new Error(`shop.${name} is not used in this test`);
    };
  }
  return shop as unknown as MerchantShop;
}
