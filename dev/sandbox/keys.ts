import type { KeyObject } from 'node:crypto';
import { generateSigningKey, signRequest, type SignatureHeaders } from '../../src/merchant/testing.js';
import type { SigningKey, SigningKeys, SigningPublicKey } from '../../src/merchant/types.js';

/**
 * The sandbox's signing keys. InPost Pay signs every call to the shop with its newest key and
 * publishes all its keys at `GET /v1/izi/signing-keys/public[/{version}]`; the shop looks a key
 * up by the `x-public-key-ver` of a call. Rotating adds a new version that signs from then on;
 * older versions stay published (a few), so calls signed a moment ago still verify.
 */
export class SigningKeyRing {
  /** Oldest first; the last one signs. */
  readonly #keys: Array<{ version: string; privateKey: KeyObject; publicKeyBase64: string; createdAt: string }> = [];
  #nextVersion = 1;

  constructor(
    readonly merchantExternalId: string,
    /** How many versions stay published. */
    readonly keep = 3,
  ) {
    this.rotate();
  }

  /** Makes a new key version the signing one; returns its version. */
  rotate(): string {
    const { privateKey, publicKeyBase64 } = generateSigningKey();
    const version = String(this.#nextVersion++);
    this.#keys.push({ version, privateKey, publicKeyBase64, createdAt: new Date().toISOString() });
    if (this.#keys.length > this.keep) this.#keys.shift();
    return version;
  }

  get current(): SigningPublicKey {
    const key = this.#keys.at(-1)!;
    return { public_key_base64: key.publicKeyBase64, version: key.version };
  }

  /** `GET /v1/izi/signing-keys/public`: newest first. */
  all(): SigningKeys {
    return {
      merchant_external_id: this.merchantExternalId,
      public_keys: this.#keys.map((k) => ({ public_key_base64: k.publicKeyBase64, version: k.version })).reverse(),
    };
  }

  /** `GET /v1/izi/signing-keys/public/{version}`, or undefined for an unknown version. */
  byVersion(version: string): SigningKey | undefined {
    const key = this.#keys.find((k) => k.version === version);
    return key && { merchant_external_id: this.merchantExternalId, public_key: { public_key_base64: key.publicKeyBase64, version: key.version } };
  }

  /** The four signature headers of a call with `body` (`""` for GET and DELETE), signed with the newest key. */
  sign(body: string): SignatureHeaders {
    const key = this.#keys.at(-1)!;
    return signRequest({ body, merchantExternalId: this.merchantExternalId, keyVersion: key.version, privateKey: key.privateKey, publicKey: key.publicKeyBase64 });
  }

  /** For the simulator: versions and when each was made, newest first. */
  describe(): Array<{ version: string; created_at: string; signing: boolean }> {
    return this.#keys.map((k, i) => ({ version: k.version, created_at: k.createdAt, signing: i === this.#keys.length - 1 })).reverse();
  }
}
