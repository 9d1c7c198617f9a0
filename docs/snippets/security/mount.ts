import { createServer } from 'node:http';
import { createMerchantApi, toNodeListener, type MerchantShop, type SigningKeySource } from 'inpost-pay-widget/merchant';
import { redisReplayStore, type RedisClientLike } from 'inpost-pay-widget/merchant/redis';

/** The merchant API behind Node's http server, at https://shop.example/inpost/v1/izi/… */
export function merchantApiServer(shop: MerchantShop, inpost: SigningKeySource, redis: RedisClientLike) {
  const handler = createMerchantApi({
    shop, // every MerchantShop method, or createMerchantApi throws naming the missing one
    client: inpost, // an InpostPayClient: InPost's signing keys are fetched with it
    basePath: '/inpost', // answer at /inpost/v1/izi/… only; /anything/v1/izi/… is 404
    replayStore: redisReplayStore(redis), // several instances: one memory of the signatures seen
    onError: (error) => console.error('InPost Pay merchant API:', error),
  });
  return createServer(toNodeListener(handler));
}
