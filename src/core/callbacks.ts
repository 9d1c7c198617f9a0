import type { CallbackName, Configuration } from './config.js';
import { maskPhone } from './sanitize.js';

/** Why a callback failed, as carried by `inpost-pay-error` (`detail.reason`). */
export type FailureReason = 'missing' | 'threw' | 'rejected' | 'timeout' | 'invalid' | 'refused' | 'declined';

/** What failed: a merchant callback, or `orderWatch` for the order watch's WebSocket. */
export type FailedCallback = CallbackName | 'orderWatch';

/**
 * A merchant callback that failed; the widget turns it into a visible state and an event. The
 * words are the event's: `reason` says how it failed, `cause` (as on any Error) holds what the
 * callback threw, rejected with or resolved, as it was.
 */
export class CallbackError extends Error {
  /** The shop's `error_code` (CONTRACT §1), when what the callback rejected with or resolved carries one. */
  code?: string;

  constructor(
    readonly callback: FailedCallback,
    readonly reason: FailureReason,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'InpostPayCallbackError';
    try {
      const code = (cause as Record<string, unknown>)?.error_code;
      if (typeof code === 'string') this.code = code;
    } catch {}
  }
}

/** How `error` failed, when it is a CallbackError. */
export const reasonOf = (error: unknown): FailureReason | undefined => (error instanceof CallbackError ? error.reason : undefined);

/**
 * `error` as a CallbackError: itself when it is one, else (a fault of the widget's own code while
 * handling `callback`'s answer) a `threw` failure of that callback.
 */
export const asCallbackError = (error: unknown, callback: FailedCallback): CallbackError =>
  error instanceof CallbackError ? error : new CallbackError(callback, 'threw', `${callback}: ${describeReason(error)}`, error);

/**
 * Turns anything a callback may reject with into one short line (never more than 300 characters)
 * for the console and the error event's message. Anything that looks like a phone number is
 * masked: a full number must never reach the logs. The reason's fields may be getters that throw,
 * and JSON may meet a cycle: either way the line falls back to the reason's type.
 */
export function describeReason(reason: unknown): string {
  let text: string;
  try {
    const r = reason as Record<string, unknown>;
    text =
      reason instanceof Error
        ? reason.message || reason.name
        : typeof reason === 'string'
          ? reason
          : reason && typeof reason === 'object'
            ? [r.error_code, r.error_message ?? r.message].filter((part) => typeof part === 'string' && part).join(': ') ||
              JSON.stringify(reason)
            : String(reason);
    text ??= String(reason);
  } catch {
    text = Object.prototype.toString.call(reason);
  }
  text = text.replace(/\+?\d[\d\s-]{5,}\d/g, (digits) => maskPhone(digits) || '***');
  return text.length > 300 ? `${text.slice(0, 297)}...` : text || 'no reason given';
}

/** Tells the shop's developer in the console what went wrong; the failure table of docs/guide/callbacks.md says what to do. */
export function logFailure(error: CallbackError): void {
  if (error.reason === 'declined') return console.info(`[inpost-pay] ${error.message}`);
  const fix =
    error.reason === 'missing'
      ? ` (pass it to InpostPay.configure({ ${error.callback} }) or define window.${error.callback})`
      : error.reason === 'timeout'
        ? ' (it must settle; raise configure({ callbackTimeout }) for a slow backend)'
        : '';
  console.error(`[inpost-pay] ${error.message}${fix}`);
}

/** The error for an answer the widget cannot use: what came, and what was expected. */
export const unusable = (name: CallbackError['callback'], answer: unknown, expected: string) =>
  new CallbackError(name, 'invalid', `${name} resolved ${describeReason(answer)}; expected ${expected}`, answer);

/**
 * Calls a merchant callback the way every widget action does: sync or async, with a time limit,
 * and every failure turned into a CallbackError. `timeout` 0 waits for as long as it takes.
 */
export async function invoke(
  config: Configuration,
  name: CallbackName,
  args: unknown[],
  timeout = config.options.callbackTimeout ?? 15000,
): Promise<unknown> {
  const fn = config.callback(name);
  if (!fn) throw new CallbackError(name, 'missing', `${name} is not configured`);
  let result: unknown;
  try {
    result = fn(...args);
  } catch (error) {
    throw new CallbackError(name, 'threw', `${name} threw: ${describeReason(error)}`, error);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit =
    timeout > 0
      ? new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new CallbackError(name, 'timeout', `${name} did not settle within ${timeout} ms`)),
            timeout,
          );
        })
      : undefined;
  try {
    return await (limit ? Promise.race([result, limit]) : result);
  } catch (error) {
    if (error instanceof CallbackError) throw error;
    throw new CallbackError(name, 'rejected', `${name} rejected: ${describeReason(error)}`, error);
  } finally {
    clearTimeout(timer);
  }
}

/** A plain object, the only shape callback results are read from. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
