import type { ReplayStore } from './replay.js';

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
  const command: RedisCommand =
    typeof client === 'function'
      ? client
      : typeof (client as IoRedisLike).call === 'function'
        ? (args) => (client as IoRedisLike).call(args[0]!, ...args.slice(1))
        : typeof (client as NodeRedisLike).sendCommand === 'function'
          ? (args) => (client as NodeRedisLike).sendCommand(args)
          : (() => {
              throw new TypeError('redisReplayStore needs a node-redis or ioredis client, or a function that sends a command');
            })();
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
