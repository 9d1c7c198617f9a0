// Why one long file: one JSON Schema per body, mirroring types.ts one to one, so a change to a wire
// object is made in two files that read alike.
import type { JsonSchema } from './validate.js';

/**
 * JSON Schemas (draft 2020-12) of every body of InPost Pay's merchant API, both directions,
 * written from the public merchant plugins (see `types.ts` for the same objects as TypeScript).
 * Unknown properties are allowed everywhere: InPost adds fields over time, and a shop must not
 * refuse an order because of one. Where plugins disagree, every form seen is accepted.
 *
 * `createMerchantApi` checks InPost's requests and the shop adapter's answers with them;
 * `InpostPayClient` checks InPost's answers with them.
 */

const DRAFT = 'https://json-schema.org/draft/2020-12/schema';

const text = (maxLength = 4096): JsonSchema => ({ type: 'string', maxLength });
const id = (maxLength = 255): JsonSchema => ({ type: 'string', minLength: 1, maxLength });
const ref = (name: string): JsonSchema => ({ $ref: `#/$defs/${name}` });
const arrayOf = (items: JsonSchema, maxItems = 1000): JsonSchema => ({ type: 'array', items, maxItems });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [{ type: 'null' }, schema] });

/** Building blocks shared by the body schemas. */
const DEFS: Record<string, JsonSchema> = {
  Amount: {
    description: 'A money amount: a number (Magento, Shopware) or a decimal string (PrestaShop, WooCommerce).',
    anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?\\d{1,12}(\\.\\d{1,6})?$' }],
  },
  DateTime: {
    description: 'ISO 8601 date-time: 0 to 6 fraction digits, Z or an offset.',
    type: 'string',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?(Z|[+-]\\d{2}:?\\d{2})$',
  },
  Price: {
    type: 'object',
    required: ['net', 'gross', 'vat'],
    properties: { net: ref('Amount'), gross: ref('Amount'), vat: ref('Amount'), full_net: ref('Amount') },
  },
  PhoneNumber: {
    type: 'object',
    required: ['country_prefix', 'phone'],
    properties: { country_prefix: { type: 'string', pattern: '^\\+?\\d{1,4}$' }, phone: { type: 'string', pattern: '^\\d{3,15}$' } },
  },
  Quantity: {
    type: 'object',
    required: ['quantity', 'quantity_type'],
    properties: {
      quantity: { type: 'number', minimum: 0 },
      quantity_type: { enum: ['INTEGER', 'DECIMAL'] },
      quantity_unit: text(64),
      available_quantity: { type: 'number' },
      max_quantity: { type: 'number' },
      quantity_jump: { type: 'number' },
    },
  },
  ProductImage: { type: 'object', required: ['small_size', 'normal_size'], properties: { small_size: text(), normal_size: text() } },
  ProductAttribute: {
    type: 'object',
    required: ['attribute_name', 'attribute_value'],
    properties: { attribute_name: text(), attribute_value: text() },
  },
  DeliveryType: { enum: ['APM', 'COURIER', 'DIGITAL'] },
  AdditionalParameter: { type: 'object', required: ['key', 'value'], properties: { key: text(255), value: text() } },
  BasketProduct: {
    type: 'object',
    required: ['product_id', 'product_name', 'base_price', 'quantity'],
    properties: {
      product_id: id(),
      product_category: { type: ['string', 'number'] },
      ean: nullable(text(64)),
      product_name: text(),
      product_description: nullable(text(65536)),
      product_link: nullable(text()),
      product_image: nullable(text()),
      additional_product_images: arrayOf(ref('ProductImage')),
      base_price: ref('Price'),
      promo_price: nullable(ref('Price')),
      lowest_price: nullable(ref('Price')),
      quantity: ref('Quantity'),
      product_attributes: arrayOf(ref('ProductAttribute')),
      variants: { type: 'array' },
      delivery_product: arrayOf({
        type: 'object',
        required: ['delivery_type', 'if_delivery_available'],
        properties: { delivery_type: ref('DeliveryType'), if_delivery_available: { type: 'boolean' } },
      }),
      delivery_related_products: arrayOf({
        type: 'object',
        required: ['delivery_type', 'if_delivery_available', 'if_delivery_free'],
        properties: { delivery_type: ref('DeliveryType'), if_delivery_available: { type: 'boolean' }, if_delivery_free: { type: 'boolean' } },
      }),
      product_type: { enum: ['PRODUCT', 'DIGITAL'] },
    },
  },
  DeliveryExtra: {
    type: 'object',
    required: ['delivery_name', 'delivery_code_value', 'delivery_option_price'],
    properties: { delivery_name: text(), delivery_code_value: id(64), delivery_option_price: ref('Price') },
  },
  PromoCode: {
    type: 'object',
    required: ['name', 'promo_code_value'],
    properties: { name: text(), promo_code_value: text(255), regulation_type: nullable(text(64)) },
  },
  Basket: {
    type: 'object',
    required: ['summary', 'delivery', 'products', 'consents'],
    properties: {
      basket_id: id(),
      summary: {
        type: 'object',
        required: ['basket_base_price', 'currency'],
        properties: {
          basket_base_price: ref('Price'),
          basket_final_price: ref('Price'),
          basket_promo_price: nullable(ref('Price')),
          currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          basket_expiration_date: nullable(ref('DateTime')),
          basket_additional_information: nullable(text()),
          payment_type: arrayOf(id(64), 64),
          basket_notice: nullable({
            type: 'object',
            required: ['type', 'description'],
            properties: { type: { enum: ['ERROR', 'ATTENTION'] }, description: text() },
          }),
          basket_additional_parameters: arrayOf(ref('AdditionalParameter')),
          free_basket: { type: 'boolean' },
        },
      },
      delivery: arrayOf({
        type: 'object',
        required: ['delivery_type', 'delivery_date', 'delivery_price'],
        properties: {
          delivery_type: ref('DeliveryType'),
          delivery_date: ref('DateTime'),
          delivery_price: ref('Price'),
          delivery_options: arrayOf(ref('DeliveryExtra')),
          free_delivery_minimum_gross_price: nullable(ref('Amount')),
        },
      }, 16),
      products: arrayOf(ref('BasketProduct')),
      consents: arrayOf({
        type: 'object',
        required: ['consent_id', 'consent_link', 'consent_description', 'consent_version', 'requirement_type'],
        properties: {
          consent_id: id(),
          consent_link: text(),
          consent_description: text(65536),
          consent_version: text(64),
          requirement_type: { enum: ['OPTIONAL', 'REQUIRED_ONCE', 'REQUIRED_ALWAYS'] },
          label_link: nullable(text()),
          additional_consent_links: arrayOf({
            type: 'object',
            required: ['id', 'consent_link'],
            properties: { id: id(), consent_link: text(), label_link: nullable(text()) },
          }),
        },
      }, 100),
      promo_codes: arrayOf(ref('PromoCode'), 100),
      related_products: arrayOf(ref('BasketProduct')),
      promotions_available: arrayOf({
        type: 'object',
        required: ['type', 'promo_code_value', 'description', 'details'],
        properties: {
          type: { enum: ['MERCHANT', 'ONLY_IN_APP'] },
          promo_code_value: text(255),
          description: text(),
          start_date: nullable(ref('DateTime')),
          end_date: nullable(ref('DateTime')),
          priority: { type: 'number' },
          details: { type: 'object', required: ['link'], properties: { link: text() } },
        },
      }, 100),
      merchant_store: { type: 'object', required: ['url', 'cookies'], properties: { url: text(), cookies: { type: 'array' } } },
    },
  },
  Address: {
    type: 'object',
    required: ['country_code', 'address', 'city', 'postal_code'],
    properties: {
      name: nullable(text(255)),
      country_code: text(8),
      address: text(),
      city: text(255),
      postal_code: text(16),
      address_details: nullable({ type: 'object', properties: { street: nullable(text()), building: nullable(text(64)), flat: nullable(text(64)) } }),
    },
  },
  AccountInfo: {
    type: 'object',
    required: ['name', 'surname', 'phone_number', 'mail', 'client_address'],
    properties: { name: text(255), surname: text(255), phone_number: ref('PhoneNumber'), mail: text(320), client_address: ref('Address') },
  },
  InvoiceDetails: {
    type: 'object',
    required: ['legal_form', 'country_code', 'city', 'street', 'building', 'postal_code'],
    properties: {
      legal_form: { enum: ['PERSON', 'COMPANY'] },
      country_code: text(8),
      tax_id_prefix: nullable(text(8)),
      tax_id: nullable(text(64)),
      company_name: nullable(text()),
      name: nullable(text(255)),
      surname: nullable(text(255)),
      city: text(255),
      street: text(),
      building: text(64),
      flat: nullable(text(64)),
      postal_code: text(16),
      mail: nullable(text(320)),
      registration_data_edited: nullable(text(255)),
      additional_information: nullable(text()),
    },
  },
  DeliveryChoice: {
    type: 'object',
    required: ['delivery_type'],
    properties: {
      delivery_type: ref('DeliveryType'),
      delivery_codes: arrayOf(text(64), 16),
      mail: nullable(text(320)),
      phone_number: nullable(ref('PhoneNumber')),
      delivery_point: nullable(text(255)),
      delivery_address: nullable(ref('Address')),
      courier_note: nullable(text()),
      digital_delivery_email: nullable(text(320)),
    },
  },
  ConsentAnswer: {
    type: 'object',
    required: ['consent_id', 'consent_version', 'is_accepted'],
    properties: { consent_id: id(), consent_version: text(64), is_accepted: { type: 'boolean' } },
  },
  ProductQuantityChange: {
    type: 'object',
    required: ['product_id', 'quantity'],
    properties: {
      product_id: id(),
      quantity: { type: 'object', required: ['quantity'], properties: { quantity: { type: 'number', minimum: 0 } } },
      ean: nullable(text(64)),
    },
  },
  HotProduct: {
    type: 'object',
    required: ['product_id', 'product_name', 'price', 'currency', 'quantity'],
    properties: {
      product_id: id(),
      ean: nullable(text(64)),
      product_availability: nullable({ type: 'object', properties: { start_date: nullable(ref('DateTime')), end_date: nullable(ref('DateTime')) } }),
      product_name: text(),
      product_description: nullable(text(65536)),
      product_image: nullable(text()),
      additional_product_images: arrayOf(ref('ProductImage')),
      price: ref('Price'),
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      quantity: {
        type: 'object',
        required: ['available_quantity', 'quantity_type'],
        properties: { available_quantity: { type: 'number' }, quantity_type: { enum: ['INTEGER', 'DECIMAL'] }, quantity_unit: nullable(text(64)) },
      },
      product_attributes: arrayOf(ref('ProductAttribute')),
      product_link: nullable(text()),
      status: { enum: ['ACTIVE', 'INACTIVE'] },
      qr_code: nullable(text(1 << 20)),
      deep_link: nullable(text()),
    },
  },
};

function body(name: string, schema: JsonSchema): JsonSchema {
  return { $schema: DRAFT, $id: `inpost-pay-widget/merchant/${name}`, title: name, ...schema, $defs: DEFS };
}

// ---- InPost → shop: requests the merchant API receives ------------------------------------

/** `POST /v1/izi/basket/{basket_id}/confirmation`. */
export const bindingConfirmationSchema = body('BindingConfirmation', {
  type: 'object',
  required: ['status'],
  properties: {
    status: { enum: ['SUCCESS', 'REJECT'] },
    inpost_basket_id: nullable(text(255)),
    phone_number: nullable(ref('PhoneNumber')),
    browser: nullable({ type: 'object', properties: { browser_trusted: { type: 'boolean' }, browser_id: nullable(text(255)) } }),
    masked_phone_number: nullable(text(64)),
    name: nullable(text(255)),
    surname: nullable(text(255)),
  },
});

/**
 * `POST /v1/izi/basket/{basket_id}/event`: one data array, named after `event_type`. The product
 * arrays are required; `promo_codes_event_data` may be absent or null, which the plugins read as
 * the empty wanted set (every code removed): PrestaShop defaults it to `[]`, Shopware maps null
 * to `[]`, Magento takes null.
 */
export const basketEventSchema = body('BasketEvent', {
  type: 'object',
  required: ['event_id', 'event_data_time', 'event_type'],
  properties: {
    event_id: id(),
    event_data_time: ref('DateTime'),
    event_type: { enum: ['PRODUCTS_QUANTITY', 'PROMO_CODES', 'RELATED_PRODUCTS'] },
    phone_number: nullable(ref('PhoneNumber')),
    quantity_event_data: arrayOf(ref('ProductQuantityChange')),
    promo_codes_event_data: nullable(arrayOf(ref('PromoCode'))),
    related_products_event_data: arrayOf(ref('ProductQuantityChange')),
  },
  allOf: [
    { if: { type: 'object', properties: { event_type: { const: 'PRODUCTS_QUANTITY' } } }, then: { required: ['quantity_event_data'] } },
    { if: { type: 'object', properties: { event_type: { const: 'RELATED_PRODUCTS' } } }, then: { required: ['related_products_event_data'] } },
  ],
});

/** `POST /v1/izi/basket/product/{product_id}`. */
export const addProductRequestSchema = body('AddProductRequest', {
  type: 'object',
  properties: { basket_id: nullable(text(255)), phone_number: nullable(ref('PhoneNumber')) },
});

/** `POST /v1/izi/order`. */
export const createOrderRequestSchema = body('CreateOrderRequest', {
  type: 'object',
  required: ['order_details', 'account_info', 'delivery', 'consents'],
  properties: {
    order_details: {
      type: 'object',
      required: ['basket_id', 'currency', 'basket_price', 'payment_type'],
      properties: {
        basket_id: id(),
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        basket_price: ref('Price'),
        payment_type: id(64),
        order_comments: nullable(text()),
        basket_additional_parameters: nullable(arrayOf(ref('AdditionalParameter'))),
        inpost_discounts: nullable(arrayOf({ type: 'object', required: ['type', 'discount'], properties: { type: text(64), discount: ref('Amount') } })),
      },
    },
    account_info: ref('AccountInfo'),
    invoice_details: nullable(ref('InvoiceDetails')),
    delivery: ref('DeliveryChoice'),
    consents: arrayOf(ref('ConsentAnswer'), 100),
  },
});

/** `POST /v1/izi/order/{order_id}/event` from InPost (the payment's result). */
export const orderEventInSchema = body('OrderEventIn', {
  type: 'object',
  required: ['event_id', 'event_data_time', 'event_data'],
  properties: {
    event_id: id(),
    event_data_time: ref('DateTime'),
    phone_number: nullable(ref('PhoneNumber')),
    event_data: {
      type: 'object',
      properties: {
        payment_status: nullable(text(64)),
        order_status: nullable(text(64)),
        payment_id: nullable(text(255)),
        payment_reference: nullable(text(255)),
        payment_type: nullable(text(64)),
      },
    },
  },
});

// ---- Shop → InPost: the shop's answers to those requests ------------------------------------

/** The basket: the shop's answer to basket get, confirmation, events and product added; the body of basket PUTs. */
export const basketSchema = body('Basket', ref('Basket'));

/** Body of the v1 `PUT /v1/izi/basket/{id}`: the basket and an optional trusted browser. */
export const basketUpdateV1Schema = body('BasketUpdateV1', {
  type: 'object',
  allOf: [ref('Basket')],
  properties: { browser_id: id(64) },
});

/** The shop's order (answer of order create and order get). */
export const orderSchema = body('Order', {
  type: 'object',
  required: ['order_details', 'account_info', 'delivery', 'products', 'consents'],
  properties: {
    order_details: {
      type: 'object',
      required: [
        'order_id', 'pos_id', 'order_creation_date', 'basket_id', 'order_merchant_status_description',
        'payment_type', 'order_base_price', 'order_final_price', 'currency', 'delivery_references_list',
      ],
      properties: {
        order_id: id(),
        customer_order_id: nullable(text(255)),
        pos_id: text(255),
        order_creation_date: ref('DateTime'),
        basket_id: id(),
        order_merchant_status_description: text(),
        payment_type: id(64),
        order_base_price: ref('Price'),
        order_final_price: ref('Price'),
        currency: { type: 'string', pattern: '^[A-Z]{3}$' },
        delivery_references_list: arrayOf(text(255), 100),
        order_comments: nullable(text()),
        order_discount: nullable(ref('Amount')),
        order_additional_parameters: nullable(arrayOf(ref('AdditionalParameter'))),
      },
    },
    account_info: ref('AccountInfo'),
    invoice_details: nullable(ref('InvoiceDetails')),
    delivery: {
      type: 'object',
      allOf: [ref('DeliveryChoice')],
      required: ['delivery_type', 'delivery_date', 'delivery_options', 'delivery_price'],
      properties: { delivery_date: ref('DateTime'), delivery_options: arrayOf(ref('DeliveryExtra')), delivery_price: ref('Price') },
    },
    products: arrayOf({
      type: 'object',
      required: ['product_id', 'product_name', 'base_price', 'quantity'],
      properties: {
        product_id: id(),
        product_name: text(),
        base_price: ref('Price'),
        quantity: {
          type: 'object',
          required: ['quantity', 'quantity_type'],
          properties: { quantity: { type: 'number', minimum: 0 }, quantity_type: { enum: ['INTEGER', 'DECIMAL'] }, quantity_unit: nullable(text(64)) },
        },
      },
    }),
    consents: arrayOf(ref('ConsentAnswer'), 100),
  },
});

/** The shop's answer to an order event from InPost. */
export const orderEventAnswerSchema = body('OrderEventAnswer', {
  type: 'object',
  required: ['order_merchant_status_description'],
  properties: {
    order_merchant_status_description: text(),
    delivery_references_list: nullable(arrayOf(text(255), 100)),
    order_status: nullable(text(64)),
  },
});

/** The shop's answer to `GET /v1/izi/products`. */
export const productsPageSchema = body('ProductsPage', {
  type: 'object',
  required: ['content', 'total_items', 'page_index', 'page_size'],
  properties: {
    content: arrayOf(ref('HotProduct')),
    total_items: { type: 'integer', minimum: 0 },
    page_index: { type: 'integer', minimum: 0 },
    page_size: { type: 'integer', minimum: 0 },
  },
});

// ---- Shop → InPost: requests of the client -----------------------------------------------------

/** `POST /v1/izi/basket/{id}/binding` (v1). */
export const createBindingRequestSchema = body('CreateBindingRequest', {
  type: 'object',
  required: ['binding_method', 'browser'],
  properties: {
    binding_method: { enum: ['PHONE', 'DEEP_LINK'] },
    binding_place: {
      enum: ['PRODUCT_CARD', 'BASKET_SUMMARY', 'BASKET_POPUP', 'ORDER_CREATE', 'THANK_YOU_PAGE', 'LOGIN_PAGE', 'REGISTERFORM_PAGE', 'CHECKOUT_PAGE', 'MINICART_PAGE'],
    },
    phone_number: ref('PhoneNumber'),
    browser: {
      type: 'object',
      properties: {
        user_agent: text(), description: text(), platform: text(255), architecture: text(255), data_time: ref('DateTime'),
        location: text(255), customer_ip: text(64), port: text(16), browser_id: id(64),
      },
    },
  },
  if: { type: 'object', properties: { binding_method: { const: 'PHONE' } } },
  then: { required: ['phone_number'] },
});

/** `POST /v1/izi/order/{order_id}/event` to InPost (status, tracking numbers, delivery changes). */
export const orderEventOutSchema = body('OrderEventOut', {
  type: 'object',
  required: ['event_id', 'event_data_time', 'event_data'],
  properties: {
    event_id: { type: ['string', 'number'] },
    event_data_time: ref('DateTime'),
    phone_number: ref('PhoneNumber'),
    event_data: {
      type: 'object',
      properties: {
        order_status: { enum: ['ORDER_COMPLETED', 'ORDER_REJECTED', 'ORDER_PROCESSING'] },
        order_merchant_status_description: text(),
        delivery_references_list: arrayOf(text(255), 100),
        delivery: {
          type: 'object',
          properties: {
            delivery_date: ref('DateTime'), mail: text(320), phone_number: ref('PhoneNumber'), delivery_point: text(255),
            delivery_address: ref('Address'), courier_note: text(),
          },
        },
      },
    },
  },
});

// ---- InPost → shop: answers the client receives ------------------------------------------------

/** Answer of the OAuth2 token endpoint: a bearer token (PrestaShop requires `token_type` bearer, in any case). */
export const tokenAnswerSchema = body('TokenAnswer', {
  type: 'object',
  required: ['access_token', 'token_type'],
  properties: {
    access_token: { type: 'string', minLength: 1, maxLength: 16384 },
    expires_in: { type: 'number', minimum: 0 },
    token_type: { type: 'string', pattern: '^[Bb][Ee][Aa][Rr][Ee][Rr]$' },
  },
});

/** Answer of `PUT /v{1,2}/izi/basket/{id}`. */
export const putBasketResultSchema = body('PutBasketResult', {
  type: 'object',
  required: ['inpost_basket_id'],
  properties: { inpost_basket_id: id() },
});

/** Answer of `PUT /v2/izi/basket/{id}/binding`. */
export const basketBindingKeySchema = body('BasketBindingKey', {
  type: 'object',
  required: ['basket_binding_api_key'],
  properties: { basket_binding_api_key: id(4096) },
});

/** Answer of `GET /v1/izi/basket/{id}/binding` (v1). */
export const basketBindingStatusSchema = body('BasketBindingStatus', {
  type: 'object',
  required: ['basket_linked', 'browser_trusted'],
  properties: {
    basket_linked: { type: 'boolean' },
    browser_trusted: { type: 'boolean' },
    inpost_basket_id: nullable(text(255)),
    client_details: nullable({
      type: 'object',
      properties: { phone_number: ref('PhoneNumber'), masked_phone_number: text(64), name: nullable(text(255)), surname: nullable(text(255)) },
    }),
  },
});

/** Answer of a `DEEP_LINK` binding request (v1). */
export const deepLinkBindingSchema = body('DeepLinkBinding', {
  type: 'object',
  required: ['qr_code', 'deep_link'],
  properties: { qr_code: { type: 'string', minLength: 1, maxLength: 1 << 20 }, deep_link: id(4096), deep_link_hms: nullable(text()) },
});

const signingPublicKey: JsonSchema = {
  type: 'object',
  required: ['public_key_base64', 'version'],
  properties: { public_key_base64: { type: 'string', pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 16384 }, version: { type: ['string', 'integer'] } },
};

/** Answer of `GET /v1/izi/signing-keys/public`. */
export const signingKeysSchema = body('SigningKeys', {
  type: 'object',
  required: ['merchant_external_id', 'public_keys'],
  properties: { merchant_external_id: id(), public_keys: arrayOf(signingPublicKey, 100) },
});

/** Answer of `GET /v1/izi/signing-keys/public/{version}`. */
export const signingKeySchema = body('SigningKey', {
  type: 'object',
  required: ['merchant_external_id', 'public_key'],
  properties: { merchant_external_id: id(), public_key: signingPublicKey },
});

/** Answer of `GET /v1/izi/payment-methods`. */
export const paymentMethodsSchema = body('PaymentMethods', {
  type: 'object',
  required: ['payment_type'],
  properties: { payment_type: arrayOf(id(64), 64) },
});

/** The error body of both directions. */
export const errorBodySchema = body('ErrorBody', {
  type: 'object',
  required: ['error_code', 'error_message'],
  properties: { error_code: text(255), error_message: text() },
});
