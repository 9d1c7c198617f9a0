// dist/inpost-izi.iife.js, the script-tag bundle for shops moving from InPost's first widget, loaded
// as such a shop loads it in place of inpostizi.js: everything of inpost-pay.iife.js plus src/compat.
import { expect, fixture, html } from '@open-wc/testing';
// Not ./helpers.js: it imports src/, whose modules must not run next to the bundle.
import { until } from './wait.js';

type Izi = Record<string, unknown> & {
  InpostPay?: { configure(options: object): void; version: string };
  iziGetBrowserData?: (options?: { base64?: boolean }) => unknown;
  handleInpostIziButtons?: () => void;
};
const w = window as unknown as Izi;

describe('dist/inpost-izi.iife.js through a classic script tag', () => {
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);

  before(async () => {
    addEventListener('error', onError);
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/dist/inpost-izi.iife.js';
      script.onload = () => resolve();
      script.onerror = () => reject(new Error('could not load /dist/inpost-izi.iife.js; run npm run build first'));
      document.head.append(script);
    });
  });
  after(() => removeEventListener('error', onError));

  it('registers both elements, <inpost-izi-button> and the first widget\'s globals', () => {
    expect(customElements.get('inpost-pay-button')).to.be.a('function');
    expect(customElements.get('inpost-pay-basket')).to.be.a('function');
    expect(customElements.get('inpost-izi-button')).to.be.a('function');
    expect(w.InpostPay!.configure).to.be.a('function');
    expect(w.iziGetBrowserData).to.be.a('function');
    expect(w.handleInpostIziButtons).to.be.a('function');
    expect(errors).to.deep.equal([]);
  });

  it('upgrades the first widget\'s markup in place and binds it through the window callbacks', async () => {
    const calls: string[] = [];
    w.iziCanBeBound = () => (calls.push('iziCanBeBound'), true);
    w.iziAddToCart = () => (calls.push('iziAddToCart'), Promise.resolve({ basket_linked: true, masked_phone_number: '600100200', count: 3 }));
    const el = await fixture(html`<inpost-izi-button data-product-id="7" binding_place="PRODUCT_CARD"></inpost-izi-button>`);
    const seen: unknown[] = [];
    el.addEventListener('izi-binding-complete', (e) => seen.push((e as CustomEvent).detail));
    el.shadowRoot!.querySelector('button')!.click();
    await until(() => seen.length === 1, 'izi-binding-complete');
    expect(calls).to.deep.equal(['iziCanBeBound', 'iziAddToCart']);
    expect(seen[0]).to.deep.equal({ masked_phone_number: '60*****00', basket_linked: true });
    expect(typeof w.iziGetBrowserData!({ base64: true })).to.equal('string');
    expect(errors).to.deep.equal([]);
  });
});
