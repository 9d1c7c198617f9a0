// The shop's backend, the shortest way: the kit's handler on Node's http server, under /inpost.
// #region server
import http from 'node:http';
import { toNodeListener } from 'inpost-pay-widget/merchant';
import { handler } from '../merchant/handler.js'; // createMerchantApi({ client, basePath: '/inpost', shop }): see "The endpoints InPost calls"

const inpost = toNodeListener(handler);
http
  .createServer((request, response) => {
    if (request.url?.startsWith('/inpost/')) return inpost(request, response); // InPost Pay's calls, signed
    response.writeHead(404).end(); // the shop's own routes
  })
  .listen(8080);
// #endregion server
