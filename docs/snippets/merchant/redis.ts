// #region redis
import { createClient } from 'redis';
import { createMerchantApi, InpostPayClient, type MerchantShop } from 'inpost-pay-widget/merchant';
import { redisReplayStore } from 'inpost-pay-widget/merchant/redis';

export async function sharedHandler(inpost: InpostPayClient, shop: MerchantShop) {
  const redis = await createClient({ url: process.env.REDIS_URL }).connect();
  return createMerchantApi({ client: inpost, basePath: '/inpost', shop, replayStore: redisReplayStore(redis) });
}
// #endregion redis
