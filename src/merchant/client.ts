// Why one long file: one method per call of INPOST-API.md §2 on one class that owns the token, the
// retries and the hardening every call shares; splitting the calls apart would spread that state.
import { inspect } from 'node:util';
import { excerpt, InpostPayApiError, InpostPayNetworkError, InpostPayResponseError, InpostPayTimeoutError } from './errors.js';
import { readAtMost } from './read-body.js';
import {
  basketBindingKeySchema,
  basketBindingStatusSchema,
  deepLinkBindingSchema,
  paymentMethodsSchema,
  putBasketResultSchema,
  signingKeySchema,
  signingKeysSchema,
  tokenAnswerSchema,
} from './schemas.js';
import type {
  Basket,
  BasketBindingKey,
  BasketBindingStatus,
  BasketUpdateV1,
  CreateBindingRequest,
  DeepLinkBinding,
  OrderEventOut,
  PaymentMethods,
  PutBasketResult,
  SigningKey,
  SigningKeys,
} from './types.js';
import { ID_PATTERN } from './types.js';
import { validate, type JsonSchema } from './validate.js';

/** Production API base URL. */
export const PRODUCTION_API_URL = 'https://api.inpost.pl';
/** Production OAuth2 token URL. */
export const PRODUCTION_TOKEN_URL =
  'https://login.inpost.pl/auth/realms/external/protocol/openid-connect/token';
/** InPost's sandbox API base URL. */
export const SANDBOX_API_URL = 'https://sandbox-api.inpost.pl';
/** InPost's sandbox OAuth2 token URL. */
export const SANDBOX_TOKEN_URL =
  'https://sandbox-login.inpost.pl/auth/realms/external/protocol/openid-connect/token';
/** Path of the token endpoint below the login host (the same on production and sandbox). */
export const TOKEN_PATH = '/auth/realms/external/protocol/openid-connect/token';

/** The InPost Pay environments a client can talk to (option `environment` of {@link InpostPayClient}). */
export type InpostPayEnvironment = 'production' | 'sandbox';

const ENVIRONMENTS: Record<InpostPayEnvironment, { baseUrl: string; tokenUrl: string }> = {
  production: { baseUrl: PRODUCTION_API_URL, tokenUrl: PRODUCTION_TOKEN_URL },
  sandbox: { baseUrl: SANDBOX_API_URL, tokenUrl: SANDBOX_TOKEN_URL },
};

/** Most bytes of an answer read; a larger answer is an error (nothing InPost documents comes near it). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** Options of {@link InpostPayClient}. */
export interface InpostPayClientOptions {
  /** OAuth2 client id issued by InPost. */
  clientId: string;
  /** OAuth2 client secret issued by InPost. Kept private: not visible through `util.inspect` or `JSON.stringify`. */
  clientSecret: string;
  /**
   * Which InPost Pay the client talks to: `'production'` (default: {@link PRODUCTION_API_URL},
   * {@link PRODUCTION_TOKEN_URL}) or `'sandbox'` ({@link SANDBOX_API_URL}, {@link SANDBOX_TOKEN_URL}).
   * The sandbox issues its own credentials; going live is this option plus the production ones.
   */
  environment?: InpostPayEnvironment;
  /** API base URL without a trailing slash; `https:` (or `http:` on a loopback host, for a local sandbox). Overrides `environment`'s. */
  baseUrl?: string;
  /** OAuth2 token URL, with the same rule. Overrides `environment`'s. */
  tokenUrl?: string;
  /** Timeout of every single HTTP attempt, in ms. Default 10 000. */
  timeoutMs?: number;
  /** How many times an idempotent call (GET, PUT, DELETE) is retried after a network error, a 5xx or a 429. Default 3. */
  retries?: number;
  /** First backoff delay in ms; doubled on each retry, with jitter. Default 200. */
  retryBaseDelayMs?: number;
  /** Upper bound of one backoff delay in ms (also caps `Retry-After`). Default 5 000. */
  retryMaxDelayMs?: number;
  /** A token is renewed this many ms before it expires. Default 30 000. */
  tokenRefreshMarginMs?: number;
  /** Sent as `inpay-plugin-version` on every call, as InPost's plugins do. Default `inpost-pay-widget`. */
  pluginVersion?: string;
  /** The fetch implementation. Default the global `fetch`. */
  fetch?: typeof fetch;
}

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token must not be used any more (expiry minus margin). */
  renewAt: number;
}

interface RequestOptions {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** The documented shape of a successful answer; none: the answer's body is ignored. */
  answer?: JsonSchema;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** Throws unless `value` is an https URL, or an http one on a loopback host. */
function checkUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`InpostPayClient: ${name} is not a URL`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new TypeError(`InpostPayClient: ${name} must be an https: URL (http: only on a loopback host), got ${url.protocol}//${url.host}`);
  }
  return value;
}

/**
 * Client of the InPost Pay API, for the shop's backend: every shop → InPost call a shop needs.
 *
 * - Authenticates with OAuth2 client credentials; the token is fetched once, shared by concurrent
 *   calls, reused until shortly before it expires and renewed once when the API answers 401.
 * - Every attempt has a timeout. GET, PUT and DELETE are retried on network errors, 5xx and 429
 *   with capped exponential backoff and jitter, honouring `Retry-After`. POST is never retried.
 * - Talks `https:` only (plain `http:` to loopback hosts, for a local sandbox), follows no
 *   redirect (so the secret never goes anywhere but the token URL), reads at most 1 MiB of an
 *   answer and checks its shape against the JSON Schemas before returning it.
 * - Failures are thrown as {@link InpostPayApiError} (the API answered with an error),
 *   {@link InpostPayResponseError} (a success with the wrong shape; names the field) or
 *   {@link InpostPayNetworkError} / {@link InpostPayTimeoutError} (no answer). Errors keep at most
 *   512 characters of an answer.
 *
 * @example
 * ```ts
 * const inpost = new InpostPayClient({ clientId, clientSecret, environment: 'sandbox' });
 * await inpost.putBasket(basketId, basket, { apiVersion: 'v2' });
 * const { basket_binding_api_key } = await inpost.createBindingKey(basketId);
 * ```
 */
export class InpostPayClient {
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #baseUrl: string;
  readonly #tokenUrl: string;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryBaseDelayMs: number;
  readonly #retryMaxDelayMs: number;
  readonly #tokenRefreshMarginMs: number;
  readonly #pluginVersion: string;
  readonly #fetch: typeof fetch;
  #token: CachedToken | null = null;
  #tokenRequest: Promise<CachedToken> | null = null;

  /** @param options credentials, URLs, timeout and retry settings */
  constructor(options: InpostPayClientOptions) {
    if (!options.clientId || !options.clientSecret) {
      throw new TypeError('InpostPayClient needs clientId and clientSecret');
    }
    this.#clientId = options.clientId;
    this.#clientSecret = options.clientSecret;
    const environment = ENVIRONMENTS[options.environment ?? 'production'];
    if (!Object.hasOwn(ENVIRONMENTS, options.environment ?? 'production')) {
      throw new TypeError(`InpostPayClient: environment must be 'production' or 'sandbox', got ${JSON.stringify(options.environment)}`);
    }
    this.#baseUrl = checkUrl('baseUrl', options.baseUrl ?? environment.baseUrl).replace(/\/+$/, '');
    this.#tokenUrl = checkUrl('tokenUrl', options.tokenUrl ?? environment.tokenUrl);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retries = Math.max(0, options.retries ?? 3);
    this.#retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
    this.#retryMaxDelayMs = options.retryMaxDelayMs ?? 5_000;
    this.#tokenRefreshMarginMs = options.tokenRefreshMarginMs ?? 30_000;
    this.#pluginVersion = options.pluginVersion ?? 'inpost-pay-widget';
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** What `console.log(client)` shows: never the secret or the token. */
  [inspect.custom](): string {
    return `InpostPayClient { clientId: ${JSON.stringify(this.#clientId)}, baseUrl: ${JSON.stringify(this.#baseUrl)} }`;
  }

  /** What `JSON.stringify(client)` gives: never the secret or the token. */
  toJSON(): { clientId: string; baseUrl: string } {
    return { clientId: this.#clientId, baseUrl: this.#baseUrl };
  }

  // ---- Baskets -------------------------------------------------------------------------------

  /**
   * Creates or updates the basket at InPost Pay: `PUT /v2/izi/basket/{basketId}` (the current
   * widget) or `PUT /v1/izi/basket/{basketId}` (the izi widget; with `basket.browser_id` of a
   * trusted browser InPost Pay binds the basket at once). Send it after every cart change while
   * the basket is bound and not ordered; on `BASKET_NOT_FOUND`, `BASKET_EXPIRED` or
   * `BASKET_NOT_BOUND` drop the local binding.
   * @param basketId the shop's basket id
   * @param basket the whole basket
   * @param options `apiVersion`: `'v1'` (default, the izi widget this package serves) or `'v2'`
   */
  async putBasket(basketId: string, basket: Basket | BasketUpdateV1, options: { apiVersion?: 'v1' | 'v2' } = {}): Promise<PutBasketResult> {
    checkId('basketId', basketId);
    const version = options.apiVersion ?? 'v1';
    if ('browser_id' in basket && basket.browser_id !== undefined) {
      if (version !== 'v1') throw new TypeError('putBasket: browser_id exists only in the v1 call');
      checkId('basket.browser_id', basket.browser_id);
    }
    return (await this.#request({
      method: 'PUT',
      path: `/${version}/izi/basket/${encodeURIComponent(basketId)}`,
      body: basket,
      answer: putBasketResultSchema,
    })) as PutBasketResult;
  }

  /**
   * A key that lets the v2 widget bind this basket: `PUT /v2/izi/basket/{basketId}/binding`.
   * Hand `basket_binding_api_key` to the widget as `basketBindingApiKey`.
   * @param basketId the shop's basket id
   */
  async createBindingKey(basketId: string): Promise<BasketBindingKey> {
    checkId('basketId', basketId);
    return (await this.#request({
      method: 'PUT',
      path: `/v2/izi/basket/${encodeURIComponent(basketId)}/binding`,
      answer: basketBindingKeySchema,
    })) as BasketBindingKey;
  }

  /**
   * Is this basket bound to a phone number, and is this browser trusted? (v1)
   * `GET /v1/izi/basket/{basketId}/binding?browser_id=`.
   * @param basketId the shop's basket id
   * @param browserId the shop's id of the shopper's browser, to learn whether it is trusted
   */
  async getBasketBinding(basketId: string, browserId?: string): Promise<BasketBindingStatus> {
    checkId('basketId', basketId);
    if (browserId !== undefined) checkId('browserId', browserId);
    return (await this.#request({
      method: 'GET',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}/binding`,
      query: { browser_id: browserId },
      answer: basketBindingStatusSchema,
    })) as BasketBindingStatus;
  }

  /**
   * Starts binding a basket to a phone number (v1). `POST /v1/izi/basket/{basketId}/binding`.
   * With `PHONE`, InPost Pay pushes a request to the shopper's app and answers 202 with no body
   * (this method then resolves `undefined`). With `DEEP_LINK` it answers the QR code and links.
   * Never retried.
   * @param basketId the shop's basket id
   * @param request binding method, place, phone number (for `PHONE`) and browser description
   */
  createBinding(basketId: string, request: CreateBindingRequest & { binding_method: 'PHONE' }): Promise<undefined>;
  createBinding(basketId: string, request: CreateBindingRequest & { binding_method: 'DEEP_LINK' }): Promise<DeepLinkBinding>;
  createBinding(basketId: string, request: CreateBindingRequest): Promise<DeepLinkBinding | undefined>;
  async createBinding(basketId: string, request: CreateBindingRequest): Promise<DeepLinkBinding | undefined> {
    checkId('basketId', basketId);
    if (request.binding_method === 'PHONE' && !request.phone_number) {
      throw new TypeError('createBinding: a PHONE binding needs phone_number');
    }
    const result = await this.#request({
      method: 'POST',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}/binding`,
      body: request,
      answer: request.binding_method === 'PHONE' ? undefined : deepLinkBindingSchema,
    });
    return request.binding_method === 'PHONE' ? undefined : (result as DeepLinkBinding);
  }

  /**
   * Removes the binding between the basket and the phone number.
   * `DELETE /v1/izi/basket/{basketId}/binding[?if_basket_realized=1]`. Do not call it while
   * answering InPost's own binding delete (InPost already removed it).
   * @param basketId the shop's basket id
   * @param options `ifBasketRealized`: the basket was turned into an order through the shop's own checkout
   */
  async deleteBasketBinding(basketId: string, options: { ifBasketRealized?: boolean } = {}): Promise<void> {
    checkId('basketId', basketId);
    await this.#request({
      method: 'DELETE',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}/binding`,
      query: { if_basket_realized: options.ifBasketRealized ? '1' : undefined },
    });
  }

  /**
   * Removes the browser from the shopper's trusted browsers (v1). `DELETE /v1/izi/browser/{browserId}/binding`.
   * @param browserId the shop's id of the browser
   */
  async deleteBrowserBinding(browserId: string): Promise<void> {
    checkId('browserId', browserId);
    await this.#request({
      method: 'DELETE',
      path: `/v1/izi/browser/${encodeURIComponent(browserId)}/binding`,
    });
  }

  // ---- Orders ------------------------------------------------------------------------------------

  /**
   * Tells InPost Pay about an order's progress: status, tracking numbers, delivery changes.
   * `POST /v1/izi/order/{orderId}/event`; InPost answers 200 or 201, both success. Never retried:
   * give every event its own `event_id`.
   * @param orderId the shop's order id (`order_details.order_id` of the order InPost created)
   * @param event the event
   */
  async sendOrderEvent(orderId: string, event: OrderEventOut): Promise<void> {
    if (typeof orderId !== 'string' || orderId === '' || orderId.length > 255) throw new TypeError('orderId must be a string of 1 to 255 characters');
    await this.#request({ method: 'POST', path: `/v1/izi/order/${encodeURIComponent(orderId)}/event`, body: event });
  }

  // ---- Keys and settings ---------------------------------------------------------------------------

  /**
   * InPost's public keys for the signatures on its calls to the shop, and the merchant id it
   * signs with. `GET /v1/izi/signing-keys/public`. `createMerchantApi({client})` calls it itself.
   */
  async getSigningKeys(): Promise<SigningKeys> {
    const answer = (await this.#request({ method: 'GET', path: '/v1/izi/signing-keys/public', answer: signingKeysSchema })) as SigningKeys;
    return { ...answer, public_keys: answer.public_keys.map((key) => ({ ...key, version: String(key.version) })) };
  }

  /**
   * One of InPost's public keys by version. `GET /v1/izi/signing-keys/public/{version}`
   * (`PUBLIC_KEY_NOT_FOUND` when there is none).
   * @param version the key's version, as in `x-public-key-ver`
   */
  async getSigningKey(version: string): Promise<SigningKey> {
    if (typeof version !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(version)) throw new TypeError('version must be a short id');
    const answer = (await this.#request({
      method: 'GET',
      path: `/v1/izi/signing-keys/public/${encodeURIComponent(version)}`,
      answer: signingKeySchema,
    })) as SigningKey;
    return { ...answer, public_key: { ...answer.public_key, version: String(answer.public_key.version) } };
  }

  /** The payment methods enabled for the shop. `GET /v1/izi/payment-methods`. */
  async getPaymentMethods(): Promise<PaymentMethods> {
    return (await this.#request({ method: 'GET', path: '/v1/izi/payment-methods', answer: paymentMethodsSchema })) as PaymentMethods;
  }

  /** Forgets the cached access token; the next call fetches a new one. */
  clearToken(): void {
    this.#token = null;
  }

  /** One API call with auth, timeout, retries. */
  async #request(options: RequestOptions): Promise<unknown> {
    const idempotent = options.method !== 'POST';
    const url = new URL(this.#baseUrl + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.#getToken();
      let response: Response;
      try {
        response = await this.#fetchWithTimeout(url, {
          method: options.method,
          headers: {
            authorization: `Bearer ${token.accessToken}`,
            accept: 'application/json',
            'inpay-plugin-version': this.#pluginVersion,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body,
        });
      } catch (error) {
        if (idempotent && attempt < this.#retries && !(error instanceof InpostPayApiError)) {
          await sleep(this.#backoff(attempt, null));
          continue;
        }
        throw error;
      }
      if (response.status === 401 && !refreshedToken) {
        // The token may have been revoked or expired early: renew it once and repeat the call.
        // A 401 means the call was not processed, so repeating even a POST is safe.
        await response.body?.cancel();
        refreshedToken = true;
        if (this.#token === token) this.#token = null;
        attempt--;
        continue;
      }
      if (idempotent && attempt < this.#retries && (response.status >= 500 || response.status === 429)) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        await response.body?.cancel();
        await sleep(this.#backoff(attempt, retryAfter));
        continue;
      }
      const { text, parsed } = await readAnswer(response);
      if (!response.ok) throw toApiError(response, text, parsed);
      if (!options.answer) return undefined;
      return checkAnswer(response.status, options.answer, text, parsed);
    }
  }

  /** Backoff before retry number `attempt + 1`. */
  #backoff(attempt: number, retryAfterMs: number | null): number {
    if (retryAfterMs !== null) return Math.min(retryAfterMs, this.#retryMaxDelayMs);
    const ceiling = Math.min(this.#retryMaxDelayMs, this.#retryBaseDelayMs * 2 ** attempt);
    // "Equal jitter": at least half the delay, so retries still spread out under load.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** A valid token: cached, or from the single in-flight request. */
  async #getToken(): Promise<CachedToken> {
    if (this.#token && Date.now() < this.#token.renewAt) return this.#token;
    if (!this.#tokenRequest) {
      this.#tokenRequest = this.#fetchToken().finally(() => {
        this.#tokenRequest = null;
      });
    }
    return this.#tokenRequest;
  }

  async #fetchToken(): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.#clientId,
      client_secret: this.#clientSecret,
    });
    const response = await this.#fetchWithTimeout(this.#tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const { text, parsed } = await readAnswer(response);
    if (!response.ok) throw toApiError(response, text, parsed);
    const data = checkAnswer(response.status, tokenAnswerSchema, text, parsed) as { access_token: string; expires_in?: number };
    const expiresInMs = (typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 300) * 1000;
    const token: CachedToken = {
      accessToken: data.access_token,
      // Never let the margin eat more than half of a short-lived token's life.
      renewAt: Date.now() + expiresInMs - Math.min(this.#tokenRefreshMarginMs, expiresInMs / 2),
    };
    this.#token = token;
    return token;
  }

  /** fetch with an AbortSignal timeout and no redirects, mapping failures to typed errors. */
  async #fetchWithTimeout(url: URL | string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new InpostPayTimeoutError(this.#timeoutMs, { cause: error });
      }
      throw new InpostPayNetworkError(`InPost Pay request failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
    // A redirect is never followed: it could carry the client secret or the token to another host.
    if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
      await response.body?.cancel();
      throw new InpostPayApiError(response.status, 'REDIRECT_REFUSED', 'InPost Pay answered with a redirect, which is not followed');
    }
    return response;
  }
}

function checkId(name: string, value: string): void {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new TypeError(`${name} must match ${ID_PATTERN} (got ${JSON.stringify(String(value).slice(0, 80))})`);
  }
}

/** The answer's text (at most {@link MAX_ANSWER_BYTES}) and its JSON, when it is JSON. */
async function readAnswer(response: Response): Promise<{ text: string; parsed: unknown }> {
  const tooLarge = (read: string) => new InpostPayResponseError(response.status, '', `is larger than ${MAX_ANSWER_BYTES} bytes`, excerpt(read));
  if (Number(response.headers.get('content-length') ?? NaN) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw tooLarge('');
  }
  let read: { bytes: Buffer; tooLarge: boolean };
  try {
    read = await readAtMost(response.body, MAX_ANSWER_BYTES);
  } catch (error) {
    throw new InpostPayNetworkError('InPost Pay answer was cut off', { cause: error });
  }
  const text = read.bytes.toString('utf8');
  if (read.tooLarge) throw tooLarge(text);
  if (text === '') return { text, parsed: undefined };
  try {
    return { text, parsed: JSON.parse(text) };
  } catch {
    return { text, parsed: undefined };
  }
}

function checkAnswer(status: number, schema: JsonSchema, text: string, parsed: unknown): unknown {
  if (parsed === undefined) throw new InpostPayResponseError(status, '', text === '' ? 'is empty' : 'is not JSON', excerpt(text));
  const problem = validate(schema, parsed);
  if (problem) throw new InpostPayResponseError(status, problem.path, problem.message, excerpt(text));
  return parsed;
}

function toApiError(response: Response, text: string, parsed: unknown): InpostPayApiError {
  const data = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  // The API uses {error_code, error_message}; the OAuth2 token endpoint uses {error, error_description}.
  const code = data.error_code ?? data.error;
  const message = data.error_message ?? data.error_description;
  return new InpostPayApiError(
    response.status,
    typeof code === 'string' ? code.slice(0, 128) : `HTTP_${response.status}`,
    typeof message === 'string' ? excerpt(message) : response.statusText || `HTTP ${response.status}`,
    // A small JSON error body is kept whole; anything else only as an excerpt.
    parsed !== undefined && text.length <= 512 ? parsed : excerpt(text),
  );
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date.
 * @returns the delay in ms, or null when absent or unreadable
 */
export function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - Date.now());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
