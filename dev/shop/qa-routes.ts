/**
 * The demo shop's QA-only endpoints, registered only when the shop knows the local sandbox (the
 * phone simulator's URL, `qaSandboxUrl`): a shop in production has none of them. The QA panel's
 * script (`assets/qa.js`) calls them; POST bodies are JSON, like every `/api/` route.
 *
 * - `GET  /api/qa/basket` → `{basket_id}`: the basket id this session uses at InPost Pay (the
 *   phone simulator labels requests and baskets with it), or null before the session has one.
 * - `POST /api/qa/binding-limits/reset` `{}` → `{reset: true}`: forgets every counted binding
 *   request (per session, address and phone number), so the 6th binding within 10 minutes works.
 * - `POST /api/qa/qr-shown` `{shown: boolean}` → 204: this page still shows the QR code of its
 *   basket (`true`, every 20 s) or no longer does (`false`: closed, or the tab is going away). The
 *   sandbox keeps a QR binding request only while its page says so (`/sandbox/baskets/:id/qr-shown`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WidgetStore } from '../../src/merchant/index.js';
import { Problem } from '../http.js';

export interface QaRouteDeps {
  sandboxUrl: string;
  /** Forgets every counted binding request of the widget API's limits. */
  resetBindingLimits(): Promise<void>;
  /** The basket id of this request's session at InPost Pay; reading never creates a session. */
  basketIdOf(request: FastifyRequest): Promise<string | undefined>;
}

const EPOCH_KEY = 'qa:rate-limit-epoch';

/**
 * The widget API's store with a QA reset of its rate limits: every rule's key carries an epoch kept
 * in the store itself (so a reset on one instance holds for all), and a reset starts a new one.
 * @returns the store, plus `resetLimits()`
 */
export function withResettableLimits(store: WidgetStore): WidgetStore & { resetLimits(): Promise<void> } {
  const epoch = async () => (await store.get(EPOCH_KEY)) ?? '0';
  return {
    get: (key) => store.get(key),
    set: (key, value, ttlMs) => store.set(key, value, ttlMs),
    delete: (key) => store.delete(key),
    admit: async (rules) => {
      const current = await epoch();
      return store.admit(rules.map((rule) => ({ ...rule, key: `${rule.key}:${current}` })));
    },
    lock: (name, ttlMs) => store.lock(name, ttlMs),
    unlock: (name, token) => store.unlock(name, token),
    publish: (topic) => store.publish(topic),
    subscribe: (listener) => store.subscribe(listener),
    async resetLimits() {
      await store.set(EPOCH_KEY, String(Number(await epoch()) + 1), 24 * 3600_000);
    },
  };
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const value = request.body === undefined ? {} : request.body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export async function registerQaRoutes(app: FastifyInstance, deps: QaRouteDeps): Promise<void> {
  app.get('/api/qa/basket', async (request) => ({ basket_id: (await deps.basketIdOf(request)) ?? null }));

  app.post('/api/qa/binding-limits/reset', async (request) => {
    jsonBody(request);
    await deps.resetBindingLimits();
    request.log.info('QA reset the binding request limits');
    return { reset: true };
  });

  app.post('/api/qa/qr-shown', async (request, reply: FastifyReply) => {
    const { shown } = jsonBody(request);
    if (typeof shown !== 'boolean') throw new Problem(400, 'BAD_REQUEST', 'shown must be a boolean');
    const basketId = await deps.basketIdOf(request);
    if (!basketId) return reply.code(204).send();
    let response: Response;
    try {
      response = await fetch(`${deps.sandboxUrl}/sandbox/baskets/${encodeURIComponent(basketId)}/qr-shown`, {
        method: shown ? 'PUT' : 'DELETE',
        signal: AbortSignal.timeout(5000),
      });
    } catch (error) {
      throw new Problem(502, 'SANDBOX_ERROR', `Sandbox unreachable: ${(error as Error).message}`);
    }
    await response.body?.cancel();
    // 404: the sandbox has no QR request of this basket (accepted, replaced or already expired).
    if (!response.ok && response.status !== 404) throw new Problem(502, 'SANDBOX_ERROR', `Sandbox answered ${response.status}`);
    return reply.code(204).send();
  });
}
