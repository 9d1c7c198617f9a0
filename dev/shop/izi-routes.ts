/**
 * The demo shop's endpoints for its own pages: what the page's izi callbacks call, the page
 * pushes (long poll and WebSocket) and the cart forms. The visitor is always the one of the
 * session cookie; no basket id is ever taken from the client. POST bodies of `/api/` routes must be
 * JSON (`content-type: application/json`), which a cross-site form cannot send; errors are
 * `{error_code, error_message}` with a 4xx/5xx status. Nothing a browser gets carries more of the
 * shopper than the masked phone number and the count.
 *
 * Page callbacks:
 * - `POST /api/izi/can-be-bound` `{productId?, details?: {size?}}` → `{canBeBound}`. The first call per visitor
 *   also asks InPost Pay whether the basket is linked and the browser trusted.
 * - `POST /api/izi/add-to-cart` `{productId, details?: {size?}}` → `{basket_linked, browser_trusted, masked_phone_number, count}`.
 *   Adds one item and PUTs the basket to InPost Pay (with `browser_id` when the browser is trusted,
 *   which binds the basket at once).
 * - `POST /api/izi/pay-data` `{prefix?, phoneNumber?, bindingPlace}` → with a phone `[]` (InPost Pay
 *   asks the app); without one `{qr_code: 'data:image/png;base64,...', deep_link, deep_link_hms}`.
 *   Limited per session, per address and per phone number: 429 `TOO_MANY_REQUESTS` with `Retry-After`.
 * - `GET  /api/izi/is-bound` → long poll: `{status: 'SUCCESS', masked_phone_number, count}`, or 409
 *   `{status: 'REJECT'}`, or `{status: 'PENDING'}` (ask again).
 * - `POST /api/izi/binding-delete` `{}` → 204 after DELETE basket binding, then DELETE browser binding.
 * - `GET  /api/izi/order-complete[?since=<version>]` → `{action: 'redirect', redirect: '/thank-you'}` once
 *   the order is placed; else `{state: {version, basket_linked, masked_phone_number, count}}`. With
 *   `since`, a long poll: it answers when the state's version differs from `since` (a change made in
 *   the app, the order) or after `longPollMs` with the same state.
 * - `GET  /api/izi/order-socket` (WebSocket, same origin only) → pushes the same messages: `{state}`
 *   on every change, `{action: 'redirect', redirect}` once the order is placed.
 * - `GET  /api/izi/mobile-link` → `{link: 'inpostsandbox://izilink?basket_id=...'}`.
 *
 * The shop's own cart forms (work without JavaScript; answer 303 to the page):
 * - `POST /cart/add` (`productId`, `size?`), `POST /cart/clear`, `POST /cart/quantity` (`productId`
 *   as InPost Pay knows it, `quantity`), `POST /cart/promo` (`code`), `POST /cart/promo/remove` (`code`).
 *
 * QA only (registered when the shop knows the sandbox's simulator URL):
 * - `POST /api/qa/browser-trust` `{trusted: boolean}` → `{browser_trusted}`: marks this visitor's
 *   browser trusted or untrusted in the sandbox.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Problem } from '../http.js';
import {
  BINDING_PLACES,
  InpostPayApiError,
  InpostPayNetworkError,
  type InpostPayClient,
} from '../../src/merchant/index.js';
import { isBindingPlace, PHONE_NUMBER_PATTERN, PHONE_PREFIX_PATTERN } from '../../src/merchant/types.js';
import { findProduct } from './catalog.js';
import { MAX_QUANTITY, toInpostBasket } from './basket.js';
import type { BindingRequestLimits } from './rate-limit.js';
import {
  applyBindingStatus,
  publish,
  setUnlinked,
  watchMessage,
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
  longPollMs: number;
  deepLinkScheme: string;
  qaSandboxUrl?: string;
  bindingLimits: BindingRequestLimits;
  /** Long polls one visitor may hold open at once. */
  maxLongPolls: number;
  /** Order-watch WebSockets one visitor may hold open at once. */
  maxSockets: number;
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
  const { productId, details } = input;
  // The widget's `endpoint` option sends the product's details (`{size}`); the shop's forms send `size`.
  const size = input.size ?? (typeof details === 'object' && details !== null ? (details as Record<string, unknown>).size : undefined);
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

/** Errors of the basket PUT after which InPost Pay no longer holds the binding (INPOST-API.md §2 A). */
const BINDING_GONE = new Set(['BASKET_NOT_FOUND', 'BASKET_EXPIRED', 'BASKET_NOT_BOUND', 'BROWSER_NOT_FOUND']);

export async function registerIziRoutes(app: FastifyInstance, deps: IziRouteDeps): Promise<void> {
  const { client } = deps;

  /** The seed's first step: is the basket linked, is the browser trusted? Once per visitor. */
  async function checkAtInpost(visitor: Visitor): Promise<void> {
    if (visitor.checkedAtInpost) return;
    applyBindingStatus(visitor, await client.getBasketBinding(visitor.basketId, visitor.browserId));
  }

  /** PUTs the cart; a trusted browser's basket gets bound on the way, so re-read the binding then. */
  async function syncBasket(visitor: Visitor): Promise<void> {
    const sendBrowser = visitor.trusted && !visitor.linked;
    try {
      const basket = toInpostBasket(visitor.cart, deps.shopUrl());
      const result = await client.putBasket(visitor.basketId, {
        ...basket,
        ...(sendBrowser ? { browser_id: visitor.browserId } : {}),
      });
      visitor.syncedAtInpost = true;
      visitor.inpostBasketId = result.inpost_basket_id;
    } catch (error) {
      visitor.syncedAtInpost = false;
      if (error instanceof InpostPayApiError && BINDING_GONE.has(error.errorCode)) setUnlinked(visitor);
      throw error;
    }
    if (sendBrowser) applyBindingStatus(visitor, await client.getBasketBinding(visitor.basketId, visitor.browserId));
  }

  /**
   * After a change of the cart in the shop: every open page of the visitor learns the count, and
   * the basket at InPost Pay follows while it is bound (a failure there must not break the shop).
   */
  async function cartChanged(request: FastifyRequest, visitor: Visitor): Promise<void> {
    visitor.syncedAtInpost = false;
    publish(visitor);
    if (!visitor.linked) return;
    try {
      await syncBasket(visitor);
    } catch (error) {
      request.log.warn({ err: error }, 'InPost Pay basket update failed');
    }
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
    if (!product) return { canBeBound: visitor.cart.count > 0 };
    return { canBeBound: !product.sizes || size !== undefined };
  });

  app.post('/api/izi/add-to-cart', async (request, reply) => {
    const { product, size } = productArgs(body(request), true);
    if (product!.sizes && !size) throw new Problem(400, 'SIZE_REQUIRED', 'Choose a size first');
    const visitor = deps.visitorOf(request, reply);
    if (!visitor.cart.add(product!.id, size)) throw new Problem(409, 'BASKET_FULL', 'The basket is full');
    publish(visitor);
    try {
      await checkAtInpost(visitor);
      await syncBasket(visitor);
    } catch (error) {
      throw fromInpost(error);
    }
    return {
      basket_linked: visitor.linked,
      browser_trusted: visitor.trusted,
      masked_phone_number: visitor.linked ? visitor.maskedPhoneNumber : null,
      count: visitor.cart.count,
    };
  });

  // ---- The shop's own cart forms ---------------------------------------------------------------
  const formString = (input: Record<string, unknown>, name: string, max = 64): string => {
    const value = input[name];
    if (typeof value !== 'string' || value.length > max) throw bad(`${name} must be a short string`);
    return value;
  };

  app.post('/cart/add', async (request, reply) => {
    const { product, size } = productArgs(body(request), true);
    const visitor = deps.visitorOf(request, reply);
    if (!product!.sizes || size) {
      visitor.cart.add(product!.id, size);
      await cartChanged(request, visitor);
    }
    return reply.redirect(`/#${product!.id}`, 303);
  });

  app.post('/cart/clear', async (request, reply) => {
    const visitor = deps.visitorOf(request, reply);
    if (visitor.cart.lines.length > 0) {
      visitor.cart.lines = [];
      await cartChanged(request, visitor);
    }
    return reply.redirect('/basket', 303);
  });

  app.post('/cart/quantity', async (request, reply) => {
    const input = body(request);
    const id = formString(input, 'productId');
    // A form sends digits; JSON a number. Anything else (an empty field too) is no quantity, not 0.
    const raw = input.quantity;
    const quantity = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > MAX_QUANTITY) throw bad(`quantity must be 0 to ${MAX_QUANTITY}`);
    const visitor = deps.visitorOf(request, reply);
    if (visitor.cart.setQuantity(id, quantity)) await cartChanged(request, visitor);
    return reply.redirect('/basket', 303);
  });

  app.post('/cart/promo', async (request, reply) => {
    const code = formString(body(request), 'code', 32);
    const visitor = deps.visitorOf(request, reply);
    const notice = visitor.cart.setPromoCodes([...visitor.cart.promoCodes, code]);
    await cartChanged(request, visitor);
    const refused = notice?.type === 'ERROR' ? '?promo=refused' : '';
    return reply.redirect(`/basket${refused}`, 303);
  });

  app.post('/cart/promo/remove', async (request, reply) => {
    const code = formString(body(request), 'code', 32).toUpperCase();
    const visitor = deps.visitorOf(request, reply);
    if (visitor.cart.promoCodes.includes(code)) {
      visitor.cart.setPromoCodes(visitor.cart.promoCodes.filter((applied) => applied !== code));
      await cartChanged(request, visitor);
    }
    return reply.redirect('/basket', 303);
  });

  // ---- Binding ---------------------------------------------------------------------------------
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
    if (visitor.cart.count === 0) throw new Problem(409, 'BASKET_EMPTY', 'The basket is empty');
    // Each binding request pushes a notification to a phone: limited before anything reaches InPost Pay.
    const wait = deps.bindingLimits.admit({
      session: visitor.basketId,
      ip: request.ip,
      phone: phone ? phone.country_prefix + phone.phone : undefined,
    });
    if (wait > 0) {
      const minutes = Math.ceil(wait / 60_000);
      reply.header('retry-after', String(Math.ceil(wait / 1000)));
      throw new Problem(
        429,
        'TOO_MANY_REQUESTS',
        `Zbyt wiele prób połączenia koszyka. Spróbuj ponownie za ${minutes} min${minutes === 1 ? 'utę' : '.'}`,
      );
    }
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

  /**
   * Holds the request until `ready()` says something to answer, the visitor's state changes or
   * `longPollMs` pass. A visitor holds at most `maxLongPolls` at once.
   */
  async function longPoll(request: FastifyRequest, visitor: Visitor, ready: () => boolean): Promise<void> {
    if (ready()) return;
    if (visitor.waiters.size >= deps.maxLongPolls) {
      throw new Problem(429, 'TOO_MANY_CONNECTIONS', 'Too many open requests of this session; close some tabs');
    }
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
  }

  app.get('/api/izi/is-bound', async (request, reply) => {
    const visitor = deps.existingVisitorOf(request);
    if (!visitor) throw new Problem(400, 'NO_SESSION', 'No basket in this session: bind it first');
    await longPoll(request, visitor, () => visitor.linked || visitor.confirmation === 'REJECT');
    if (visitor.linked) return { status: 'SUCCESS', masked_phone_number: visitor.maskedPhoneNumber, count: visitor.cart.count };
    if (visitor.confirmation === 'REJECT') return reply.code(409).send({ status: 'REJECT' });
    return { status: 'PENDING' };
  });

  app.post('/api/izi/binding-delete', async (request, reply) => {
    body(request);
    const visitor = deps.visitorOf(request, reply);
    try {
      // Already unbound, never sent, or a browser never trusted: the goal of each step is reached.
      const done = (codes: string[]) => (error: unknown) => {
        if (error instanceof InpostPayApiError && codes.includes(error.errorCode)) return;
        throw error;
      };
      await client.deleteBasketBinding(visitor.basketId).catch(done(['BASKET_NOT_BOUND', 'BASKET_NOT_FOUND', 'BASKET_EXPIRED']));
      await client.deleteBrowserBinding(visitor.browserId).catch(done(['BROWSER_NOT_FOUND']));
    } catch (error) {
      throw fromInpost(error);
    }
    setUnlinked(visitor);
    visitor.trusted = false;
    visitor.confirmation = null;
    return reply.code(204).send();
  });

  // ---- Order watch and page pushes -------------------------------------------------------------
  app.get('/api/izi/order-complete', async (request) => {
    const visitor = deps.existingVisitorOf(request);
    if (!visitor) return watchMessage(undefined);
    const since = (request.query as Record<string, unknown>).since;
    if (typeof since === 'string' && /^\d{1,15}$/.test(since)) {
      const known = Number(since);
      await longPoll(request, visitor, () => visitor.redirect !== null || visitor.version !== known);
    }
    return watchMessage(visitor);
  });

  app.get(
    '/api/izi/order-socket',
    {
      websocket: true,
      // Before the upgrade: a page of another site must not listen to the shopper (cross-site WebSocket hijacking).
      preValidation: async (request) => {
        if (!sameOrigin(request)) throw new Problem(403, 'FORBIDDEN_ORIGIN', 'Cross-origin WebSocket refused');
        const visitor = deps.existingVisitorOf(request);
        if (visitor && visitor.sockets.size >= deps.maxSockets) {
          throw new Problem(429, 'TOO_MANY_CONNECTIONS', 'Too many open order-watch sockets of this session');
        }
      },
    },
    (socket, request) => {
      const visitor = deps.existingVisitorOf(request);
      if (!visitor) {
        socket.close(1008, 'no session');
        return;
      }
      visitor.sockets.add(socket);
      socket.on('close', () => visitor.sockets.delete(socket));
      socket.send(JSON.stringify(watchMessage(visitor)));
    },
  );

  app.get('/api/izi/mobile-link', async (request) => {
    const visitor = deps.existingVisitorOf(request);
    if (!visitor) throw new Problem(400, 'NO_SESSION', 'No basket in this session');
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
}

/** The request comes from a page of this shop (or from no page at all: a non-browser client). */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
