// Why one long file: every action of the phone simulator's JSON API, each a short route that turns a
// QA click into InPost's signed call to the shop; kept together so the app's abilities read as a list.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Problem } from '../http.js';
import type {
  Basket,
  BasketEvent,
  BindingConfirmation,
  ConsentAnswer,
  CreateOrderRequest,
  Order,
  OrderDeliveryChoice,
  OrderEventAnswer,
  OrderEventIn,
  PhoneNumber,
  PromoCode,
} from '../../src/merchant/types.js';
import { PAYMENT_METHODS } from './inpost-api.js';
import type { SigningKeyRing } from './keys.js';
import type { MerchantCaller } from './merchant-caller.js';
import { amount, basketView, gross, money, person, priceOf, remember, type Person, type SandboxStore, type StoredBasket } from './store.js';
import { checkId, isObject, personName, phoneNumber } from './validation.js';

/**
 * The InPost Mobile app's side, as the phone simulator drives it: what the shopper does in the
 * app becomes InPost Pay's signed call to the shop (INPOST-API.md §3), and the shop's answer
 * (checked) becomes what the app shows. The JSON API under `/sandbox/` (no token; local QA only):
 *
 * - `GET  /sandbox/state[?calls=N]` → everything: baskets, binding requests, trusted browsers, keys, settings, the (last N) calls to the shop
 * - `GET  /sandbox/binding-requests` → `{requests: [...]}` waiting for the phone (a QR request only until its `expires_at`)
 * - `POST /sandbox/binding-requests/:id/accept` `{phone_number?, name?, surname?, trust_browser?}` → `{basket_id, masked_phone_number, callback_status, basket}`
 *   (`phone_number` required for a QR request: the phone that scanned the code). Sends SUCCESS.
 * - `POST /sandbox/binding-requests/:id/reject` `{}` → `{basket_id, callback_status}`. Sends REJECT.
 * - `POST /sandbox/baskets/:id/bind` `{phone_number, name?, surname?}` → a v2 basket (one with a binding key) bound as
 *   the phone that scanned InPost's v2 widget: `GET …/basket/{id}` from the shop, then the SUCCESS confirmation
 * - `GET  /sandbox/baskets[?linked=1]` → `{baskets: [...]}` as the app shows them
 * - `POST /sandbox/baskets/:id/refresh` `{}` → the basket read again from the shop (`GET …/basket/{id}`)
 * - `POST /sandbox/baskets/:id/quantity` `{product_id, quantity}` → event PRODUCTS_QUANTITY (0 removes the line)
 * - `POST /sandbox/baskets/:id/promo-codes` `{promo_codes: ["INPOST10"]}` → event PROMO_CODES with the full wanted set
 * - `POST /sandbox/baskets/:id/related` `{product_id}` → event RELATED_PRODUCTS: one of the shop's related products added
 * - `DELETE /sandbox/baskets/:id/binding` → the basket deleted in the app: unbound here, then `DELETE …/basket/{id}/binding` at the shop
 * - `POST /sandbox/baskets/:id/order` `{delivery_type?, delivery_point?, delivery_address?, digital_delivery_email?,
 *          delivery_codes?, consents?: {id: bool}, payment_type?, payment_status?: 'AUTHORIZED'|'DECLINED'}`
 *          → `{order_id, payment_status, callback_status}`: `POST …/v1/izi/order` (201 expected) and the payment event;
 *          on a basket whose payment was declined, only the payment event again
 * - `POST /sandbox/baskets/:id/order/refresh` `{}` → the order read again from the shop (`GET …/v1/izi/order/{order_id}`)
 * - `POST /sandbox/baskets/:id/expire` `{}` → the basket expires now (BASKET_EXPIRED from then on)
 * - `PUT|DELETE /sandbox/browsers/:browserId/trust` `{phone_number?, name?, surname?}` → a trusted browser, or none
 * - `POST /sandbox/keys/rotate` `{}` → `{version}`: a new signing key version signs from now on
 * - `PUT|DELETE /sandbox/baskets/:id/qr-shown` → a page still shows the basket's QR code (its request lives
 *   another `qr_ttl_seconds`: `{request_id, expires_at}`), or no longer does (the request is gone: 204); 404 without one
 * - `PUT  /sandbox/settings` `{basket_ttl_seconds?, phone_binding_unavailable?, qr_ttl_seconds?}` → the settings
 *
 * An action whose call the shop answered wrongly answers 502 `MERCHANT_ANSWER_REFUSED`, with the
 * problems in `error_message`; the basket keeps the problem for the page.
 */

export interface PhoneAppDeps {
  store: SandboxStore;
  keys: SigningKeyRing;
  caller: MerchantCaller;
}

const DEFAULT_PERSON = { name: 'Jan', surname: 'Kowalski' };
const DEFAULT_PHONE: PhoneNumber = { country_prefix: '+48', phone: '600100200' };
/** Who the app's shopper is beyond the binding: e-mail and address, as InPost's account holds them. */
const ACCOUNT = {
  mail: 'jan.kowalski@example.com',
  address: { country_code: 'PL', address: 'ul. Testowa 1/2', city: 'Warszawa', postal_code: '00-001' },
  locker: 'WAW01M',
};

const refused = (problems: string[]) => new Problem(502, 'MERCHANT_ANSWER_REFUSED', problems.join('; '));

function input(request: FastifyRequest): Record<string, unknown> {
  const body = request.body === undefined || request.body === null ? {} : request.body;
  if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  return body;
}

export async function registerPhoneApp(app: FastifyInstance, deps: PhoneAppDeps): Promise<void> {
  const { store, keys, caller } = deps;
  const basketPath = (basket: StoredBasket) => `/v1/izi/basket/${encodeURIComponent(basket.basket_id)}`;
  const view = (basket: StoredBasket) => basketView(basket, store);

  function findBasket(request: FastifyRequest): StoredBasket {
    const basket = store.baskets.get(checkId((request.params as { basketId: string }).basketId, 'basket_id'));
    if (!basket) throw new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
    return basket;
  }

  /** A basket the shopper can still change in the app: bound, not expired, not ordered. */
  function editable(request: FastifyRequest): StoredBasket & { binding: Person } {
    const basket = findBasket(request);
    if (!basket.binding) throw new Problem(409, 'BASKET_NOT_BOUND', 'The basket is not bound to a phone');
    if (store.isExpired(basket)) throw new Problem(409, 'BASKET_EXPIRED', 'The basket expired');
    if (basket.order) throw new Problem(409, 'ORDER_EXISTS', 'The basket was already ordered');
    return basket as StoredBasket & { binding: Person };
  }

  /** Records the outcome of a call about `basket`; throws when the shop's answer was refused. */
  function settle(basket: StoredBasket, result: { ok: boolean; problems: string[] }): void {
    basket.problem = result.ok ? null : result.problems.join('; ');
    store.changed(basket);
    if (!result.ok) throw refused(result.problems);
  }

  /**
   * Tells the shop the basket is bound to `binding` (a SUCCESS confirmation, §3 #2) and takes the
   * basket it answers; when InPost refuses the answer, the binding does not happen.
   */
  async function confirmBinding(basket: StoredBasket, binding: Person, browser: BindingConfirmation['browser']) {
    basket.binding = binding;
    const confirmation: BindingConfirmation = {
      status: 'SUCCESS',
      inpost_basket_id: basket.inpost_basket_id,
      phone_number: binding.phone_number,
      browser,
      masked_phone_number: binding.masked_phone_number,
      name: binding.name,
      surname: binding.surname,
    };
    const result = await caller.call<Basket>('POST', `${basketPath(basket)}/confirmation`, confirmation, [200], 'basket', basket.basket_id);
    if (result.ok) {
      takeBasket(basket, result.answer!);
      store.touch(basket);
    } else {
      basket.binding = null;
    }
    return result;
  }

  /** Takes a basket the shop answered: its contents and notice become what the app shows. */
  function takeBasket(basket: StoredBasket, answer: Basket): void {
    basket.basket = answer;
    basket.notice = answer.summary.basket_notice ?? null;
  }

  async function sendEvent(basket: StoredBasket & { binding: Person }, event: Record<string, unknown>) {
    const body = {
      event_id: randomUUID(),
      event_data_time: new Date().toISOString(),
      phone_number: basket.binding.phone_number,
      ...event,
    } as unknown as BasketEvent;
    const result = await caller.call<Basket>('POST', `${basketPath(basket)}/event`, body, [200], 'basket', basket.basket_id);
    if (result.ok) {
      takeBasket(basket, result.answer!);
      store.touch(basket);
    }
    settle(basket, result);
    return view(basket);
  }

  // ---- Reading --------------------------------------------------------------------------
  app.get('/sandbox/state', async (request) => ({
    settings: store.settings,
    signing_keys: keys.describe(),
    merchant_external_id: keys.merchantExternalId,
    baskets: [...store.baskets.values()].map(view),
    binding_requests: store.pendingRequests(),
    trusted_browsers: [...store.trustedBrowsers.entries()].map(([browserId, p]) => ({ browser_id: browserId, ...p })),
    // `?calls=N`: only the last N calls to the shop (the page polls every second and shows 10).
    calls: lastCalls(request),
  }));

  function lastCalls(request: FastifyRequest) {
    const wanted = Number((request.query as Record<string, unknown>).calls);
    return Number.isInteger(wanted) && wanted >= 0 ? caller.calls.slice(caller.calls.length - Math.min(wanted, caller.calls.length)) : caller.calls;
  }

  app.get('/sandbox/binding-requests', async () => ({
    requests: store.pendingRequests().map((pending) => ({
      ...pending,
      inpost_basket_id: store.baskets.get(pending.basket_id)?.inpost_basket_id ?? null,
      masked_phone_number: pending.phone_number ? person(pending.phone_number, '', '').masked_phone_number : null,
    })),
  }));

  app.get('/sandbox/baskets', async (request) => {
    const query = request.query as Record<string, unknown>;
    const onlyLinked = query.linked === '1' || query.linked === 'true';
    return { baskets: [...store.baskets.values()].filter((b) => !onlyLinked || b.binding).map(view) };
  });

  // ---- Binding requests -----------------------------------------------------------------
  function findRequest(request: FastifyRequest) {
    const id = (request.params as { requestId: string }).requestId;
    const found = typeof id === 'string' ? store.pendingRequests().find((pending) => pending.request_id === id) : undefined;
    if (!found) throw new Problem(404, 'REQUEST_NOT_FOUND', 'No such pending binding request');
    return found;
  }

  app.post('/sandbox/binding-requests/:requestId/accept', async (request) => {
    const pending = findRequest(request);
    const body = input(request);
    const phone = pending.phone_number ?? phoneNumber(body.phone_number);
    const binding = person(phone, personName(body.name, 'name', DEFAULT_PERSON.name), personName(body.surname, 'surname', DEFAULT_PERSON.surname));
    if (body.trust_browser !== undefined && typeof body.trust_browser !== 'boolean') {
      throw new Problem(400, 'BAD_REQUEST', 'trust_browser must be a boolean');
    }
    const basket = store.baskets.get(pending.basket_id);
    if (!basket) throw new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
    if (store.isExpired(basket)) throw new Problem(409, 'BASKET_EXPIRED', 'The basket expired');
    if (basket.binding) throw new Problem(409, 'BASKET_IS_BINDED', 'Basket is already bound');
    // All checks passed: bind. The browser id is the one the shop sent with the request, else InPost's own.
    store.requests.delete(pending.request_id);
    const trust = body.trust_browser !== false;
    const browserId = trust ? (pending.browser.browser_id ?? randomUUID()) : null;
    if (browserId) remember(store.trustedBrowsers, browserId, { ...binding });
    const result = await confirmBinding(basket, binding, { browser_trusted: trust, browser_id: browserId });
    if (!result.ok && browserId) store.trustedBrowsers.delete(browserId);
    settle(basket, result);
    return { basket_id: basket.basket_id, masked_phone_number: binding.masked_phone_number, callback_status: result.status, basket: view(basket) };
  });

  app.post('/sandbox/binding-requests/:requestId/reject', async (request) => {
    const pending = findRequest(request);
    input(request);
    store.requests.delete(pending.request_id);
    const basket = store.baskets.get(pending.basket_id);
    const browserId = pending.browser.browser_id ?? null;
    const confirmation: BindingConfirmation = {
      status: 'REJECT',
      inpost_basket_id: basket?.inpost_basket_id,
      phone_number: pending.phone_number,
      browser: { browser_trusted: browserId !== null && store.trustedBrowsers.has(browserId), browser_id: browserId },
      masked_phone_number: pending.phone_number ? person(pending.phone_number, '', '').masked_phone_number : null,
      name: null,
      surname: null,
    };
    // The shops answer a REJECT in different shapes (INPOST-API.md §3 #2): any 200 is fine.
    const result = await caller.call('POST', `/v1/izi/basket/${encodeURIComponent(pending.basket_id)}/confirmation`, confirmation, [200], 'none', pending.basket_id);
    if (basket) settle(basket, result);
    else if (!result.ok) throw refused(result.problems);
    return { basket_id: pending.basket_id, callback_status: result.status };
  });

  // The shop's page still shows the basket's QR code (PUT), or no longer does (DELETE): a QR
  // request lives only while its page shows it (the demo shop's QA script says so, `qa-routes.ts`).
  app.put('/sandbox/baskets/:basketId/qr-shown', async (request) => {
    const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
    const pending = store.qrRequestOf(basketId);
    if (!pending) throw new Problem(404, 'REQUEST_NOT_FOUND', 'No pending QR request for this basket');
    pending.expires_at = store.qrExpiry();
    return { request_id: pending.request_id, expires_at: pending.expires_at };
  });

  app.delete('/sandbox/baskets/:basketId/qr-shown', async (request, reply) => {
    const basketId = checkId((request.params as { basketId: string }).basketId, 'basket_id');
    const pending = store.qrRequestOf(basketId);
    if (!pending) throw new Problem(404, 'REQUEST_NOT_FOUND', 'No pending QR request for this basket');
    store.requests.delete(pending.request_id);
    return reply.code(204).send();
  });

  // A v2 basket (the shop handed its binding key to InPost's v2 widget) is bound when the phone
  // scans the widget's code: InPost reads the basket from the shop, then confirms the binding.
  app.post('/sandbox/baskets/:basketId/bind', async (request) => {
    const basket = findBasket(request);
    const body = input(request);
    if (basket.binding_key === null) throw new Problem(409, 'NO_BINDING_KEY', 'Only a basket with a v2 binding key is bound this way');
    if (store.isExpired(basket)) throw new Problem(409, 'BASKET_EXPIRED', 'The basket expired');
    if (basket.binding) throw new Problem(409, 'BASKET_IS_BINDED', 'Basket is already bound');
    const binding = person(phoneNumber(body.phone_number), personName(body.name, 'name', DEFAULT_PERSON.name), personName(body.surname, 'surname', DEFAULT_PERSON.surname));
    const read = await caller.call<Basket>('GET', basketPath(basket), undefined, [200], 'basket', basket.basket_id);
    settle(basket, read);
    takeBasket(basket, read.answer!);
    const result = await confirmBinding(basket, binding, { browser_trusted: false, browser_id: null });
    settle(basket, result);
    return { basket_id: basket.basket_id, masked_phone_number: binding.masked_phone_number, callback_status: result.status, basket: view(basket) };
  });

  // ---- The basket in the app ------------------------------------------------------------
  app.post('/sandbox/baskets/:basketId/refresh', async (request) => {
    const basket = findBasket(request);
    input(request);
    const result = await caller.call<Basket>('GET', basketPath(basket), undefined, [200], 'basket', basket.basket_id);
    if (result.ok) takeBasket(basket, result.answer!);
    settle(basket, result);
    return view(basket);
  });

  app.post('/sandbox/baskets/:basketId/quantity', async (request) => {
    const basket = editable(request);
    const body = input(request);
    const line = basket.basket?.products.find((p) => p.product_id === body.product_id);
    if (!line) throw new Problem(404, 'PRODUCT_NOT_FOUND', 'No such product in the basket');
    const quantity = body.quantity;
    const integer = line.quantity.quantity_type === 'INTEGER';
    if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0 || quantity > 10_000 || (integer && !Number.isInteger(quantity))) {
      throw new Problem(400, 'BAD_REQUEST', `quantity must be ${integer ? 'a whole number' : 'a number'} from 0 to 10000`);
    }
    return sendEvent(basket, {
      event_type: 'PRODUCTS_QUANTITY',
      quantity_event_data: [{ product_id: line.product_id, quantity: { quantity }, ...(line.ean ? { ean: line.ean } : {}) }],
    });
  });

  app.post('/sandbox/baskets/:basketId/promo-codes', async (request) => {
    const basket = editable(request);
    const { promo_codes: codes } = input(request);
    if (!Array.isArray(codes) || codes.length > 10 || !codes.every((c) => typeof c === 'string' && /^[\p{L}\p{N}_-]{1,32}$/u.test(c))) {
      throw new Problem(400, 'BAD_REQUEST', 'promo_codes must be up to 10 codes of letters, digits, - and _');
    }
    const known = basket.basket?.promo_codes ?? [];
    const wanted: PromoCode[] = [...new Set(codes as string[])].map(
      (value) => known.find((k) => k.promo_code_value === value) ?? { name: value, promo_code_value: value },
    );
    return sendEvent(basket, { event_type: 'PROMO_CODES', promo_codes_event_data: wanted });
  });

  app.post('/sandbox/baskets/:basketId/related', async (request) => {
    const basket = editable(request);
    const { product_id: productId } = input(request);
    const related = basket.basket?.related_products?.find((p) => p.product_id === productId);
    if (!related) throw new Problem(404, 'PRODUCT_NOT_FOUND', 'No such related product in the basket');
    return sendEvent(basket, {
      event_type: 'RELATED_PRODUCTS',
      related_products_event_data: [{ product_id: related.product_id, quantity: { quantity: 1 }, ...(related.ean ? { ean: related.ean } : {}) }],
    });
  });

  app.delete('/sandbox/baskets/:basketId/binding', async (request, reply) => {
    const basket = findBasket(request);
    if (!basket.binding) throw new Problem(409, 'BASKET_NOT_BOUND', 'The basket is not bound to a phone');
    // InPost removes the binding on its side first, then tells the shop (INPOST-API.md §3 #4).
    basket.binding = null;
    store.dropRequestsOf(basket.basket_id);
    const result = await caller.call('DELETE', `${basketPath(basket)}/binding`, undefined, [200, 204], 'none', basket.basket_id);
    settle(basket, result);
    return reply.code(204).send();
  });

  app.post('/sandbox/baskets/:basketId/expire', async (request) => {
    const basket = findBasket(request);
    input(request);
    basket.expires_at = Date.now();
    store.changed(basket);
    return view(basket);
  });

  // ---- Ordering and paying --------------------------------------------------------------
  app.post('/sandbox/baskets/:basketId/order', async (request) => {
    const body = input(request);
    const paymentStatus = body.payment_status ?? 'AUTHORIZED';
    if (paymentStatus !== 'AUTHORIZED' && paymentStatus !== 'DECLINED') throw new Problem(400, 'BAD_REQUEST', 'payment_status must be AUTHORIZED or DECLINED');
    const found = findBasket(request);
    // A payment declined (or not answered) is tried again on the same order; nothing else is sent again.
    if (found.order && found.order.payment_status !== 'AUTHORIZED' && found.binding) {
      return pay(found as StoredBasket & { binding: Person }, paymentStatus, paymentTypeOf(found, body));
    }
    const basket = editable(request);
    if (!basket.basket || basket.basket.products.length === 0) throw new Problem(409, 'BASKET_EMPTY', 'The basket is empty');
    const order = orderRequest(basket, body);
    const result = await caller.call<Order>('POST', '/v1/izi/order', order, [201], 'order', basket.basket_id);
    if (result.ok) {
      const answer = result.answer!;
      const orderId = answer.order_details.order_id;
      basket.order = {
        order_id: orderId,
        basket_id: basket.basket_id,
        created_at: new Date().toISOString(),
        payment_status: null,
        payment_type: order.order_details.payment_type,
        merchant_status: answer.order_details.order_merchant_status_description,
        order_status: null,
        delivery_references: answer.order_details.delivery_references_list ?? [],
        order: answer,
        shop_events: [],
      };
      remember(store.orders, orderId, basket.basket_id);
    }
    settle(basket, result);
    return pay(basket, paymentStatus, order.order_details.payment_type);
  });

  /** The order as the shop has it now (`GET …/v1/izi/order/{id}`): its status and tracking numbers. */
  app.post('/sandbox/baskets/:basketId/order/refresh', async (request) => {
    const basket = findBasket(request);
    input(request);
    const order = basket.order;
    if (!order) throw new Problem(404, 'ORDER_NOT_FOUND', 'The basket has no order');
    const result = await caller.call<Order>('GET', `/v1/izi/order/${encodeURIComponent(order.order_id)}`, undefined, [200], 'order', basket.basket_id);
    if (result.ok) {
      const details = result.answer!.order_details;
      order.order = result.answer!;
      order.merchant_status = details.order_merchant_status_description;
      order.delivery_references = details.delivery_references_list ?? [];
    }
    settle(basket, result);
    return view(basket);
  });

  function paymentTypeOf(basket: StoredBasket, body: Record<string, unknown>): string {
    const offered = basket.basket?.summary.payment_type?.length ? basket.basket.summary.payment_type : [...PAYMENT_METHODS];
    const chosen = body.payment_type ?? basket.order?.payment_type ?? offered[0];
    if (typeof chosen !== 'string' || !offered.includes(chosen)) throw new Problem(400, 'BAD_REQUEST', `payment_type must be one of ${offered.join(', ')}`);
    return chosen;
  }

  async function pay(basket: StoredBasket & { binding: Person }, status: 'AUTHORIZED' | 'DECLINED', paymentType: string) {
    const order = basket.order!;
    const event: OrderEventIn = {
      event_id: randomUUID(),
      event_data_time: new Date().toISOString(),
      phone_number: basket.binding.phone_number,
      event_data: {
        payment_status: status,
        payment_id: `PAY-${randomBytes(6).toString('hex').toUpperCase()}`,
        payment_reference: `REF-${randomBytes(4).toString('hex').toUpperCase()}`,
        payment_type: paymentType,
      },
    };
    order.payment_type = paymentType;
    const result = await caller.call<OrderEventAnswer>('POST', `/v1/izi/order/${encodeURIComponent(order.order_id)}/event`, event, [200], 'order-event-answer', basket.basket_id);
    if (result.ok) {
      const answer = result.answer!;
      order.payment_status = status;
      order.merchant_status = answer.order_merchant_status_description;
      if (answer.order_status) order.order_status = answer.order_status;
      if (answer.delivery_references_list) order.delivery_references = answer.delivery_references_list;
    }
    settle(basket, result);
    return { order_id: order.order_id, payment_status: order.payment_status, merchant_status: order.merchant_status, callback_status: result.status };
  }

  /** `POST /v1/izi/order` as the app sends it, from the shopper's choices (defaults: first delivery, every consent, first method). */
  function orderRequest(basket: StoredBasket & { binding: Person }, body: Record<string, unknown>): CreateOrderRequest {
    const contents = basket.basket!;
    const options = contents.delivery ?? [];
    const deliveryType = body.delivery_type ?? options[0]?.delivery_type;
    const option = options.find((o) => o.delivery_type === deliveryType);
    if (!option) throw new Problem(400, 'BAD_REQUEST', `delivery_type must be one of ${options.map((o) => o.delivery_type).join(', ') || '(the basket offers no delivery)'}`);
    const codes = body.delivery_codes ?? [];
    if (!Array.isArray(codes) || !codes.every((c) => (option.delivery_options ?? []).some((x) => x.delivery_code_value === c))) {
      throw new Problem(400, 'BAD_REQUEST', 'delivery_codes must be codes of the chosen delivery');
    }
    const consentChoices = isObject(body.consents) ? body.consents : undefined;
    const consents: ConsentAnswer[] = (contents.consents ?? []).map((consent) => {
      const choice = consentChoices ? consentChoices[consent.consent_id] === true : true;
      if (!choice && consent.requirement_type !== 'OPTIONAL') {
        throw new Problem(409, 'CONSENT_REQUIRED', `Consent ${consent.consent_id} is required`);
      }
      return { consent_id: consent.consent_id, consent_version: consent.consent_version, is_accepted: choice };
    });
    const productsGross = gross(contents.summary.basket_final_price ?? contents.summary.basket_base_price);
    const freeFrom = option.free_delivery_minimum_gross_price;
    const deliveryGross = freeFrom !== undefined && productsGross >= amount(freeFrom) ? 0 : gross(option.delivery_price);
    const extrasGross = (option.delivery_options ?? []).filter((x) => codes.includes(x.delivery_code_value)).reduce((sum, x) => sum + gross(x.delivery_option_price), 0);
    const reference = contents.summary.basket_final_price ?? contents.summary.basket_base_price;
    const netShare = gross(reference) > 0 ? amount(reference.net) / gross(reference) : 1 / 1.23;
    const { binding } = basket;
    const delivery: OrderDeliveryChoice = {
      delivery_type: option.delivery_type,
      delivery_codes: codes as string[],
      mail: ACCOUNT.mail,
      phone_number: binding.phone_number,
    };
    if (option.delivery_type === 'APM') {
      const point = body.delivery_point ?? ACCOUNT.locker;
      if (typeof point !== 'string' || !/^[A-Z0-9]{4,12}$/.test(point)) throw new Problem(400, 'BAD_REQUEST', 'delivery_point must be a parcel locker code like WAW01M');
      delivery.delivery_point = point;
    } else if (option.delivery_type === 'COURIER') {
      const given = isObject(body.delivery_address) ? body.delivery_address : {};
      const field = (name: 'address' | 'city' | 'postal_code') => {
        const value = given[name] ?? ACCOUNT.address[name];
        if (typeof value !== 'string' || value.trim() === '' || value.length > 128) throw new Problem(400, 'BAD_REQUEST', `delivery_address.${name} is required`);
        return value.trim();
      };
      delivery.delivery_address = { name: `${binding.name} ${binding.surname}`, country_code: 'PL', address: field('address'), city: field('city'), postal_code: field('postal_code') };
    } else {
      const email = body.digital_delivery_email ?? ACCOUNT.mail;
      if (typeof email !== 'string' || !/^[^@\s]{1,64}@[^@\s]{1,255}$/.test(email)) throw new Problem(400, 'BAD_REQUEST', 'digital_delivery_email must be an e-mail address');
      delivery.digital_delivery_email = email;
    }
    return {
      order_details: {
        basket_id: basket.basket_id,
        currency: contents.summary.currency,
        basket_price: priceOf(money(productsGross + deliveryGross + extrasGross), netShare),
        payment_type: paymentTypeOf(basket, body),
        // What the shop put in the basket comes back with the order (PrestaShop reads its cart id from it).
        ...(contents.summary.basket_additional_parameters ? { basket_additional_parameters: contents.summary.basket_additional_parameters } : {}),
      },
      account_info: {
        name: binding.name,
        surname: binding.surname,
        phone_number: binding.phone_number,
        mail: ACCOUNT.mail,
        client_address: ACCOUNT.address,
      },
      delivery,
      consents,
    };
  }

  // ---- Trusted browsers, keys, settings -------------------------------------------------
  app.put('/sandbox/browsers/:browserId/trust', async (request) => {
    const browserId = checkId((request.params as { browserId: string }).browserId, 'browser_id');
    const body = input(request);
    const phone = body.phone_number === undefined ? DEFAULT_PHONE : phoneNumber(body.phone_number);
    const binding = person(phone, personName(body.name, 'name', DEFAULT_PERSON.name), personName(body.surname, 'surname', DEFAULT_PERSON.surname));
    remember(store.trustedBrowsers, browserId, binding);
    return { browser_id: browserId, masked_phone_number: binding.masked_phone_number };
  });

  app.delete('/sandbox/browsers/:browserId/trust', async (request, reply) => {
    const browserId = checkId((request.params as { browserId: string }).browserId, 'browser_id');
    store.trustedBrowsers.delete(browserId);
    return reply.code(204).send();
  });

  app.post('/sandbox/keys/rotate', async (request) => {
    input(request);
    return { version: keys.rotate(), signing_keys: keys.describe() };
  });

  app.put('/sandbox/settings', async (request) => {
    const body = input(request);
    const ttl = body.basket_ttl_seconds;
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 30 * 86_400)) {
      throw new Problem(400, 'BAD_REQUEST', 'basket_ttl_seconds must be a whole number from 1 to 2592000');
    }
    const unavailable = body.phone_binding_unavailable;
    if (unavailable !== undefined && typeof unavailable !== 'boolean') throw new Problem(400, 'BAD_REQUEST', 'phone_binding_unavailable must be a boolean');
    const qrTtl = body.qr_ttl_seconds;
    if (qrTtl !== undefined && (typeof qrTtl !== 'number' || !Number.isInteger(qrTtl) || qrTtl < 1 || qrTtl > 86_400)) {
      throw new Problem(400, 'BAD_REQUEST', 'qr_ttl_seconds must be a whole number from 1 to 86400');
    }
    if (qrTtl !== undefined) store.settings.qr_ttl_seconds = qrTtl;
    if (ttl !== undefined) store.settings.basket_ttl_seconds = ttl;
    if (unavailable !== undefined) store.settings.phone_binding_unavailable = unavailable;
    return store.settings;
  });
}
