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
import { Problem } from '../http.js';
import type { BindingRequestLimits } from './rate-limit.js';
import type { Visitor } from './visitors.js';

export interface QaRouteDeps {
  sandboxUrl: string;
  bindingLimits: BindingRequestLimits;
  existingVisitorOf(request: FastifyRequest): Visitor | undefined;
}

function jsonBody(request: FastifyRequest): Record<string, unknown> {
  const value = request.body === undefined ? {} : request.body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

export async function registerQaRoutes(app: FastifyInstance, deps: QaRouteDeps): Promise<void> {
  app.get('/api/qa/basket', async (request) => ({ basket_id: deps.existingVisitorOf(request)?.basketId ?? null }));

  app.post('/api/qa/binding-limits/reset', async (request) => {
    jsonBody(request);
    deps.bindingLimits.reset();
    request.log.info('QA reset the binding request limits');
    return { reset: true };
  });

  app.post('/api/qa/qr-shown', async (request, reply: FastifyReply) => {
    const { shown } = jsonBody(request);
    if (typeof shown !== 'boolean') throw new Problem(400, 'BAD_REQUEST', 'shown must be a boolean');
    const visitor = deps.existingVisitorOf(request);
    if (!visitor) return reply.code(204).send();
    let response: Response;
    try {
      response = await fetch(`${deps.sandboxUrl}/sandbox/baskets/${encodeURIComponent(visitor.basketId)}/qr-shown`, {
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
