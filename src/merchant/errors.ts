/**
 * Errors thrown by {@link InpostPayClient}.
 *
 * Two kinds, so callers can tell "InPost Pay said no" from "we never got an answer":
 * - {@link InpostPayApiError}: the API answered with a non-2xx status;
 * - {@link InpostPayNetworkError} (and its subclass {@link InpostPayTimeoutError}):
 *   the request failed before any answer arrived.
 */

/** The InPost Pay API (or its token endpoint) answered with an error status. */
export class InpostPayApiError extends Error {
  /** HTTP status code of the answer, e.g. `404`. */
  readonly status: number;
  /** Machine-readable error code from the body (`error_code`), e.g. `BASKET_NOT_FOUND`; `HTTP_<status>` when the body had none. */
  readonly errorCode: string;
  /** Human-readable message from the body (`error_message`), or the HTTP status text. */
  readonly errorMessage: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
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

/** The request failed without an HTTP answer (connection refused, reset, DNS, ...). */
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
