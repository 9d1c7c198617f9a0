import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { RequestContext } from './widget-api/types.js';

/** A Fetch API handler, such as {@link createMerchantApi}'s or {@link createWidgetApi}'s. */
export type FetchHandler = (request: Request, context: RequestContext) => Promise<Response>;

/**
 * Mounts a Fetch API handler (such as {@link createMerchantApi}'s or {@link createWidgetApi}'s) in
 * Node's `http` server or in Express: `http.createServer(toNodeListener(handler))`,
 * `app.use('/inpost', toNodeListener(handler))`. The request body must still be unread: mount it
 * before any body parser. Answers stream (the widget API's event stream), the request's `signal`
 * aborts when the client goes away, and the handler learns the client's address.
 * @param handler the handler
 * @returns a `(req, res)` listener
 */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      const controller = new AbortController();
      res.once('close', () => controller.abort());
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (value === undefined) continue;
          for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
        }
        const method = req.method ?? 'GET';
        const hasBody = method !== 'GET' && method !== 'HEAD';
        // Express strips the mount path from req.url; originalUrl keeps it.
        const path = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
        const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
        // The kit routes on the path alone; the Host header (the client's to choose) is kept out of the URL.
        const request = new Request(new URL(path.startsWith('/') ? path : `/${path}`, `${scheme}://localhost`), {
          method,
          headers,
          signal: controller.signal,
          body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
          // Node's fetch needs this for a streamed request body.
          ...(hasBody ? { duplex: 'half' } : {}),
        } as RequestInit);
        const response = await handler(request, { clientAddress: req.socket.remoteAddress });
        res.statusCode = response.status;
        const cookies = response.headers.getSetCookie();
        response.headers.forEach((value, name) => {
          if (name !== 'set-cookie') res.setHeader(name, value);
        });
        if (cookies.length > 0) res.setHeader('set-cookie', cookies);
        if (!response.body) {
          res.end();
          return;
        }
        const streamed = response.headers.get('content-type')?.startsWith('text/event-stream') === true;
        if (!streamed) {
          res.end(Buffer.from(await response.arrayBuffer()));
          return;
        }
        res.flushHeaders();
        const reader = response.body.getReader();
        controller.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          res.write(value);
        }
        res.end();
      } catch (error) {
        if (controller.signal.aborted) return;
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
