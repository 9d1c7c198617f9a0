/**
 * The endpoints InPost Pay calls on the shop (signed). Replaced by the merchant kit's
 * `createMerchantApi` once it lands; until then the sandbox's current calls.
 */
import { createPublicKey } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifySignedRequest } from '../../src/merchant/index.js';
import { Problem } from '../http.js';
import { orderLines, type ShopOrder } from './orders.js';
import { publish, setLinked, type VisitorStore } from './visitors.js';

export interface InpostApiDeps {
  visitors: VisitorStore;
  inpostPublicKey: string;
  merchantId: string;
  /** Keeps an order in the order book. */
  recordOrder(order: ShopOrder): void;
  shopUrl(): string;
}

const bad = (message: string) => new Problem(400, 'BAD_REQUEST', message);

function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export async function registerInpostApi(app: FastifyInstance, deps: InpostApiDeps): Promise<void> {
  const { visitors } = deps;
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
      if (input.status === 'SUCCESS') {
        const phone = input.phone_number as Record<string, unknown> | null;
        const browser = input.browser as Record<string, unknown> | null;
        if (typeof input.masked_phone_number !== 'string' || typeof phone?.phone !== 'string' || typeof phone.country_prefix !== 'string') {
          throw bad('phone_number and masked_phone_number are required for SUCCESS');
        }
        visitor.inpostBasketId = typeof input.inpost_basket_id === 'string' ? input.inpost_basket_id : visitor.inpostBasketId;
        visitor.trusted = browser?.browser_trusted === true;
        visitor.lastRemoteCheck = Date.now();
        setLinked(visitor, {
          phone_number: { country_prefix: phone.country_prefix, phone: phone.phone },
          masked_phone_number: input.masked_phone_number,
        });
      }
      visitor.confirmation = input.status;
      publish(visitor);
      return {};
    });

    inpost.post('/inpost/order', async (request) => {
      const input = body(request);
      if (typeof input.basket_id !== 'string' || typeof input.order_id !== 'string') throw bad('basket_id and order_id are required');
      const visitor = visitors.byBasketId(input.basket_id);
      if (!visitor) throw new Problem(404, 'BASKET_NOT_FOUND', 'Unknown basket');
      const orderId = input.order_id.slice(0, 64);
      deps.recordOrder({
        orderId,
        basketId: input.basket_id,
        lines: orderLines(visitor.cart),
        totalGrosze: visitor.cart.totalGrosze,
        createdAt: new Date().toISOString(),
        paymentStatus: 'PENDING',
        merchantStatus: 'Nowe',
        unknownBasket: false,
      });
      visitor.lastOrderId = orderId;
      // Set before the basket is replaced: every page learns the order, not a basket gone unlinked.
      visitor.redirect = '/thank-you';
      visitors.startNewBasket(visitor);
      publish(visitor);
      return {};
    });
  });
}
