import type { ReplayStore } from './replay.js';
import type { WidgetStore } from './widget-api/store.js';

/**
 * A replay store in Redis, for a shop that runs several instances of its backend: a signed
 * request seen by one instance is refused by all. Import it as
 * `inpost-pay-widget/merchant/redis`. It brings no Redis client: it takes the shop's own.
 *
 * Both operations of {@link ReplayStore} are one Lua script each (`EVAL`), atomic in Redis, so two
 * instances that receive the same request at the same moment cannot both act on it. Any Redis
 * from 2.6 on, or a server speaking its protocol with scripting (Valkey, KeyDB).
 */

/** claim: set when absent, else answer what is there. */
const CLAIM = "local v = redis.call('GET', KEYS[1]) if v then return v end redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return false";
/** swap: set only when it holds exactly the expected value. */
const SWAP = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end return 0";

/** node-redis (`redis` package, v4 and later): `createClient()`. */
interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/** ioredis: `new Redis()`. */
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
}

/** Any other client: run one Redis command given as its words, resolve Redis's reply. */
type RedisCommand = (args: string[]) => Promise<unknown>;

/** A connected Redis client of node-redis or ioredis, or a function that sends one command. */
export type RedisClientLike = NodeRedisLike | IoRedisLike | RedisCommand;

/** Options of {@link redisReplayStore}. */
export interface RedisReplayStoreOptions {
  /** Put before every key, to share a Redis with other data. Default `inpost-pay:replay:`. */
  prefix?: string;
}

/**
 * A {@link ReplayStore} in Redis.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { redisReplayStore } from 'inpost-pay-widget/merchant/redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const handler = createMerchantApi({ client: inpost, shop, replayStore: redisReplayStore(redis) });
 * ```
 * @param client the shop's connected Redis client (node-redis, ioredis) or a command function
 * @returns the store
 */
export function redisReplayStore(client: RedisClientLike, options: RedisReplayStoreOptions = {}): ReplayStore {
  const prefix = options.prefix ?? 'inpost-pay:replay:';
  const command = commandOf(client, 'redisReplayStore');
  const seconds = (ttlSeconds: number) => String(Math.max(1, Math.ceil(ttlSeconds)));
  return {
    async claim(key, value, ttlSeconds) {
      const reply = await command(['EVAL', CLAIM, '1', prefix + key, value, seconds(ttlSeconds)]);
      // Null: the key was new and is now set. A string (or bytes): what it held.
      if (reply === null || reply === undefined) return undefined;
      if (typeof reply === 'string') return reply;
      if (reply instanceof Uint8Array) return new TextDecoder().decode(reply);
      throw new Error(`redisReplayStore: unexpected reply to claim: ${String(reply).slice(0, 80)}`);
    },
    async swap(key, expected, next, ttlSeconds) {
      const reply = await command(['EVAL', SWAP, '1', prefix + key, expected, next, seconds(ttlSeconds)]);
      if (reply === 1 || reply === 0) return reply === 1;
      throw new Error(`redisReplayStore: unexpected reply to swap: ${String(reply).slice(0, 80)}`);
    },
  };
}

/** A subscriber connection: node-redis (`client.duplicate()`, connected) or ioredis (`redis.duplicate()`). */
export type RedisSubscriberLike =
  | { subscribe(channel: string, listener: (message: string) => void): Promise<unknown> }
  | { subscribe(channel: string): Promise<unknown>; on(event: 'message', listener: (channel: string, message: string) => void): unknown; call(command: string, ...args: string[]): Promise<unknown> };

/** Options of {@link redisWidgetStore}. */
export interface RedisWidgetStoreOptions {
  /** The shop's connected client for commands (node-redis, ioredis, or a command function). */
  client: RedisClientLike;
  /**
   * A second connected client for the pushes (a subscribed connection can run no other command):
   * `client.duplicate()`. Without it, changes reach only the pages connected to this instance.
   */
  subscriber?: RedisSubscriberLike;
  /** The pub/sub channel. Default `inpost-pay:widget:changed`. */
  channel?: string;
}

const ADMIT_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 2 - 1])
  local span = tonumber(ARGV[i * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - span)
  local count = redis.call('ZCARD', key)
  if count >= limit then
    local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(oldest[2]) + span - now
    if w > wait then wait = w end
  end
end
if wait > 0 then return math.max(1, math.ceil(wait)) end
local member = ARGV[#ARGV]
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[i * 2]))
end
return 0`;

const UNLOCK_SCRIPT = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/**
 * The widget API's store in Redis, for several instances of the shop behind a load balancer:
 * visitors, rate limits (sliding windows in sorted sets, one Lua script, so a limit holds across
 * instances), locks (`SET NX PX`) and pushes (pub/sub: a change received by one instance wakes the
 * long polls, streams and sockets held by every other).
 *
 * @example
 * ```ts
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const store = redisWidgetStore({ client: redis, subscriber: await redis.duplicate().connect() });
 * const { widgetApi, merchantApi } = createInpostPay({ client, shop, cookieSecret, store, merchantApi: { replayStore: redisReplayStore(redis) } });
 * ```
 */
export function redisWidgetStore(options: RedisWidgetStoreOptions): WidgetStore {
  const command = commandOf(options.client, 'redisWidgetStore');
  const channel = options.channel ?? 'inpost-pay:widget:changed';
  const listeners = new Set<(topic: string) => void>();
  const deliver = (topic: string) => {
    for (const listener of [...listeners]) listener(topic);
  };
  let subscribed: Promise<unknown> | undefined;
  const subscribe = () => {
    const subscriber = options.subscriber;
    if (!subscriber || subscribed) return;
    if ('call' in subscriber && typeof subscriber.call === 'function') {
      subscriber.on('message', (from, message) => {
        if (from === channel) deliver(message);
      });
      subscribed = subscriber.subscribe(channel);
    } else {
      subscribed = (subscriber as { subscribe(channel: string, listener: (message: string) => void): Promise<unknown> }).subscribe(channel, deliver);
    }
    subscribed.catch(() => {
      subscribed = undefined;
    });
  };
  return {
    async get(key) {
      const reply = await command(['GET', key]);
      return typeof reply === 'string' ? reply : reply == null ? undefined : String(reply);
    },
    async set(key, value, ttlMs) {
      await command(['SET', key, value, 'PX', String(Math.max(1, Math.ceil(ttlMs)))]);
    },
    async delete(key) {
      await command(['DEL', key]);
    },
    async admit(rules) {
      if (rules.length === 0) return 0;
      const args = rules.flatMap((rule) => [String(rule.limit), String(Math.ceil(rule.windowMs))]);
      const member = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const reply = await command(['EVAL', ADMIT_SCRIPT, String(rules.length), ...rules.map((rule) => rule.key), ...args, member]);
      return Number(reply);
    },
    async lock(name, ttlMs) {
      const token = Math.random().toString(36).slice(2) + Date.now().toString(36);
      const reply = await command(['SET', name, token, 'NX', 'PX', String(Math.ceil(ttlMs))]);
      return reply === 'OK' ? token : undefined;
    },
    async unlock(name, token) {
      await command(['EVAL', UNLOCK_SCRIPT, '1', name, token]);
    },
    async publish(topic) {
      if (!options.subscriber) {
        deliver(topic);
        return;
      }
      await command(['PUBLISH', channel, topic]);
    },
    subscribe(listener) {
      listeners.add(listener);
      subscribe();
      return () => listeners.delete(listener);
    },
  };
}

/** One command function for any supported client. */
function commandOf(client: RedisClientLike, name: string): RedisCommand {
  if (typeof client === 'function') return client;
  if (typeof (client as IoRedisLike).call === 'function') return (args) => (client as IoRedisLike).call(args[0]!, ...args.slice(1));
  if (typeof (client as NodeRedisLike).sendCommand === 'function') return (args) => (client as NodeRedisLike).sendCommand(args);
  throw new TypeError(`${name} needs a node-redis or ioredis client, or a function that sends a command`);
}
