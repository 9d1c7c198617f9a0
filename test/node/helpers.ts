/** Shared helpers of the Node tests: a cookie-keeping "browser" and small HTTP utilities. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  return read(await fetch(url, { redirect: 'manual', ...init }));
}

/** The answer with its body as text and, where it parses, as JSON. */
async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const jsonInit = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? {} : { 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/** A visitor of the shop: keeps its cookies like a browser would. */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const init = jsonInit(method, body);
    init.headers = { ...(init.headers as Record<string, string>), ...headers };
    if (this.cookies.size) (init.headers as Record<string, string>).cookie = this.cookieHeader;
    const response = await fetch(this.baseUrl + path, { ...init, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair.indexOf('=');
      this.cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    return read(response);
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body: unknown = {}) {
    return this.request('POST', path, body);
  }
}

/** A tiny HTTP server whose every answer the test decides; it records the requests. */
export async function scriptedServer(
  handler: (request: IncomingMessage & { body: string }, response: ServerResponse, index: number) => void | Promise<void>,
) {
  const requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const index = requests.length;
      requests.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      Promise.resolve(handler(Object.assign(request, { body }), response, index)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function reply(response: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PRICE = { net: 10, gross: 12.3, vat: 2.3 };

export function sampleBasket(extra: Record<string, unknown> = {}) {
  return {
    summary: { basket_base_price: PRICE, basket_final_price: PRICE, currency: 'PLN' },
    delivery: [],
    consents: [],
    products: [{ product_id: 'p1', product_name: 'Kubek', base_price: PRICE, quantity: { quantity: 1, quantity_type: 'INTEGER' as const } }],
    ...extra,
  };
}

/** A create-order request (INPOST-API.md §3 #6) for one 59.99 zł mug of the demo shop, to a parcel locker. */
export function demoOrder(basketId: string) {
  return {
    order_details: { basket_id: basketId, currency: 'PLN', basket_price: { net: 48.77, gross: 59.99, vat: 11.22 }, payment_type: 'BLIK_CODE' },
    account_info: {
      name: 'Jan',
      surname: 'Kowalski',
      phone_number: { country_prefix: '+48', phone: '600100200' },
      mail: 'jan@example.com',
      client_address: { country_code: 'PL', address: 'Prosta 1', city: 'Warszawa', postal_code: '00-001' },
    },
    delivery: { delivery_type: 'APM', delivery_codes: [], delivery_point: 'WAW01M' },
    consents: [{ consent_id: 'regulamin', consent_version: '1.0', is_accepted: true }],
  };
}
