// <inpost-izi-button> and the globals of InPost's first widget, as the script-tag bundle brings them:
// one test per attribute of the first generation and per `variation` token of the second.
import { expect, fixture, html } from '@open-wc/testing';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import '../../src/define.js';
import '../../src/compat/first-widget.js';
import type { InpostIziButton } from '../../src/compat/inpost-izi-button.js';
import { configure, session } from '../../src/core/page.js';
import { callLog, collect, modal, resetWidget, until } from './helpers.js';

const iziGetBrowserData = window.iziGetBrowserData!;
const button = (el: Element) => el.shadowRoot!.querySelector('button')!;
const label = (el: Element) => button(el).textContent!.replace(/\s+/g, ' ').trim();
const style = (el: Element) => getComputedStyle(button(el));
const YELLOW = 'rgb(255, 205, 0)';
const BLACK = 'rgb(26, 26, 26)';

/** `<inpost-izi-button>` with the attributes as a shop's template writes them (names with underscores). */
async function izi(attributes: string): Promise<InpostIziButton> {
  const el = await fixture<InpostIziButton>(staticHtml`<inpost-izi-button ${unsafeStatic(attributes)}></inpost-izi-button>`);
  await el.updateComplete;
  return el;
}

describe('<inpost-izi-button> (the first InPost widget\'s markup)', () => {
  beforeEach(() => {
    window.iziGetBrowserData = iziGetBrowserData;
  });
  afterEach(() => {
    // Unlinked through the state, so the next test's binding is told again (izi-binding-complete).
    session.update({ linked: false });
    resetWidget();
  });

  it('is our button, upgraded in place: same tag, same shadow button', async () => {
    const el = await izi('binding_place="PRODUCT_CARD" variant="primary" language="pl"');
    expect(el.localName).to.equal('inpost-izi-button');
    expect(el).to.be.instanceOf(customElements.get('inpost-pay-button')!);
    expect(label(el)).to.equal('Utwórz koszyk z InPost Pay');
    await expect(el).to.be.accessible();
  });

  describe('first generation attributes (CONTRACT §2)', () => {
    it('binding_place: sent with the binding and given to the modal', async () => {
      const el = await izi('binding_place="BASKET_POPUP"');
      expect(el.bindingPlace).to.equal('BASKET_POPUP');
      configure({ iziCanBeBound: () => true, iziAddToCart: () => undefined, iziGetIsBound: () => new Promise(() => {}) });
      button(el).click();
      await until(() => modal()?.open, 'the binding screen');
      expect(modal()!.bindingPlace, 'the modal basket takes the button\'s place').to.equal('BASKET_POPUP');
    });

    it('variant="primary": InPost yellow', async () => {
      const el = await izi('variant="primary"');
      expect(el.scheme).to.equal('yellow');
      expect(style(el).backgroundColor).to.equal(YELLOW);
    });

    it('variant="secondary": black, the shop\'s attributes kept as written', async () => {
      const el = await izi('variant="secondary" basket="true"');
      expect(el.scheme).to.equal('black');
      expect(style(el).backgroundColor).to.equal(BLACK);
      expect(el.getAttribute('variant'), 'not rewritten to create/buy').to.equal('secondary');
      expect(el.getAttributeNames().sort()).to.deep.equal(['basket', 'variant']);
      expect(document.querySelector('inpost-izi-button[variant="secondary"]'), "the shop's selector still matches").to.equal(el);
    });

    it('adds no attribute for any first-widget attribute or variation token', async () => {
      const attributes = 'variant="primary" basket="true" dark_mode="true" frame_style="round" binding_place="BASKET_SUMMARY"';
      const el = await izi(attributes);
      const second = await izi('variation="size-lg dark round"');
      expect(el.getAttributeNames().sort()).to.deep.equal(['basket', 'binding_place', 'dark_mode', 'frame_style', 'variant']);
      expect(second.getAttributeNames()).to.deep.equal(['variation']);
      expect(style(second).borderRadius, 'round, through a custom state').to.equal('999px');
      expect(second.getBoundingClientRect().height, 'size-lg').to.equal(56);
      expect(style(second).backgroundColor, 'black in dark mode').to.equal('rgb(242, 242, 242)');
    });

    it('variant does not make a basket button: it is the colour, not create/buy', async () => {
      const el = await izi('variant="secondary"');
      expect(el.variant).to.equal(undefined);
      expect(label(el)).to.equal('Utwórz koszyk z InPost Pay');
    });

    it('language="en"', async () => {
      const el = await izi('language="en"');
      expect(label(el)).to.equal('Create a basket with InPost Pay');
    });

    it('basket="true": the basket page\'s "Kup z InPost Pay"', async () => {
      const el = await izi('basket="true"');
      expect(label(el)).to.equal('Kup z InPost Pay');
      el.setAttribute('basket', 'false');
      await el.updateComplete;
      expect(label(el)).to.equal('Utwórz koszyk z InPost Pay');
    });

    it('dark_mode="true": dark mode; "false" is not', async () => {
      const el = await izi('dark_mode="true" variant="secondary"');
      expect(el.dark).to.equal(true);
      expect(el.hasAttribute('dark'), 'the mapping is internal').to.equal(false);
      expect(style(el).backgroundColor, 'black scheme in dark mode').to.equal('rgb(242, 242, 242)');
      el.setAttribute('dark_mode', 'false');
      await el.updateComplete;
      expect(el.dark).to.equal(false);
    });

    it('data-product-id: the product the press checks and adds', async () => {
      const log = callLog();
      configure({ iziCanBeBound: log.record('iziCanBeBound', () => true), iziAddToCart: log.record('iziAddToCart', () => undefined) });
      const el = await izi('data-product-id="42"');
      expect(el.productId).to.equal('42');
      button(el).click();
      await until(() => log.calls.length === 2, 'both callbacks');
      expect(log.calls).to.deep.equal([{ name: 'iziCanBeBound', args: ['42'] }, { name: 'iziAddToCart', args: ['42'] }]);
    });

    it('masked_phone_number: the page loads linked, without basket-linked', async () => {
      const el = await izi('masked_phone_number="600*****00"');
      expect(session.state).to.include({ linked: true, maskedPhoneNumber: '600*****00' });
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay');
    });

    it('count: the bound basket\'s item count, and the shop setting it later', async () => {
      const el = await izi('masked_phone_number="60*****00" count="3"');
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay 3');
      el.setAttribute('count', '4');
      await el.updateComplete;
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay 4');
    });

    it('inpost-update-count sent to the element (not bubbling, as shops send it)', async () => {
      const el = await izi('masked_phone_number="60*****00"');
      el.dispatchEvent(new CustomEvent('inpost-update-count', { detail: 7 }));
      await el.updateComplete;
      expect(label(el)).to.equal('Produkty w koszyku InPost Pay 7');
    });

    it('frame_style="rounded" and "round"', async () => {
      const el = await izi('frame_style="round"');
      expect(el.shape).to.equal('round');
      expect(style(el).borderRadius).to.equal('999px');
      el.setAttribute('frame_style', 'rounded');
      await el.updateComplete;
      expect(style(el).borderRadius).to.equal('8px');
    });

    it('max_width: pixels within 220-1200, never wider than the container', async () => {
      const el = await izi('max_width="300" style="width: 2000px"');
      expect(el.getBoundingClientRect().width).to.equal(300);
      el.setAttribute('max_width', '5000');
      expect(getComputedStyle(el).maxWidth).to.equal('min(100%, 1200px)');
      el.setAttribute('max_width', '100');
      expect(el.getBoundingClientRect().width, 'clamped to 220').to.equal(220);
      el.removeAttribute('max_width');
      expect(getComputedStyle(el).maxWidth).to.equal('100%');
    });

    it('min_height: pixels within 48-64', async () => {
      const el = await izi('min_height="60"');
      expect(style(el).minHeight).to.equal('60px');
      el.setAttribute('min_height', '10');
      expect(style(el).minHeight).to.equal('48px');
      el.setAttribute('min_height', '100');
      expect(style(el).minHeight).to.equal('64px');
      el.setAttribute('min_height', 'tall');
      expect(style(el).minHeight, 'not a number: the default').to.equal('48px');
    });
  });

  describe('second generation variation tokens (INPOST-API §7)', () => {
    for (const [token, height] of [['size-xs', 32], ['size-sm', 40], ['size-md', 48], ['size-lg', 56], ['size-xl', 64]] as const) {
      it(`${token}`, async () => {
        const el = await izi(`variation="${token} primary"`);
        expect(el.size).to.equal(token.slice(5));
        expect(style(el).minHeight).to.equal(`${height}px`);
      });
    }

    it('primary: yellow; a variation without it: black, as the second widget writes it', async () => {
      const el = await izi('variation="primary"');
      expect(style(el).backgroundColor).to.equal(YELLOW);
      el.setAttribute('variation', 'size-md');
      await el.updateComplete;
      expect(style(el).backgroundColor).to.equal(BLACK);
    });

    it('dark', async () => {
      const el = await izi('variation="dark primary"');
      expect(el.dark).to.equal(true);
      el.setAttribute('variation', 'primary');
      await el.updateComplete;
      expect(el.dark, 'a token left out means the default').to.equal(false);
    });

    for (const [token, shape, radius] of [['none', 'square', '0px'], ['round', 'round', '999px'], ['rounded', 'rounded', '8px']] as const) {
      it(`frame ${token}`, async () => {
        const el = await izi(`variation="${token} primary size-md"`);
        expect(el.shape).to.equal(shape);
        expect(style(el).borderRadius).to.equal(radius);
      });
    }

    it('ignores tokens it does not know, and prototype names', async () => {
      const el = await izi('variation="primary constructor size-huge toString"');
      expect(el.size).to.equal(undefined);
      expect(el.shape).to.equal(undefined);
      expect(style(el).backgroundColor).to.equal(YELLOW);
    });
  });
});

describe('the first widget\'s globals', () => {
  beforeEach(() => (window.iziGetBrowserData = iziGetBrowserData));
  afterEach(() => {
    session.update({ linked: false });
    resetWidget();
  });

  it('window.iziGetBrowserData: synchronous; {base64: true} gives Base64 of the JSON', () => {
    const plain = iziGetBrowserData({ base64: false }) as Record<string, string>;
    expect(plain.user_agent).to.equal(navigator.userAgent);
    expect(Object.keys(plain)).to.deep.equal(['user_agent', 'description', 'platform', 'architecture']);
    const encoded = iziGetBrowserData({ base64: true });
    expect(encoded).to.be.a('string');
    expect(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(encoded as string), (c) => c.charCodeAt(0))))).to.deep.equal(plain);
    expect(iziGetBrowserData(), 'no argument: the object').to.deep.equal(plain);
  });

  it('izi-binding-complete on every button after a binding and after an unbinding', async () => {
    const wrap = await fixture(html`<div>
      <inpost-izi-button data-product-id="1"></inpost-izi-button>
      <inpost-izi-button basket="true"></inpost-izi-button>
      <inpost-pay-button></inpost-pay-button>
    </div>`);
    const seen: [string, unknown][] = [];
    for (const el of wrap.children) el.addEventListener('izi-binding-complete', (e) => seen.push([el.localName, (e as CustomEvent).detail]));
    session.update({ linked: true, maskedPhoneNumber: '600100200' });
    await until(() => seen.length === 3, 'one event per button');
    expect(seen.map(([, detail]) => detail)).to.deep.equal(Array(3).fill({ masked_phone_number: '60*****00', basket_linked: true }));
    session.update({ count: 2 });
    await new Promise((r) => setTimeout(r));
    expect(seen.length, 'a count change is not a binding').to.equal(3);
    seen.length = 0;
    session.update({ linked: false });
    await until(() => seen.length === 3, 'one event per button');
    expect(seen[0][1]).to.deep.equal({ basket_linked: false, basketLinked: false });
    expect(session.state.linked).to.equal(false);
  });

  it('izi-binding-complete at load when the page starts linked', async () => {
    const events = collect('izi-binding-complete');
    // Events do not bubble (as the first widget's did not): collect on the element.
    const wrap = document.createElement('div');
    wrap.innerHTML = '<inpost-izi-button masked_phone_number="60*****00" count="2"></inpost-izi-button>';
    const seen: unknown[] = [];
    wrap.firstElementChild!.addEventListener('izi-binding-complete', (e) => seen.push((e as CustomEvent).detail));
    document.body.append(wrap);
    await until(() => seen.length === 1, 'the event at load');
    expect(seen[0]).to.deep.equal({ masked_phone_number: '60*****00', basket_linked: true });
    expect(events.events.length, 'not bubbling to document').to.equal(0);
    events.stop();
    wrap.remove();
  });

  it('window.handleInpostIziButtons re-reads every button the shop rendered', async () => {
    const wrap = await fixture(html`<div><inpost-izi-button masked_phone_number="60*****00" count="5"></inpost-izi-button></div>`);
    const el = wrap.firstElementChild as InpostIziButton;
    resetWidget();
    await el.updateComplete;
    expect(label(el)).to.equal('Utwórz koszyk z InPost Pay');
    window.handleInpostIziButtons!();
    await el.updateComplete;
    expect(session.state).to.include({ linked: true, count: 5 });
    expect(label(el)).to.equal('Produkty w koszyku InPost Pay 5');
  });
});
