/**
 * The demo shop's InPost Pay endpoints: what the page's izi callbacks call, and what InPost Pay
 * calls back. The visitor is always the one of the session cookie; no basket id is ever taken
 * from the client. POST bodies must be JSON (`content-type: application/json`), which a
 * cross-site form cannot send; errors are `{error_code, error_message}` with a 4xx/5xx status.
 *
 * Page callbacks:
 * - `POST /api/izi/can-be-bound` `{productId?, size?}` → `{canBeBound}`. The first call per visitor
 *   also asks InPost Pay whether the basket is linked and the browser trusted.
 * - `POST /api/izi/add-to-cart` `{productId, size?}` → `{basket_linked, browser_trusted, masked_phone_number, count}`.
 *   Adds one item and PUTs the basket to InPost Pay (with `browser_id` when the browser is trusted,
 *   which binds the basket at once).
 * - `POST /api/izi/pay-data` `{prefix?, phoneNumber?, bindingPlace}` → with a phone `[]` (InPost Pay
 *   asks the app); without one `{qr_code: 'data:image/png;base64,...', deep_link, deep_link_hms}`.
 * - `GET  /api/izi/is-bound` → long poll (up to ~25 s): `{status: 'SUCCESS', inpost_basket_id,
 *   phone_number: {country_prefix, phone}, browser: {browser_trusted, browser_id}, masked_phone_number,
 *   name, surname, count}`, or 409 `{status: 'REJECT'}`, or `{status: 'PENDING'}` (ask again).
 * - `POST /api/izi/binding-delete` `{}` → 204 after DELETE basket binding, then DELETE browser binding.
 * - `GET  /api/izi/order-complete` → at once: `{}` (nothing yet), `{action: 'redirect', redirect: '/thank-you'}`
 *   once the order is placed, `{action: 'refresh'}` if the basket was unlinked elsewhere.
 * - `GET  /api/izi/order-socket` (WebSocket) → pushes `{"action":"redirect","redirect":"/thank-you"}`.
 * - `GET  /api/izi/mobile-link` → `{link: 'inpostsandbox://izilink?basket_id=...'}`.
 *
 * The shop's own cart forms (work without JavaScript; answer 303 to the page):
 * - `POST /cart/add` (form: `productId`, `size?`) → back to the product list; PUTs the basket too.
 * - `POST /cart/clear` → back to the basket page; PUTs the empty basket.
 *
 * QA only (registered when the shop knows the sandbox's simulator URL):
 * - `POST /api/qa/browser-trust` `{trusted: boolean}` → `{browser_trusted}`: marks this visitor's
 *   browser trusted or untrusted in the sandbox.
 *
 * InPost Pay callbacks (signed; see `src/merchant/signature.ts`):
 * - `POST /inpost/basket/:basketId/confirmation` `{status, inpost_basket_id, phone_number, browser, masked_phone_number, name, surname}`
 * - `POST /inpost/order` `{basket_id, order_id, ...}`
 */
import { createPublicKey } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../http.js';
import {
  BINDING_PLACES,
  InpostPayApiError,
  InpostPayNetworkError,
  verifySignedRequest,
  type BindingConfirmation,
  type InpostPayClient,
} from '../../src/merchant/index.js';
import { isBindingPlace, PHONE_NUMBER_PATTERN, PHONE_PREFIX_PATTERN } from '../../src/merchant/types.js';
import { cartCount, findProduct, toInpostBasket } from './catalog.js';
import {
  applyBindingStatus,
  setLinked,
  setUnlinked,
  wakeWaiters,
  type Visitor,
  type VisitorStore,
} from './visitors.js';

/** What the routes need from the server. */
export interface IziRouteDeps {
  client: InpostPayClient;
  visitors: VisitorStore;
  /** The visitor of this request (created, with cookies set, when new). */
  visitorOf(request: FastifyRequest, reply: FastifyReply): Visitor;
  /** The visitor of this request, or undefined (never creates one). */
  existingVisitorOf(request: FastifyRequest): Visitor | undefined;
  shopUrl(): string;
  inpostPublicKey: string;
  merchantId: string;
  longPollMs: number;
  remoteCheckMs: number;
  deepLinkScheme: string;
  qaSandboxUrl?: string;
}

const bad = (message: string) => new Problem(400, 'BAD_REQUEST', message);

function body(request: FastifyRequest): Record<string, unknown> {
  // No body at all is an empty request; an explicit `null` is not an object.
  const value = request.body === undefined ? {} : request.body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

function productArgs(input: Record<string, unknown>, required: boolean) {
  const { productId, size } = input;
  if (productId === undefined || productId === null || productId === '') {
    if (required) throw bad('productId is required');
    return { product: undefined, size: undefined };
  }
  if (typeof productId !== 'string' || productId.length > 64) throw bad('productId must be a short string');
  const product = findProduct(productId);
  if (!product) throw new Problem(404, 'PRODUCT_NOT_FOUND', 'No such product');
  if (size !== undefined && size !== null && size !== '' && (typeof size !== 'string' || !product.sizes?.includes(size))) {
    throw bad('size is not one of the sizes of this product');
  }
  return { product, size: typeof size === 'string' && size !== '' ? size : undefined };
}

/** Maps a client error to what the page sees: InPost's 4xx pass through, the rest is a gateway error. */
function fromInpost(error: unknown): Problem {
  if (error instanceof InpostPayApiError) {
    const passThrough = [400, 404, 409, 422].includes(error.status);
    return new Problem(passThrough ? error.status : 502, error.errorCode, error.errorMessage);
  }
  if (error instanceof InpostPayNetworkError) return new Problem(504, 'INPOST_UNAVAILABLE', 'InPost Pay did not answer');
  return new Problem(500, 'INTERNAL_ERROR', 'Internal error');
}

export async function registerIziRoutes(app: FastifyInstance, deps: IziRouteDeps): Promise<void> {
  const { client, visitors } = deps;

  /** The seed's first step: is the basket linked, is the browser trusted? Once per visitor. */
  async function checkAtInpost(visitor: Visitor): Promise<void> {
    if (visitor.checkedAtInpost) return;
    applyBindingStatus(visitor, await client.getBasketBinding(visitor.basketId, visitor.browserId));
  }

  /** PUTs the cart; a trusted browser's basket gets bound on the way, so re-read the binding then. */
  async function syncBasket(visitor: Visitor): Promise<void> {
    const sendBrowser = visitor.trusted && !visitor.linked;
    const result = await client.putBasket(
      visitor.basketId,
      toInpostBasket(visitor.cart, deps.shopUrl(), sendBrowser ? visitor.browserId : undefined),
    );
    visitor.syncedAtInpost = true;
    visitor.inpostBasketId = result.inpost_basket_id;
    if (sendBrowser) applyBindingStatus(visitor, await client.getBasketBinding(visitor.basketId, visitor.browserId));
  }

  function linkedAnswer(visitor: Visitor) {
    return {
      status: 'SUCCESS' as const,
      inpost_basket_id: visitor.inpostBasketId,
      phone_number: visitor.phoneNumber,
      browser: { browser_trusted: visitor.trusted, browser_id: visitor.browserId },
      masked_phone_number: visitor.maskedPhoneNumber,
      name: visitor.name,
      surname: visitor.surname,
      count: cartCount(visitor.cart),
    };
  }

  app.post('/api/izi/can-be-bound', async (request, reply) => {
    const { product, size } = productArgs(body(request), false);
    const visitor = deps.visitorOf(request, reply);
    try {
      await checkAtInpost(visitor);
    } catch (error) {
      // The shop can still sell; the binding steps report InPost Pay's trouble themselves.
      request.log.warn({ err: error }, 'InPost Pay binding check failed');
    }
    if (!product) return { canBeBound: cartCount(visitor.cart) > 0 };
    return { canBeBound: !product.sizes || size !== undefined };
  });

  app.post('/api/izi/add-to-cart', async (request, reply) => {
    const { product, size } = productArgs(body(request), true);
    if (product!.sizes && !size) throw new Problem(400, 'SIZE_REQUIRED', 'Choose a size first');
    const visitor = deps.visitorOf(request, reply);
    addToCart(visitor, product!.id, size);
    try {
      await checkAtInpost(visitor);
      await syncBasket(visitor);
    } catch (error) {
      visitor.syncedAtInpost = false;
      throw fromInpost(error);
    }
    return {
      basket_linked: visitor.linked,
      browser_trusted: visitor.trusted,
      masked_phone_number: visitor.maskedPhoneNumber,
      count: cartCount(visitor.cart),
    };
  });

  /** The shop's own cart change: the basket at InPost Pay follows, but a failure there must not break the shop. */
  async function syncQuietly(request: FastifyRequest, visitor: Visitor): Promise<void> {
    try {
      await checkAtInpost(visitor);
      await syncBasket(visitor);
    } catch (error) {
      visitor.syncedAtInpost = false;
      request.log.warn({ err: error }, 'InPost Pay basket update failed');
    }
  }

  app.post('/cart/add', async (request, reply) => {
    const { product, size } = productArgs(body(request), true);
    const visitor = deps.visitorOf(request, reply);
    if (!product!.sizes || size) {
      addToCart(visitor, product!.id, size);
      await syncQuietly(request, visitor);
    }
    return reply.redirect(`/#${product!.id}`, 303);
  });

  app.post('/cart/clear', async (request, reply) => {
    const visitor = deps.visitorOf(request, reply);
    if (visitor.cart.length > 0) {
      visitor.cart = [];
      visitor.syncedAtInpost = false;
      await syncQuietly(request, visitor);
    }
    return reply.redirect('/basket', 303);
  });

  app.post('/api/izi/pay-data', async (request, reply) => {
    const input = body(request);
    const place = input.bindingPlace;
    if (!isBindingPlace(place)) {
      throw bad(`bindingPlace must be one of ${BINDING_PLACES.join(', ')}`);
    }
    let phone: { country_prefix: string; phone: string } | undefined;
    if (input.phoneNumber !== undefined && input.phoneNumber !== null && input.phoneNumber !== '') {
      const prefix = input.prefix ?? '+48';
      if (typeof prefix !== 'string' || !PHONE_PREFIX_PATTERN.test(prefix)) throw bad('prefix must look like +48');
      if (typeof input.phoneNumber !== 'string' || input.phoneNumber.length > 32) throw bad('phoneNumber must be a string');
      const digits = input.phoneNumber.replace(/[\s-]/g, '');
      if (!PHONE_NUMBER_PATTERN.test(digits)) throw new Problem(400, 'INVALID_PHONE_NUMBER', 'phoneNumber must be 6 to 15 digits');
      phone = { country_prefix: prefix, phone: digits };
    }
    const visitor = deps.visitorOf(request, reply);
    if (cartCount(visitor.cart) === 0) throw new Problem(409, 'BASKET_EMPTY', 'The basket is empty');
    visitor.confirmation = null;
    const browser = {
      browser_id: visitor.browserId,
      user_agent: String(request.headers['user-agent'] ?? '').slice(0, 512),
      description: 'Demo shop browser',
      platform: '',
      architecture: '',
      data_time: new Date().toISOString(),
      customer_ip: request.ip,
      port: String(request.socket.remotePort ?? ''),
    };
    try {
      if (!visitor.syncedAtInpost) await syncBasket(visitor);
      if (phone) {
        if (!visitor.linked) {
          await client.createBinding(visitor.basketId, { binding_method: 'PHONE', binding_place: place, phone_number: phone, browser });
        }
        return [];
      }
      const link = await client.createBinding(visitor.basketId, { binding_method: 'DEEP_LINK', binding_place: place, browser });
      // InPost Pay answers the QR code as a base64 PNG; the widget takes it as a data URL.
      return { qr_code: `data:image/png;base64,${link.qr_code}`, deep_link: link.deep_link, deep_link_hms: link.deep_link_hms };
    } catch (error) {
      if (error instanceof InpostPayApiError && error.errorCode === 'BASKET_IS_BINDED') {
        // Bound meanwhile (another tab, the app): learn to which phone, so is-bound answers at once.
        await client.getBasketBinding(visitor.basketId, visitor.browserId).then(
          (status) => applyBindingStatus(visitor, status),
          () => undefined,
        );
      }
      throw fromInpost(error);
    }
  });

  app.get('/api/izi/is-bound', async (request, reply) => {
    const visitor = deps.visitorOf(request, reply);
    const answer = () => {
      if (visitor.linked) return linkedAnswer(visitor);
      if (visitor.confirmation?.status === 'REJECT') return 'REJECT' as const;
      return undefined;
    };
    let result = answer();
    if (result === undefined) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          visitor.waiters.delete(done);
          request.raw.off('close', done);
          resolve();
        };
        const timer = setTimeout(done, deps.longPollMs);
        visitor.waiters.add(done);
        request.raw.on('close', done);
      });
      result = answer();
    }
    if (result === 'REJECT') return reply.code(409).send({ status: 'REJECT' });
    return result ?? { status: 'PENDING' };
  });

  app.post('/api/izi/binding-delete', async (request, reply) => {
    body(request);
    const visitor = deps.visitorOf(request, reply);
    try {
      await client.deleteBasketBinding(visitor.basketId).catch((error: unknown) => {
        // Already unbound (or never sent): the goal of this step is reached.
        if (error instanceof InpostPayApiError && (error.errorCode === 'BASKET_NOT_BOUND' || error.errorCode === 'BASKET_NOT_FOUND')) return;
        throw error;
      });
      await client.deleteBrowserBinding(visitor.browserId);
    } catch (error) {
      throw fromInpost(error);
    }
    setUnlinked(visitor);
    visitor.trusted = false;
    visitor.confirmation = null;
    return reply.code(204).send();
  });

  app.get('/api/izi/order-complete', async (request, reply) => {
    const visitor = deps.visitorOf(request, reply);
    if (visitor.redirect) return { action: 'redirect', redirect: visitor.redirect };
    if (visitor.linked && Date.now() - visitor.lastRemoteCheck >= deps.remoteCheckMs) {
      // No callback tells the shop that the shopper removed the basket in the app: look now and then.
      try {
        const status = await client.getBasketBinding(visitor.basketId, visitor.browserId);
        applyBindingStatus(visitor, status);
        if (!status.basket_linked) return { action: 'refresh' };
      } catch (error) {
        request.log.warn({ err: error }, 'InPost Pay binding check failed');
      }
    }
    return {};
  });

  app.get('/api/izi/order-socket', { websocket: true }, (socket, request) => {
    const visitor = deps.existingVisitorOf(request);
    if (!visitor) {
      socket.close(1008, 'no session');
      return;
    }
    visitor.sockets.add(socket);
    socket.on('close', () => visitor.sockets.delete(socket));
    if (visitor.redirect) socket.send(JSON.stringify({ action: 'redirect', redirect: visitor.redirect }));
  });

  app.get('/api/izi/mobile-link', async (request, reply) => {
    const visitor = deps.visitorOf(request, reply);
    const basket = encodeURIComponent(visitor.inpostBasketId ?? visitor.basketId);
    return { link: `${deps.deepLinkScheme}://izilink?basket_id=${basket}` };
  });

  if (deps.qaSandboxUrl) {
    const sandboxUrl = deps.qaSandboxUrl;
    app.post('/api/qa/browser-trust', async (request, reply) => {
      const { trusted } = body(request);
      if (typeof trusted !== 'boolean') throw bad('trusted must be a boolean');
      const visitor = deps.visitorOf(request, reply);
      let response: Response;
      try {
        response = await fetch(`${sandboxUrl}/sandbox/browsers/${encodeURIComponent(visitor.browserId)}/trust`, {
          method: trusted ? 'PUT' : 'DELETE',
          headers: trusted ? { 'content-type': 'application/json' } : {},
          body: trusted ? '{}' : undefined,
          signal: AbortSignal.timeout(5000),
        });
      } catch (error) {
        throw new Problem(502, 'SANDBOX_ERROR', `Sandbox unreachable: ${(error as Error).message}`);
      }
      await response.body?.cancel();
      if (!response.ok) throw new Problem(502, 'SANDBOX_ERROR', `Sandbox answered ${response.status}`);
      try {
        applyBindingStatus(visitor, await client.getBasketBinding(visitor.basketId, visitor.browserId));
      } catch (error) {
        throw fromInpost(error);
      }
      return { browser_trusted: visitor.trusted };
    });
  }

  // ---- InPost Pay callbacks: signed, raw body kept for the signature ---------------------
  await app.register(async (inpost) => {
    inpost.removeContentTypeParser('application/json');
    inpost.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
      (request as FastifyRequest & { rawBody?: string }).rawBody = raw as string;
      try {
        done(null, JSON.parse(raw as string));
      } catch {
        done(new Problem(400, 'MALFORMED_REQUEST', 'Invalid JSON'), undefined);
      }
    });
    inpost.addHook('preHandler', async (request) => {
      const check = verifySignedRequest({
        body: (request as FastifyRequest & { rawBody?: string }).rawBody ?? '',
        headers: request.headers,
        merchantExternalId: deps.merchantId,
        publicKey: createPublicKey(deps.inpostPublicKey),
      });
      if (!check.ok) throw new Problem(401, 'INVALID_SIGNATURE', `Signature refused: ${check.problem}`);
    });

    inpost.post('/inpost/basket/:basketId/confirmation', async (request) => {
      const { basketId } = request.params as { basketId: string };
      const input = body(request);
      const visitor = visitors.byBasketId(basketId);
      if (!visitor) throw new Problem(404, 'BASKET_NOT_FOUND', 'Unknown basket');
      if (input.status !== 'SUCCESS' && input.status !== 'REJECT') throw bad('status must be SUCCESS or REJECT');
      const confirmation = input as unknown as BindingConfirmation;
      if (input.status === 'SUCCESS') {
        const phone = input.phone_number as Record<string, unknown> | null;
        const browser = input.browser as Record<string, unknown> | null;
        if (typeof input.masked_phone_number !== 'string' || typeof phone?.phone !== 'string' || typeof phone.country_prefix !== 'string') {
          throw bad('phone_number and masked_phone_number are required for SUCCESS');
        }
        setLinked(visitor, {
          phone_number: { country_prefix: phone.country_prefix, phone: phone.phone },
          masked_phone_number: input.masked_phone_number,
          name: typeof input.name === 'string' ? input.name : null,
          surname: typeof input.surname === 'string' ? input.surname : null,
        });
        visitor.inpostBasketId = typeof input.inpost_basket_id === 'string' ? input.inpost_basket_id : visitor.inpostBasketId;
        visitor.trusted = browser?.browser_trusted === true;
        visitor.lastRemoteCheck = Date.now();
      }
      visitor.confirmation = confirmation;
      wakeWaiters(visitor);
      return {};
    });

    inpost.post('/inpost/order', async (request) => {
      const input = body(request);
      if (typeof input.basket_id !== 'string' || typeof input.order_id !== 'string') throw bad('basket_id and order_id are required');
      const visitor = visitors.byBasketId(input.basket_id);
      if (!visitor) throw new Problem(404, 'BASKET_NOT_FOUND', 'Unknown basket');
      visitor.lastOrder = { orderId: input.order_id.slice(0, 64), lines: visitor.cart };
      visitor.redirect = '/thank-you';
      visitors.startNewBasket(visitor);
      const message = JSON.stringify({ action: 'redirect', redirect: visitor.redirect });
      for (const socket of visitor.sockets) socket.send(message);
      return {};
    });
  });
}

/** Adds one item of a product (in a size) to the visitor's cart. */
function addToCart(visitor: Visitor, productId: string, size: string | undefined): void {
  const line = visitor.cart.find((item) => item.productId === productId && item.size === size);
  if (line) line.quantity = Math.min(99, line.quantity + 1);
  else if (visitor.cart.length < 50) visitor.cart.push({ productId, size, quantity: 1 });
  visitor.syncedAtInpost = false;
}
