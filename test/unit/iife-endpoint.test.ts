// The script-tag bundle configured by its own tag: `<script src="inpost-pay.iife.js" data-endpoint>`
// points every callback at the shop's widget endpoints (here the double of createWidgetApi), so
// the shop's page has no script of its own.
import { expect, fixture, html } from '@open-wc/testing';
// Not ./helpers.js: it imports src/, whose modules must not run next to the bundle.
import { until } from './wait.js';
import { api, BASE } from './widget-api.js';

const text = (el: Element) => el.shadowRoot!.querySelector('button')!.textContent!.replace(/\s+/g, ' ').trim();

describe('dist/inpost-pay.iife.js with data-endpoint', () => {
  before(async () => {
    await api({ do: 'reset' });
    sessionStorage.clear();
    history.replaceState(null, '', `${location.pathname}?gclid=from-the-ad`);
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/dist/inpost-pay.iife.js';
      script.dataset.endpoint = BASE;
      script.dataset.analytics = '';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('could not load /dist/inpost-pay.iife.js; run npm run build first'));
      document.head.append(script);
    });
    history.replaceState(null, '', location.pathname);
  });
  after(() => api({ do: 'reset' }));

  it('runs the first flow against the endpoint, with no callback on the page', async () => {
    const wrap = await fixture(html`<div><inpost-pay-button product-id="mug"></inpost-pay-button></div>`);
    const button = wrap.querySelector('inpost-pay-button')!;
    expect(text(button)).to.equal('Utwórz koszyk z InPost Pay');
    button.shadowRoot!.querySelector('button')!.click();
    await until(async () => (await api<unknown[]>({ do: 'requests' })).length === 2, 'the two requests');
    const requests = await api<{ method: string; path: string; body: unknown }[]>({ do: 'requests' });
    expect(requests.map((r) => [r.method, r.path, r.body])).to.deep.equal([
      ['POST', '/can-be-bound', { productId: 'mug' }],
      ['POST', '/add-to-cart', { productId: 'mug' }],
    ]);
  });

  it('takes data-analytics: the landing URL\'s click id is kept for the binding request', () => {
    expect(JSON.parse(sessionStorage.getItem('inpost-pay-attribution')!)).to.deep.equal({ gclid: 'from-the-ad' });
  });
});
