/**
 * A shop built on InPost's first widget, as the end-to-end tests need it: pages modeled on the
 * templates of InPost's public PrestaShop module (first generation), a fake of that module's own
 * backend (the endpoints its frontend calls, the order and confirmation streams as Server-Sent
 * Events that end after one message and ask the browser to reconnect in 2 s), and, under `/_app/`,
 * the InPost Mobile app's side (accept, decline, order, unlink), which in a real shop reaches the
 * backend through InPost Pay's signed calls. The InPost Pay API itself is not part of this fake:
 * the dev sandbox covers it. Plain node:http on a free loopback port.
 *
 * The pages load our `dist/inpost-izi.iife.js` where the module loaded `inpostizi.js`, then the
 * shop's frontend: `module-front.js` beside this file, written from what the module's frontend is
 * known to do. `FIRST_WIDGET_FRONTEND` may name another file to serve in its place.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';

const root = new URL('../../../', import.meta.url);
const here = new URL('./', import.meta.url);
/** The module's backend routes, under its front controller's `path` parameter. */
const MERCHANT = 'inpost/v1/izi/merchant/';

/** A binding request the shopper started (by phone, or by QR code), waiting for the app. */
export interface BindingRequest {
  cart: string;
  method: 'PHONE' | 'DEEP_LINK';
  prefix: string;
  phone: string;
  binding_place: string;
  /** The `browser` parameter as sent, decoded from Base64 JSON (`null` if it was not). */
  browser: Record<string, unknown> | null;
}

interface Visitor {
  cart: string;
  products: Map<string, number>;
  /** InPost Pay's binding confirmation as the module stores it, SUCCESS or REJECT. */
  confirmation?: Record<string, unknown>;
  orderUrl?: string;
  /** The basket changed in the app: the next order-stream message is a refresh. */
  updated?: boolean;
}

const PRODUCTS: Record<string, { name: string; price: string }> = {
  '1': { name: 'Kubek termiczny', price: '59,00 zł' },
  '2': { name: 'Plecak miejski', price: '189,00 zł' },
};

export const masked = (phone: string) => `${phone.slice(0, 2)}${'*'.repeat(phone.length - 4)}${phone.slice(-2)}`;

export async function startFirstWidgetShop() {
  const visitors = new Map<string, Visitor>();
  const requests: BindingRequest[] = [];
  const calls: string[] = [];
  const frontend = process.env.FIRST_WIDGET_FRONTEND ?? new URL('module-front.js', here);

  const visitorOf = (req: IncomingMessage, res: ServerResponse): Visitor => {
    const id = /(?:^|;\s*)PrestaShop=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    let visitor = id ? visitors.get(id) : undefined;
    if (!visitor) {
      visitor = { cart: randomUUID(), products: new Map() };
      visitors.set(visitor.cart, visitor);
      res.setHeader('set-cookie', `PrestaShop=${visitor.cart}; Path=/; HttpOnly; SameSite=Lax`);
    }
    return visitor;
  };
  const byCart = (cart: string) => {
    const visitor = visitors.get(cart);
    if (!visitor) throw Object.assign(new Error(`no cart ${cart}`), { status: 404 });
    return visitor;
  };
  const count = (visitor: Visitor) => [...visitor.products.values()].reduce((a, b) => a + b, 0);
  const bound = (visitor: Visitor) => visitor.confirmation?.status === 'SUCCESS';

  const json = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  /** One Server-Sent Events answer, as the module's backend gives it: a comment, then one message or a retry hint, then the end. */
  const sse = (res: ServerResponse, data?: unknown) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(`: start\n\n${data === undefined ? 'retry: 2000\n\n' : `data: ${JSON.stringify(data)}\n\n`}`);
  };
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  /** The first widget's element, with the attributes the module's template writes. */
  const button = (visitor: Visitor, place: 'PRODUCT_CARD' | 'BASKET_SUMMARY', productId?: string) => {
    const attributes: [string, string][] = [['binding_place', place], ['variant', 'primary'], ['language', 'pl']];
    if (place === 'BASKET_SUMMARY') attributes.push(['basket', 'true']);
    if (productId) attributes.push(['data-product-id', productId]);
    const phone = bound(visitor) ? (visitor.confirmation!.masked_phone_number as string) : undefined;
    if (phone) attributes.push(['masked_phone_number', phone], ['count', String(count(visitor))]);
    attributes.push(['frame_style', 'rounded'], ['min_height', '48']);
    return `<inpost-izi-button\n    ${attributes.map(([name, value]) => `${name}="${value}"`).join('\n    ')}\n  ></inpost-izi-button>`;
  };

  const page = (visitor: Visitor, title: string, content: string, config: Record<string, unknown>) => `<!doctype html>
<html lang="pl">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title}</title>
  <script type="application/json" id="shop-config">${JSON.stringify({
    cart: { products_count: count(visitor) },
    backend: '/module/inpostizi/backend',
    cartCount: '/module/inpostizi/cart',
    ...config,
  })}</script>
</head>
<body>
  <header><a href="/product/1">Kubek</a> · <a href="/product/2">Plecak</a> · <a href="/cart">Koszyk (<span class="cart-products-count">${count(visitor)}</span>)</a></header>
  <main>${content}</main>
  <script src="/assets/shop-core.js"></script>
  <script src="/assets/inpost-izi.iife.js"></script>
  <script src="/assets/module-front.js"></script>
</body>
</html>`;

  const productPage = (visitor: Visitor, id: string) =>
    page(
      visitor,
      PRODUCTS[id].name,
      `<h1>${PRODUCTS[id].name}</h1>
  <p class="price">${PRODUCTS[id].price}</p>
  <form action="/cart" method="post" id="add-to-cart-or-refresh">
    <input type="hidden" name="token" value="static-token">
    <input type="hidden" name="id_product" value="${id}">
    <input type="hidden" name="id_customization" value="0">
    <label>Ilość <input type="number" name="qty" value="1" min="1"></label>
    <button class="add-to-cart" type="submit">Dodaj do koszyka</button>
  </form>
  <div class="inpost-izi-btn-wrapper js-inpost-izi-product-btn-wrapper" data-hook="displayProductActions" data-id-product="${id}">
  ${button(visitor, 'PRODUCT_CARD', id)}
    <div class="clearfix"></div>
  </div>`,
      { productPageIdProduct: Number(id) },
    );

  const cartPage = (visitor: Visitor) =>
    page(
      visitor,
      'Koszyk',
      `<h1>Koszyk</h1>
  <section class="js-cart"><ul>${[...visitor.products].map(([id, qty]) => `<li>${PRODUCTS[id].name} × ${qty}</li>`).join('')}</ul></section>
  <div class="inpost-izi-btn-wrapper">
  ${button(visitor, 'BASKET_SUMMARY')}
    <div class="clearfix"></div>
  </div>`,
      {},
    );

  async function backend(req: IncomingMessage, res: ServerResponse, url: URL, visitor: Visitor) {
    const path = url.searchParams.get('path') ?? '';
    calls.push(`${req.method} ${path}`);
    if (!path.startsWith(MERCHANT)) return json(res, 404, { message: 'Unknown path' });
    const route = path.slice(MERCHANT.length);
    const binding = /^basket\/post\/binding(?:\/([^/]+)\/(\d+))?$/.exec(route);
    if (binding && req.method === 'POST') {
      const [, prefix = '', phone = ''] = binding;
      let browser: BindingRequest['browser'] = null;
      try {
        browser = JSON.parse(Buffer.from(url.searchParams.get('browser') ?? '', 'base64').toString('utf8'));
      } catch {}
      const method = phone ? 'PHONE' : 'DEEP_LINK';
      requests.push({ cart: visitor.cart, method, prefix, phone, binding_place: url.searchParams.get('binding_place') ?? '', browser });
      if (phone) return json(res, 200, []);
      const deepLink = `inpostsandbox://izilink?basket_id=${visitor.cart}`;
      // InPost's qr_code as the module passes it on: raw Base64 of a PNG, no data: prefix.
      const qr = (await QRCode.toDataURL(deepLink)).replace(/^data:image\/png;base64,/, '');
      return json(res, 200, { qr_code: qr, deep_link: deepLink, deep_link_hms: deepLink });
    }
    if (route === 'basket/confirmation' && req.method === 'GET') return sse(res, visitor.confirmation);
    if (route === 'order/confirmation/get' && req.method === 'GET') {
      if (visitor.orderUrl) return sse(res, { action: 'redirect', url: visitor.orderUrl });
      if (!visitor.confirmation) return sse(res, { action: 'delete' });
      if (visitor.updated) {
        visitor.updated = false;
        return sse(res, { action: 'refresh' });
      }
      return sse(res);
    }
    if (route === 'basket/delete/binding' && req.method === 'DELETE') {
      visitor.confirmation = undefined;
      return json(res, 204);
    }
    if (route === 'basket/get/link' && req.method === 'GET') return json(res, 200, { link: `inpostsandbox://izilink?basket_id=${visitor.cart}` });
    return json(res, 404, { message: 'Not found' });
  }

  /** The app's side: what InPost Pay's signed calls would tell the module's backend. */
  async function app(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (url.pathname === '/_app/requests') return json(res, 200, requests);
    if (url.pathname === '/_app/calls') return json(res, 200, calls);
    const match = /^\/_app\/carts\/([\w-]+)\/(accept|reject|order|unlink|change)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return json(res, 404, { message: 'Not found' });
    const visitor = byCart(match[1]);
    const input = await body(req);
    const phone = String(input.phone ?? '');
    const confirmation = (status: string) => ({
      status,
      inpost_basket_id: visitor.cart,
      phone_number: { country_prefix: '+48', phone },
      browser: { browser_trusted: false, browser_id: randomUUID() },
      masked_phone_number: masked(phone),
      name: 'Anna',
      surname: 'Nowak',
    });
    if (match[2] === 'accept') visitor.confirmation = confirmation('SUCCESS');
    // A decline as InPost's BindingConfirmation says it: status REJECT, the phone number optional.
    if (match[2] === 'reject') visitor.confirmation = input.withPhone ? confirmation('REJECT') : { status: 'REJECT' };
    if (match[2] === 'order') visitor.orderUrl = `${url.origin}/order-confirmation?id_cart=${visitor.cart}`;
    if (match[2] === 'unlink') visitor.confirmation = undefined;
    if (match[2] === 'change') visitor.updated = true;
    return json(res, 200, {});
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (url.pathname.startsWith('/_app/')) return await app(req, res, url);
      if (url.pathname.startsWith('/assets/')) {
        const file = {
          '/assets/shop-core.js': new URL('shop-core.js', here),
          '/assets/inpost-izi.iife.js': new URL('dist/inpost-izi.iife.js', root),
          '/assets/module-front.js': frontend,
        }[url.pathname];
        if (!file) return json(res, 404, { message: 'Not found' });
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        return res.end(await readFile(file));
      }
      const visitor = visitorOf(req, res);
      if (url.pathname === '/module/inpostizi/backend') return await backend(req, res, url, visitor);
      if (url.pathname === '/module/inpostizi/cart') return json(res, 200, { fetchedCount: count(visitor) });
      // PrestaShop's cart controller, as its add-to-cart Ajax calls it (parameters in the query).
      if (url.pathname === '/cart' && req.method === 'POST') {
        const id = url.searchParams.get('id_product') ?? '';
        if (!PRODUCTS[id]) return json(res, 200, { hasError: true, errors: ['Produkt jest niedostępny.'] });
        visitor.products.set(id, (visitor.products.get(id) ?? 0) + Math.max(1, Number(url.searchParams.get('qty')) || 1));
        return json(res, 200, { success: true, id_product: id, id_product_attribute: '0', cart: { products_count: count(visitor) } });
      }
      const html = (text: string) => (res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }), res.end(text));
      const product = /^\/product\/(\d+)$/.exec(url.pathname)?.[1];
      if (product && PRODUCTS[product]) return html(productPage(visitor, product));
      if (url.pathname === '/cart') return html(cartPage(visitor));
      if (url.pathname === '/order-confirmation') {
        return html(`<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Potwierdzenie zamówienia</title></head><body><h1>Dziękujemy za zamówienie</h1></body></html>`);
      }
      return json(res, 404, { message: 'Not found' });
    } catch (error) {
      json(res, (error as { status?: number }).status ?? 500, { message: String((error as Error).message) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    /** The cart of the visitor whose cookie a test's browser context holds. */
    cartOf: (cookie: string) => byCart(cookie).cart,
    requests: () => requests,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
