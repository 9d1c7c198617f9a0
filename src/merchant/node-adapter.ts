import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { MerchantApiHandler } from './api.js';

/**
 * Mounts a Fetch API handler (such as {@link createMerchantApi}'s) in Node's `http` server or
 * in Express: `http.createServer(toNodeListener(handler))`, `app.use('/inpost', toNodeListener(handler))`.
 * The request body must still be unread: mount it before any body parser. The handler sees the
 * path from the mount point on (Express strips its mount path; Node's http server strips nothing,
 * so a prefix there goes into `createMerchantApi`'s `basePath`).
 * @param handler the handler
 * @returns a `(req, res)` listener
 */
export function toNodeListener(handler: MerchantApiHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value === undefined) continue;
          for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
        }
        const method = req.method ?? 'GET';
        const hasBody = method !== 'GET' && method !== 'HEAD';
        // Express strips the mount path from req.url (originalUrl keeps it): what the handler sees
        // starts at the mount point, so `app.use('/inpost', …)` needs no basePath.
        const path = req.url ?? '/';
        // The kit routes on the path alone; the Host header (the client's to choose) is kept out of the URL.
        const request = new Request(new URL(path.startsWith('/') ? path : `/${path}`, 'http://localhost'), {
          method,
          headers,
          body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
          // Node's fetch needs this for a streamed request body.
          ...(hasBody ? { duplex: 'half' } : {}),
        } as RequestInit);
        const response = await handler(request);
        res.statusCode = response.status;
        response.headers.forEach((value, name) => res.setHeader(name, value));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader('content-type', 'application/json');
        }
        res.end(JSON.stringify({ error_code: 'INTERNAL_SERVER_ERROR', error_message: 'Internal server error' }));
        console.error('inpost-pay-widget/merchant: the Node adapter failed:', error);
      }
    })();
  };
}
