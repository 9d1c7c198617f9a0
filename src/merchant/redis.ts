import type { ReplayStore } from './replay.js';

/**
 * A replay store in Redis, for a shop that runs several instances of its backend: a signed
 * request seen by one instance is refused by all. Import it as
 * `inpost-pay-widget/merchant/redis`. It brings no Redis client: it takes the shop's own.
 *
 * Each key is set with `SET key 1 NX EX ttl`, atomic in Redis, so two instances that receive the
 * same request at the same moment cannot both act on it.
 */

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
  return {
    async remember(key, ttlSeconds) {
      const seconds = Math.max(1, Math.ceil(ttlSeconds));
      const reply = await command(['SET', prefix + key, '1', 'NX', 'EX', String(seconds)]);
      // OK: the key is new. Null: it was already there. Anything else is not Redis's SET.
      if (reply === 'OK') return false;
      if (reply === null || reply === undefined) return true;
      throw new Error(`redisReplayStore: unexpected reply to SET NX: ${String(reply).slice(0, 80)}`);
    },
  };
}
