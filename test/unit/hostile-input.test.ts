// Strings from callbacks, attributes and events never become markup, script or style: each payload
// is tried everywhere the widget takes text, and nothing may run or change the page.
import { expect, fixture, html } from '@open-wc/testing';
import { configure, session } from '../../src/core/page.js';
import type { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { collect, resetWidget, until } from './helpers.js';

const payloads = [
  '<script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'">',
  '"><svg onload="window.__pwned = \'svg\'">',
  'javascript:window.__pwned = "href"',
  '</style><style>* { display: none !important }</style>',
  "'); } * { background: red } (",
  '{{constructor.constructor("window.__pwned=1")()}}',
];

type Pwned = { __pwned?: string };
/** Every element of the widgets on the page (the test runner's own scripts aside), shadow roots included. */
function allElements(root: Document | ShadowRoot | Element = document): Element[] {
  if (root === document) return [...document.querySelectorAll('inpost-pay-button, inpost-pay-basket')].flatMap((el) => [el, ...allElements(el)]);
  const inside = root instanceof Element ? root.shadowRoot : root;
  return inside ? [...inside.querySelectorAll('*')].flatMap((el) => [el, ...allElements(el)]) : [];
}
function assertInert() {
  expect((window as Pwned).__pwned, 'a payload ran').to.equal(undefined);
  const injected = allElements().filter((el) => ['SCRIPT', 'IMG', 'SVG', 'IFRAME', 'STYLE'].includes(el.tagName.toUpperCase()) && !el.closest('head'));
  expect(injected.filter((el) => !(el instanceof HTMLImageElement && el.getAttribute('part') === 'qr')).map((el) => el.outerHTML.slice(0, 80)), 'injected elements').to.deep.equal([]);
  for (const el of allElements()) {
    for (const attr of el.attributes) expect(attr.name.startsWith('on'), `${el.tagName} has ${attr.name}`).to.equal(false);
  }
}

describe('hostile input', () => {
  let warn: typeof console.warn;
  let error: typeof console.error;
  beforeEach(() => {
    [warn, error] = [console.warn, console.error];
    console.warn = console.error = () => {};
  });
  afterEach(() => {
    [console.warn, console.error] = [warn, error];
    for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
    resetWidget();
    delete (window as Pwned).__pwned;
  });

  for (const payload of payloads) {
    it(`attributes: ${payload.slice(0, 40)}`, async () => {
      const wrap = await fixture(html`<div>
        <inpost-pay-button product-id=${payload} language=${payload} binding-place=${payload} scheme=${payload} size=${payload} shape=${payload} masked-phone-number=${payload} count=${payload} basket-linked></inpost-pay-button>
        <inpost-pay-basket language=${payload} product-id=${payload}></inpost-pay-basket>
      </div>`);
      const button = wrap.querySelector<InpostPayButton>('inpost-pay-button')!;
      const basket = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      await button.updateComplete;
      await basket.updateComplete;
      assertInert();
      expect(session.state.maskedPhoneNumber).to.match(/^[\d*]*$/);
      expect(button.getBoundingClientRect().height, 'the button still shows').to.be.greaterThan(30);
      // An unknown language falls back to English rather than showing the payload.
      expect(button.shadowRoot!.textContent).to.contain('Products in InPost Pay basket');
    });

    it(`callback answers and events: ${payload.slice(0, 40)}`, async () => {
      const errors = collect('inpost-pay-error');
      const complete = collect<{ url: string }>('inpost-pay-order-complete');
      const stay = (e: Event) => e.preventDefault();
      document.addEventListener('inpost-pay-order-complete', stay);
      configure({
        iziCanBeBound: () => true,
        iziAddToCart: () => ({ basket_linked: true, masked_phone_number: payload, count: payload, name: payload }),
        iziGetOrderComplete: () => ({ action: 'redirect', redirect: payload }),
        orderWatch: { interval: 250 },
      });
      const wrap = await fixture(html`<div><inpost-pay-button product-id="p"></inpost-pay-button><inpost-pay-basket></inpost-pay-basket></div>`);
      const button = wrap.querySelector<InpostPayButton>('inpost-pay-button')!;
      button.shadowRoot!.querySelector('button')!.click();
      // Linked only for a moment where the payload parses as a same-origin path: the order watch then completes.
      await until(() => errors.events.some((e) => (e.detail as { callback: string }).callback === 'iziAddToCart'), 'the unusable answer reported');
      window.dispatchEvent(new CustomEvent('inpost-update-count', { detail: payload }));
      window.dispatchEvent(new CustomEvent('izi-binding-complete', { detail: { basket_linked: true, masked_phone_number: payload } }));
      await until(
        () => complete.events.length + errors.events.filter((e) => (e.detail as { reason: string }).reason === 'refused').length === 1,
        'the redirect refused, or kept on this origin',
      );
      await button.updateComplete;
      assertInert();
      // A payload that parses as a relative path stays on this origin, percent-encoded.
      for (const e of complete.events) expect(new URL(e.detail.url).origin).to.equal(location.origin);
      expect(errors.events.some((e) => (e.detail as { callback: string }).callback === 'iziAddToCart')).to.equal(true);
      document.removeEventListener('inpost-pay-order-complete', stay);
      complete.stop();
      errors.stop();
    });
  }

  it('shows a refused QR image as a message, not an image', async () => {
    configure({ iziGetPayData: () => ({ qr_code: 'javascript:window.__pwned=1', deep_link: 'inpost://izilink?basket_id=1' }), iziGetIsBound: () => new Promise(() => {}) });
    const el = await fixture<InpostPayBasket>(html`<inpost-pay-basket></inpost-pay-basket>`);
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => /QR/.test(b.textContent!))!.click();
    await until(() => /kodu QR/.test(el.shadowRoot!.textContent!), 'the QR message');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    assertInert();
  });
});
