// <inpost-pay-basket>: Both flows with the keyboard only. Shared helpers: basket-helpers.ts.
import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, session } from '../../src/core/page.js';
import type { InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { callLog, deepActive, modal, until } from './helpers.js';
import { $, basketSuite, bound, describeNode, link, rebindConfirm, rebindScreen, rebindShown, root, title } from './basket-helpers.js';

describe('<inpost-pay-basket>: keyboard only', () => {
  basketSuite();

  it('runs the rebind flow with Tab, Enter and Escape', async () => {
    const log = callLog();
    configure({ iziBindingDelete: log.record('iziBindingDelete', () => Promise.resolve()) });
    link();
    const wrap = await fixture(html`<div><button id="before">before</button><inpost-pay-basket></inpost-pay-basket></div>`);
    const el = wrap.querySelector('inpost-pay-basket')!;
    await el.updateComplete;
    wrap.querySelector<HTMLButtonElement>('#before')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(describeNode(deepActive())).to.equal(describeNode($(el, '#rebind')));
    await sendKeys({ press: 'Enter' });
    await until(() => rebindShown(el), 'the popup');
    expect(describeNode(deepActive())).to.equal(describeNode(rebindScreen(el).querySelector('h2')));
    await sendKeys({ press: 'Escape' });
    await until(() => deepActive() === $(el, '#rebind'), 'focus back on the rebind action');
    expect(log.names()).to.deep.equal([]);
    await sendKeys({ press: 'Enter' });
    await until(() => rebindShown(el), 'the popup');
    await sendKeys({ press: 'Tab' });
    expect(describeNode(deepActive())).to.equal(describeNode(rebindConfirm(el)));
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive() === $(el, '#phone'), 'focus on the phone field');
    expect(log.names()).to.deep.equal(['iziBindingDelete']);
  });

  it('keeps focus in an inline basket when the app confirms, and leaves it alone when the shopper moved on', async () => {
    let confirm = Promise.withResolvers<unknown>();
    configure({ iziGetPayData: () => [], iziGetIsBound: () => confirm.promise });
    const wrap = await fixture(html`<div><inpost-pay-basket></inpost-pay-basket><button id="after">after</button></div>`);
    const el = wrap.querySelector('inpost-pay-basket')!;
    await el.updateComplete;
    $(el, '#phone')!.focus();
    await sendKeys({ type: '500600700' });
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive() === $(el, '.screen h2') && title(el) === 'Potwierdź w aplikacji InPost Mobile', 'focus on the waiting heading');
    confirm.resolve(bound());
    await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
    await until(() => deepActive() === $(el, '.screen h2'), 'focus on the masked-phone heading');
    expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
    // Unbound elsewhere while the shopper is on another control: focus stays there.
    session.update({ linked: false });
    confirm = Promise.withResolvers<unknown>();
    await el.updateComplete;
    $(el, '#phone')!.focus();
    await sendKeys({ type: '500600701' });
    await sendKeys({ press: 'Enter' });
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    wrap.querySelector<HTMLButtonElement>('#after')!.focus();
    confirm.resolve(bound());
    await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
    await aTimeout(20);
    expect(describeNode(deepActive())).to.equal(describeNode(wrap.querySelector('#after')));
  });

  it('runs the binding flow from a button to the masked phone with the keyboard', async () => {
    const confirmed = Promise.withResolvers<unknown>();
    const log = callLog();
    configure({
      iziCanBeBound: () => true,
      iziAddToCart: () => undefined,
      iziGetPayData: log.record('iziGetPayData', () => []),
      iziGetIsBound: () => confirmed.promise,
    });
    const button = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
    const inner = root(button).querySelector('button')!;
    inner.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => modal()?.open, 'the modal');
    const el = modal()!;
    await until(() => deepActive() === $(el, '.screen h2'), 'focus on the heading');
    await sendKeys({ press: 'Tab' });
    expect(describeNode(deepActive())).to.equal(describeNode($(el, '#prefix')));
    await sendKeys({ press: 'Tab' });
    expect(describeNode(deepActive())).to.equal(describeNode($(el, '#phone')));
    await sendKeys({ type: '500 600 700' });
    await sendKeys({ press: 'Enter' });
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    await until(() => deepActive() === $(el, '.screen h2'), 'focus on the waiting heading');
    expect(log.calls[0].args.slice(0, 2)).to.deep.equal(['+48', '500600700']);
    confirmed.resolve(bound());
    await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
    await until(() => deepActive() === $(el, '.screen h2'), 'focus on the masked-phone heading');
    await sendKeys({ press: 'Escape' });
    await until(() => !el.open, 'the modal to close');
    expect(describeNode(deepActive())).to.equal(describeNode(inner));
  });
});
