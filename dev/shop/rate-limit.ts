/**
 * Sliding-window limits on binding requests (each one pushes a notification to a phone): per
 * session, per client address and per phone number. All three are checked before any is counted,
 * so a refused attempt costs the shopper nothing.
 */

/** At most `limit` events per `windowMs` for each key. Remembers at most `maxKeys` keys. */
export class RateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** 0 when `key` may go on now, else the ms until it may. */
  waitFor(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length < this.limit ? 0 : recent[0] + this.windowMs - now;
  }

  take(key: string, now = Date.now()): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.hits.delete(key);
    this.hits.set(key, recent);
    // The least recently used keys go first; their windows are the oldest.
    while (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value as string);
  }

  /** Forgets every key's events (QA's reset). */
  reset(): void {
    this.hits.clear();
  }

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((time) => time > now - this.windowMs);
    if (list.length === 0) this.hits.delete(key);
    return list;
  }
}

export interface BindingLimits {
  /** Binding requests per session. Default 5. */
  perSession?: number;
  /** Binding requests per client address. Default 60. */
  perIp?: number;
  /** Binding requests per phone number (from all sessions). Default 5. */
  perPhone?: number;
  /** The window of all three, ms. Default 10 minutes. */
  windowMs?: number;
}

/** The three limits of binding requests together. */
export class BindingRequestLimits {
  private readonly session: RateLimit;
  private readonly ip: RateLimit;
  private readonly phone: RateLimit;

  constructor(options: BindingLimits = {}) {
    const windowMs = options.windowMs ?? 10 * 60_000;
    this.session = new RateLimit(options.perSession ?? 5, windowMs);
    this.ip = new RateLimit(options.perIp ?? 60, windowMs);
    this.phone = new RateLimit(options.perPhone ?? 5, windowMs);
  }

  /** 0 and counted when the request may go to InPost Pay; else the ms to wait, and nothing counted. */
  admit(keys: { session: string; ip: string; phone?: string }): number {
    const now = Date.now();
    const wait = Math.max(
      this.session.waitFor(keys.session, now),
      this.ip.waitFor(keys.ip, now),
      keys.phone ? this.phone.waitFor(keys.phone, now) : 0,
    );
    if (wait > 0) return wait;
    this.session.take(keys.session, now);
    this.ip.take(keys.ip, now);
    if (keys.phone) this.phone.take(keys.phone, now);
    return 0;
  }

  /** Forgets every counted request of all three limits: QA's reset (`POST /api/qa/binding-limits/reset`). */
  reset(): void {
    this.session.reset();
    this.ip.reset();
    this.phone.reset();
  }
}
