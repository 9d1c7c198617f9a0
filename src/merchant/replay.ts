/**
 * Replay protection of the merchant API: every signed request InPost Pay sends is acted on once.
 *
 * The kit keeps one entry per accepted signature (keyed on the signature's decoded bytes, so no
 * respelling of the header makes a new entry) for as long as its timestamp would still be
 * accepted, in a {@link ReplayStore}. The entry says which request the signature came with
 * (method and path: InPost's signature covers neither) and where its handling stands:
 * - being handled: the same request again is answered 503 `SERVICE_UNAVAILABLE` with
 *   `Retry-After` (try again shortly);
 * - answered (any 2xx, 3xx or 4xx): the same request again gets the stored answer, same status
 *   and body, and the shop's adapter is not called again, as a payment provider's idempotent
 *   retry does;
 * - failed with a 5xx: the same request again is handled afresh, within the signature's window;
 * - the signature with another method or path: refused 401 `INVALID_SIGNATURE` "already used",
 *   whatever the state (this is what closes cross-path replay).
 *
 * The store needs two atomic operations only; the kit builds the states above on them. One
 * process: {@link memoryReplayStore}. Several instances behind a load balancer: a shared store,
 * e.g. `redisReplayStore` of `inpost-pay-widget/merchant/redis`, so a request seen by one
 * instance is known to the others too.
 */

/**
 * Where the kit remembers the signed requests it has seen. Values are short strings the kit
 * writes and reads (a store treats them as opaque). Both operations must be atomic across every
 * instance that shares the store.
 */
export interface ReplayStore {
  /**
   * Sets `key` to `value` for `ttlSeconds` when the key is absent (or expired).
   * @returns undefined when it was set, else the value the key holds (left unchanged)
   */
  claim(key: string, value: string, ttlSeconds: number): Promise<string | undefined>;
  /**
   * Sets `key` to `next` for `ttlSeconds` only when it holds exactly `expected` now.
   * @returns true when it was swapped, false when the key held anything else (or nothing)
   */
  swap(key: string, expected: string, next: string, ttlSeconds: number): Promise<boolean>;
}

/**
 * The replay store of earlier versions: one "was it there already?" operation. Still accepted by
 * `createMerchantApi`, with a narrower promise: every reuse of a signature is refused, so a
 * request that failed with a 5xx cannot be retried with the same signature.
 * @deprecated implement {@link ReplayStore} (`claim` and `swap`) instead
 */
export interface LegacyReplayStore {
  /**
   * Remembers `key` for `ttlSeconds`, atomically.
   * @returns true when the key was already remembered (a replay), false when it is new
   */
  remember(key: string, ttlSeconds: number): Promise<boolean>;
}

/** Options of {@link memoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /** Most keys kept at once; when full, the oldest is forgotten first. Default 100 000. */
  maxEntries?: number;
  /** The clock, in epoch ms (for tests). */
  now?: () => number;
}

/**
 * A {@link ReplayStore} in this process's memory: right for one instance, not for several.
 * @returns the store
 */
export function memoryReplayStore(options: MemoryReplayStoreOptions = {}): ReplayStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  // Insertion order is (nearly) expiry order: every key gets the same TTL from the kit, and a swap
  // only pushes a key's expiry a little later.
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string, time: number) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt > time) return entry;
    entries.delete(key);
    return undefined;
  };
  return {
    async claim(key, value, ttlSeconds) {
      const time = now();
      for (const [oldKey, entry] of entries) {
        if (entry.expiresAt > time && entries.size < maxEntries) break;
        entries.delete(oldKey);
      }
      const known = live(key, time);
      if (known) return known.value;
      entries.set(key, { value, expiresAt: time + ttlSeconds * 1000 });
      return undefined;
    },
    async swap(key, expected, next, ttlSeconds) {
      const time = now();
      const known = live(key, time);
      if (!known || known.value !== expected) return false;
      known.value = next;
      known.expiresAt = time + ttlSeconds * 1000;
      return true;
    },
  };
}
