/**
 * The types a shop meets when it mounts the widget API: its one adapter ({@link InpostPayShop}),
 * the options, what its pages are pushed.
 */
import type { Awaitable } from '../api.js';
import type {
  AddProductRequest,
  Basket,
  BasketEvent,
  CreateOrderRequest,
  Order,
  OrderEventAnswer,
  OrderEventIn,
  PhoneNumber,
  ProductsPage,
  ProductsQuery,
} from '../types.js';

/** What changed in the app since the previous version of the page state. */
export type PageChange = 'basket' | 'binding' | 'order';

/** What a page is told about its visitor: never more than the masked number and the count. */
export interface PageState {
  /** Grows with every change a page shows. */
  version: number;
  basket_linked: boolean;
  masked_phone_number?: string;
  /** Items in the cart. */
  count: number;
  /** What changed since the previous version (absent for the first state of a session). */
  changed?: PageChange[];
  /** The payment status of the visitor's last order, as InPost Pay reported it (for the thank-you page). */
  payment_status?: string;
}

/** A message of the order watch (long poll answer, Server-Sent Event, WebSocket message). */
export type WatchMessage = { action: 'redirect'; redirect: string } | { state: PageState };

/** Ad click ids sent with the binding request (the browser option `analytics`), validated short tokens. */
export interface Attribution {
  gclid?: string;
  fbclid?: string;
  ttclid?: string;
  ga_client_id?: string;
}

/** What the kit hands to {@link InpostPayShop.createOrder} besides InPost's order. */
export interface OrderContext {
  /** The ad click ids the page sent with its binding request, when the shop's page sends them. */
  analytics?: Attribution;
  /** The kit's visitor key of the basket, when the basket was started on a page (not in the app). */
  visitorKey?: string;
}

/** A product of the page's calls: its id and the shop's own details (size, colour…). */
export interface ProductChoice {
  productId: string;
  details: Record<string, string>;
}

/**
 * The shop's one adapter, for both handlers: the widget API (`createWidgetApi`) and the endpoints
 * InPost Pay calls (`createMerchantApi`, through `createInpostPay` or `widgetApi.merchantShop`).
 * The kit keeps the binding, sessions, pushes and rate limits; the shop keeps carts and orders,
 * keyed by the basket id the kit gives it (a new one after each order).
 *
 * Throw {@link WidgetApiError} (page calls) or `MerchantApiError` (InPost's calls) to answer an error.
 */
export interface InpostPayShop {
  /**
   * The cart of `basketId` in InPost's shape (§4), undefined when the shop has none. An empty
   * cart is a basket with no products. PUT to InPost Pay after every change of a bound basket.
   */
  getBasket(basketId: string): Awaitable<Basket | undefined>;
  /**
   * Adds one `productId` (with the shop's `details`, e.g. `{size: 'M'}`) to the cart of `basketId`,
   * creating the cart when new. Throw `WidgetApiError(404, 'PRODUCT_NOT_FOUND', …)`, `(400, …)`
   * for missing details, `(409, 'BASKET_FULL', …)`.
   */
  addToCart(basketId: string, choice: ProductChoice): Awaitable<void>;
  /**
   * May the InPost Pay button bind now? For a product: is it complete (size chosen)? Without one:
   * the cart's. Default: a product may always be bound, a cart when it holds something.
   */
  canBeBound?(basketId: string, choice: ProductChoice | undefined): Awaitable<boolean>;
  /** The basket was edited in the app (§3 #3): apply it, answer the basket (with a notice for what was refused). */
  applyBasketEvent(basketId: string, event: BasketEvent): Awaitable<Basket | undefined>;
  /** A product added in the app (§3 #5): to `request.basket_id` or a new basket; answer with `basket_id`. */
  addProduct?(productId: string, request: AddProductRequest): Awaitable<(Basket & { basket_id: string }) | undefined>;
  /**
   * InPost's order (§3 #6) for `order.order_details.basket_id`: create it from the cart (check the
   * price) and answer it; a second call for the same basket answers the first order. The kit then
   * sends the visitor's open pages to the thank-you page and gives the visitor a new basket id.
   */
  createOrder(order: CreateOrderRequest, context: OrderContext): Awaitable<Order | undefined>;
  /** §3 #7. */
  getOrder(orderId: string): Awaitable<Order | undefined>;
  /** The payment's result (§3 #8). */
  applyOrderEvent(orderId: string, event: OrderEventIn): Awaitable<OrderEventAnswer | undefined>;
  /** §3 #9. Default: no products. */
  getProducts?(query: ProductsQuery): Awaitable<ProductsPage>;
  /**
   * The basket was bound to a phone number or unbound (the shop may keep the number for the
   * order's contact; never send it to a browser). Optional.
   */
  bindingChanged?(basketId: string, binding: { linked: boolean; phoneNumber?: PhoneNumber | null; maskedPhoneNumber?: string }): Awaitable<void>;
}

/** A log sink; `console` fits. */
export interface WidgetApiLogger {
  error(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
}

/** What a server adapter knows of a request besides the Fetch `Request`. */
export interface RequestContext {
  /** The client's address (Node: `req.socket.remoteAddress`). */
  clientAddress?: string;
}
