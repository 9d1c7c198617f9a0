/**
 * Merchant-side (Node) toolkit of inpost-pay-widget, for the shop's backend. Import it as
 * `inpost-pay-widget/merchant`. Nothing here runs in a browser.
 *
 * - {@link InpostPayClient}: the shop's calls to InPost Pay (baskets, binding keys, order events,
 *   signing keys, payment methods), with token handling, retries and checked answers.
 * - {@link createMerchantApi}: the endpoints InPost Pay calls on the shop, as one Fetch API
 *   handler, with signatures, replay protection and JSON Schema checks; the shop supplies a
 *   {@link MerchantShop} adapter. {@link toNodeListener} mounts it in Node's http or Express.
 * - {@link createWidgetApi}: the endpoints the elements call (the widget's backend: binding by
 *   phone and QR, long poll, Server-Sent Events), as one Fetch API handler on the shop's
 *   {@link InpostPayShop} adapter; {@link createInpostPay} makes both handlers from that one adapter;
 *   {@link attachWidgetSocket} adds the WebSocket order watch on Node.
 * - {@link verifySignedRequest}: the signature check on its own.
 *
 * Test helpers (signing requests as InPost does) are in `inpost-pay-widget/merchant/testing`;
 * Redis stores for several instances (replay, widget state) are in `inpost-pay-widget/merchant/redis`.
 */
export {
  InpostPayClient,
  PRODUCTION_API_URL,
  PRODUCTION_TOKEN_URL,
  SANDBOX_API_URL,
  SANDBOX_TOKEN_URL,
} from './client.js';
export type { InpostPayClientOptions, InpostPayEnvironment } from './client.js';
export { createMerchantApi } from './api.js';
export type { Awaitable, MerchantApiHandler, MerchantApiOptions, MerchantShop, SigningKeySource } from './api.js';
export { toNodeListener } from './node-adapter.js';
export type { FetchHandler } from './node-adapter.js';
export { createWidgetApi } from './widget-api/handler.js';
export type { BindingLimits, WidgetApi, WidgetApiClient, WidgetApiOptions } from './widget-api/handler.js';
export { createInpostPay } from './widget-api/inpost-pay.js';
export type { InpostPay, InpostPayOptions } from './widget-api/inpost-pay.js';
export { attachWidgetSocket } from './widget-api/socket.js';
export type { WidgetSocket, WidgetSocketOptions } from './widget-api/socket.js';
export { memoryWidgetStore } from './widget-api/store.js';
export type { MemoryWidgetStoreOptions, RateLimitRule, WidgetStore } from './widget-api/store.js';
export type {
  Attribution,
  InpostPayShop,
  OrderContext,
  PageChange,
  PageState,
  ProductChoice,
  RequestContext,
  WatchMessage,
  WidgetApiLogger,
} from './widget-api/types.js';
export { memoryReplayStore } from './replay.js';
export type { LegacyReplayStore, MemoryReplayStoreOptions, ReplayStore } from './replay.js';
export {
  InpostPayApiError,
  InpostPayNetworkError,
  InpostPayResponseError,
  InpostPayTimeoutError,
  MerchantApiError,
  WidgetApiError,
} from './errors.js';
export { MAX_SIGNATURE_AGE_SECONDS, publicKeyHash, verifySignedRequest } from './signature.js';
export type { RequestHeaders, SignatureCheck, SignatureHeaders, SignatureProblem, VerifySignedRequestOptions } from './signature.js';
export * as schemas from './schemas.js';
export type { JsonSchema, SchemaProblem } from './validate.js';
export { validate } from './validate.js';
export { BINDING_PLACES } from './types.js';
export type * from './types.js';
