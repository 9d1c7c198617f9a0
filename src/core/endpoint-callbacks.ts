/**
 * The `endpoint` option: the `izi…` callbacks as requests to the shop's widget endpoints (the HTTP
 * contract of `createWidgetApi` in `inpost-pay-widget/merchant`), so a shop that mounts that
 * handler writes no callback code. `Configuration.callback()` falls back to these for every
 * callback the shop did not define itself. Every failure becomes the CallbackError the widget
 * already shows and reports: an error answer `{error_code, error_message}` keeps its code (so
 * `TOO_MANY_REQUESTS` gets its words), a status without one gets a code from the status.
 */
import { attribution } from './analytics.js';
import { CallbackError, describeReason, isRecord } from './callbacks.js';
import type { Callback, CallbackName, Configuration } from './config.js';

/** The URL of `path` under the configured endpoint (one slash between them). */
export const endpointUrl = (config: Configuration, path: string) => `${(config.options.endpoint ?? '').replace(/\/+$/, '')}${path}`;

/** What an answer of a status without `{error_code}` (an error page of a proxy) is reported as. */
const codeOf = (status: number) => (status === 429 ? 'TOO_MANY_REQUESTS' : status === 503 ? 'SERVICE_UNAVAILABLE' : `HTTP_${status}`);

/** The callbacks that call `config.options.endpoint`; `Configuration` makes them once, when first needed. */
export function endpointCallbacks(config: Configuration): Partial<Record<CallbackName, Callback>> {
  // The state version of the last order-complete answer: the next one is a long poll from there.
  let since: number | undefined;
  // The iziGetIsBound call that still asks: a newer one (the shopper started again) ends the older.
  let asking = 0;
  const longPoll = () => Math.max(1000, config.options.orderWatch?.maxWait ?? 90000);

  /** One request; the answer's JSON (`undefined` for none), or the CallbackError of `name`. */
  async function request(name: CallbackName, method: string, path: string, body?: object, timeout = config.options.callbackTimeout ?? 15000) {
    const url = endpointUrl(config, path);
    const what = `${name}: ${method} ${url}`;
    let status = 0;
    let text = '';
    let retryAfter: string | null = null;
    try {
      const response = await (config.options.fetch ?? fetch)(url, {
        method,
        credentials: 'same-origin',
        headers: body ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
        body: body && JSON.stringify(body),
        signal: timeout > 0 ? AbortSignal.timeout(timeout) : undefined,
      });
      ({ status } = response);
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      throw new CallbackError(name, 'rejected', `${what} failed: ${describeReason(error)}`, error);
    }
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      if (status < 400) throw new CallbackError(name, 'invalid', `${what} answered ${status} with no JSON (is the endpoint mounted there?): ${describeReason(text.slice(0, 80))}`, text);
    }
    if (status < 400 || (name === 'iziGetIsBound' && isRecord(data) && data.status === 'REJECT')) return data;
    const cause: Record<string, unknown> = {
      ...(isRecord(data) && typeof data.error_code === 'string' ? data : { error_code: codeOf(status), error_message: `answered ${status}` }),
      status,
      ...(retryAfter && /^\d+$/.test(retryAfter) ? { retry_after: Number(retryAfter) } : {}),
    };
    throw new CallbackError(name, 'rejected', `${what} answered ${status}: ${describeReason(cause)}`, cause);
  }

  /** `{productId, details}` for the product's two calls; details from the shop's `productDetails` hook. */
  async function product(productId?: string) {
    const given = productId && (await config.options.productDetails?.(productId));
    // What the handler takes: at most 20 strings of at most 256 characters, under names of at most 64.
    const details = isRecord(given)
      ? Object.fromEntries(Object.entries(given).filter(([name, value]) => typeof value === 'string' && value.length <= 256 && name.length <= 64).slice(0, 20))
      : {};
    return { productId, ...(Object.keys(details).length ? { details } : {}) };
  }

  return {
    iziCanBeBound: async (productId?: unknown) => {
      const answer = await request('iziCanBeBound', 'POST', '/can-be-bound', await product(productId as string | undefined));
      return isRecord(answer) ? answer.canBeBound : answer;
    },
    iziAddToCart: async (productId: unknown) => request('iziAddToCart', 'POST', '/add-to-cart', await product(productId as string)),
    iziGetPayData: (prefix: unknown, phoneNumber: unknown, bindingPlace: unknown, browser: unknown) =>
      request('iziGetPayData', 'POST', '/pay-data', {
        ...(phoneNumber ? { prefix, phoneNumber } : {}),
        bindingPlace,
        browser,
        ...(config.options.analytics ? { analytics: attribution() } : {}),
      }),
    // A long poll: ask again while the shop says PENDING, until confirmTimeout or a newer call.
    iziGetIsBound: async () => {
      const mine = ++asking;
      const deadline = Date.now() + (config.options.confirmTimeout ?? 300000);
      while (mine === asking && Date.now() < deadline) {
        const started = Date.now();
        const answer = await request('iziGetIsBound', 'GET', '/is-bound', undefined, longPoll());
        // Resolved or thrown, {status: "REJECT"} is the shopper's no; the session tells it apart.
        if (!isRecord(answer) || answer.status !== 'PENDING') {
          if (isRecord(answer) && answer.status === 'REJECT') throw answer;
          return answer;
        }
        // A server that does not hold the request is asked at most once a second.
        await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() - started)));
      }
      throw new CallbackError('iziGetIsBound', 'timeout', `iziGetIsBound: ${endpointUrl(config, '/is-bound')} still PENDING`);
    },
    iziGetOrderComplete: async () => {
      const answer = await request('iziGetOrderComplete', 'GET', `/order-complete${since === undefined ? '' : `?since=${since}`}`, undefined, longPoll());
      const version = isRecord(answer) && isRecord(answer.state) ? answer.state.version : undefined;
      if (Number.isSafeInteger(version)) since = version as number;
      return answer;
    },
    iziBindingDelete: () => request('iziBindingDelete', 'POST', '/binding-delete', {}),
    iziMobileLink: () => request('iziMobileLink', 'GET', '/mobile-link'),
  };
}
