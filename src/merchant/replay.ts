/**
 * Replay protection of the merchant API: every signed request InPost Pay sends is acted on once.
 * The kit remembers each accepted signature for as long as its timestamp would still be accepted,
 * in a {@link ReplayStore}. One process: the in-memory default. Several instances behind a load
 * balancer: a shared store, e.g. `redisReplayStore` of `inpost-pay-widget/merchant/redis`, so a
 * request seen by one instance is refused by the others too.
 */

/** Where the kit remembers the signed requests it has seen. */
export interface ReplayStore {
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
  // Insertion order is expiry order, because every key gets the same TTL from the kit.
  const expiries = new Map<string, number>();
  return {
    async remember(key, ttlSeconds) {
      const time = now();
      for (const [oldKey, expiresAt] of expiries) {
        if (expiresAt > time && expiries.size < maxEntries) break;
        expiries.delete(oldKey);
      }
      const known = expiries.get(key);
      if (known !== undefined && known > time) return true;
      expiries.delete(key);
      expiries.set(key, time + ttlSeconds * 1000);
      return false;
    },
  };
}
