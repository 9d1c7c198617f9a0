// Every merchant callback crossed with every way it can fail. For each cell: the widget ends in a
// visible, announced, recoverable state; `inpost-pay-error` names the callback and the reason; the
// console tells the shop's developer; retry works; the other widget on the page keeps working.
// The failure matrix of docs/guide/callbacks.md is this file in prose.
import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { CallbackName, InpostPayConfig } from '../../src/core/config.js';
import { configure, session } from '../../src/core/page.js';
import type { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import type { ErrorDetail } from '../../src/core/events.js';
import { collect, resetWidget, shadowText, until } from './helpers.js';

type Kind = 'throws' | 'rejects an Error' | 'rejects a string' | 'rejects undefined' | 'rejects an API error' | 'never settles' | 'resolves null' | 'resolves a wrong type' | 'resolves a huge string';

const failures: Record<Kind, () => unknown> = {
  throws: () => {
    throw new TypeError('shop code crashed');
  },
  'rejects an Error': () => Promise.reject(new Error('HTTP 500')),
  'rejects a string': () => Promise.reject('backend said no'),
  'rejects undefined': () => Promise.reject(undefined),
  'rejects an API error': () => Promise.reject({ error_code: 'BASKET_EXPIRED', error_message: 'Basket expired' }),
  'never settles': () => new Promise(() => {}),
  'resolves null': () => Promise.resolve(null),
  'resolves a wrong type': () => Promise.resolve(42),
  'resolves a huge string': () => Promise.resolve(`<img src=x onerror="window.__pwned=1">${'x'.repeat(1_000_000)}`),
};

/** What each cell must end in: the reason the error event carries, or `none` where the answer is acceptable. */
type Expect = ErrorDetail['reason'] | 'none';
const rejects: Partial<Record<Kind, Expect>> = {
  throws: 'threw',
  'rejects an Error': 'rejected',
  'rejects a string': 'rejected',
  'rejects undefined': 'rejected',
  'rejects an API error': 'rejected',
  'never settles': 'timeout',
};
const expected: Record<CallbackName | string, Record<Kind, Expect>> = {
  iziCanBeBound: { ...rejects, 'resolves null': 'invalid', 'resolves a wrong type': 'invalid', 'resolves a huge string': 'invalid' } as Record<Kind, Expect>,
  // Nothing is a valid answer (the basket is not known to be linked); the product was added either way.
  iziAddToCart: { ...rejects, 'resolves null': 'none', 'resolves a wrong type': 'invalid', 'resolves a huge string': 'invalid' } as Record<Kind, Expect>,
  // Driven through the QR binding, where the answer is all the shopper gets.
  iziGetPayData: { ...rejects, 'resolves null': 'invalid', 'resolves a wrong type': 'invalid', 'resolves a huge string': 'invalid' } as Record<Kind, Expect>,
  iziGetIsBound: { ...rejects, 'resolves null': 'invalid', 'resolves a wrong type': 'invalid', 'resolves a huge string': 'invalid' } as Record<Kind, Expect>,
  // A long-lived watch callback may stay pending on purpose; nothing (null) means "no order yet".
  iziGetOrderComplete: { ...rejects, 'never settles': 'none', 'resolves null': 'none', 'resolves a wrong type': 'invalid', 'resolves a huge string': 'invalid' } as Record<Kind, Expect>,
  // Any answer means the shop deleted the binding.
  iziBindingDelete: { ...rejects, 'resolves null': 'none', 'resolves a wrong type': 'none', 'resolves a huge string': 'none' } as Record<Kind, Expect>,
  iziMobileLink: { ...rejects, 'resolves null': 'invalid', 'resolves a wrong type': 'invalid', 'resolves a huge string': 'invalid' } as Record<Kind, Expect>,
};

const LINKED = { basket_linked: true, masked_phone_number: '60*****00', count: 2 };
const QR = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const BOUND = { status: 'SUCCESS', masked_phone_number: '50*****00', count: 1 };

/** Text of the live regions and alerts inside a widget, plus the page's announcer. */
const spoken = (el: Element) =>
  [...el.shadowRoot!.querySelectorAll('[role="alert"], [role="status"]'), document.querySelector('[data-inpost-pay-announcer]')]
    .map((n) => n?.textContent ?? '')
    .join(' ');
const control = (el: Element, label: RegExp) => {
  const found = [...el.shadowRoot!.querySelectorAll<HTMLElement>('button, a')].find((b) => label.test(b.textContent ?? ''));
  if (!found) throw new Error(`no control ${label} in: ${shadowText(el)}`);
  return found;
};
const click = async (el: HTMLElement & { updateComplete: Promise<unknown> }, label: RegExp) => {
  control(el, label).click();
  await el.updateComplete;
};
async function typePhone(el: InpostPayBasket, number: string) {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="tel"]')!;
  input.value = number;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
  await click(el, /^\s*Połącz\s*$/);
}

interface Scenario {
  /** Configures `fail` as the callback under test and the others as working; returns the failing callback's switch. */
  setup(fail: () => unknown): Promise<{
    el: HTMLElement & { updateComplete: Promise<unknown> };
    other: HTMLElement & { updateComplete: Promise<unknown> };
    drive(): Promise<void>;
    /** What the shopper must see (and hear) after the failure. */
    shown: RegExp;
    /** Where an unusable answer shows, when that is not where a failure does. */
    invalid?: { el: () => Element; shown: RegExp };
    /** Retries once the callback works again; resolves when the flow succeeded. */
    retry(): Promise<void>;
  }>;
}

/** A callback that fails the first time and then works. */
function flaky(fail: () => unknown, works: () => unknown) {
  let calls = 0;
  return () => (calls++ === 0 ? fail() : works());
}

const LINKED_ANSWER = () => LINKED;

/** Two product-card buttons; the first is pressed. Both callbacks of a press fail the same way. */
async function pressScenario(callbacks: InpostPayConfig): ReturnType<Scenario['setup']> {
  configure(callbacks);
  const wrap = await fixture(html`<div><inpost-pay-button product-id="a"></inpost-pay-button><inpost-pay-button product-id="b"></inpost-pay-button></div>`);
  const [el, other] = [...wrap.querySelectorAll<InpostPayButton>('inpost-pay-button')];
  return {
    el,
    other,
    drive: () => click(el, /InPost Pay/),
    shown: /Nie udało się połączyć z InPost Pay|InPost Pay nie odpowiada/,
    // The product is in the basket by now: an unusable iziAddToCart answer still leads on to the binding screen.
    invalid: { el: () => document.querySelector('inpost-pay-basket[modal]')!, shown: /Połącz koszyk z aplikacją InPost Mobile/ },
    retry: async () => {
      document.querySelector<InpostPayBasket>('inpost-pay-basket[modal]')?.close();
      await click(el, /InPost Pay/);
      await until(() => session.state.linked, 'linked after retry');
    },
  };
}

const scenarios: Record<string, Scenario> = {
  iziCanBeBound: {
    setup: (fail) => pressScenario({ iziCanBeBound: flaky(fail, () => true) as () => boolean, iziAddToCart: LINKED_ANSWER }),
  },
  iziAddToCart: {
    setup: (fail) => pressScenario({ iziCanBeBound: () => true, iziAddToCart: flaky(fail, LINKED_ANSWER) }),
  },
  iziGetPayData: {
    async setup(fail) {
      const cb = flaky(fail, () => ({ qr_code: QR, deep_link: 'inpost://izilink?basket_id=1' }));
      configure({ iziGetPayData: cb, iziGetIsBound: () => new Promise(() => {}) });
      const wrap = await fixture(html`<div><inpost-pay-basket></inpost-pay-basket><inpost-pay-button></inpost-pay-button></div>`);
      const el = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      return {
        el,
        other: wrap.querySelector<InpostPayButton>('inpost-pay-button')!,
        drive: () => click(el, /kodem QR/),
        shown: /Nie udało się połączyć z InPost Pay|InPost Pay nie odpowiada/,
        retry: async () => {
          await click(el, /Spróbuj ponownie/);
          await until(() => el.shadowRoot!.querySelector('img[src^="data:image/png"]'), 'the QR code after retry');
        },
      };
    },
  },
  iziGetIsBound: {
    async setup(fail) {
      const cb = flaky(fail, () => BOUND);
      configure({ iziGetPayData: () => [], iziGetIsBound: cb });
      const wrap = await fixture(html`<div><inpost-pay-basket></inpost-pay-basket><inpost-pay-button></inpost-pay-button></div>`);
      const el = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      return {
        el,
        other: wrap.querySelector<InpostPayButton>('inpost-pay-button')!,
        drive: () => typePhone(el, '500 600 700'),
        shown: /Nie udało się połączyć z InPost Pay|odrzucone/,
        retry: async () => {
          await click(el, /Spróbuj ponownie/);
          await typePhone(el, '500 600 700');
          await until(() => session.state.linked, 'linked after retry');
        },
      };
    },
  },
  iziGetOrderComplete: {
    async setup(fail) {
      const cb = flaky(fail, () => ({ action: 'redirect', redirect: '/thank-you' }));
      configure({ iziGetOrderComplete: cb, orderWatch: { interval: 250, maxInterval: 300 } });
      const wrap = await fixture(html`<div><inpost-pay-button basket-linked count="2"></inpost-pay-button><inpost-pay-button basket-linked></inpost-pay-button></div>`);
      const [el, other] = [...wrap.querySelectorAll<InpostPayButton>('inpost-pay-button')];
      const done = collect('inpost-pay-order-complete');
      document.addEventListener('inpost-pay-order-complete', (e) => e.preventDefault(), { once: true });
      return {
        el,
        other,
        drive: async () => {},
        // The watch runs in the background: the shopper keeps the linked basket, nothing is lost.
        shown: /Produkty w koszyku InPost Pay/,
        retry: async () => {
          await until(() => done.events.length === 1, 'the order after the loop went on', 4000);
          done.stop();
        },
      };
    },
  },
  iziBindingDelete: {
    async setup(fail) {
      const cb = flaky(fail, () => undefined);
      configure({ iziBindingDelete: cb });
      session.update({ linked: true, maskedPhoneNumber: '60*****00', count: 2 });
      const wrap = await fixture(html`<div><inpost-pay-basket></inpost-pay-basket><inpost-pay-button></inpost-pay-button></div>`);
      const el = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      return {
        el,
        other: wrap.querySelector<InpostPayButton>('inpost-pay-button')!,
        drive: async () => {
          await click(el, /innym kontem/);
          // The confirmation takes the screen's place.
          await until(() => el.shadowRoot!.querySelector('#title')?.textContent?.includes('Czy na pewno'), 'the rebind confirmation');
          await click(el, /Połącz z innym numerem telefonu/);
        },
        shown: /Nie udało się odłączyć koszyka/,
        retry: async () => {
          await click(el, /Połącz z innym numerem telefonu/);
          await until(() => !session.state.linked, 'unlinked after retry');
        },
      };
    },
  },
  iziMobileLink: {
    async setup(fail) {
      const cb = flaky(fail, () => ({ link: 'inpost://izilink?basket_id=from-shop' }));
      configure({ iziGetPayData: () => ({ qr_code: QR, deep_link: 'inpost://izilink?basket_id=deep' }), iziMobileLink: cb, iziGetIsBound: () => new Promise(() => {}) });
      const wrap = await fixture(html`<div><inpost-pay-basket></inpost-pay-basket><inpost-pay-button></inpost-pay-button></div>`);
      const el = wrap.querySelector<InpostPayBasket>('inpost-pay-basket')!;
      const appLink = () => el.shadowRoot!.querySelector<HTMLAnchorElement>('a[href^="inpost://"]')?.getAttribute('href');
      return {
        el,
        other: wrap.querySelector<InpostPayButton>('inpost-pay-button')!,
        drive: () => click(el, /kodem QR/),
        // The binding's own deep link stands in for the shop's: the shopper can still open the app.
        shown: /Otwórz aplikację InPost Mobile/,
        retry: async () => {
          await until(() => appLink() === 'inpost://izilink?basket_id=deep', 'the fallback link');
          await click(el, /Podaj numer telefonu/);
          await click(el, /kodem QR/);
          await until(() => appLink() === 'inpost://izilink?basket_id=from-shop', "the shop's link after retry");
        },
      };
    },
  },
};

describe('failure matrix', function () {
  this.timeout(10000);
  let logged: string[];
  const original = { error: console.error, warn: console.warn, info: console.info };
  before(() => document.documentElement.removeAttribute('lang'));
  beforeEach(async () => {
    logged = [];
    console.error = console.warn = console.info = (...args: unknown[]) => logged.push(args.map(String).join(' '));
    configure({ callbackTimeout: 150, confirmTimeout: 150 });
  });
  afterEach(async () => {
    Object.assign(console, original);
    for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
    resetWidget();
    await setViewport({ width: 800, height: 600 });
  });

  for (const [name, scenario] of Object.entries(scenarios)) {
    describe(name, () => {
      for (const kind of Object.keys(failures) as Kind[]) {
        const cause = expected[name][kind];
        it(`${kind} → ${cause === 'none' ? 'accepted' : cause}`, async () => {
          if (name === 'iziMobileLink') await setViewport({ width: 360, height: 640 });
          const errors = collect<ErrorDetail>('inpost-pay-error');
          const { el: failing, other, drive, shown: failure, retry, invalid } = await scenario.setup(failures[kind]);
          await drive();
          if (cause === 'none') {
            await aTimeout(350);
            expect(errors.events.filter((e) => e.detail.callback === name), 'no error for an acceptable answer').to.deep.equal([]);
          } else {
            await until(() => errors.events.some((e) => e.detail.callback === name), `an error event for ${name}`, 3000);
            const event = errors.events.find((e) => e.detail.callback === name)!;
            expect(event.detail.reason).to.equal(cause);
            expect(event.detail.message.length, 'a bounded message').to.be.below(600);
            expect(logged.some((line) => line.includes('[inpost-pay]') && line.includes(name)), 'a console line naming the callback').to.equal(true);
            const elsewhere = cause === 'invalid' && invalid && name === 'iziAddToCart';
            const el = elsewhere ? (invalid.el() as typeof failing) : failing;
            const shown = elsewhere ? invalid.shown : failure;
            await el.updateComplete;
            await until(() => shown.test(shadowText(el)), `the visible state ${shown}`);
            if (el !== failing) {
              // A dialog is announced by its name when focus moves into it.
              expect(el.shadowRoot!.querySelector('dialog[open]'), 'an open dialog').to.not.equal(null);
              expect(document.activeElement, 'focus in the dialog').to.equal(el);
            } else if (!/Produkty|Otwórz/.test(String(shown))) expect(spoken(el), 'announced').to.match(shown);
          }
          expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
          expect(shadowText(other), 'the other widget still works').to.match(/InPost Pay/);
          if (cause !== 'none') await retry();
          errors.stop();
        });
      }
    });
  }
});

describe('configuration mistakes', () => {
  afterEach(resetWidget);
  it('ignores a callback that is not a function and says so', async () => {
    const logged: string[] = [];
    const error = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      configure({ iziCanBeBound: 'yes' } as unknown as InpostPayConfig);
      configure(null as unknown as InpostPayConfig);
    } finally {
      console.error = error;
    }
    expect(logged[0]).to.contain('iziCanBeBound must be a function');
    expect(logged[1]).to.contain('configure() takes an object');
  });
});
