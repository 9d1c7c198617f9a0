import { createHash, createPublicKey, createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * Signatures of the requests InPost Pay sends to the merchant (binding confirmations, orders).
 *
 * The signed string is `base64(sha256(body)) + ',' + merchantId + ',' + keyVersion + ',' + timestamp`,
 * signed with RSA-SHA256. Headers:
 * - `x-signature`: base64 signature;
 * - `x-signature-timestamp`: ISO 8601 UTC time of signing;
 * - `x-public-key-ver`: version of the key pair;
 * - `x-public-key-hash`: base64 SHA-256 of the public key (SPKI DER), to pick the right key.
 */

/** Maximum age of a signed request accepted by {@link verifySignedRequest}, in seconds. */
export const MAX_SIGNATURE_AGE_SECONDS = 240;

/** Headers carrying a signature. */
export interface SignatureHeaders {
  'x-signature': string;
  'x-signature-timestamp': string;
  'x-public-key-ver': string;
  'x-public-key-hash': string;
}

// Every signed request is checked against the same key or two: parse and hash each once.
const hashesOfPem = new Map<string, string>();
const hashesOfKey = new WeakMap<KeyObject, string>();

/** base64 SHA-256 of a public key's SPKI DER encoding. */
export function publicKeyHash(publicKey: string | KeyObject): string {
  const known = typeof publicKey === 'string' ? hashesOfPem.get(publicKey) : hashesOfKey.get(publicKey);
  if (known) return known;
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const hash = createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('base64');
  if (typeof publicKey !== 'string') hashesOfKey.set(publicKey, hash);
  // A handful of keys in a process's life; the bound only guards against a caller passing arbitrary PEMs.
  else if (hashesOfPem.size < 16) hashesOfPem.set(publicKey, hash);
  return hash;
}

function signedString(body: string, merchantId: string, keyVersion: string, timestamp: string): string {
  const digest = createHash('sha256').update(body, 'utf8').digest('base64');
  return `${digest},${merchantId},${keyVersion},${timestamp}`;
}

/**
 * Signs a request body (the InPost Pay side; used by the local sandbox).
 * @returns the four signature headers
 */
export function signRequest(options: {
  body: string;
  merchantId: string;
  keyVersion: string;
  privateKey: string | KeyObject;
  publicKey: string | KeyObject;
  now?: Date;
}): SignatureHeaders {
  const timestamp = (options.now ?? new Date()).toISOString();
  const signer = createSign('RSA-SHA256');
  signer.update(signedString(options.body, options.merchantId, options.keyVersion, timestamp));
  return {
    'x-signature': signer.sign(options.privateKey, 'base64'),
    'x-signature-timestamp': timestamp,
    'x-public-key-ver': options.keyVersion,
    'x-public-key-hash': publicKeyHash(options.publicKey),
  };
}

/** Why a signature was refused. */
export type SignatureProblem =
  | 'MISSING_HEADERS'
  | 'UNKNOWN_KEY'
  | 'BAD_TIMESTAMP'
  | 'EXPIRED'
  | 'BAD_SIGNATURE';

/**
 * Verifies a request signed by InPost Pay (the merchant side).
 * @param options the raw body exactly as received, the request headers, your merchant id and InPost's public key
 * @returns `{ok: true}` or `{ok: false, problem}`
 */
export function verifySignedRequest(options: {
  body: string;
  headers: Record<string, string | string[] | undefined>;
  merchantId: string;
  publicKey: string | KeyObject;
  keyVersion?: string;
  maxAgeSeconds?: number;
  now?: Date;
}): { ok: true } | { ok: false; problem: SignatureProblem } {
  const header = (name: keyof SignatureHeaders): string | undefined => {
    const value = options.headers[name];
    return typeof value === 'string' && value.length > 0 && value.length < 4096 ? value : undefined;
  };
  const signature = header('x-signature');
  const timestamp = header('x-signature-timestamp');
  const version = header('x-public-key-ver');
  const hash = header('x-public-key-hash');
  if (!signature || !timestamp || !version || !hash) return { ok: false, problem: 'MISSING_HEADERS' };
  if ((options.keyVersion !== undefined && version !== options.keyVersion) || hash !== publicKeyHash(options.publicKey)) {
    return { ok: false, problem: 'UNKNOWN_KEY' };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
    return { ok: false, problem: 'BAD_TIMESTAMP' };
  }
  const ageMs = (options.now ?? new Date()).getTime() - Date.parse(timestamp);
  const maxAgeMs = (options.maxAgeSeconds ?? MAX_SIGNATURE_AGE_SECONDS) * 1000;
  // A little clock skew into the future is tolerated; more is as suspicious as an old request.
  if (ageMs > maxAgeMs || ageMs < -30_000) return { ok: false, problem: 'EXPIRED' };
  const verifier = createVerify('RSA-SHA256');
  verifier.update(signedString(options.body, options.merchantId, version, timestamp));
  let valid = false;
  try {
    valid = verifier.verify(options.publicKey, signature, 'base64');
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, problem: 'BAD_SIGNATURE' };
}
