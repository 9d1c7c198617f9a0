// Next.js App Router: app/inpost-pay/[...path]/route.ts. Route handlers take and give Fetch
// Requests and Responses, so the handler is the route. (The merchant API likewise under app/inpost/.)
import { createInpostPay, InpostPayClient } from 'inpost-pay-widget/merchant';
import { shop } from './shop.js';

const client = new InpostPayClient({ clientId: process.env.INPOST_CLIENT_ID!, clientSecret: process.env.INPOST_CLIENT_SECRET! });
const { widgetApi } = createInpostPay({
  client,
  shop,
  cookieSecret: process.env.COOKIE_SECRET!,
  secureCookies: process.env.NODE_ENV === 'production',
  // Next.js gives no socket: take the address your proxy sets.
  clientAddress: (request) => request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim(),
});

export const dynamic = 'force-dynamic'; // long polls and the event stream must not be cached
export const GET = (request: Request) => widgetApi(request);
export const POST = (request: Request) => widgetApi(request);
