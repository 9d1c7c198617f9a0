/**
 * Both handlers of a shop from one adapter: `createInpostPay({ client, shop, cookieSecret })` gives
 * the widget API (what the page calls) and the merchant API (what InPost Pay calls), sharing one
 * store, so InPost's calls reach the open pages without glue.
 */
import { createMerchantApi, type MerchantApiHandler, type MerchantApiOptions } from '../api.js';
import type { InpostPayClient } from '../client.js';
import { createWidgetApi, type WidgetApi, type WidgetApiOptions } from './handler.js';

/** Options of {@link createInpostPay}: the widget API's, plus the merchant API's under `merchantApi`. */
export interface InpostPayOptions extends WidgetApiOptions {
  /** The client: calls InPost Pay and fetches its signing keys. */
  client: InpostPayClient;
  /**
   * Options of `createMerchantApi` besides `shop` (signing keys, replay store, limits, onError).
   * Its `basePath` defaults to `/inpost` here: the merchant API URL registered with InPost Pay is
   * `https://<shop>/inpost`, and InPost calls `<that>/v1/izi/…`.
   */
  merchantApi?: Omit<MerchantApiOptions, 'shop'>;
}

/** The two handlers of {@link createInpostPay}. */
export interface InpostPay {
  /** Mount at `basePath` (default `/inpost-pay`); the page's `configure({ endpoint })`. */
  widgetApi: WidgetApi;
  /** Mount at the merchant API URL registered with InPost Pay, `merchantApi.basePath` (default `/inpost`; it answers at `<basePath>/v1/izi/…`). */
  merchantApi: MerchantApiHandler;
}

/**
 * The widget API and the merchant API of one shop, on one adapter and one store.
 *
 * @example
 * ```ts
 * const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret: process.env.COOKIE_SECRET });
 * app.use('/inpost-pay', toNodeListener(widgetApi));
 * app.use('/inpost', toNodeListener(merchantApi));
 * ```
 */
export function createInpostPay(options: InpostPayOptions): InpostPay {
  const widgetApi = createWidgetApi(options);
  const merchantApi = createMerchantApi({ client: options.client, basePath: '/inpost', ...options.merchantApi, shop: widgetApi.merchantShop });
  return { widgetApi, merchantApi };
}
