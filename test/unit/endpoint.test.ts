// The `endpoint` option against a double of createWidgetApi (test/unit/widget-api-double.mjs): the
// callbacks as requests of the HTTP contract, its errors as the widget's CallbackErrors, product
// details, the fetch hook and attribution. The order watch's SSE method: endpoint-watch.test.ts.
import { aTimeout, expect, html } from '@open-wc/testing';
import { attribution } from '../../src/core/analytics.js';
import { CallbackError } from '../../src/core/callbacks.js';
import { Configuration, type InpostPayConfig } from '../../src/core/config.js';
import { endpointCallbacks } from '../../src/core/endpoint-callbacks.js';
import { configure } from '../../src/core/page.js';
import { BindingSession } from '../../src/core/session.js';
import '../../src/define.js';
import { $, alertText, basketSuite, inline, type } from './basket-helpers.js';
import { collect, until } from './wait.js';
import { api, BASE } from './widget-api.js';
type Sent = { method: string; path: string; query: Record<string, string>; body: Record<string, unknown> | undefined; contentType: string | null };
const sent = () => api<Sent[]>({ do: 'requests' });

/** A fresh configuration with the endpoint callbacks, and a session on it. */
function setUp(options: InpostPayConfig = {}) {
  const config = new Configuration(endpointCallbacks);
  config.set({ endpoint: BASE, ...options });
  return { config, session: new BindingSession(config) };
}

/** What the session rejects with (it reports and rethrows a CallbackError). */
async function failure(promise: Promise<unknown>): Promise<CallbackError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CallbackError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('endpoint: the callbacks as requests to the shop\'s widget endpoints', () => {
  const quiet = { error: console.error, info: console.info, warn: console.warn };
  beforeEach(async () => {
    await api({ do: 'reset' });
    console.error = console.info = console.warn = () => {};
  });
  afterEach(() => Object.assign(console, quiet));

  it('runs the first flow: can-be-bound and add-to-cart with the product and its details, as JSON', async () => {
    const { session } = setUp({ productDetails: (id) => (id === 'shirt' ? { size: 'M', ignored: 3 as unknown as string } : undefined) });
    expect(await session.press('mug', 'PRODUCT_CARD')).to.equal('binding-required');
    expect(session.state.count).to.equal(1);
    expect(await session.press('shirt', 'PRODUCT_CARD')).to.equal('binding-required');
    expect(session.state.count).to.equal(2);
    const requests = await sent();
    expect(requests.map((r) => [r.method, r.path, r.body, r.contentType])).to.deep.equal([
      ['POST', '/can-be-bound', { productId: 'mug' }, 'application/json'],
      ['POST', '/add-to-cart', { productId: 'mug' }, 'application/json'],
      ['POST', '/can-be-bound', { productId: 'shirt', details: { size: 'M' } }, 'application/json'],
      ['POST', '/add-to-cart', { productId: 'shirt', details: { size: 'M' } }, 'application/json'],
    ]);
  });

  it('asks can-be-bound without a product on a basket page, and takes its no', async () => {
    const { session } = setUp();
    expect(await session.press('shirt', 'PRODUCT_CARD')).to.equal('not-bindable');
    expect((await sent()).map((r) => r.path)).to.deep.equal(['/can-be-bound']);
    await api({ do: 'reset' });
    expect(await session.press(undefined, 'BASKET_SUMMARY')).to.equal('binding-required');
    expect((await sent()).map((r) => [r.path, r.body])).to.deep.equal([['/can-be-bound', {}]]);
  });

  it('binds by phone: pay-data with the number and the browser, then the is-bound long poll until the app says yes', async () => {
    const { session } = setUp({ analytics: false });
    expect(await session.requestBinding({ prefix: '+48', number: '600100200' }, 'BASKET_SUMMARY')).to.deep.equal([]);
    const confirmed = session.confirmBinding(new AbortController().signal);
    await until(async () => (await sent()).some((r) => r.path === '/is-bound'), 'the long poll');
    await api({ do: 'bind', status: 'SUCCESS' });
    expect(await confirmed).to.equal(true);
    expect(session.state).to.include({ linked: true, maskedPhoneNumber: '60*****00' });
    const [payData] = await sent();
    expect(payData.body).to.include({ prefix: '+48', phoneNumber: '600100200', bindingPlace: 'BASKET_SUMMARY' });
    expect(payData.body!.browser).to.have.keys('user_agent', 'description', 'platform', 'architecture');
    expect(payData.body, 'analytics is off by default').not.to.have.property('analytics');
  });

  it('asks is-bound again while the shop says PENDING, and takes REJECT (409) as the shopper\'s no', async () => {
    const { session } = setUp();
    await api({ do: 'answer', path: '/is-bound', body: { status: 'PENDING' } });
    const confirmed = failure(session.confirmBinding(new AbortController().signal));
    await until(async () => (await sent()).filter((r) => r.path === '/is-bound').length === 2, 'asked again after PENDING');
    await api({ do: 'bind', status: 'REJECT' });
    expect((await confirmed).reason).to.equal('declined');
  });

  it('binds by QR code without a phone number: no prefix or number is sent', async () => {
    const { session } = setUp();
    const answer = (await session.requestBinding(undefined, 'PRODUCT_CARD')) as Record<string, string>;
    expect(answer.qr_code).to.match(/^data:image\/png;base64,/);
    const [payData] = await sent();
    expect(payData.body).not.to.have.any.keys('prefix', 'phoneNumber');
    expect(await session.appLink(answer.deep_link)).to.equal('inpostsandbox://izilink?basket_id=b1');
  });

  it('unbinds with binding-delete (204)', async () => {
    const { session } = setUp();
    session.update({ linked: true, maskedPhoneNumber: '600100200', count: 1 });
    await session.unbind();
    expect(session.state.linked).to.equal(false);
    expect((await sent()).map((r) => [r.method, r.path, r.body])).to.deep.equal([['POST', '/binding-delete', {}]]);
  });

  it('leaves every callback the shop defined itself (configured or on window) to the shop', async () => {
    const { config, session } = setUp({ iziCanBeBound: () => true });
    (window as unknown as Record<string, unknown>).iziAddToCart = () => ({ count: 7 });
    try {
      await session.press('mug', 'PRODUCT_CARD');
      expect(session.state.count).to.equal(7);
      expect(await sent()).to.deep.equal([]);
      expect(config.callback('iziGetBrowserData'), 'not a route of the endpoint').to.equal(undefined);
    } finally {
      delete (window as unknown as Record<string, unknown>).iziAddToCart;
    }
  });

  it('sends every request through the fetch hook', async () => {
    const seen: string[] = [];
    const { session } = setUp({ fetch: (url, init) => (seen.push(`${init.method} ${url}`), fetch(url, init)) });
    await session.press('mug', 'PRODUCT_CARD');
    expect(seen).to.deep.equal([`POST ${BASE}/can-be-bound`, `POST ${BASE}/add-to-cart`]);
  });

  it('takes an endpoint written with a trailing slash', async () => {
    const { session } = setUp({ endpoint: `${BASE}/` });
    await session.press('mug', 'PRODUCT_CARD');
    expect((await sent()).map((r) => r.path)).to.deep.equal(['/can-be-bound', '/add-to-cart']);
  });

  describe('hostile and failing answers become the widget\'s CallbackError, and the next request works', () => {
    it('429 {error_code: TOO_MANY_REQUESTS} with Retry-After keeps the code and the wait', async () => {
      const { session } = setUp();
      await api({
        do: 'answer',
        path: '/pay-data',
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '120' },
        body: { error_code: 'TOO_MANY_REQUESTS', error_message: 'Zbyt wiele prób' },
      });
      const error = await failure(session.requestBinding({ prefix: '+48', number: '600100200' }, 'PRODUCT_CARD'));
      expect([error.callback, error.reason, error.code]).to.deep.equal(['iziGetPayData', 'rejected', 'TOO_MANY_REQUESTS']);
      expect(error.cause).to.deep.equal({ error_code: 'TOO_MANY_REQUESTS', error_message: 'Zbyt wiele prób', status: 429, retry_after: 120 });
      expect(error.message).to.contain(`POST ${BASE}/pay-data answered 429: TOO_MANY_REQUESTS: Zbyt wiele prób`);
      expect(error.message, 'the number never reaches the message').not.to.contain('600100200');
      expect(await session.requestBinding({ prefix: '+48', number: '600100200' }, 'PRODUCT_CARD')).to.deep.equal([]);
    });

    it('an HTML error page of a proxy (503) reads as SERVICE_UNAVAILABLE', async () => {
      const { session } = setUp();
      await api({ do: 'answer', path: '/add-to-cart', status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>503 Service Unavailable</h1></body></html>' });
      const error = await failure(session.press('mug', 'PRODUCT_CARD'));
      expect([error.callback, error.reason, error.code]).to.deep.equal(['iziAddToCart', 'rejected', 'SERVICE_UNAVAILABLE']);
      expect(error.message).to.contain('answered 503');
      expect(await session.press('mug', 'PRODUCT_CARD')).to.equal('binding-required');
    });

    it('an HTML error page with another status gets HTTP_<status>', async () => {
      const { session } = setUp();
      await api({ do: 'answer', path: '/binding-delete', status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
      expect((await failure(session.unbind())).code).to.equal('HTTP_502');
    });

    it('garbage where JSON belongs (200) is an unusable answer that says where the endpoint may be wrong', async () => {
      const { session } = setUp();
      await api({ do: 'answer', path: '/can-be-bound', status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Shop</title>' });
      const error = await failure(session.press('mug', 'PRODUCT_CARD'));
      expect([error.callback, error.reason]).to.deep.equal(['iziCanBeBound', 'invalid']);
      expect(error.message).to.contain(`POST ${BASE}/can-be-bound answered 200 with no JSON (is the endpoint mounted there?)`);
      await api({ do: 'answer', path: '/can-be-bound', status: 200, body: '{"canBeBound": tru' });
      expect((await failure(session.press('mug', 'PRODUCT_CARD'))).reason).to.equal('invalid');
      await api({ do: 'answer', path: '/can-be-bound', status: 200, body: { canBeBound: 'yes' } });
      expect((await failure(session.press('mug', 'PRODUCT_CARD'))).message).to.contain('expected true or false');
      expect(await session.press('mug', 'PRODUCT_CARD')).to.equal('binding-required');
    });

    it('a request that hangs times out with callbackTimeout, and the next one is answered', async () => {
      const { session } = setUp({ callbackTimeout: 400 });
      await api({ do: 'answer', path: '/can-be-bound', hang: true });
      const error = await failure(session.press('mug', 'PRODUCT_CARD'));
      expect([error.callback, error.reason]).to.deep.equal(['iziCanBeBound', 'timeout']);
      expect(await session.press('mug', 'PRODUCT_CARD')).to.equal('binding-required');
    });

    it('a request that cannot reach the server says so', async () => {
      const { session } = setUp({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });
      const error = await failure(session.press('mug', 'PRODUCT_CARD'));
      expect([error.reason, error.message]).to.deep.equal(['rejected', `iziCanBeBound: POST ${BASE}/can-be-bound failed: Failed to fetch`]);
    });
  });

  describe('the shopper hears the existing words for the endpoint\'s error codes', () => {
    basketSuite();

    it('429 TOO_MANY_REQUESTS on pay-data: "Zbyt wiele prób połączenia"', async () => {
      configure({ endpoint: BASE });
      await api({ do: 'answer', path: '/pay-data', status: 429, headers: { 'content-type': 'application/json', 'retry-after': '60' }, body: { error_code: 'TOO_MANY_REQUESTS', error_message: 'x' } });
      const errors = collect<{ code?: string }>('inpost-pay-error');
      const el = await inline(html`<inpost-pay-basket></inpost-pay-basket>`);
      await type(el, '600 100 200');
      $(el, 'button[type="submit"]')!.click();
      await until(() => alertText(el) !== '', 'the error');
      expect(alertText(el)).to.equal('Zbyt wiele prób połączenia. Odczekaj chwilę i spróbuj ponownie.');
      expect(errors.events.map((e) => e.detail.code)).to.deep.equal(['TOO_MANY_REQUESTS']);
      errors.stop();
    });
  });

  describe('analytics: the ad click ids and the GA client id go with pay-data', () => {
    const landing = location.href;
    const clear = () => {
      sessionStorage.removeItem('inpost-pay-attribution');
      document.cookie = '_ga=; max-age=0; path=/';
    };
    beforeEach(clear);
    afterEach(() => {
      history.replaceState(null, '', landing);
      clear();
    });

    it('reads them from the landing URL, keeps them for the tab and sends them with the binding request', async () => {
      history.replaceState(null, '', `${location.pathname}?gclid=Cj0KCQ-abc_1&fbclid=IwAR2.x-y&utm_source=news`);
      document.cookie = '_ga=GA1.1.1234567890.1700000000; path=/';
      const { session } = setUp({ analytics: true });
      expect(attribution(), 'the landing page').to.deep.equal({ gclid: 'Cj0KCQ-abc_1', fbclid: 'IwAR2.x-y', ga_client_id: '1234567890.1700000000' });
      // A later page of the visit: the URL has no click ids any more.
      history.replaceState(null, '', `${location.pathname}?page=2`);
      await session.requestBinding({ prefix: '+48', number: '600100200' }, 'PRODUCT_CARD');
      const [payData] = await sent();
      expect(payData.body!.analytics).to.deep.equal({ gclid: 'Cj0KCQ-abc_1', fbclid: 'IwAR2.x-y', ga_client_id: '1234567890.1700000000' });
    });

    it('keeps short tokens only: markup, spaces and long values are dropped', async () => {
      history.replaceState(null, '', `${location.pathname}?gclid=${encodeURIComponent('<img src=x onerror=alert(1)>')}&ttclid=${'a'.repeat(201)}&fbclid=ok`);
      document.cookie = '_ga=GA1.1.<script>; path=/';
      sessionStorage.setItem('inpost-pay-attribution', JSON.stringify({ ttclid: 'x y', gclid: { nested: true } }));
      expect(attribution()).to.deep.equal({ fbclid: 'ok' });
    });

    it('configure({ analytics: true }) keeps the landing page\'s ids before any binding', () => {
      history.replaceState(null, '', `${location.pathname}?ttclid=E.C.P.abc`);
      configure({ analytics: true });
      configure({ analytics: undefined });
      expect(JSON.parse(sessionStorage.getItem('inpost-pay-attribution')!)).to.deep.equal({ ttclid: 'E.C.P.abc' });
    });

    it('sends nothing when the option is off', async () => {
      history.replaceState(null, '', `${location.pathname}?gclid=abc`);
      const { session } = setUp();
      await session.requestBinding(undefined, 'PRODUCT_CARD');
      expect((await sent())[0].body).not.to.have.property('analytics');
      await aTimeout(0);
    });
  });
});
