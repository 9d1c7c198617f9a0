import { createHash, createPublicKey, createVerify, KeyObject } from 'node:crypto';

/**
 * Signatures on InPost Pay's calls to the shop (the scheme every public merchant plugin checks):
 *
 * 1. `digest` = Base64 of SHA-256 over the raw body bytes (`""` for GET and DELETE);
 * 2. `message` = `digest,merchant_external_id,<x-public-key-ver>,<x-signature-timestamp>`;
 * 3. the RSA-SHA256 (PKCS#1 v1.5) signature covers the **Base64 text of `message`**, not `message`;
 * 4. `x-signature` = Base64 of that signature; `x-public-key-hash` = lowercase hex SHA-256 of the
 *    key's `public_key_base64` string (not of the DER bytes).
 *
 * Only the canonical spelling of a signature is accepted: standard, padded Base64 of exactly the
 * key's modulus size in bytes, nothing before or after it. Node's Base64 decoder ignores what it
 * does not understand (a dropped `=`, `-`/`_` letters, a `.`, `!` or space, anything after `==`),
 * so without this check one captured signature could be sent again in many spellings, each one a
 * "new" request to a replay store that compared the text.
 *
 * `merchant_external_id` and the keys come from InPost's signing-keys API
 * (`GET /v1/izi/signing-keys/public`), not from the OAuth credentials.
 */

/** How far a signature's timestamp may be from now, either way, in seconds (as InPost's plugins allow). */
export const MAX_SIGNATURE_AGE_SECONDS = 240;

/** The four signature headers (their names are case-insensitive on the wire). */
export interface SignatureHeaders {
  'x-signature': string;
  'x-signature-timestamp': string;
  'x-public-key-ver': string;
  'x-public-key-hash': string;
}

/** Why a signature was refused. */
export type SignatureProblem =
  /** A signature header is missing, empty or absurdly long. */
  | 'MISSING_HEADERS'
  /**
   * `x-signature` is not the canonical spelling of a signature for the key: standard padded
   * Base64 of exactly the key's modulus size (no base64url letters, no missing padding, nothing
   * added). Refused before any verification.
   */
  | 'MALFORMED_SIGNATURE'
  /** `x-public-key-hash` (or the version) does not name the key given. */
  | 'UNKNOWN_KEY'
  /** `x-signature-timestamp` is not an ISO 8601 date-time with a zone. */
  | 'BAD_TIMESTAMP'
  /** The timestamp is more than the allowed age away from now. */
  | 'EXPIRED'
  /** The signature does not match the body, merchant id, version and timestamp. */
  | 'BAD_SIGNATURE';

/** Outcome of {@link verifySignedRequest}. */
export type SignatureCheck = { ok: true } | { ok: false; problem: SignatureProblem };

/** Headers as Node (`IncomingMessage.headers`) or the Fetch API (`Headers`) give them. */
export type RequestHeaders = Headers | Record<string, string | string[] | undefined>;

/** Options of {@link verifySignedRequest}. */
export interface VerifySignedRequestOptions {
  /** The raw body exactly as received (`""` or empty bytes for GET and DELETE); never a re-serialised object. */
  body: string | Uint8Array;
  /** The request's headers. */
  headers: RequestHeaders;
  /** `merchant_external_id` of InPost's signing-keys answer. */
  merchantExternalId: string;
  /** InPost's key: the `public_key_base64` string of the signing-keys answer, or a `KeyObject`. */
  publicKey: string | KeyObject;
  /** When given, the request's `x-public-key-ver` must equal it. */
  keyVersion?: string;
  /** Allowed distance of the timestamp from now, in seconds. Default {@link MAX_SIGNATURE_AGE_SECONDS}. */
  maxAgeSeconds?: number;
  /** The current time (for tests). */
  now?: Date;
}

/**
 * Date-times as InPost and the plugins write them: 0 to 6 fraction digits, `Z` or an offset
 * (`+01:00` or `+0100`).
 * @internal
 */
export const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a date-time of {@link DATE_TIME_PATTERN} to epoch ms, or NaN.
 * @internal
 */
export function parseDateTime(value: string): number {
  const match = DATE_TIME_PATTERN.exec(value);
  if (!match) return NaN;
  const [, main, fraction = '', zone] = match;
  // Date.parse takes 3 fraction digits and `±hh:mm` everywhere; normalise to that.
  const millis = (fraction + '000').slice(0, 3);
  const offset = zone === 'Z' ? 'Z' : zone!.length === 5 ? `${zone!.slice(0, 3)}:${zone!.slice(3)}` : zone;
  return Date.parse(`${main}.${millis}${offset}`);
}

/**
 * The text that is signed: Base64 of `digest,merchant_external_id,version,timestamp`.
 * @internal
 */
export function signedData(body: string | Uint8Array, merchantExternalId: string, keyVersion: string, timestamp: string): string {
  const digest = createHash('sha256').update(body).digest('base64');
  return Buffer.from(`${digest},${merchantExternalId},${keyVersion},${timestamp}`, 'utf8').toString('base64');
}

// Every signed request is checked against the same key or two: parse and hash each once.
const parsedKeys = new Map<string, KeyObject>();
const base64OfKey = new WeakMap<KeyObject, string>();

/**
 * `x-public-key-hash` of a key: lowercase hex SHA-256 of its `public_key_base64` string.
 * @param publicKey the `public_key_base64` string, or a `KeyObject` (hashed as the Base64 of its DER)
 */
export function publicKeyHash(publicKey: string | KeyObject): string {
  return createHash('sha256').update(keyBase64(publicKey), 'utf8').digest('hex');
}

function keyBase64(publicKey: string | KeyObject): string {
  if (typeof publicKey === 'string') return publicKey;
  let known = base64OfKey.get(publicKey);
  if (!known) {
    known = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    base64OfKey.set(publicKey, known);
  }
  return known;
}

/**
 * A `KeyObject` of a `public_key_base64` string (DER SubjectPublicKeyInfo), cached.
 * @internal
 */
export function keyObject(publicKey: string | KeyObject): KeyObject {
  if (publicKey instanceof KeyObject) return publicKey;
  let key = parsedKeys.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    // A handful of keys in a process's life; the bound only guards against a caller passing arbitrary keys.
    if (parsedKeys.size < 32) parsedKeys.set(publicKey, key);
  }
  return key;
}

const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The bytes of `x-signature` when it is the canonical spelling of a signature for `publicKey`
 * (standard padded Base64, exactly the key's modulus size, zero unused bits), else null.
 * @internal
 */
export function canonicalSignatureBytes(signature: string, publicKey: string | KeyObject): Buffer | null {
  if (!CANONICAL_BASE64.test(signature)) return null;
  const bytes = Buffer.from(signature, 'base64');
  // The text must be what encoding the bytes gives back: this also refuses a last letter with
  // unused bits set (`…A=` and `…B=` decode alike).
  if (bytes.toString('base64') !== signature) return null;
  let size: number;
  try {
    size = Math.ceil((keyObject(publicKey).asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  } catch {
    return null;
  }
  return size > 0 && bytes.length === size ? bytes : null;
}

/**
 * Reads one header from Node's or the Fetch API's headers; undefined when absent, empty, repeated or too long.
 * @internal
 */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = typeof (headers as Headers).get === 'function'
    ? (headers as Headers).get(name)
    : (headers as Record<string, string | string[] | undefined>)[name];
  return typeof value === 'string' && value.length > 0 && value.length < 4096 ? value : undefined;
}

/**
 * Verifies a request signed by InPost Pay (the shop's side of the scheme above).
 *
 * Checks, in PrestaShop's order: the four headers, the key hash (and version, when given), the
 * signature (first its spelling: canonical padded Base64 of the key's size only, see
 * `MALFORMED_SIGNATURE`), then the timestamp.
 *
 * @example
 * ```ts
 * const check = verifySignedRequest({ body: rawBody, headers: req.headers, merchantExternalId, publicKey: key.public_key_base64 });
 * if (!check.ok) return reply(401, { error_code: 'INVALID_SIGNATURE', error_message: check.problem });
 * ```
 * @returns `{ok: true}` or `{ok: false, problem}`
 */
export function verifySignedRequest(options: VerifySignedRequestOptions): SignatureCheck {
  const { headers } = options;
  const signature = headerValue(headers, 'x-signature');
  const timestamp = headerValue(headers, 'x-signature-timestamp');
  const version = headerValue(headers, 'x-public-key-ver');
  const hash = headerValue(headers, 'x-public-key-hash');
  if (!signature || !timestamp || !version || !hash) return { ok: false, problem: 'MISSING_HEADERS' };
  if ((options.keyVersion !== undefined && version !== options.keyVersion) || hash.toLowerCase() !== publicKeyHash(options.publicKey)) {
    return { ok: false, problem: 'UNKNOWN_KEY' };
  }
  let key: KeyObject;
  try {
    key = keyObject(options.publicKey);
  } catch {
    return { ok: false, problem: 'BAD_SIGNATURE' };
  }
  const bytes = canonicalSignatureBytes(signature, key);
  if (!bytes) return { ok: false, problem: 'MALFORMED_SIGNATURE' };
  let valid = false;
  try {
    const verifier = createVerify('RSA-SHA256');
    verifier.update(signedData(options.body, options.merchantExternalId, version, timestamp), 'utf8');
    valid = verifier.verify(key, bytes);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: 'BAD_SIGNATURE' };
  const signedAt = parseDateTime(timestamp);
  if (Number.isNaN(signedAt)) return { ok: false, problem: 'BAD_TIMESTAMP' };
  const distanceMs = Math.abs((options.now ?? new Date()).getTime() - signedAt);
  if (distanceMs > (options.maxAgeSeconds ?? MAX_SIGNATURE_AGE_SECONDS) * 1000) return { ok: false, problem: 'EXPIRED' };
  return { ok: true };
}
