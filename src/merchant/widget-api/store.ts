/**
 * Where the widget API keeps its state: visitors (binding, version, redirect), rate-limit windows,
 * locks and the pushes that wake open pages. One process: {@link memoryWidgetStore} (the default).
 * Several instances behind a load balancer: `redisWidgetStore` of `inpost-pay-widget/merchant/redis`,
 * so a change received by one instance (InPost's call) reaches a page whose connection sits on another.
 */

/** One limit of {@link WidgetStore.admit}: at most `limit` hits of `key` per `windowMs`. */
export interface RateLimitRule {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * The small store interface behind `createWidgetApi` and `createInpostPay`. Every method may
 * reject (the store is down): the handler then answers 503 `SERVICE_UNAVAILABLE` within its
 * `storeTimeoutMs`.
 */
export interface WidgetStore {
  /** The value of `key`, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** Sets `key` for `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Sliding windows, atomically: when every rule is under its limit, counts one hit for each and
   * answers 0; else counts nothing and answers the ms until the strictest one admits again.
   */
  admit(rules: readonly RateLimitRule[]): Promise<number>;
  /** Takes the lock `name` for `ttlMs` when free. @returns its token, or undefined when held */
  lock(name: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock when `token` still holds it. */
  unlock(name: string, token: string): Promise<void>;
  /** Tells every instance (this one too) that `topic` changed. */
  publish(topic: string): Promise<void>;
  /** Listens to every published topic. @returns the unsubscribe function */
  subscribe(listener: (topic: string) => void): () => void;
}

/** Options of {@link memoryWidgetStore}. */
export interface MemoryWidgetStoreOptions {
  /** Most keys (values and rate-limit windows each) kept; the oldest goes first. Default 100 000. */
  maxEntries?: number;
  /** The clock, epoch ms (tests). */
  now?: () => number;
}

/**
 * A {@link WidgetStore} in this process's memory: right for one instance, not for several.
 * @returns the store
 */
export function memoryWidgetStore(options: MemoryWidgetStoreOptions = {}): WidgetStore {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const values = new Map<string, { value: string; until: number }>();
  const windows = new Map<string, number[]>();
  const listeners = new Set<(topic: string) => void>();

  const trim = <V>(map: Map<string, V>) => {
    while (map.size > maxEntries) map.delete(map.keys().next().value as string);
  };
  const read = (key: string): string | undefined => {
    const entry = values.get(key);
    if (!entry) return undefined;
    if (entry.until <= now()) {
      values.delete(key);
      return undefined;
    }
    return entry.value;
  };
  const recent = (rule: RateLimitRule, time: number) => (windows.get(rule.key) ?? []).filter((hit) => hit > time - rule.windowMs);

  return {
    async get(key) {
      return read(key);
    },
    async set(key, value, ttlMs) {
      values.delete(key);
      values.set(key, { value, until: now() + ttlMs });
      trim(values);
    },
    async delete(key) {
      values.delete(key);
    },
    async admit(rules) {
      const time = now();
      let wait = 0;
      for (const rule of rules) {
        const hits = recent(rule, time);
        if (hits.length >= rule.limit) wait = Math.max(wait, hits[hits.length - rule.limit]! + rule.windowMs - time);
      }
      if (wait > 0) return wait;
      for (const rule of rules) {
        const hits = recent(rule, time);
        hits.push(time);
        windows.delete(rule.key);
        windows.set(rule.key, hits);
      }
      trim(windows);
      return 0;
    },
    async lock(name, ttlMs) {
      const key = `lock:${name}`;
      if (read(key) !== undefined) return undefined;
      const token = Math.random().toString(36).slice(2);
      values.set(key, { value: token, until: now() + ttlMs });
      return token;
    },
    async unlock(name, token) {
      const key = `lock:${name}`;
      if (read(key) === token) values.delete(key);
    },
    async publish(topic) {
      for (const listener of [...listeners]) listener(topic);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
