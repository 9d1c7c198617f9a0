/**
 * A round-robin load balancer on loopback, for trying the reference shop as several instances
 * (tests; `REDIS_URL` shared by the instances): each request goes to the next instance; an
 * instance that refuses the connection is skipped, as a balancer with health checks does. Plain
 * HTTP requests only (InPost Pay's calls to the shop), each recorded with what it carried.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the balancer forwarded it. */
export interface ForwardedCall {
  /** Index of the instance in the balancer's list. */
  instance: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  status: number;
}

export interface LoadBalancer {
  url: string;
  calls: ForwardedCall[];
  /** The instance the next request goes to, while all are up. */
  next(): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

export async function startLoadBalancer(urls: string[]): Promise<LoadBalancer> {
  let turn = 0;
  const calls: ForwardedCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      for (let attempt = 0; attempt < urls.length; attempt++) {
        const instance = turn++ % urls.length;
        let answer: Response;
        try {
          answer = await fetch(urls[instance] + request.url, { method: request.method, headers, body: body.length ? body : undefined, redirect: 'manual' });
        } catch {
          continue; // refused: the next instance
        }
        const bytes = Buffer.from(await answer.arrayBuffer());
        calls.push({ instance, method: request.method!, path: request.url!, headers, body: body.toString('utf8'), status: answer.status });
        const type = answer.headers.get('content-type');
        response.writeHead(answer.status, type ? { 'content-type': type } : {});
        response.end(bytes);
        return;
      }
      response.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    next: () => turn % urls.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
