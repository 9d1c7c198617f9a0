// Next.js: both handlers, made on the first request (next build loads the routes without the secrets).
import { createInpostPay, InpostPayClient, type InpostPay } from 'inpost-pay-widget/merchant';
import { shop } from './shop';

let handlers: InpostPay | undefined;
export function inpostPay(): InpostPay {
  if (handlers) return handlers;
  const { INPOST_PAY_CLIENT_ID = '', INPOST_PAY_CLIENT_SECRET = '', INPOST_PAY_API_URL, INPOST_PAY_TOKEN_URL, COOKIE_SECRET = '' } = process.env;
  const client = new InpostPayClient({
    clientId: INPOST_PAY_CLIENT_ID, clientSecret: INPOST_PAY_CLIENT_SECRET, environment: 'sandbox', // 'production' once InPost accepted the shop
    baseUrl: INPOST_PAY_API_URL, tokenUrl: INPOST_PAY_TOKEN_URL, // only to point at a local sandbox
  });
  const clientAddress = (request: Request) => request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim(); // as your proxy sets it
  return (handlers = createInpostPay({ client, shop, cookieSecret: COOKIE_SECRET, clientAddress }));
}
