// Several instances behind a load balancer: one Redis for the widget API's state, pushes, limits
// and locks, and for the merchant API's replay store. Every instance gets the same COOKIE_SECRET.
import { createClient } from 'redis';
import { createInpostPay, InpostPayClient } from 'inpost-pay-widget/merchant';
import { redisReplayStore, redisWidgetStore } from 'inpost-pay-widget/merchant/redis';
import { shop } from './shop.js';

const redis = await createClient({ url: process.env.REDIS_URL }).connect();
const subscriber = await redis.duplicate().connect();
const client = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });

export const { widgetApi, merchantApi } = createInpostPay({
  client,
  shop, // the carts and orders must live in a shared database too
  cookieSecret: process.env.COOKIE_SECRET!,
  store: redisWidgetStore({ client: redis, subscriber }),
  merchantApi: { replayStore: redisReplayStore(redis) },
});
