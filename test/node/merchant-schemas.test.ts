import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { schemas, validate, type JsonSchema } from '../../src/merchant/index.js';
import {
  CONFIRMATION_SUCCESS,
  CREATE_ORDER,
  magentoBasket,
  ORDER_EVENT_IN,
  orderOf,
  prestashopBasket,
  PROMO_EVENT,
  QUANTITY_EVENT,
  RELATED_EVENT,
} from './merchant-fixtures.js';

// The kit's own interpreter of its JSON Schemas against Ajv, a full JSON Schema implementation:
// every schema compiles in Ajv's strict mode, and both give the same verdict on valid bodies (in
// every plugin's form) and on broken ones.

// Union types (a string or a number) are part of the wire; required keys in if/then name properties defined beside them.
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, strictRequired: false });

const valid: Array<[JsonSchema, unknown]> = [
  [schemas.basketSchema, prestashopBasket()],
  [schemas.basketSchema, magentoBasket()],
  [schemas.basketUpdateV1Schema, { ...prestashopBasket(), browser_id: 'browser-1' }],
  [schemas.bindingConfirmationSchema, CONFIRMATION_SUCCESS],
  [schemas.bindingConfirmationSchema, { status: 'REJECT', phone_number: null, browser: null, masked_phone_number: null }],
  [schemas.basketEventSchema, QUANTITY_EVENT],
  [schemas.basketEventSchema, PROMO_EVENT],
  [schemas.basketEventSchema, RELATED_EVENT],
  [schemas.basketEventSchema, { ...PROMO_EVENT, promo_codes_event_data: null }],
  [schemas.addProductRequestSchema, { basket_id: null, phone_number: { country_prefix: '+48', phone: '600100200' } }],
  [schemas.createOrderRequestSchema, CREATE_ORDER],
  // A free string in every plugin (PrestaShop ?string, WooCommerce a flag kept as text, Magento any scalar as text), not a date-time.
  [schemas.createOrderRequestSchema, { ...CREATE_ORDER, invoice_details: { ...CREATE_ORDER.invoice_details!, registration_data_edited: 'true' } }],
  [schemas.orderSchema, orderOf(CREATE_ORDER)],
  [schemas.orderEventInSchema, ORDER_EVENT_IN],
  [schemas.orderEventAnswerSchema, { order_merchant_status_description: 'Opłacone', order_status: 'ORDER_COMPLETED' }],
  [schemas.productsPageSchema, { content: [], total_items: 0, page_index: 0, page_size: 20 }],
  [schemas.signingKeysSchema, { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: 'QUJD', version: '1' }] }],
  [schemas.createBindingRequestSchema, { binding_method: 'DEEP_LINK', binding_place: 'PRODUCT_CARD', browser: { user_agent: 'UA' } }],
  [schemas.errorBodySchema, { error_code: 'BASKET_NOT_FOUND', error_message: 'x' }],
];

const broken: Array<[JsonSchema, unknown, string]> = [
  [schemas.basketSchema, { ...prestashopBasket(), consents: undefined }, 'consents'],
  [schemas.basketSchema, { ...prestashopBasket(), summary: { ...prestashopBasket().summary, currency: undefined, currency_code: 'PLN' } }, 'summary.currency'],
  [schemas.basketSchema, { ...prestashopBasket(), delivery: [{ delivery_type: 'DRONE', delivery_date: '2025-01-15T10:00:00Z', delivery_price: { net: 1, gross: 1, vat: 0 } }] }, 'delivery[0].delivery_type'],
  [schemas.basketSchema, { ...magentoBasket(), products: [{ ...magentoBasket().products[0], base_price: { net: '1,00', gross: 1, vat: 0 } }] }, 'products[0].base_price.net'],
  [schemas.basketEventSchema, { ...QUANTITY_EVENT, quantity_event_data: undefined }, 'quantity_event_data'],
  [schemas.basketEventSchema, { ...RELATED_EVENT, related_products_event_data: undefined }, 'related_products_event_data'],
  [schemas.basketEventSchema, { ...PROMO_EVENT, event_data_time: '2025-01-15T10:00:00.1234567Z' }, 'event_data_time'],
  [schemas.createOrderRequestSchema, { ...CREATE_ORDER, account_info: { ...CREATE_ORDER.account_info, phone_number: { phone: '600100200' } } }, 'account_info.phone_number.country_prefix'],
  [schemas.orderEventInSchema, { ...ORDER_EVENT_IN, event_data: 'AUTHORIZED' }, 'event_data'],
  [schemas.createBindingRequestSchema, { binding_method: 'PHONE', browser: {} }, 'phone_number'],
  [schemas.signingKeysSchema, { merchant_external_id: 'M-1', public_keys: [{ public_key_base64: 'not base64!', version: '1' }] }, 'public_keys[0].public_key_base64'],
];

describe('JSON Schemas of the wire', () => {
  test('every exported schema compiles in Ajv strict mode', () => {
    const all = Object.values(schemas).filter((value): value is JsonSchema => typeof value === 'object' && value !== null && '$schema' in value);
    assert.ok(all.length >= 20, `found ${all.length}`);
    for (const schema of all) assert.doesNotThrow(() => ajv.getSchema(schema.$id!) ?? ajv.compile(schema), schema.title);
  });

  test('valid bodies in every plugin form: both say valid', () => {
    for (const [schema, value] of valid) {
      assert.equal(validate(schema, value), null, `${schema.title}: ${JSON.stringify(validate(schema, value))}`);
      const check = ajv.getSchema(schema.$id!) ?? ajv.compile(schema);
      assert.equal(check(value), true, `${schema.title} (Ajv): ${JSON.stringify(check.errors)}`);
    }
  });

  test('broken bodies: both say invalid, and the kit names the field', () => {
    for (const [schema, value, field] of broken) {
      const plain = JSON.parse(JSON.stringify(value));
      assert.equal(validate(schema, plain)?.path, field, `${schema.title}: ${JSON.stringify(validate(schema, plain))}`);
      const check = ajv.getSchema(schema.$id!) ?? ajv.compile(schema);
      assert.equal(check(plain), false, `${schema.title} (Ajv) accepted a broken ${field}`);
    }
  });
});

describe('validate() reads own properties only', () => {
  const closed: JsonSchema = { type: 'object', properties: { status: { type: 'string' } }, additionalProperties: false };

  test('keys that name Object.prototype members are additional properties, not schemas found on the prototype', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      // JSON.parse makes each an own property, as InPost's body would arrive.
      const body = JSON.parse(`{"status":"SUCCESS",${JSON.stringify(key)}:1}`);
      assert.deepEqual(validate(closed, body), { path: key, message: 'is not allowed' }, key);
    }
  });

  test('an open object lets them through as values, checked against nothing inherited', () => {
    const open: JsonSchema = { type: 'object', properties: { status: { type: 'string' } } };
    assert.equal(validate(open, JSON.parse('{"status":"SUCCESS","constructor":{"prototype":{}}}')), null);
    // A property schema that exists is still applied to the own key.
    assert.deepEqual(validate(open, JSON.parse('{"status":1}')), { path: 'status', message: 'must be string' });
  });

  test('a $ref naming an Object.prototype member is unknown, not Object.prototype', () => {
    assert.throws(() => validate({ $ref: '#/$defs/constructor', $defs: {} }, 1), /Unknown \$ref/);
    assert.throws(() => validate({ $ref: '#/$defs/__proto__', $defs: {} }, 1), /Unknown \$ref/);
  });
});
