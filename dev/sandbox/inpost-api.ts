import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { Problem } from '../http.js';
import type { BasketBindingStatus, OrderEventOut, PaymentMethods, PutBasketResult } from '../../src/merchant/types.js';
import { problemsOf } from './answers.js';
import type { SigningKeyRing } from './keys.js';
import { remember, type SandboxStore, type StoredBasket } from './store.js';
import { basketBody, bindingBody, checkId, isObject } from './validation.js';

/**
 * The calls a shop makes to InPost Pay (INPOST-API.md §2), at their real paths, with a bearer
 * token from the token endpoint. Error bodies are `{error_code, error_message}` with the codes of
 * §6. InPost's documentation shows codes, not statuses; the statuses here are ours: 404 for the
 * `*_NOT_FOUND` codes, 409 for a basket in the wrong state (bound, not bound, expired), 400 for a
 * request InPost cannot serve as asked.
 */

export interface InpostApiDeps {
  store: SandboxStore;
  keys: SigningKeyRing;
  /** Checks the bearer token; throws a 401 Problem. */
  authorize(request: FastifyRequest): void;
  deepLinkScheme: string;
}

/** Methods InPost Pay offers in the app (`GET /v1/izi/payment-methods`). */
export const PAYMENT_METHODS = ['BLIK_CODE', 'CARD', 'GOOGLE_PAY', 'APPLE_PAY', 'PAY_BY_LINK', 'DEFERRED_PAYMENT'] as const;

const notFound = () => new Problem(404, 'BASKET_NOT_FOUND', 'Basket not found');
const expired = () => new Problem(409, 'BASKET_EXPIRED', 'The basket expired; create a new basket');

export async function registerInpostApi(app: FastifyInstance, deps: InpostApiDeps): Promise<void> {
  const { store, keys } = deps;

  const basketIdOf = (request: FastifyRequest) => checkId((request.params as { basketId: string }).basketId, 'basket_id');

  /** The basket at `:basketId`; unknown → BASKET_NOT_FOUND, expired → BASKET_EXPIRED. */
  function liveBasket(request: FastifyRequest): StoredBasket {
    const basket = store.baskets.get(basketIdOf(request));
    if (!basket) throw notFound();
    if (store.isExpired(basket)) throw expired();
    return basket;
  }

  function newBasket(basketId: string): StoredBasket {
    const basket: StoredBasket = {
      basket_id: basketId,
      inpost_basket_id: randomUUID(),
      basket: null,
      binding: null,
      binding_key: null,
      expires_at: 0,
      order: null,
      notice: null,
      problem: null,
      version: 0,
      updated_at: '',
    };
    remember(store.baskets, basketId, basket);
    return basket;
  }

  await app.register(async (api) => {
    api.addHook('onRequest', async (request) => deps.authorize(request));

    // ---- v1: basket, binding by phone or QR, trusted browsers -----------------------------
    api.put('/v1/izi/basket/:basketId', async (request): Promise<PutBasketResult> => {
      const basketId = basketIdOf(request);
      const body = basketBody(request.body, 1);
      const { browser_id: browserId, ...contents } = body;
      const trusted = browserId === undefined ? undefined : store.trustedBrowsers.get(browserId);
      if (browserId !== undefined && !trusted) throw new Problem(404, 'BROWSER_NOT_FOUND', 'No trusted browser with this browser_id');
      const existing = store.baskets.get(basketId);
      if (existing && store.isExpired(existing)) throw expired();
      const basket = existing ?? newBasket(basketId);
      basket.basket = contents;
      basket.notice = null;
      // A trusted browser binds the basket to its phone at once (the seed's first flow).
      if (trusted && !basket.binding) {
        basket.binding = { ...trusted };
        store.dropRequestsOf(basketId);
      }
      store.touch(basket);
      return { inpost_basket_id: basket.inpost_basket_id };
    });

    api.get('/v1/izi/basket/:basketId/binding', async (request): Promise<BasketBindingStatus> => {
      const basketId = basketIdOf(request);
      const query = request.query as Record<string, unknown>;
      const browserId = query.browser_id === undefined ? undefined : checkId(query.browser_id, 'browser_id');
      const basket = store.baskets.get(basketId);
      if (basket && store.isExpired(basket)) throw expired();
      const trusted = browserId ? store.trustedBrowsers.get(browserId) : undefined;
      // An unknown basket is simply "not linked": the shop asks before it ever PUT the basket.
      const details = basket?.binding ?? trusted ?? null;
      return {
        basket_linked: Boolean(basket?.binding),
        browser_trusted: Boolean(trusted),
        inpost_basket_id: basket?.inpost_basket_id ?? null,
        client_details: details && {
          phone_number: details.phone_number,
          masked_phone_number: details.masked_phone_number,
          name: details.name,
          surname: details.surname,
        },
      };
    });

    api.post('/v1/izi/basket/:basketId/binding', async (request, reply) => {
      const body = bindingBody(request.body);
      const basket = liveBasket(request);
      if (basket.binding) throw new Problem(409, 'BASKET_IS_BINDED', 'Basket is already bound');
      if (body.binding_method === 'PHONE' && store.settings.phone_binding_unavailable) {
        throw new Problem(400, 'PHONE_BINDING_METHOD_UNAVAILABLE', 'Binding by phone number is not available now; use the QR code');
      }
      // One pending request per basket: a new one replaces the old.
      store.dropRequestsOf(basket.basket_id);
      const requestId = randomUUID();
      remember(store.requests, requestId, {
        request_id: requestId,
        basket_id: basket.basket_id,
        binding_method: body.binding_method,
        binding_place: body.binding_place ?? null,
        phone_number: body.phone_number ?? null,
        browser: body.browser,
        created_at: new Date().toISOString(),
        expires_at: body.binding_method === 'DEEP_LINK' ? store.qrExpiry() : null,
      });
      store.touch(basket);
      if (body.binding_method === 'PHONE') return reply.code(202).send();
      const query = `basket_id=${encodeURIComponent(basket.inpost_basket_id)}&binding_id=${requestId}`;
      const deepLink = `${deps.deepLinkScheme}://izilink?${query}`;
      const qr = await QRCode.toDataURL(deepLink);
      return {
        qr_code: qr.replace(/^data:image\/png;base64,/, ''),
        deep_link: deepLink,
        deep_link_hms: `${deps.deepLinkScheme}-hms://izilink?${query}`,
      };
    });

    api.delete('/v1/izi/basket/:basketId/binding', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const flag = query.if_basket_realized;
      if (flag !== undefined && flag !== '1' && flag !== '0' && flag !== 'true' && flag !== 'false') {
        throw new Problem(400, 'BAD_REQUEST', 'if_basket_realized must be 1 or 0');
      }
      const basket = liveBasket(request);
      if (!basket.binding) throw new Problem(409, 'BASKET_NOT_BOUND', 'Basket is not bound');
      const onlyIfRealized = flag === '1' || flag === 'true';
      if (!onlyIfRealized || basket.order) {
        basket.binding = null;
        store.changed(basket);
      }
      return reply.code(204).send();
    });

    api.delete('/v1/izi/browser/:browserId/binding', async (request, reply) => {
      const browserId = checkId((request.params as { browserId: string }).browserId, 'browser_id');
      if (!store.trustedBrowsers.delete(browserId)) throw new Problem(404, 'BROWSER_NOT_FOUND', 'No trusted browser with this browser_id');
      return reply.code(204).send();
    });

    // ---- v2: the basket is created by its binding key and updated while bound --------------
    api.put('/v2/izi/basket/:basketId/binding', async (request) => {
      const basketId = basketIdOf(request);
      const existing = store.baskets.get(basketId);
      if (existing && store.isExpired(existing)) throw expired();
      const basket = existing ?? newBasket(basketId);
      basket.binding_key ??= randomBytes(24).toString('base64url');
      store.touch(basket);
      return { basket_binding_api_key: basket.binding_key };
    });

    api.put('/v2/izi/basket/:basketId', async (request): Promise<PutBasketResult> => {
      const body = basketBody(request.body, 2);
      const basket = liveBasket(request);
      if (!basket.binding) throw new Problem(409, 'BASKET_NOT_BOUND', 'Basket is not bound');
      basket.basket = body;
      basket.notice = null;
      store.touch(basket);
      return { inpost_basket_id: basket.inpost_basket_id };
    });

    // ---- Both: order events, signing keys, payment methods -----------------------------------
    api.post('/v1/izi/order/:orderId/event', async (request, reply) => {
      const orderId = (request.params as { orderId: string }).orderId;
      const found = typeof orderId === 'string' && orderId.length <= 128 ? store.order(orderId) : undefined;
      if (!found) throw new Problem(404, 'ORDER_NOT_FOUND', 'Order not found');
      const body = request.body;
      if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
      const problems = problemsOf('order-event-out', body);
      if (problems.length) throw new Problem(400, 'BAD_REQUEST', problems.join('; '));
      const event = body as unknown as OrderEventOut;
      const data = event.event_data;
      const status = data.order_status;
      const { order, basket } = found;
      // A closed order takes no more status changes.
      if (status && (order.order_status === 'ORDER_COMPLETED' || order.order_status === 'ORDER_REJECTED') && status !== order.order_status) {
        throw new Problem(409, 'STATUS_ORDER_ERROR', `The order is already ${order.order_status}`);
      }
      if (status) order.order_status = status;
      if (data.order_merchant_status_description !== undefined) order.merchant_status = data.order_merchant_status_description;
      if (data.delivery_references_list) order.delivery_references = data.delivery_references_list;
      order.shop_events.push(event);
      if (order.shop_events.length > 50) order.shop_events.shift();
      store.changed(basket);
      // InPost answers 201 though its documentation says 200 (INPOST-API.md §2 H).
      return reply.code(201).send();
    });

    api.get('/v1/izi/signing-keys/public', async () => keys.all());

    api.get('/v1/izi/signing-keys/public/:version', async (request) => {
      const key = keys.byVersion(String((request.params as { version: string }).version));
      if (!key) throw new Problem(404, 'PUBLIC_KEY_NOT_FOUND', 'No public key with this version');
      return key;
    });

    api.get('/v1/izi/payment-methods', async (): Promise<PaymentMethods> => ({ payment_type: [...PAYMENT_METHODS] }));
  });
}
