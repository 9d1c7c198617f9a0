import { expect, fixture, html } from '@open-wc/testing';
import { InpostPayBasket } from '../../src/basket/inpost-pay-basket.js';
import { InpostPayButton } from '../../src/button/inpost-pay-button.js';
import { session } from '../../src/core/page.js';
import { define } from '../../src/ui/widget-element.js';
import { resetWidget } from './helpers.js';

define('inpost-pay-button', InpostPayButton);
define('inpost-pay-basket', InpostPayBasket);

// The layout rules of issue 20, in this machine's default font (DejaVu Sans, wider than the system
// fonts shops' visitors have, so what fits here fits there): never wider than the container, one
// line from 240 px, two at most from 180 px, and the same box before and after linking and while
// the count changes.
const WIDTHS = [180, 240, 320];
const LANGS = ['pl', 'en'];
const VARIANTS = ['create', 'buy'];

interface Box {
  width: number;
  height: number;
  lines: number;
}

function measure(el: InpostPayButton): Box {
  const host = el.getBoundingClientRect();
  const label = el.shadowRoot!.querySelector<HTMLElement>('[part="label"]')!;
  const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
  // The text's own height: the label's box fills the button's height whatever its number of lines.
  const text = document.createRange();
  text.selectNodeContents(label);
  return { width: host.width, height: host.height, lines: Math.round(text.getBoundingClientRect().height / lineHeight) };
}

async function buttons(width: number) {
  const wrap = await fixture<HTMLElement>(html`<div style="width:${width}px">
    ${LANGS.flatMap((lang) => VARIANTS.map((variant) => html`<div><inpost-pay-button language=${lang} variant=${variant}></inpost-pay-button></div>`))}
  </div>`);
  const els = [...wrap.querySelectorAll('inpost-pay-button')];
  await Promise.all(els.map((el) => el.updateComplete));
  return els;
}

const settle = async (els: InpostPayButton[]) => {
  await Promise.all(els.map((el) => el.updateComplete));
  await new Promise(requestAnimationFrame);
};
const labelSize = (el: InpostPayButton) => getComputedStyle(el.shadowRoot!.querySelector('[part="label"]')!).fontSize;

describe('<inpost-pay-button> geometry', () => {
  afterEach(resetWidget);

  for (const width of WIDTHS) {
    it(`at ${width} px: inside its container, ${width >= 240 ? 'one line' : 'two lines at most'}, the same box linked and as the count changes`, async () => {
      const els = await buttons(width);
      await settle(els);
      const maxLines = width >= 240 ? 1 : 2;
      const before = els.map(measure);
      const states: [string, Box[]][] = [['unlinked', before]];
      for (const count of [1, 7, 23]) {
        session.update({ linked: true, count });
        await settle(els);
        states.push([`linked, count ${count}`, els.map(measure)]);
      }
      for (const [state, boxes] of states) {
        boxes.forEach((box, i) => {
          const name = `${els[i].language} ${els[i].variant} ${state}`;
          expect(box.width, `${name}: width`).to.be.at.most(width);
          expect(box.lines, `${name}: lines`).to.be.within(1, maxLines);
          expect(box.width, `${name}: same width as unlinked`).to.equal(before[i].width);
          expect(box.height, `${name}: same height as unlinked`).to.equal(before[i].height);
        });
      }
      // One height for all: 48 px by default.
      for (const box of before) expect(box.height).to.equal(48);
    });
  }

  it('sizes its label by its own width, and follows a width that changes', async () => {
    const wrap = await fixture<HTMLElement>(html`<div style="width:320px"><inpost-pay-button></inpost-pay-button></div>`);
    const el = wrap.querySelector('inpost-pay-button')!;
    await settle([el]);
    expect(labelSize(el)).to.equal('15px');
    wrap.style.width = '240px';
    await settle([el]);
    expect(labelSize(el)).to.equal('12.5px');
    wrap.style.width = '299px';
    await settle([el]);
    expect(labelSize(el), 'narrow below 300 px').to.equal('12.5px');
    wrap.style.width = '300px';
    await settle([el]);
    expect(labelSize(el)).to.equal('15px');
  });

  it('keeps its narrow label when the basket empties and fills again', async () => {
    const wrap = await fixture<HTMLElement>(html`<div style="width:200px"><inpost-pay-button variant="buy" count="2"></inpost-pay-button></div>`);
    const el = wrap.querySelector('inpost-pay-button')!;
    await settle([el]);
    expect(labelSize(el)).to.equal('12.5px');
    el.count = 0;
    await settle([el]);
    expect(el.shadowRoot!.querySelector('button'), 'empty basket: no button').to.equal(null);
    el.count = 3;
    await settle([el]);
    expect(labelSize(el)).to.equal('12.5px');
  });

  it('is never wider than a container narrower than its width, and fills it with fill', async () => {
    const wrap = await fixture<HTMLElement>(html`<div style="width:150px;padding:10px;border:5px solid">
      <inpost-pay-button></inpost-pay-button><inpost-pay-button fill></inpost-pay-button>
    </div>`);
    const [a, b] = wrap.querySelectorAll('inpost-pay-button');
    expect(a.getBoundingClientRect().width).to.equal(150);
    expect(b.getBoundingClientRect().width).to.equal(150);
    const wide = await fixture<HTMLElement>(html`<div style="width:900px"><inpost-pay-button></inpost-pay-button><inpost-pay-button fill></inpost-pay-button></div>`);
    const [c, d] = wide.querySelectorAll('inpost-pay-button');
    expect(c.getBoundingClientRect().width).to.equal(360);
    expect(d.getBoundingClientRect().width).to.equal(900);
  });

  it('takes the height, radius and width the shop sets through custom properties', async () => {
    const wrap = await fixture<HTMLElement>(html`<div style="width:400px;--inpost-pay-button-height:44px;--inpost-pay-button-radius:3px;--inpost-pay-button-width:215px">
      <inpost-pay-button></inpost-pay-button>
    </div>`);
    const el = wrap.querySelector('inpost-pay-button')!;
    await settle([el]);
    const button = el.shadowRoot!.querySelector('button')!;
    expect(el.getBoundingClientRect().height).to.equal(44);
    expect(el.getBoundingClientRect().width).to.equal(215);
    expect(getComputedStyle(button).borderTopLeftRadius).to.equal('3px');
  });
});
