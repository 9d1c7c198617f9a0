/**
 * The widget API over loopback HTTP against the local sandbox: a small shop adapter (carts in
 * memory), both handlers from createInpostPay mounted on Node http (plus the WebSocket helper),
 * the sandbox's merchant API URL pointed at it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import {
  attachWidgetSocket,
  createInpostPay,
  InpostPayClient,
  memoryWidgetStore,
  toNodeListener,
  WidgetApiError,
  type Basket,
  type InpostPayOptions,
  type InpostPayShop,
  type OrderContext,
  type Price,
  type WidgetApi,
  type WidgetStore,
} from '../../src/merchant/index.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { WidgetApiContract } from './widget-api-contract.js';

/**
 * A memory store that can go down as a Redis does: while `down`, reads, writes and locks hang and
 * rate-limit checks are refused (pub/sub keeps working, as it has its own connection).
 */
export function failingStore() {
  const memory = memoryWidgetStore();
  const hang = () => new Promise<never>(() => undefined);
  const state = { down: false };
  const store: WidgetStore = {
    ...memory,
    get: (key) => (state.down ? hang() : memory.get(key)),
    set: (key, value, ttl) => (state.down ? hang() : memory.set(key, value, ttl)),
    delete: (key) => (state.down ? hang() : memory.delete(key)),
    admit: (rules) => (state.down ? Promise.reject(new Error('ECONNREFUSED')) : memory.admit(rules)),
    lock: (name, ttl) => (state.down ? hang() : memory.lock(name, ttl)),
    unlock: (name, token) => (state.down ? hang() : memory.unlock(name, token)),
    publish: (topic) => memory.publish(topic),
    subscribe: (listener) => memory.subscribe(listener),
  };
  return Object.assign(state, { store });
}

export const SECRET = 'test-cookie-secret-test-cookie-secret';

const price = (grosze: number): Price => {
  const net = Math.round(grosze / 1.23);
  return { net: net / 100, gross: grosze / 100, vat: (grosze - net) / 100 };
};

/** A shop adapter with carts in memory; records what the kit handed it. */
export function testShop() {
  const carts = new Map<string, Map<string, number>>();
  const orders = new Map<string, { basketId: string; context: OrderContext }>();
  const basketOf = (basketId: string): Basket => {
    const lines = [...(carts.get(basketId) ?? [])];
    const total = lines.reduce((sum, [, quantity]) => sum + 5999 * quantity, 0);
    return {
      summary: { basket_base_price: price(total), basket_final_price: price(total), currency: 'PLN' },
      delivery: [{ delivery_type: 'APM', delivery_date: new Date(Date.now() + 86_400_000).toISOString(), delivery_price: price(0) }],
      products: lines.map(([id, quantity]) => ({ product_id: id, product_name: 'Kubek', base_price: price(5999), quantity: { quantity, quantity_type: 'INTEGER' } })),
      consents: [{ consent_id: 'regulamin', consent_link: 'https://shop.example/regulamin', consent_description: 'Regulamin', consent_version: '1.0', requirement_type: 'REQUIRED_ALWAYS' }],
    };
  };
  const shop: InpostPayShop = {
    getBasket: basketOf,
    addToCart(basketId, { productId, details }) {
      if (productId !== 'kubek' && productId !== 'koszulka') throw new WidgetApiError(404, 'PRODUCT_NOT_FOUND', 'Nie ma takiego produktu.');
      if (productId === 'koszulka' && !details.size) throw new WidgetApiError(400, 'SIZE_REQUIRED', 'Wybierz rozmiar.');
      const cart = carts.get(basketId) ?? new Map<string, number>();
      cart.set(productId, (cart.get(productId) ?? 0) + 1);
      carts.set(basketId, cart);
    },
    canBeBound: (basketId, choice) => (choice ? choice.productId !== 'koszulka' || choice.details.size !== undefined : (carts.get(basketId)?.size ?? 0) > 0),
    applyBasketEvent(basketId, event) {
      const cart = carts.get(basketId) ?? new Map<string, number>();
      if (event.event_type === 'PRODUCTS_QUANTITY') for (const change of event.quantity_event_data) cart.set(change.product_id, change.quantity.quantity);
      carts.set(basketId, cart);
      return basketOf(basketId);
    },
    createOrder(request, context) {
      const basketId = request.order_details.basket_id;
      const orderId = `ZAM-${orders.size + 1}`;
      orders.set(orderId, { basketId, context });
      return {
        order_details: {
          order_id: orderId,
          pos_id: 'TEST',
          order_creation_date: new Date().toISOString(),
          basket_id: basketId,
          order_merchant_status_description: 'Nowe',
          payment_type: request.order_details.payment_type,
          order_base_price: request.order_details.basket_price,
          order_final_price: request.order_details.basket_price,
          currency: 'PLN',
          delivery_references_list: [],
        },
        account_info: request.account_info,
        delivery: { ...request.delivery, delivery_date: new Date().toISOString(), delivery_options: [], delivery_price: price(0) },
        products: basketOf(basketId).products,
        consents: request.consents,
      };
    },
    getOrder: () => undefined,
    applyOrderEvent: (orderId) => (orders.has(orderId) ? { order_merchant_status_description: 'Opłacone' } : undefined),
  };
  return { shop, carts, orders };
}

export interface Rig {
  url: string;
  sandbox: Sandbox;
  widgetApi: WidgetApi;
  shop: ReturnType<typeof testShop>;
  server: Server;
  /** Every exchange with the widget API, checked against its OpenAPI document (openapi/widget-api.json). */
  contract: WidgetApiContract;
  /** Closes everything; throws when an exchange broke the OpenAPI document. */
  close(): Promise<void>;
}

export const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** A sandbox, and a shop whose Node server mounts both handlers (`/inpost-pay`, `/inpost`) and the socket. */
export async function startRig(options: Partial<InpostPayOptions> = {}, sandboxIn?: Sandbox, shopIn?: ReturnType<typeof testShop>): Promise<Rig> {
  const sandbox = sandboxIn ?? (await startSandbox({ port: 0, host: '127.0.0.1', clientId: 'demo-shop', clientSecret: 'demo-secret' }));
  const client = new InpostPayClient({ clientId: 'demo-shop', clientSecret: 'demo-secret', baseUrl: sandbox.url, tokenUrl: sandbox.url + TOKEN_PATH });
  const shop = shopIn ?? testShop();
  const { widgetApi, merchantApi } = createInpostPay({
    client,
    shop: shop.shop,
    cookieSecret: SECRET,
    longPollMs: 400,
    appLinkScheme: 'inpostsandbox',
    logger: { error: () => undefined, warn: () => undefined },
    ...options,
  });
  const contract = new WidgetApiContract({ basePath: widgetApi.basePath });
  const widget = toNodeListener(contract.wrap(widgetApi));
  const merchant = toNodeListener(merchantApi);
  const server = createServer((req, res) => {
    if (req.url?.startsWith(widgetApi.basePath + '/')) return widget(req, res);
    if (req.url?.startsWith('/inpost/')) return merchant(req, res);
    res.writeHead(404).end();
  });
  const socket = await attachWidgetSocket(server, widgetApi);
  const url = await listen(server);
  if (!sandboxIn) sandbox.setMerchantApiUrl(`${url}/inpost`);
  return {
    url,
    sandbox,
    widgetApi,
    shop,
    server,
    contract,
    async close() {
      widgetApi.close();
      socket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!sandboxIn) await sandbox.close();
      contract.assertClean();
    },
  };
}
