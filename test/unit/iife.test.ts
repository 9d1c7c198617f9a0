// The script-tag bundle exactly as a shop that integrated the first InPost widget loads it:
// a classic <script src>, callbacks as window.izi* functions, no configure() call, no module import.
import { expect, fixture, html } from '@open-wc/testing';
// Not ./helpers.js: it imports src/, whose modules must not run next to the bundle.
import { until } from './wait.js';

type Izi = Record<string, unknown> & { InpostPay?: { configure(options: object): void; version: string } };
const w = window as unknown as Izi;

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}; run npm run build first`));
    document.head.append(script);
  });
}

const text = (el: Element) => el.shadowRoot!.querySelector('button')!.textContent!.replace(/\s+/g, ' ').trim();

describe('dist/inpost-pay.iife.js through a classic script tag', () => {
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);

  before(async () => {
    addEventListener('error', onError);
    await loadScript('/dist/inpost-pay.iife.js');
    const api = w.InpostPay;
    // A shop that includes the script twice (theme and plugin both do) must not break.
    await loadScript('/dist/inpost-pay.iife.js');
    expect(w.InpostPay).to.equal(api);
  });
  after(() => removeEventListener('error', onError));

  it('registers both elements and exposes window.InpostPay without errors', () => {
    expect(customElements.get('inpost-pay-button')).to.be.a('function');
    expect(customElements.get('inpost-pay-basket')).to.be.a('function');
    expect(w.InpostPay!.configure).to.be.a('function');
    expect(errors).to.deep.equal([]);
  });

  it('leaves the first InPost widget\'s markup and globals to inpost-izi.iife.js', () => {
    expect(customElements.get('inpost-izi-button')).to.equal(undefined);
    expect(w.iziGetBrowserData).to.equal(undefined);
    expect(w.handleInpostIziButtons).to.equal(undefined);
  });

  it("runs the seed's first flow with window.izi* callbacks", async () => {
    const calls: string[] = [];
    w.iziCanBeBound = (id: string) => (calls.push(`iziCanBeBound(${id})`), true);
    w.iziAddToCart = (id: string) => {
      calls.push(`iziAddToCart(${id})`);
      return Promise.resolve({ basket_linked: true, browser_trusted: true, masked_phone_number: '60*****00', count: 1 });
    };
    w.iziGetOrderComplete = () => (calls.push('iziGetOrderComplete'), new Promise(() => {}));
    const wrap = await fixture(html`<div><inpost-pay-button product-id="sku-1"></inpost-pay-button><inpost-pay-button variant="buy"></inpost-pay-button></div>`);
    const [card, basket] = [...wrap.querySelectorAll('inpost-pay-button')] as (HTMLElement & { updateComplete: Promise<unknown> })[];
    expect(text(card)).to.equal('Utwórz koszyk z InPost Pay');
    card.shadowRoot!.querySelector('button')!.click();
    await until(() => text(basket).startsWith('Produkty'), 'the count on the basket button');
    expect(text(basket)).to.equal('Produkty w koszyku InPost Pay 1');
    // The order watch starts once the page is linked (after the browser-wide lock is granted).
    await until(() => calls.length >= 3, 'the order watch to start');
    expect(calls).to.deep.equal(['iziCanBeBound(sku-1)', 'iziAddToCart(sku-1)', 'iziGetOrderComplete']);
    card.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 3 }));
    await basket.updateComplete;
    expect(text(basket)).to.equal('Produkty w koszyku InPost Pay 3');
    await expect(card).to.be.accessible();
  });
});
