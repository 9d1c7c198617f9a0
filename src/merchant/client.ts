import { InpostPayApiError, InpostPayNetworkError, InpostPayTimeoutError } from './errors.js';
import type {
  Basket,
  BasketBindingStatus,
  CreateBindingRequest,
  DeepLinkBinding,
  PutBasketResult,
} from './types.js';
import { ID_PATTERN } from './types.js';

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

/** Ids accepted in URL paths: what InPost Pay and this package accept as basket and browser ids. */

/** Options of {@link InpostPayClient}. */
export interface InpostPayClientOptions {
  /** OAuth2 client id issued by InPost. */
  clientId: string;
  /** OAuth2 client secret issued by InPost. */
  clientSecret: string;
  /** API base URL without a trailing slash. Default {@link PRODUCTION_API_URL}. */
  baseUrl?: string;
  /** OAuth2 token URL. Default {@link PRODUCTION_TOKEN_URL}. */
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
}

/**
 * Client of the InPost Pay merchant API (basket binding), for the merchant's backend.
 *
 * - Authenticates with OAuth2 client credentials; the token is fetched once, shared by concurrent
 *   calls, reused until shortly before it expires and renewed once when the API answers 401.
 * - Every attempt has a timeout. GET, PUT and DELETE are retried on network errors, 5xx and 429
 *   with capped exponential backoff and jitter, honouring `Retry-After`. POST is never retried:
 *   a binding request that reached InPost Pay must not be sent twice.
 * - Failures are thrown as {@link InpostPayApiError} (the API answered with an error) or
 *   {@link InpostPayNetworkError} / {@link InpostPayTimeoutError} (no answer).
 *
 * @example
 * ```ts
 * const inpost = new InpostPayClient({ clientId, clientSecret, baseUrl: SANDBOX_API_URL, tokenUrl: SANDBOX_TOKEN_URL });
 * const status = await inpost.getBasketBinding('cart-123', browserId);
 * ```
 */
export class InpostPayClient {
  private readonly clientId: string;
  private readonly clientSecret: string;
  private readonly baseUrl: string;
  private readonly tokenUrl: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly tokenRefreshMarginMs: number;
  private readonly fetchImpl: typeof fetch;
  private token: CachedToken | null = null;
  private tokenRequest: Promise<CachedToken> | null = null;

  /** @param options credentials, URLs, timeout and retry settings */
  constructor(options: InpostPayClientOptions) {
    if (!options.clientId || !options.clientSecret) {
      throw new TypeError('InpostPayClient needs clientId and clientSecret');
    }
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.baseUrl = (options.baseUrl ?? PRODUCTION_API_URL).replace(/\/+$/, '');
    this.tokenUrl = options.tokenUrl ?? PRODUCTION_TOKEN_URL;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = Math.max(0, options.retries ?? 3);
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 200;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 5_000;
    this.tokenRefreshMarginMs = options.tokenRefreshMarginMs ?? 30_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /**
   * Is this basket bound to a phone number, and is this browser trusted?
   * `GET /v1/izi/basket/{basketId}/binding?browser_id=`.
   * @param basketId the merchant's basket id
   * @param browserId the merchant's id of the shopper's browser, to learn whether it is trusted
   */
  async getBasketBinding(basketId: string, browserId?: string): Promise<BasketBindingStatus> {
    checkId('basketId', basketId);
    if (browserId !== undefined) checkId('browserId', browserId);
    return (await this.request({
      method: 'GET',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}/binding`,
      query: { browser_id: browserId },
    })) as BasketBindingStatus;
  }

  /**
   * Starts binding a basket to a phone number. `POST /v1/izi/basket/{basketId}/binding`.
   * With `PHONE`, InPost Pay pushes a request to the shopper's app and answers 202 with no body
   * (this method then resolves `undefined`). With `DEEP_LINK` it answers the QR code and links.
   * Never retried.
   * @param basketId the merchant's basket id
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
    const result = await this.request({
      method: 'POST',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}/binding`,
      body: request,
    });
    return request.binding_method === 'PHONE' ? undefined : (result as DeepLinkBinding);
  }

  /**
   * Creates or updates the basket at InPost Pay. `PUT /v1/izi/basket/{basketId}`.
   * With `basket.browser_id` of a trusted browser, InPost Pay binds the basket at once.
   * @param basketId the merchant's basket id
   * @param basket the whole basket
   */
  async putBasket(basketId: string, basket: Basket): Promise<PutBasketResult> {
    checkId('basketId', basketId);
    if (basket.browser_id !== undefined) checkId('basket.browser_id', basket.browser_id);
    return (await this.request({
      method: 'PUT',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}`,
      body: basket,
    })) as PutBasketResult;
  }

  /**
   * Removes the binding between the basket and the phone number.
   * `DELETE /v1/izi/basket/{basketId}/binding[?if_basket_realized=1]`.
   * @param basketId the merchant's basket id
   * @param options `ifBasketRealized`: only remove the binding when the basket was already turned into an order
   */
  async deleteBasketBinding(basketId: string, options: { ifBasketRealized?: boolean } = {}): Promise<void> {
    checkId('basketId', basketId);
    await this.request({
      method: 'DELETE',
      path: `/v1/izi/basket/${encodeURIComponent(basketId)}/binding`,
      query: { if_basket_realized: options.ifBasketRealized ? '1' : undefined },
    });
  }

  /**
   * Removes the browser from the shopper's trusted browsers. `DELETE /v1/izi/browser/{browserId}/binding`.
   * @param browserId the merchant's id of the browser
   */
  async deleteBrowserBinding(browserId: string): Promise<void> {
    checkId('browserId', browserId);
    await this.request({
      method: 'DELETE',
      path: `/v1/izi/browser/${encodeURIComponent(browserId)}/binding`,
    });
  }

  /** Forgets the cached access token; the next call fetches a new one. */
  clearToken(): void {
    this.token = null;
  }

  /** @internal One API call with auth, timeout, retries. */
  private async request(options: RequestOptions): Promise<unknown> {
    const idempotent = options.method !== 'POST';
    const url = new URL(this.baseUrl + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let refreshedToken = false;
    for (let attempt = 0; ; attempt++) {
      const token = await this.getToken();
      let response: Response;
      try {
        response = await this.fetchWithTimeout(url, {
          method: options.method,
          headers: {
            authorization: `Bearer ${token.accessToken}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body,
        });
      } catch (error) {
        if (idempotent && attempt < this.retries) {
          await sleep(this.backoff(attempt, null));
          continue;
        }
        throw error;
      }
      if (response.status === 401 && !refreshedToken) {
        // The token may have been revoked or expired early: renew it once and repeat the call.
        // A 401 means the call was not processed, so repeating even a POST is safe.
        await response.body?.cancel();
        refreshedToken = true;
        if (this.token === token) this.token = null;
        attempt--;
        continue;
      }
      if (idempotent && attempt < this.retries && (response.status >= 500 || response.status === 429)) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        await response.body?.cancel();
        await sleep(this.backoff(attempt, retryAfter));
        continue;
      }
      const parsed = await readBody(response);
      if (!response.ok) throw toApiError(response, parsed);
      return parsed;
    }
  }

  /** @internal Backoff before retry number `attempt + 1`. */
  private backoff(attempt: number, retryAfterMs: number | null): number {
    if (retryAfterMs !== null) return Math.min(retryAfterMs, this.retryMaxDelayMs);
    const ceiling = Math.min(this.retryMaxDelayMs, this.retryBaseDelayMs * 2 ** attempt);
    // "Equal jitter": at least half the delay, so retries still spread out under load.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  /** @internal A valid token: cached, or from the single in-flight request. */
  private async getToken(): Promise<CachedToken> {
    if (this.token && Date.now() < this.token.renewAt) return this.token;
    if (!this.tokenRequest) {
      this.tokenRequest = this.fetchToken().finally(() => {
        this.tokenRequest = null;
      });
    }
    return this.tokenRequest;
  }

  /** @internal */
  private async fetchToken(): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
    });
    const response = await this.fetchWithTimeout(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const parsed = await readBody(response);
    if (!response.ok) throw toApiError(response, parsed);
    const data = parsed as { access_token?: unknown; expires_in?: unknown };
    if (typeof data?.access_token !== 'string' || data.access_token === '') {
      throw new InpostPayApiError(response.status, 'INVALID_TOKEN_RESPONSE', 'The token endpoint answered no access_token', parsed);
    }
    const expiresInMs = (typeof data.expires_in === 'number' && data.expires_in > 0 ? data.expires_in : 300) * 1000;
    const token: CachedToken = {
      accessToken: data.access_token,
      // Never let the margin eat more than half of a short-lived token's life.
      renewAt: Date.now() + expiresInMs - Math.min(this.tokenRefreshMarginMs, expiresInMs / 2),
    };
    this.token = token;
    return token;
  }

  /** @internal fetch with an AbortSignal timeout, mapping failures to typed errors. */
  private async fetchWithTimeout(url: URL | string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchImpl(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new InpostPayTimeoutError(this.timeoutMs, { cause: error });
      }
      throw new InpostPayNetworkError(`InPost Pay request failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }
}

function checkId(name: string, value: string): void {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new TypeError(`${name} must match ${ID_PATTERN} (got ${JSON.stringify(value)})`);
  }
}

async function readBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new InpostPayNetworkError('InPost Pay answer was cut off', { cause: error });
  }
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(response: Response, body: unknown): InpostPayApiError {
  const data = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  // The API uses {error_code, error_message}; the OAuth2 token endpoint uses {error, error_description}.
  const code = data.error_code ?? data.error;
  const message = data.error_message ?? data.error_description;
  return new InpostPayApiError(
    response.status,
    typeof code === 'string' ? code : `HTTP_${response.status}`,
    typeof message === 'string' ? message : response.statusText || `HTTP ${response.status}`,
    body,
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
