import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { InpostPayBasket } from '../../src/basket/inpost-pay-basket.js';
import { InpostPayButton } from '../../src/button/inpost-pay-button.js';
import { configure, session } from '../../src/core/page.js';
import { define } from '../../src/ui/widget-element.js';
import { callLog, collect, resetWidget, until } from './helpers.js';

define('inpost-pay-button', InpostPayButton);
// Buttons open their screens in the basket, so both are registered, as a shop does.
define('inpost-pay-basket', InpostPayBasket);

const button = (el: Element) => el.shadowRoot!.querySelector('button')!;
/** The button's visible text, whitespace folded. */
const label = (el: Element) => button(el).textContent!.replace(/\s+/g, ' ').trim();
const message = (el: Element) => el.shadowRoot!.querySelector('[part="message"]')?.textContent!.trim() ?? '';
const announcer = () => document.querySelector('[data-inpost-pay-announcer]')?.textContent;
const press = async (el: InpostPayButton) => {
  button(el).click();
  await el.updateComplete;
};
/** The screens the buttons opened (in the page's modal basket), in order. */
const screens: string[] = [];
const recordScreen = (event: CustomEvent<{ screen: string }>) => screens.push(event.detail.screen);

describe('<inpost-pay-button>', () => {
  beforeEach(() => {
    screens.length = 0;
    document.addEventListener('inpost-pay-open', recordScreen);
  });
  afterEach(() => {
    document.removeEventListener('inpost-pay-open', recordScreen);
    resetWidget();
  });

  describe('labels and language', () => {
    it('says "Utwórz koszyk z InPost Pay" on a product card by default', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
      expect(label(el)).to.equal('Utwórz koszyk z InPost Pay');
    });

    it('says "Kup z InPost Pay" in the basket and speaks English on request', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button variant="buy"></inpost-pay-button>`);
      expect(label(el)).to.equal('Kup z InPost Pay');
      el.language = 'en';
      await el.updateComplete;
      expect(label(el)).to.equal('Buy with InPost Pay');
    });

    it('falls back to the nearest lang of the page, then configure({language})', async () => {
      const wrap = await fixture(html`<div lang="en-GB"><inpost-pay-button></inpost-pay-button></div>`);
      const el = wrap.querySelector('inpost-pay-button')!;
      await el.updateComplete;
      expect(label(el)).to.equal('Create a basket with InPost Pay');
      const bare = await fixture<InpostPayButton>(html`<inpost-pay-button></inpost-pay-button>`);
      document.documentElement.removeAttribute('lang');
      configure({ language: 'en' });
      bare.requestUpdate();
      await bare.updateComplete;
      expect(label(bare)).to.equal('Create a basket with InPost Pay');
    });
  });

  describe("the seed's first flow", () => {
    it('checks, adds, then shows the count on every button of the page', async () => {
      const log = callLog();
      configure({
        iziCanBeBound: log.record('iziCanBeBound', () => Promise.resolve(true)),
        iziAddToCart: log.record('iziAddToCart', () =>
          Promise.resolve({ basket_linked: true, browser_trusted: true, masked_phone_number: '60*****00', count: 2 }),
        ),
      });
      const wrap = await fixture(html`<div>
        <inpost-pay-button product-id="p1"></inpost-pay-button>
        <inpost-pay-button product-id="p2"></inpost-pay-button>
        <inpost-pay-button variant="buy"></inpost-pay-button>
      </div>`);
      const [first, second, basket] = [...wrap.querySelectorAll('inpost-pay-button')];
      const states = collect('inpost-pay-state');
      await press(first);
      await until(() => session.state.linked, 'the basket to be linked');
      await Promise.all([first, second, basket].map((b) => b.updateComplete));
      expect(log.calls).to.deep.equal([
        { name: 'iziCanBeBound', args: ['p1'] },
        { name: 'iziAddToCart', args: ['p1'] },
      ]);
      for (const b of [first, second, basket]) {
        expect(label(b)).to.equal('Produkty w koszyku InPost Pay 2');
        expect(button(b).getAttribute('aria-label')).to.equal('Produkty w koszyku InPost Pay: 2 produkty');
      }
      expect(states.events.at(-1)!.detail).to.include({ linked: true, count: 2, maskedPhoneNumber: '60*****00' });
      expect(states.events.at(-1)!.target).to.equal(first);
      states.stop();
    });

    it('asks the basket page without a product id and adds nothing there', async () => {
      const log = callLog();
      configure({
        iziCanBeBound: log.record('iziCanBeBound', () => true),
        iziAddToCart: log.record('iziAddToCart', () => undefined),
      });
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button variant="buy"></inpost-pay-button>`);
      await press(el);
      await until(() => screens.length === 1, 'the binding screen');
      expect(log.calls).to.deep.equal([{ name: 'iziCanBeBound', args: [] }]);
      expect(screens).to.deep.equal(['binding']);
    });

    it('takes the product id as a property or an attribute, whichever the shop set last', async () => {
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => false) });
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="from-attribute"></inpost-pay-button>`);
      expect(el.productId).to.equal('from-attribute');
      el.productId = 'from-property';
      expect(el.getAttribute('product-id')).to.equal('from-property');
      await press(el);
      await until(() => message(el) !== '', 'the first answer');
      el.setAttribute('product-id', 'changed');
      await press(el);
      el.productId = undefined;
      expect(el.hasAttribute('product-id')).to.equal(false);
      await until(() => log.calls.length === 2, 'two presses');
      expect(log.calls.map((c) => c.args)).to.deep.equal([['from-property'], ['changed']]);
    });

    it('opens the binding screen when the added basket is not linked yet', async () => {
      configure({ iziCanBeBound: () => true, iziAddToCart: () => Promise.resolve() });
      const required = collect('inpost-pay-binding-required');
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p9"></inpost-pay-button>`);
      await press(el);
      await until(() => required.events.length === 1, 'binding-required');
      expect(required.events[0].detail).to.deep.equal({ productId: 'p9', bindingPlace: 'PRODUCT_CARD' });
      expect(session.state.bindingRequired).to.equal(true);
      expect(screens).to.deep.equal(['binding']);
      required.stop();
    });

    it('gives a hint and adds nothing when iziCanBeBound says no', async () => {
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => false), iziAddToCart: log.record('iziAddToCart', () => undefined) });
      const notBindable = collect('inpost-pay-not-bindable');
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="shoe"></inpost-pay-button>`);
      await press(el);
      await until(() => message(el) !== '', 'the hint');
      expect(message(el)).to.contain('Tego produktu nie można jeszcze dodać');
      expect(announcer()).to.equal(message(el));
      expect(log.names()).to.deep.equal(['iziCanBeBound']);
      expect(notBindable.events[0].detail).to.deep.equal({ productId: 'shoe' });
      expect(screens).to.deep.equal([]);
      await expect(el).to.be.accessible();
      notBindable.stop();
    });

    it('makes one call per press while a callback is pending', async () => {
      const gate = Promise.withResolvers<boolean>();
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => gate.promise), iziAddToCart: log.record('iziAddToCart', () => undefined) });
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
      await press(el);
      expect(button(el).getAttribute('aria-disabled')).to.equal('true');
      expect(label(el)).to.contain('Chwileczkę');
      await expect(el).to.be.accessible();
      button(el).focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
      await press(el);
      expect(log.names()).to.deep.equal(['iziCanBeBound']);
      gate.resolve(true);
      await until(() => log.calls.length === 2, 'iziAddToCart');
      await aTimeout(0);
      await el.updateComplete;
      expect(button(el).hasAttribute('aria-disabled')).to.equal(false);
    });

    it('is operable by keyboard alone', async () => {
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => true), iziAddToCart: log.record('iziAddToCart', () => ({ basket_linked: true, masked_phone_number: '600100200', count: 1 })) });
      const wrap = await fixture(html`<div><input aria-label="before" /><inpost-pay-button product-id="k1"></inpost-pay-button></div>`);
      wrap.querySelector('input')!.focus();
      await sendKeys({ press: 'Tab' });
      const el = wrap.querySelector('inpost-pay-button')!;
      expect(el.shadowRoot!.activeElement).to.equal(button(el));
      await sendKeys({ press: 'Enter' });
      await until(() => session.state.linked, 'linked');
      expect(session.state.maskedPhoneNumber).to.equal('60*****00');
      await sendKeys({ press: 'Enter' });
      expect(screens).to.deep.equal(['basket']);
    });
  });

  describe('failures', () => {
    const cases: [string, () => unknown, string][] = [
      ['throws', () => { throw new Error('boom'); }, 'threw'],
      ['rejects with an Error', () => Promise.reject(new Error('backend down')), 'rejected'],
      ['rejects with a string', () => Promise.reject('nope'), 'rejected'],
      ['rejects with undefined', () => Promise.reject(undefined), 'rejected'],
      ['rejects with an API error object', () => Promise.reject({ error_code: 'BASKET_EXPIRED', error_message: 'expired' }), 'rejected'],
      ['never settles', () => new Promise(() => {}), 'timeout'],
      ['resolves garbage', () => Promise.resolve('yes'), 'invalid'],
    ];
    for (const [what, answer, cause] of cases) {
      it(`iziCanBeBound ${what}: visible, announced, reported, retryable`, async () => {
        const errors = collect<{ callback: string; reason: string; message: string }>('inpost-pay-error');
        const logged: string[] = [];
        const original = console.error;
        console.error = (...args: unknown[]) => logged.push(args.join(' '));
        let attempt = 0;
        configure({
          callbackTimeout: 60,
          // Garbage on purpose: the widget must survive what the types forbid.
          iziCanBeBound: () => (attempt++ === 0 ? answer() : true) as boolean,
          iziAddToCart: () => ({ basket_linked: true, masked_phone_number: '60*****00', count: 1 }),
        });
        try {
          const wrap = await fixture(html`<div><inpost-pay-button product-id="p1"></inpost-pay-button><inpost-pay-button product-id="p2"></inpost-pay-button></div>`);
          const [el, other] = [...wrap.querySelectorAll('inpost-pay-button')];
          await press(el);
          await until(() => errors.events.length === 1, 'the error event');
          await el.updateComplete;
          expect(errors.events[0].detail).to.include({ callback: 'iziCanBeBound', reason: cause });
          expect(errors.events[0].target).to.equal(el);
          expect(logged.some((line) => line.includes('[inpost-pay]') && line.includes('iziCanBeBound'))).to.equal(true);
          const shown = el.shadowRoot!.querySelector('[part="message"]')!;
          expect(shown.textContent).to.match(cause === 'timeout' ? /nie odpowiada/ : /Nie udało się/);
          expect(button(el).getAttribute('aria-describedby')).to.equal(shown.id);
          expect(announcer()).to.equal(shown.textContent);
          expect(message(other)).to.equal('');
          await expect(el).to.be.accessible();
          await press(el);
          await until(() => session.state.linked, 'the retry to link the basket');
          await el.updateComplete;
          expect(message(el)).to.equal('');
          expect(label(other)).to.contain('Produkty w koszyku InPost Pay');
        } finally {
          console.error = original;
          errors.stop();
        }
      });
    }

    it('says which callback is missing and how to provide it', async () => {
      const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
      const logged: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => logged.push(args.join(' '));
      try {
        const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
        await press(el);
        await until(() => errors.events.length === 1, 'the error');
        expect(errors.events[0].detail).to.include({ callback: 'iziCanBeBound', reason: 'missing' });
        expect(logged[0]).to.contain('InpostPay.configure({ iziCanBeBound })');
      } finally {
        console.error = original;
        errors.stop();
      }
    });

    it('iziAddToCart failing keeps the basket unlinked and offers a retry', async () => {
      const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
      const original = console.error;
      console.error = () => {};
      configure({ iziCanBeBound: () => true, iziAddToCart: () => Promise.reject(new Error('500')) });
      try {
        const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
        await press(el);
        await until(() => errors.events.length === 1, 'the error');
        expect(errors.events[0].detail).to.include({ callback: 'iziAddToCart', reason: 'rejected' });
        expect(session.state.linked).to.equal(false);
        expect(screens).to.deep.equal([]);
      } finally {
        console.error = original;
        errors.stop();
      }
    });
  });

  describe('the counter', () => {
    it('follows inpost-update-count on an element, on document and on window', async () => {
      const wrap = await fixture(html`<div><inpost-pay-button basket-linked masked-phone-number="60*****00" count="1"></inpost-pay-button><inpost-pay-button></inpost-pay-button></div>`);
      const [a, b] = [...wrap.querySelectorAll('inpost-pay-button')];
      const text = () => label(b);
      b.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 2 }));
      await b.updateComplete;
      expect(text()).to.equal('Produkty w koszyku InPost Pay 2');
      document.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 5 }));
      await b.updateComplete;
      expect(button(b).getAttribute('aria-label')).to.equal('Produkty w koszyku InPost Pay: 5 produktów');
      window.dispatchEvent(new CustomEvent('inpost-update-count', { detail: '22' }));
      await a.updateComplete;
      expect(button(a).getAttribute('aria-label')).to.equal('Produkty w koszyku InPost Pay: 22 produkty');
      expect(document.querySelector('[data-inpost-pay-announcer]')!.textContent).to.equal('Koszyk InPost Pay: 22 produkty');
    });

    it('uses Polish plural forms and English ones', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button basket-linked count="1"></inpost-pay-button>`);
      const name = () => button(el).getAttribute('aria-label');
      const forms: [number, string][] = [[1, '1 produkt'], [2, '2 produkty'], [4, '4 produkty'], [5, '5 produktów'], [12, '12 produktów'], [14, '14 produktów'], [22, '22 produkty'], [0, '0 produktów'], [111, '111 produktów']];
      for (const [n, words] of forms) {
        session.update({ count: n });
        await el.updateComplete;
        expect(name()).to.equal(`Produkty w koszyku InPost Pay: ${words}`);
      }
      el.language = 'en';
      await el.updateComplete;
      expect(name()).to.equal('Products in InPost Pay basket: 111 products');
      session.update({ count: 1 });
      await el.updateComplete;
      expect(name()).to.equal('Products in InPost Pay basket: 1 product');
    });

    it('takes the count attribute and clamps or rejects bad counts', async () => {
      const warn = console.warn;
      console.warn = () => {};
      try {
        const el = await fixture<InpostPayButton>(html`<inpost-pay-button basket-linked count="3"></inpost-pay-button>`);
        expect(session.state.count).to.equal(3);
        for (const [value, expected] of [['-4', 0], ['2.7', 2], ['100000', 999], ['abc', 999], ['<b>1</b>', 999]] as const) {
          el.setAttribute('count', value);
          await el.updateComplete;
          expect(session.state.count, value).to.equal(expected);
        }
        window.dispatchEvent(new CustomEvent('inpost-update-count', { detail: { evil: true } }));
        expect(session.state.count).to.equal(999);
      } finally {
        console.warn = warn;
      }
    });

    it('does not announce the count the page loaded with', async () => {
      document.querySelector('[data-inpost-pay-announcer]')?.remove();
      await fixture(html`<div><inpost-pay-button basket-linked count="2"></inpost-pay-button><inpost-pay-button basket-linked count="2"></inpost-pay-button></div>`);
      expect(session.state.count).to.equal(2);
      expect(announcer() ?? '').to.equal('');
      window.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 3 }));
      expect(announcer()).to.equal('Koszyk InPost Pay: 3 produkty');
    });

    it('shows the server-rendered linked state at first paint and masks a full number', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button basket-linked masked-phone-number="+48 600 100 200" count="4"></inpost-pay-button>`);
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay 4');
      expect(session.state.maskedPhoneNumber).to.equal('60*****00');
      expect(el.shadowRoot!.innerHTML).not.to.contain('600100200');
      await expect(el).to.be.accessible();
    });

    it('shows no number for a linked basket whose count nobody said, until the shop says it', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button></inpost-pay-button>`);
      configure({ iziGetIsBound: () => ({ status: 'SUCCESS', masked_phone_number: '60*****00' }) });
      await session.confirmBinding(new AbortController().signal, el);
      await el.updateComplete;
      expect(session.state.count).to.equal(undefined);
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay');
      expect(button(el).getAttribute('aria-label')).to.equal('Produkty w koszyku InPost Pay');
      expect(el.shadowRoot!.querySelector('[part=count]')).to.equal(null);
      el.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 0 }));
      await el.updateComplete;
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay 0');
      expect(button(el).getAttribute('aria-label')).to.equal('Produkty w koszyku InPost Pay: 0 produktów');
    });

    it('takes a server-rendered masked number without basket-linked as linked', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button masked-phone-number="60*****00" count="2"></inpost-pay-button>`);
      expect(session.state).to.include({ linked: true, maskedPhoneNumber: '60*****00', count: 2 });
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay 2');
    });

    it('stays unlinked with a masked-number attribute that holds no number', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button masked-phone-number="--"></inpost-pay-button>`);
      expect(session.state.linked).to.equal(false);
      expect(label(el)).to.equal('Utwórz koszyk z InPost Pay');
    });

    it('opens the masked-phone screen when a linked button is pressed', async () => {
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => true) });
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await press(el);
      expect(screens).to.deep.equal(['basket']);
      expect(log.calls).to.deep.equal([]);
    });
  });

  describe('look', () => {
    it('passes axe in every state, light and dark, in both languages', async () => {
      for (const dark of [false, true]) {
        for (const language of ['pl', 'en']) {
          for (const scheme of ['yellow', 'black']) {
            const el = await fixture<InpostPayButton>(html`<inpost-pay-button language=${language} scheme=${scheme} ?dark=${dark}></inpost-pay-button>`);
            await expect(el).to.be.accessible();
            session.update({ linked: true, count: 3, maskedPhoneNumber: '60*****00' });
            await el.updateComplete;
            await expect(el).to.be.accessible();
            resetWidget();
          }
        }
      }
    });

    it('keeps targets at least 24 px high in every size and takes the full width with fill', async () => {
      for (const size of ['xs', 'sm', 'md', 'lg', 'xl']) {
        const el = await fixture<InpostPayButton>(html`<inpost-pay-button size=${size}></inpost-pay-button>`);
        expect(button(el).getBoundingClientRect().height, size).to.be.at.least(32);
      }
      const wrap = await fixture(html`<div style="width: 500px"><inpost-pay-button fill></inpost-pay-button></div>`);
      expect(wrap.querySelector('inpost-pay-button')!.getBoundingClientRect().width).to.equal(500);
    });

    it('styles the pending, linked and message states, whose styles an unpressed button does not carry', async () => {
      const gate = Promise.withResolvers<boolean>();
      configure({ iziCanBeBound: () => gate.promise, iziAddToCart: () => undefined });
      const [idle, pressed] = (await fixture(html`<div><inpost-pay-button product-id="a"></inpost-pay-button><inpost-pay-button product-id="b"></inpost-pay-button></div>`)).children as unknown as InpostPayButton[];
      const sheets = (el: InpostPayButton) => el.shadowRoot!.adoptedStyleSheets.length;
      expect(sheets(idle), 'an unpressed button: one sheet').to.equal(1);
      await press(pressed);
      expect(sheets(pressed)).to.equal(2);
      const spinner = pressed.shadowRoot!.querySelector<HTMLElement>('.spinner')!;
      expect(getComputedStyle(spinner).borderRadius, 'the spinner is a ring').to.equal('50%');
      expect(getComputedStyle(pressed.shadowRoot!.querySelector('.visually-hidden')!).position, 'busy text hidden but spoken').to.equal('absolute');
      expect(getComputedStyle(button(pressed)).cursor).to.equal('progress');
      gate.resolve(false);
      await until(() => message(pressed) !== '', 'the hint');
      expect(getComputedStyle(pressed.shadowRoot!.querySelector('[part="message"]')!).fontSize).to.equal('14px');
      expect(sheets(idle), 'the other button still has one sheet').to.equal(1);
      session.update({ linked: true, count: 2 });
      await idle.updateComplete;
      expect(sheets(idle), 'a linked button gets the state styles').to.equal(2);
      expect(getComputedStyle(idle.shadowRoot!.querySelector('[part="count"]')!).borderRadius).to.equal('999px');
    });

    it('renders at its final size: a linked state does not change the height', async () => {
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button></inpost-pay-button>`);
      const before = el.getBoundingClientRect().height;
      session.update({ linked: true, count: 7 });
      await el.updateComplete;
      expect(el.getBoundingClientRect().height).to.equal(before);
    });
  });
});
