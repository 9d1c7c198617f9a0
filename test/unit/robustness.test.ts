// The widget on a real shop's page: configured late, moved, cloned and removed mid-call, its
// language switched live, pressed in bursts, its order-watch socket lost, and fed hostile events.
import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, session } from '../../src/core/page.js';
import '../../src/define.js';
import type { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import { callLog, collect, modal, resetWidget, shadowText, until, waitForClients, ws } from './helpers.js';

const inner = (el: Element) => el.shadowRoot!.querySelector<HTMLButtonElement>('button')!;
const label = (el: Element) => inner(el).textContent!.replace(/\s+/g, ' ').trim();
const buttons = (root: ParentNode) => [...root.querySelectorAll<InpostPayButton>('inpost-pay-button')];
const updated = (els: Element[]) => Promise.all(els.map((e) => (e as InpostPayButton).updateComplete));
const linkedAnswer = { basket_linked: true, browser_trusted: true, masked_phone_number: '60*****00', count: 2 };

/** Uncaught errors and unhandled rejections anywhere on the page while a test runs. */
function pageErrors() {
  const errors: unknown[] = [];
  const onError = (e: ErrorEvent) => errors.push(e.error ?? e.message);
  const onRejection = (e: PromiseRejectionEvent) => errors.push(e.reason);
  addEventListener('error', onError);
  addEventListener('unhandledrejection', onRejection);
  return { errors, stop: () => (removeEventListener('error', onError), removeEventListener('unhandledrejection', onRejection)) };
}

describe('robustness', function () {
  this.timeout(15000);
  let errors: ReturnType<typeof pageErrors>;
  let consoleRestore: () => void;
  const warnings: string[] = [];

  beforeEach(() => {
    document.documentElement.removeAttribute('lang');
    errors = pageErrors();
    const original = [console.error, console.warn, console.info];
    warnings.length = 0;
    console.error = console.warn = console.info = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    consoleRestore = () => ([console.error, console.warn, console.info] = original);
  });
  afterEach(() => {
    for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
    resetWidget();
    document.documentElement.removeAttribute('lang');
    consoleRestore();
    errors.stop();
  });

  describe('configured late', () => {
    it('elements rendered before configure() work once it is called, even after a press that failed', async () => {
      const wrap = await fixture(html`<div><inpost-pay-button product-id="p1"></inpost-pay-button><inpost-pay-button variant="buy"></inpost-pay-button></div>`);
      const [card, basket] = buttons(wrap);
      const failures = collect<{ callback: string; reason: string }>('inpost-pay-error');
      inner(card).click();
      await until(() => failures.events.length === 1, 'the missing-callback error');
      expect(failures.events[0].detail).to.include({ callback: 'iziCanBeBound', reason: 'missing' });
      failures.stop();
      const log = callLog();
      configure({
        iziCanBeBound: log.record('iziCanBeBound', () => true),
        iziAddToCart: log.record('iziAddToCart', () => Promise.resolve(linkedAnswer)),
      });
      inner(card).click();
      await until(() => session.state.linked, 'the basket to be linked');
      await updated([card, basket]);
      expect(log.names()).to.deep.equal(['iziCanBeBound', 'iziAddToCart']);
      expect(label(basket)).to.equal('Produkty w koszyku InPost Pay 2');
      expect(card.shadowRoot!.querySelector('[part="message"]'), 'the old error is gone').to.equal(null);
      expect(errors.errors).to.deep.equal([]);
    });

    it('an element created (not yet connected) before configure() and appended after it works', async () => {
      const el = document.createElement('inpost-pay-button') as InpostPayButton;
      el.setAttribute('product-id', 'p9');
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => true), iziAddToCart: log.record('iziAddToCart', () => linkedAnswer) });
      const wrap = await fixture(html`<div></div>`);
      wrap.append(el);
      await el.updateComplete;
      inner(el).click();
      await until(() => session.state.linked, 'the basket to be linked');
      expect(log.calls.map((c) => `${c.name}(${c.args.join()})`)).to.deep.equal(['iziCanBeBound(p9)', 'iziAddToCart(p9)']);
    });

    it('a linked page starts watching for the order when iziGetOrderComplete is configured later', async () => {
      await fixture(html`<inpost-pay-button basket-linked count="1"></inpost-pay-button>`);
      await aTimeout(100);
      const log = callLog();
      configure({ iziGetOrderComplete: log.record('iziGetOrderComplete', () => new Promise(() => {})) });
      await until(() => log.calls.length === 1, 'the order watch');
      await aTimeout(300);
      expect(log.calls.length).to.equal(1);
    });
  });

  describe('moved, cloned or removed while a callback is pending', () => {
    async function pendingPress() {
      const gate = Promise.withResolvers<boolean>();
      const log = callLog();
      configure({
        iziCanBeBound: log.record('iziCanBeBound', () => gate.promise),
        iziAddToCart: log.record('iziAddToCart', () => Promise.resolve(linkedAnswer)),
      });
      const wrap = await fixture(html`<div>
        <section id="a"><inpost-pay-button product-id="p1"></inpost-pay-button></section>
        <section id="b"><inpost-pay-button variant="buy"></inpost-pay-button></section>
      </div>`);
      const [card, other] = buttons(wrap);
      inner(card).click();
      await card.updateComplete;
      expect(inner(card).getAttribute('aria-disabled'), 'pending').to.equal('true');
      return { gate, log, wrap, card, other };
    }

    it('moved elsewhere: one call, the state lands on it and on the others, no throw', async () => {
      const { gate, log, wrap, card, other } = await pendingPress();
      wrap.querySelector('#b')!.append(card);
      await card.updateComplete;
      inner(card).click();
      inner(card).click();
      gate.resolve(true);
      await until(() => session.state.linked, 'the basket to be linked');
      await updated([card, other]);
      expect(log.names()).to.deep.equal(['iziCanBeBound', 'iziAddToCart']);
      expect(card.parentElement!.id).to.equal('b');
      expect(label(card)).to.equal('Produkty w koszyku InPost Pay 2');
      expect(label(other)).to.equal('Produkty w koszyku InPost Pay 2');
      expect(errors.errors).to.deep.equal([]);
    });

    it('cloned: the clone is a working button of its own, no duplicate call, both show the result', async () => {
      const { gate, log, wrap, card, other } = await pendingPress();
      const clone = card.cloneNode(true) as InpostPayButton;
      wrap.querySelector('#b')!.append(clone);
      await clone.updateComplete;
      expect(clone.getAttribute('product-id')).to.equal('p1');
      expect(inner(clone).getAttribute('aria-disabled'), 'the clone is not pending').to.equal(null);
      expect(log.names()).to.deep.equal(['iziCanBeBound']);
      gate.resolve(true);
      await until(() => session.state.linked, 'the basket to be linked');
      await updated([card, clone, other]);
      expect(log.names()).to.deep.equal(['iziCanBeBound', 'iziAddToCart']);
      for (const b of [card, clone, other]) expect(label(b)).to.equal('Produkty w koszyku InPost Pay 2');
      expect(errors.errors).to.deep.equal([]);
    });

    it('removed: the answer still lands on the widgets left on the page, no throw', async () => {
      const { gate, log, card, other } = await pendingPress();
      card.remove();
      gate.resolve(true);
      await until(() => session.state.linked, 'the basket to be linked');
      await other.updateComplete;
      expect(log.names()).to.deep.equal(['iziCanBeBound', 'iziAddToCart']);
      expect(label(other)).to.equal('Produkty w koszyku InPost Pay 2');
      expect(errors.errors).to.deep.equal([]);
    });

    it('removed before a binding is required: the binding screen opens and closes without breaking the page', async () => {
      const gate = Promise.withResolvers<boolean>();
      configure({ iziCanBeBound: () => gate.promise, iziAddToCart: () => undefined });
      const wrap = await fixture(html`<div><inpost-pay-button product-id="p1"></inpost-pay-button><inpost-pay-button variant="buy"></inpost-pay-button></div>`);
      const [card, other] = buttons(wrap);
      inner(card).focus();
      inner(card).click();
      card.remove();
      gate.resolve(true);
      await until(() => modal()?.open, 'the binding screen');
      modal()!.close();
      await until(() => !modal()!.open, 'the modal to close');
      await other.updateComplete;
      expect(label(other)).to.equal('Kup z InPost Pay');
      expect(errors.errors).to.deep.equal([]);
    });

    it('a failure answered to a removed element does not break the others', async () => {
      const gate = Promise.withResolvers<boolean>();
      configure({ iziCanBeBound: () => gate.promise, iziAddToCart: () => linkedAnswer });
      const wrap = await fixture(html`<div><inpost-pay-button product-id="p1"></inpost-pay-button><inpost-pay-button product-id="p2"></inpost-pay-button></div>`);
      const [card, other] = buttons(wrap);
      inner(card).click();
      card.remove();
      const failures = collect('inpost-pay-error');
      gate.reject(new Error('503'));
      await until(() => failures.events.length === 1, 'the error event');
      failures.stop();
      configure({ iziCanBeBound: () => true });
      inner(other).click();
      await until(() => session.state.linked, 'the other button to work');
      expect(errors.errors).to.deep.equal([]);
    });
  });

  describe('language switched live', () => {
    it('re-renders the strings when the language attribute changes, including a shown error', async () => {
      configure({ iziCanBeBound: () => Promise.reject(new Error('503')) });
      const wrap = await fixture(html`<div>
        <inpost-pay-button product-id="p1" language="pl"></inpost-pay-button>
        <inpost-pay-basket language="pl"></inpost-pay-basket>
      </div>`);
      const [button] = buttons(wrap);
      const basket = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      inner(button).click();
      await until(() => button.shadowRoot!.querySelector('.message.error'), 'the error');
      expect(shadowText(button)).to.contain('Nie udało się połączyć z InPost Pay.');
      button.setAttribute('language', 'en');
      basket.setAttribute('language', 'en');
      await updated([button, basket]);
      expect(label(button)).to.equal('Create a basket with InPost Pay');
      expect(shadowText(button)).to.contain('Could not connect to InPost Pay. Please try again.');
      expect(basket.shadowRoot!.querySelector('h2')!.textContent!.trim()).to.equal('Connect your basket with the InPost Mobile App');
      button.setAttribute('language', 'pl');
      await button.updateComplete;
      expect(label(button)).to.equal('Utwórz koszyk z InPost Pay');
    });

    it('re-renders the strings when the page lang changes', async () => {
      const wrap = await fixture(html`<div>
        <inpost-pay-button product-id="p1"></inpost-pay-button>
        <inpost-pay-basket></inpost-pay-basket>
      </div>`);
      const [button] = buttons(wrap);
      const basket = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      expect(label(button)).to.equal('Utwórz koszyk z InPost Pay');
      // The lang observer starts a task after the first element attaches (kept out of the first
      // render, page-listeners.ts); a switch in that same task is read by the render itself.
      await aTimeout(0);
      document.documentElement.setAttribute('lang', 'en');
      await until(() => label(button) === 'Create a basket with InPost Pay', 'the button in English', 1000);
      await until(
        () => basket.shadowRoot!.querySelector('h2')!.textContent!.trim() === 'Connect your basket with the InPost Mobile App',
        'the basket in English',
        1000,
      );
      wrap.setAttribute('lang', 'pl');
      await until(() => label(button) === 'Utwórz koszyk z InPost Pay', 'the button in Polish again', 1000);
    });

    it('follows a page lang switched right after the first render, before the lang observer starts', async () => {
      const button = document.createElement('inpost-pay-button') as InpostPayButton;
      document.body.append(button);
      try {
        await button.updateComplete; // microtasks only: the deferred observer has not started yet
        expect(label(button)).to.equal('Utwórz koszyk z InPost Pay');
        document.documentElement.setAttribute('lang', 'en');
        await until(() => label(button) === 'Create a basket with InPost Pay', 'the button in English', 1000);
      } finally {
        button.remove();
      }
    });
  });

  describe('rapid presses and key repeats', () => {
    it('makes exactly one call per press cycle, with Enter, Space and held-down keys', async () => {
      let gate = Promise.withResolvers<boolean>();
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => gate.promise) });
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
      inner(el).focus();
      for (let i = 0; i < 8; i++) await sendKeys({ press: 'Enter' });
      for (let i = 0; i < 4; i++) await sendKeys({ press: 'Space' });
      for (let i = 0; i < 6; i++) await sendKeys({ down: 'Enter' }); // a held key repeats its keydown
      await sendKeys({ up: 'Enter' });
      expect(log.calls.length, 'first cycle').to.equal(1);
      gate.resolve(false);
      await until(() => el.shadowRoot!.querySelector('[part="message"]'), 'the hint');
      gate = Promise.withResolvers<boolean>();
      for (let i = 0; i < 5; i++) {
        await sendKeys({ down: 'Enter' });
        await sendKeys({ up: 'Enter' });
      }
      inner(el).click();
      inner(el).click();
      expect(log.calls.length, 'second cycle').to.equal(2);
      gate.resolve(false);
      await until(() => inner(el).getAttribute('aria-disabled') === null, 'the second cycle to end');
      await sendKeys({ press: 'Enter' });
      expect(log.calls.length, 'third cycle').to.equal(3);
      gate.resolve(false);
    });

    it('opens the basket once when a linked button gets a burst of presses', async () => {
      session.update({ linked: true, maskedPhoneNumber: '60*****00', count: 1 });
      const opened = collect('inpost-pay-open');
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button></inpost-pay-button>`);
      inner(el).focus();
      for (let i = 0; i < 5; i++) await sendKeys({ down: 'Enter' });
      await sendKeys({ up: 'Enter' });
      inner(el).click();
      await until(() => modal()?.open, 'the modal');
      await aTimeout(50);
      expect(opened.events.length).to.equal(1);
      opened.stop();
    });

    it('sends one binding request for a burst of Enter on the phone form', async () => {
      const log = callLog();
      configure({ iziGetPayData: log.record('iziGetPayData', () => new Promise(() => {})) });
      const el = await fixture<InpostPayBasket>(html`<inpost-pay-basket></inpost-pay-basket>`);
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('#phone')!;
      input.focus();
      await sendKeys({ type: '600100200' });
      for (let i = 0; i < 6; i++) await sendKeys({ down: 'Enter' });
      await sendKeys({ up: 'Enter' });
      for (let i = 0; i < 4; i++) await sendKeys({ press: 'Enter' });
      expect(log.calls.length).to.equal(1);
    });
  });

  describe('network loss during the WebSocket order watch', () => {
    let prevent: (e: Event) => void;
    beforeEach(() => {
      prevent = (e: Event) => e.preventDefault();
      document.addEventListener('inpost-pay-order-complete', prevent);
    });
    afterEach(() => document.removeEventListener('inpost-pay-order-complete', prevent));

    it('falls back to looping when the socket drops, and still completes the order', async () => {
      const url = await ws<string>({ do: 'url' });
      let answer: unknown = {};
      const log = callLog();
      configure({
        iziGetOrderComplete: log.record('iziGetOrderComplete', () => Promise.resolve(answer)),
        orderWatch: { method: 'websocket', url, interval: 250 },
      });
      const complete = collect<{ url: string }>('inpost-pay-order-complete');
      await fixture(html`<inpost-pay-button basket-linked count="1"></inpost-pay-button>`);
      await waitForClients(1);
      expect(log.calls.length, 'no looping while the socket works').to.equal(0);
      await ws({ do: 'close-all' });
      await until(() => log.calls.length >= 2, 'looping after the socket was lost');
      answer = { action: 'redirect', redirect: '/thank-you' };
      await until(() => complete.events.length === 1, 'the order to complete');
      await aTimeout(400);
      expect(complete.events.length, 'exactly once').to.equal(1);
      expect(complete.events[0].detail.url).to.equal(`${location.origin}/thank-you`);
      expect(session.state.linked).to.equal(false);
      complete.stop();
    });

    it('without iziGetOrderComplete, reconnects with a delay and completes on a later push', async () => {
      const url = await ws<string>({ do: 'url' });
      const failures = collect<{ callback: string; message: string }>('inpost-pay-error');
      configure({ orderWatch: { method: 'websocket', url, interval: 250, maxInterval: 1000 } });
      const complete = collect<{ url: string }>('inpost-pay-order-complete');
      await fixture(html`<inpost-pay-button basket-linked count="1"></inpost-pay-button>`);
      await waitForClients(1);
      for (let round = 0; round < 2; round++) {
        await ws({ do: 'close-all' });
        const lost = performance.now();
        await until(() => failures.events.length === round + 1, 'the loss to be reported');
        expect(failures.events[round].detail.callback).to.equal('orderWatch');
        expect(failures.events[round].detail.message).to.match(/reconnecting/);
        expect(await ws<number>({ do: 'clients' }), 'not at once: there is a backoff').to.equal(0);
        await waitForClients(1);
        expect(performance.now() - lost, 'the backoff (250 ms × 2 with 50-100 % jitter)').to.be.at.least(200);
      }
      await ws({ do: 'push', message: JSON.stringify({ action: 'redirect', redirect: '/done' }) });
      await until(() => complete.events.length === 1, 'the pushed order');
      expect(complete.events[0].detail.url).to.equal(`${location.origin}/done`);
      await aTimeout(300);
      expect(await ws<number>({ do: 'clients' }), 'the socket is closed once the order is complete').to.equal(0);
      failures.stop();
      complete.stop();
    });
  });

  describe('hostile events from the shop', () => {
    const markup = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>5</b>';

    async function page() {
      const wrap = await fixture(html`<div>
        <inpost-pay-button product-id="p1"></inpost-pay-button>
        <inpost-pay-button variant="buy"></inpost-pay-button>
        <inpost-pay-basket></inpost-pay-basket>
      </div>`);
      return { wrap, widgets: [...wrap.children] as (InpostPayButton | InpostPayBasket)[] };
    }

    /** No element from a hostile value in any shadow tree, and no script of it ran. */
    function expectNoMarkup(widgets: Element[]) {
      for (const w of widgets) {
        expect(w.shadowRoot!.querySelector('img, script, b, iframe, svg'), `markup in ${w.localName}`).to.equal(null);
      }
      expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    }

    it('inpost-update-count: markup, objects and junk are ignored, huge and negative numbers clamp', async () => {
      const { widgets } = await page();
      session.update({ linked: true, maskedPhoneNumber: '60*****00', count: 4 });
      const [button] = widgets;
      const cases: [unknown, number][] = [
        [markup, 4],
        [{ count: 7, toString: () => '<b>7</b>' }, 4],
        [['1'], 4],
        [null, 4],
        [Symbol('x'), 4],
        [10n, 4],
        ['12abc', 4],
        [Number.NaN, 4],
        [1e308, 999],
        ['1e400', 999],
        [Number.POSITIVE_INFINITY, 999],
        [Number.MAX_SAFE_INTEGER + 2, 999],
        [-5, 0],
        [' 7 ', 7],
        [2.9, 2],
      ];
      for (const [i, [detail, expected]] of cases.entries()) {
        const target = [button, window, document][i % 3];
        expect(() => target.dispatchEvent(new CustomEvent('inpost-update-count', { detail, bubbles: true }))).not.to.throw();
        expect(session.state.count, `after ${String(detail)}`).to.equal(expected);
      }
      await updated(widgets);
      expect(button.shadowRoot!.querySelector('[part="count"]')!.textContent!.trim()).to.equal('2');
      expect(warnings.some((w) => w.includes('inpost-update-count')), 'a console warning for junk').to.equal(true);
      expectNoMarkup(widgets);
      expect(errors.errors).to.deep.equal([]);
    });

    it('an inpost-update-count detail whose getters throw is ignored without an uncaught error', async () => {
      const { widgets } = await page();
      const detail = new Proxy({}, { get: () => { throw new Error('hostile getter'); } });
      widgets[0].dispatchEvent(new CustomEvent('inpost-update-count', { detail, bubbles: true }));
      widgets[0].dispatchEvent(new CustomEvent('izi-binding-complete', { detail, bubbles: true }));
      await aTimeout(20);
      expect(session.state.count, 'still unknown').to.equal(undefined);
      expect(errors.errors.map(String)).to.deep.equal([]);
    });

    it('izi-binding-complete: markup in the masked number is never rendered; counts clamp', async () => {
      const { widgets } = await page();
      const [button, , basket] = widgets;
      button.dispatchEvent(
        new CustomEvent('izi-binding-complete', { detail: { basket_linked: true, masked_phone_number: `60${markup}00`, count: 1e12 }, bubbles: true }),
      );
      await updated(widgets);
      expect(session.state.linked).to.equal(true);
      expect(session.state.count).to.equal(999);
      expect(session.state.maskedPhoneNumber).to.match(/^[\d*]*$/);
      expect(shadowText(basket)).not.to.contain('<');
      expect(shadowText(button)).to.contain('999');
      expectNoMarkup(widgets);
      for (const detail of [markup, 42, null, [{ basket_linked: false }], { basket_linked: 'false' }, { basket_linked: 1 }]) {
        expect(() => window.dispatchEvent(new CustomEvent('izi-binding-complete', { detail }))).not.to.throw();
      }
      await updated(widgets);
      expect(session.state.linked, 'junk does not unlink').to.equal(true);
      expect(session.state.count).to.equal(999);
      expectNoMarkup(widgets);
      expect(errors.errors).to.deep.equal([]);
    });

    it('izi-binding-complete with a masked number that holds no digits does not link the basket', async () => {
      const { widgets } = await page();
      document.dispatchEvent(new CustomEvent('izi-binding-complete', { detail: { masked_phone_number: markup } }));
      await updated(widgets);
      expect(session.state.linked).to.equal(false);
      expect(label(widgets[0])).to.equal('Utwórz koszyk z InPost Pay');
      expectNoMarkup(widgets);
    });

    it('izi-binding-complete that carries neither basket_linked nor masked_phone_number leaves the binding alone', async () => {
      const { widgets } = await page();
      session.update({ linked: true, maskedPhoneNumber: '60*****00', count: 1 });
      for (const detail of [{}, { count: 3 }, { count: { valueOf: () => 3 } }]) {
        widgets[0].dispatchEvent(new CustomEvent('izi-binding-complete', { detail, bubbles: true }));
        expect(session.state.linked, `after ${JSON.stringify(detail)}`).to.equal(true);
        expect(session.state.maskedPhoneNumber).to.equal('60*****00');
      }
      expect(session.state.count, 'a plain count is still taken').to.equal(3);
      await updated(widgets);
      expect(label(widgets[1])).to.equal('Produkty w koszyku InPost Pay 3');
    });

    it('hostile attributes are shown as text or ignored', async () => {
      const wrap = await fixture(html`<div>
        <inpost-pay-button basket-linked masked-phone-number=${markup} count=${markup} language=${markup}></inpost-pay-button>
      </div>`);
      const [button] = buttons(wrap);
      await button.updateComplete;
      // The hostile count is ignored, so the count stays unknown and no number is shown.
      expect(label(button)).to.equal('Products in InPost Pay basket');
      expectNoMarkup([button]);
      expect(errors.errors).to.deep.equal([]);
    });
  });
});
