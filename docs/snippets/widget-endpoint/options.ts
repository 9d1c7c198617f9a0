// Every option of the browser half. `analytics` is off by default: turn it on only with the
// shopper's consent to marketing cookies (the shop's call).
import { configure } from 'inpost-pay-widget';

const shopperConsented = document.cookie.includes('consent=marketing');

configure({
  endpoint: '/inpost-pay',
  // Send gclid/fbclid/ttclid of the landing URL and the GA client id with the binding request.
  analytics: shopperConsented,
  // Server-Sent Events on /inpost-pay/order-events is the default; the long poll or the
  // WebSocket helper are the alternatives.
  orderWatch: { method: 'sse' },
  // Every request goes through this fetch: a header of the shop's own, logging, tests.
  fetch: (url, init) => fetch(url, { ...init, headers: { ...init.headers, 'x-shop-client': 'web' } }),
});
