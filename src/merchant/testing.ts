import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { publicKeyHash, signedData, type SignatureHeaders } from './signature.js';

/**
 * Tools for testing a shop's backend without InPost Pay: sign requests the way InPost Pay signs
 * its calls to the shop, make a signing key, and the token endpoint's path for a fake InPost.
 * Import it as `inpost-pay-widget/merchant/testing`; production code needs none of it.
 */

export { TOKEN_PATH, parseRetryAfter } from './client.js';
export type { SignatureHeaders } from './signature.js';

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  /** The exact body bytes that will be sent (`""` for GET and DELETE). */
  body: string | Uint8Array;
  /** The merchant id InPost signs with (`merchant_external_id` of the signing-keys API). */
  merchantExternalId: string;
  /** The key's version, sent as `x-public-key-ver`. */
  keyVersion: string;
  /** The RSA private key (PEM or `KeyObject`). */
  privateKey: string | KeyObject;
  /** The matching public key as `public_key_base64` (Base64 of the DER SPKI), or a `KeyObject`. */
  publicKey: string | KeyObject;
  /** The `x-signature-timestamp` value. Default now, as `…ss.fffZ`. */
  timestamp?: string;
}

/**
 * Signs a request as InPost Pay signs its calls to the shop (RSA-SHA256, PKCS#1 v1.5, over the
 * Base64 text of `base64(sha256(body)),merchant_external_id,version,timestamp`).
 * @returns the four signature headers
 */
export function signRequest(options: SignRequestOptions): SignatureHeaders {
  const timestamp = options.timestamp ?? new Date().toISOString();
  const signer = createSign('RSA-SHA256');
  signer.update(signedData(options.body, options.merchantExternalId, options.keyVersion, timestamp), 'utf8');
  return {
    'x-signature': signer.sign(options.privateKey, 'base64'),
    'x-signature-timestamp': timestamp,
    'x-public-key-ver': options.keyVersion,
    'x-public-key-hash': publicKeyHash(options.publicKey),
  };
}

/**
 * A fresh RSA signing key, for a fake InPost Pay.
 * @param modulusLength key size in bits; default 2048
 * @returns the private key and the public key as the signing-keys API gives it (`public_key_base64`)
 */
export function generateSigningKey(modulusLength = 2048): { privateKey: KeyObject; publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { privateKey, publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}
