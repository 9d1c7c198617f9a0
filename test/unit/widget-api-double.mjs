// A test double of `createWidgetApi` (inpost-pay-widget/merchant): the shop's widget endpoints as
// the issue-19 HTTP contract fixes them, served on the test runner's own origin under BASE, so the
// browser half (`configure({ endpoint })`) is tested against the contract without InPost or a shop.
// Not the real handler: one visitor, no cookies, no InPost calls; what it answers is what the
// contract says (paths, bodies, statuses, `{error_code, error_message}`, long polls, Server-Sent
// Events). Tests steer it with the web-test-runner server command `widget-api`:
//   {do: 'reset'}                              fresh state, no overrides, empty request log
//   {do: 'state', patch}                       changes the pushed state (version + 1), wakes long polls and streams
//   {do: 'redirect', redirect}                 the order was placed: long polls and streams get the redirect
//   {do: 'bind', status: 'SUCCESS'|'REJECT'}   the shopper answered in the app (is-bound answers)
//   {do: 'answer', path, status?, body?, headers?, hang?, times?}  the next answers of `path` (hostile answers)
//   {do: 'requests'}                           what the page sent: [{method, path, query, body, contentType}]
//   {do: 'streams'} / {do: 'close-streams'}    open order-events streams: how many / drop them all
//   {do: 'sse', enabled}                       false: /order-events is a 404 (a server without the route)
export const BASE = '/double-api';
const LONG_POLL_MS = 1500;
const QR = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function fresh() {
  return {
    state: { version: 1, basket_linked: false, masked_phone_number: null, count: 0 },
    redirect: null,
    binding: null,
    overrides: new Map(),
    requests: [],
    sse: true,
  };
}

export function widgetApiDouble() {
  let s = fresh();
  const waiters = new Set();
  const streams = new Set();
  const open = new Set();

  const wake = () => [...waiters].forEach((w) => w());
  const message = () => (s.redirect ? { action: 'redirect', redirect: s.redirect } : { state: s.state });
  const push = () => {
    for (const res of streams) res.write(`data: ${JSON.stringify(message())}\n\n`);
    wake();
  };
  const waitFor = (ready, res) =>
    ready()
      ? Promise.resolve()
      : new Promise((resolve) => {
          const done = () => {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          };
          const check = () => ready() && done();
          const timer = setTimeout(done, LONG_POLL_MS);
          waiters.add(check);
          res.on('close', done);
        });

  const readBody = (req) =>
    new Promise((resolve) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => resolve(text));
    });

  async function handle(req, res, path, query) {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const error = (status, code, text, headers) => send(status, { error_code: code, error_message: text }, headers);
    const text = req.method === 'POST' ? await readBody(req) : '';
    let body;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    s.requests.push({ method: req.method, path, query: Object.fromEntries(query), body, contentType: req.headers['content-type'] ?? null });

    const override = s.overrides.get(path);
    if (override) {
      if (--override.times <= 0) s.overrides.delete(path);
      if (override.hang) return open.add(res);
      res.writeHead(override.status ?? 200, override.headers ?? { 'content-type': 'application/json' });
      return res.end(typeof override.body === 'string' ? override.body : JSON.stringify(override.body));
    }
    if (req.method === 'POST' && !String(req.headers['content-type']).startsWith('application/json')) {
      return error(415, 'MALFORMED_REQUEST', 'The body must be JSON');
    }
    const route = `${req.method} ${path}`;
    switch (route) {
      case 'POST /can-be-bound':
        // The double's catalog: `shirt` needs a size in details.
        return send(200, { canBeBound: body?.productId !== 'shirt' || typeof body?.details?.size === 'string' });
      case 'POST /add-to-cart':
        if (typeof body?.productId !== 'string') return error(400, 'MALFORMED_REQUEST', 'productId is required');
        s.state = { ...s.state, count: s.state.count + 1, version: s.state.version + 1 };
        return send(200, { basket_linked: s.state.basket_linked, browser_trusted: false, masked_phone_number: s.state.masked_phone_number, count: s.state.count });
      case 'POST /pay-data':
        if (typeof body?.bindingPlace !== 'string') return error(400, 'MALFORMED_REQUEST', 'bindingPlace is required');
        s.binding = null;
        return body.phoneNumber ? send(200, []) : send(200, { qr_code: QR, deep_link: 'inpostsandbox://izilink?basket_id=b1', deep_link_hms: 'inpostsandbox://izilink?basket_id=b1' });
      case 'GET /is-bound':
        await waitFor(() => s.binding, res);
        if (s.binding === 'SUCCESS') {
          s.state = { ...s.state, basket_linked: true, masked_phone_number: '60*****00', version: s.state.version + 1 };
          return send(200, { status: 'SUCCESS', masked_phone_number: '60*****00', count: s.state.count });
        }
        if (s.binding === 'REJECT') return send(409, { status: 'REJECT' });
        return send(200, { status: 'PENDING' });
      case 'POST /binding-delete':
        s.state = { ...s.state, basket_linked: false, masked_phone_number: null, version: s.state.version + 1 };
        res.writeHead(204);
        return res.end();
      case 'GET /order-complete': {
        const since = query.get('since');
        if (since !== null && /^\d+$/.test(since)) await waitFor(() => s.redirect || s.state.version !== Number(since), res);
        return send(200, message());
      }
      case 'GET /order-events':
        if (!s.sse) return error(404, 'NOT_FOUND', 'No such route');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        res.write(`: hello\n\ndata: ${JSON.stringify(message())}\n\n`);
        streams.add(res);
        res.on('close', () => streams.delete(res));
        return;
      case 'GET /mobile-link':
        return send(200, { link: 'inpostsandbox://izilink?basket_id=b1' });
      default:
        return error(404, 'NOT_FOUND', `No route ${route}`);
    }
  }

  const middleware = async (ctx, next) => {
    if (!ctx.path.startsWith(`${BASE}/`)) return next();
    // Answered on the raw response (streams, hanging requests); koa's default 404 would be logged as one.
    ctx.respond = false;
    ctx.status = 200;
    await handle(ctx.req, ctx.res, ctx.path.slice(BASE.length), new URLSearchParams(ctx.querystring));
  };

  const plugin = {
    name: 'widget-api-double',
    serverStop() {
      for (const res of [...streams, ...open]) res.destroy();
    },
    executeCommand({ command, payload }) {
      if (command !== 'widget-api') return undefined;
      switch (payload?.do) {
        case 'reset':
          for (const res of [...streams, ...open]) res.destroy();
          streams.clear();
          open.clear();
          s = fresh();
          wake();
          return true;
        case 'state':
          s.state = { ...s.state, ...payload.patch, version: s.state.version + 1 };
          push();
          return s.state;
        case 'redirect':
          s.redirect = payload.redirect;
          push();
          return true;
        case 'bind':
          s.binding = payload.status;
          wake();
          return true;
        case 'answer':
          s.overrides.set(payload.path, { ...payload, times: payload.times ?? 1 });
          return true;
        case 'requests':
          return s.requests;
        case 'streams':
          return streams.size;
        case 'close-streams':
          for (const res of streams) res.destroy();
          streams.clear();
          return true;
        case 'sse':
          s.sse = payload.enabled;
          return true;
        default:
          throw new Error(`unknown widget-api command ${JSON.stringify(payload)}`);
      }
    },
  };
  return { middleware, plugin };
}
