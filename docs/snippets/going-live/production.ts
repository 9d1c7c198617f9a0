// Production: the same code as in the sandbox; the environment, the credentials and the logs change.
import { createInpostPay, InpostPayApiError, InpostPayClient, type InpostPayShop } from 'inpost-pay-widget/merchant';

declare const shop: InpostPayShop; // your adapter
declare const log: { error(fields: object, message: string): void; warn(fields: object, message: string): void }; // your logger (pino, winston…)

const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();

// #region client
export const client = new InpostPayClient({
  clientId: env('INPOST_PAY_CLIENT_ID'), // issued by InPost Pay, one pair per environment
  clientSecret: env('INPOST_PAY_CLIENT_SECRET'), // never logged: util.inspect and JSON.stringify leave it out
  environment: process.env.INPOST_PAY_ENVIRONMENT === 'production' ? 'production' : 'sandbox',
});
// #endregion client

// #region logging
export const { widgetApi, merchantApi } = createInpostPay({
  client,
  shop,
  cookieSecret: env('COOKIE_SECRET'), // 32+ random characters, the same on every instance
  logger: {
    // The store's outage (once per outage, and when it answers again), InPost Pay's trouble.
    error: (message, details) => log.error({ details }, message),
    warn: (message, details) => log.warn({ details }, message),
  },
  merchantApi: {
    // Every 500 the merchant API answers InPost Pay: your adapter threw.
    onError: (error, request) =>
      log.error({ path: new URL(request.url).pathname, code: error instanceof InpostPayApiError ? error.errorCode : undefined, err: error }, 'InPost Pay call to the shop failed'),
  },
});
// #endregion logging
