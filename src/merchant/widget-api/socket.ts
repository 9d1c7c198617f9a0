/**
 * The order watch over a WebSocket, for Node servers: `attachWidgetSocket(server, widgetApi)`
 * answers upgrades of `<basePath>/order-socket` with the same messages as the event stream. It
 * uses the `ws` package, an optional peer dependency: install it only if you use this helper.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { MerchantApiError } from '../errors.js';
import type { WidgetApi } from './handler.js';
import type { RequestContext } from './types.js';

/** Options of {@link attachWidgetSocket}. */
export interface WidgetSocketOptions {
  /** Treat the connection as https (cookies with the `__Host-` prefix). Default: the socket is TLS. */
  secure?: boolean;
  /** The client's address. Default the socket's remote address. */
  clientAddress?: (request: IncomingMessage) => string | undefined;
}

/** What {@link attachWidgetSocket} returns. */
export interface WidgetSocket {
  /** Stops answering upgrades and closes the open sockets. */
  close(): void;
}

/**
 * Answers WebSocket upgrades of `<basePath>/order-socket` on `server` (same origin only; capped
 * per visitor and address like the event streams). Other upgrades are left to other listeners.
 * @param server the Node http(s) server (Express: the value `app.listen()` returns)
 * @param api the widget API
 */
export async function attachWidgetSocket(server: Server, api: WidgetApi, options: WidgetSocketOptions = {}): Promise<WidgetSocket> {
  let ws: typeof import('ws');
  try {
    ws = await import('ws');
  } catch {
    throw new Error('attachWidgetSocket needs the ws package: npm install ws');
  }
  const WebSocketServer = ws.WebSocketServer ?? (ws as unknown as { default: typeof import('ws') }).default.WebSocketServer;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const path = `${api.basePath}/order-socket`;

  const refuse = (socket: Duplex, status: number, code: string) => {
    socket.end(`HTTP/1.1 ${status} ${code}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path) return;
    const secure = options.secure ?? (req.socket as { encrypted?: boolean }).encrypted === true;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    const controller = new AbortController();
    const request = new Request(new URL(url.pathname + url.search, secure ? 'https://localhost' : 'http://localhost'), {
      headers,
      signal: controller.signal,
    });
    const context: RequestContext = { clientAddress: options.clientAddress?.(req) ?? req.socket.remoteAddress };
    const pending: string[] = [];
    let target: import('ws').WebSocket | undefined;
    api
      .watch(request, context, (message) => {
        const text = JSON.stringify(message);
        if (target) target.send(text);
        else pending.push(text);
      })
      .then(
        (stop) => {
          wss.handleUpgrade(req, socket, head, (client) => {
            target = client;
            for (const text of pending) client.send(text);
            client.on('close', () => {
              controller.abort();
              stop();
            });
          });
        },
        (error: unknown) => {
          if (error instanceof MerchantApiError) refuse(socket, error.status, error.errorCode);
          else refuse(socket, 500, 'INTERNAL_ERROR');
        },
      );
  };
  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'server closing');
      wss.close();
    },
  };
}
