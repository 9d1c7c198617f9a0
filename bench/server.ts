// A tiny static server for the benchmark pages: the built bundle from dist/, and pages and scripts
// the benchmark generates in memory (the baseline is bundled by esbuild). Loopback only, port 0.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer } from 'ws';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export interface BenchServer {
  /** e.g. `http://127.0.0.1:43210` */
  origin: string;
  /** The WebSocket URL that accepts connections and never sends anything. */
  wsUrl: string;
  /** Serves `body` at `path` (starting with `/`) from now on. */
  put(path: string, body: string): string;
  /** How many WebSocket connections are open on the server side. */
  openSockets(): number;
  close(): Promise<void>;
}

/** Starts the server; `root` is the repository root (only dist/ is served from disk). */
export async function startServer(root: string): Promise<BenchServer> {
  const memory = new Map<string, string>();
  // Cross-origin isolated pages get performance.now() at 5 µs instead of 100 µs: the first render
  // of one button takes 2 to 3 ms, so a coarse clock alone would move its ratio by 0.05 a step.
  const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, type: string, body?: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...isolated });
      res.end(body);
    };
    const page = memory.get(path);
    if (page !== undefined) return send(200, types[extname(path)] ?? types['.html'], page);
    const dist = join(root, 'dist') + sep;
    const file = normalize(join(root, path));
    if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return send(404, 'text/plain', 'not found');
    // Whole, with its length, as the pages and the baseline bundle are: streamed in chunks, the same
    // bytes made the widget's render of 200 buttons measure ×1.70 against ×1.53 (the browser treats
    // a script it receives in chunks differently), so the two bundles were not loaded alike.
    send(200, types[extname(file)] ?? 'application/octet-stream', readFileSync(file, 'utf8'));
  });
  const wss = new WebSocketServer({ server, path: '/ws' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    put(path, body) {
      memory.set(path, body);
      return origin + path;
    },
    openSockets: () => [...wss.clients].filter((c) => c.readyState === c.OPEN).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
