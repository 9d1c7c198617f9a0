/**
 * Errors of the merchant toolkit.
 *
 * Thrown by {@link InpostPayClient}, so callers can tell "InPost Pay said no" from "we never got
 * an answer" from "the answer made no sense":
 * - {@link InpostPayApiError}: the API answered with a non-2xx status;
 * - {@link InpostPayNetworkError} (and its subclass {@link InpostPayTimeoutError}): the request
 *   failed before any answer arrived;
 * - {@link InpostPayResponseError}: a 2xx answer that is not what the API documents.
 *
 * Thrown by the shop's adapter of `createMerchantApi`: {@link MerchantApiError}.
 */

/** Longest excerpt of an answer kept in an error (never the whole body: it may be huge or hold data). */
export const BODY_EXCERPT_LENGTH = 512;

/** @internal A bounded excerpt of an answer's text. */
export function excerpt(text: string): string {
  return text.length > BODY_EXCERPT_LENGTH ? `${text.slice(0, BODY_EXCERPT_LENGTH)}…` : text;
}

/** The InPost Pay API (or its token endpoint) answered with an error status. */
export class InpostPayApiError extends Error {
  /** HTTP status code of the answer, e.g. `404`. */
  readonly status: number;
  /** Machine-readable error code from the body (`error_code`), e.g. `BASKET_NOT_FOUND`; `HTTP_<status>` when the body had none. */
  readonly errorCode: string;
  /** Human-readable message from the body (`error_message`), or the HTTP status text. */
  readonly errorMessage: string;
  /** The parsed JSON body, or an excerpt (at most 512 characters) of the text when it was not JSON. */
  readonly body: unknown;

  constructor(status: number, errorCode: string, errorMessage: string, body?: unknown) {
    super(`InPost Pay API error ${status} ${errorCode}: ${errorMessage}`);
    this.name = 'InpostPayApiError';
    this.status = status;
    this.errorCode = errorCode;
    this.errorMessage = errorMessage;
    this.body = body;
  }
}

/** A successful answer that does not have the documented shape (or is too large). */
export class InpostPayResponseError extends Error {
  /** HTTP status code of the answer. */
  readonly status: number;
  /** The field that was wrong, as a path (`public_keys[0].version`); `""` for the whole body. */
  readonly field: string;
  /** An excerpt (at most 512 characters) of the answer's text. */
  readonly bodyExcerpt: string;

  constructor(status: number, field: string, problem: string, bodyExcerpt: string) {
    super(`InPost Pay answered ${status} with an unexpected body: ${field || 'body'} ${problem}`);
    this.name = 'InpostPayResponseError';
    this.status = status;
    this.field = field;
    this.bodyExcerpt = bodyExcerpt;
  }
}

/** The request failed without an HTTP answer (connection refused, reset, DNS, redirect refused, ...). */
export class InpostPayNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InpostPayNetworkError';
  }
}

/** The request got no answer within the configured timeout. */
export class InpostPayTimeoutError extends InpostPayNetworkError {
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`InPost Pay request timed out after ${timeoutMs} ms`, options);
    this.name = 'InpostPayTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Thrown by the shop's adapter of `createMerchantApi` to answer InPost Pay with an error:
 * `throw new MerchantApiError(409, 'OUT_OF_STOCK', 'Kubek is sold out')` answers 409
 * `{"error_code": "OUT_OF_STOCK", "error_message": "Kubek is sold out"}`.
 */
export class MerchantApiError extends Error {
  /** HTTP status of the answer (400 to 599). */
  readonly status: number;
  /** `error_code` of the answer, e.g. `ORDER_NOT_CREATE`. */
  readonly errorCode: string;

  constructor(status: number, errorCode: string, message: string) {
    super(message);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`MerchantApiError status must be 400-599, got ${status}`);
    this.name = 'MerchantApiError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

/**
 * Thrown by the shop's adapter of the widget API (`createWidgetApi`) to answer the page with an
 * error: `throw new WidgetApiError(404, 'PRODUCT_NOT_FOUND', 'Nie ma takiego produktu')` answers
 * 404 `{"error_code": "PRODUCT_NOT_FOUND", "error_message": "Nie ma takiego produktu"}`. The
 * message reaches the shopper's page: write it for the shopper.
 */
export class WidgetApiError extends MerchantApiError {
  constructor(status: number, errorCode: string, message: string) {
    super(status, errorCode, message);
    this.name = 'WidgetApiError';
  }
}
