// <inpost-pay-basket> and the basket's button in the states of issue 20: one dialog, quiet focus,
// no visible announcements, no stale words, and an empty basket that offers nothing to buy.
// Shared helpers: basket-helpers.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { configure, session } from '../../src/core/page.js';
import type { InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { deepActive, shadowText, until } from './helpers.js';
import { $, basketSuite, bound, inline, link, openModal, rebindCancel, rebindConfirm, rebindShown, root, statusText, submit, title, type } from './basket-helpers.js';

const visible = (node: Element) => {
  const box = node.getBoundingClientRect();
  return box.width > 1 && box.height > 1;
};

describe('<inpost-pay-basket>: one dialog, quiet focus, no stale words', () => {
  basketSuite();

  it('shows the rebind confirmation in the modal\'s one dialog, with two actions of the same size', async () => {
    link();
    const el = await openModal('basket');
    $<HTMLButtonElement>(el, '#rebind')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => rebindShown(el), 'the confirmation');
    expect(root(el).querySelectorAll('dialog').length).to.equal(1);
    expect(document.querySelectorAll('inpost-pay-basket').length).to.equal(1);
    expect(title(el)).to.equal('Czy na pewno chcesz powiązać te zakupy z numerem telefonu innym niż 60*****00?');
    const [confirm, cancel] = [rebindConfirm(el).getBoundingClientRect(), rebindCancel(el).getBoundingClientRect()];
    expect(cancel.height).to.equal(confirm.height);
    // Side by side in a 28rem dialog, each half of the row.
    expect(cancel.width).to.equal(confirm.width);
    expect(cancel.top).to.equal(confirm.top);
  });

  it('focuses the next screen\'s heading after Enter without a ring; a control reached by Tab has one', async () => {
    configure({ iziGetPayData: () => [], iziGetIsBound: () => new Promise(() => {}) });
    const el = await inline();
    await type(el, '600100200');
    $(el, '#phone')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    await until(() => deepActive() === $(el, '#title'), 'focus on the heading');
    expect(getComputedStyle($(el, '#title')!).outlineStyle, 'no ring round the heading').to.equal('none');
    await sendKeys({ press: 'Tab' });
    const control = deepActive() as HTMLElement;
    expect(control.localName).to.equal('button');
    const ring = getComputedStyle(control);
    expect(ring.outlineStyle).to.equal('solid');
    expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
  });

  it('says "connected with …" to screen readers only: the status is not visible text', async () => {
    configure({ iziGetPayData: () => [], iziGetIsBound: () => Promise.resolve(bound('60*****00')) });
    const el = await inline();
    await type(el, '600100200');
    await submit(el);
    await until(() => session.state.linked, 'the binding');
    await el.updateComplete;
    expect(statusText(el)).to.equal('Koszyk połączony z numerem 60*****00.');
    const status = $(el, '[role="status"]')!;
    expect(visible(status), 'not shown on screen').to.be.false;
    // The number shows once, in the screen itself.
    expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
  });

  it('says what happened when the basket is unbound in the app while the masked phone shows, and offers to start again', async () => {
    configure({ iziGetPayData: () => [], iziGetIsBound: () => Promise.resolve(bound('60*****00')) });
    const el = await openModal('binding');
    await type(el, '600100200');
    await submit(el);
    await until(() => $(el, '[part="masked-phone"]'), 'the masked phone');
    // The shopper removes the basket in the app: the shop tells the page (as izi-binding-complete does).
    session.update({ linked: false }, undefined, 'tab');
    await until(() => title(el) === 'Połącz koszyk z aplikacją InPost Mobile', 'the binding screen');
    const text = shadowText(el);
    expect(text).not.to.contain('Koszyk połączony z numerem');
    expect($(el, '[part="notice"]')!.textContent!.trim()).to.equal('Koszyk nie jest już połączony z aplikacją InPost Mobile. Możesz połączyć go ponownie.');
    expect(statusText(el)).to.equal('Koszyk nie jest już połączony z aplikacją InPost Mobile. Możesz połączyć go ponownie.');
    expect($(el, '#phone'), 'the phone form, to start again').to.exist;
  });

  it('an empty inline basket offers no phone form, and says so', async () => {
    session.update({ count: 0 });
    const el = await inline();
    expect(title(el)).to.equal('Twój koszyk jest pusty');
    expect($(el, '#phone')).to.equal(null);
    expect(root(el).querySelector('button')).to.equal(null);
    session.update({ count: 2 });
    await el.updateComplete;
    expect($(el, '#phone'), 'a product added: the form').to.exist;
  });

  it('the basket\'s button with count="0" offers nothing to buy, in the same box', async () => {
    const wrap = await fixture<HTMLElement>(html`<div style="width:300px"><inpost-pay-button variant="buy"></inpost-pay-button></div>`);
    const el = wrap.querySelector<InpostPayButton>('inpost-pay-button')!;
    await el.updateComplete;
    const before = el.getBoundingClientRect();
    el.setAttribute('count', '0');
    await el.updateComplete;
    expect(root(el).querySelector('button')).to.equal(null);
    expect(root(el).querySelector('[part="empty"]')!.textContent!.trim()).to.equal('Koszyk jest pusty');
    expect(shadowText(el)).not.to.contain('Kup z InPost Pay');
    const after = el.getBoundingClientRect();
    expect([after.width, after.height]).to.deep.equal([before.width, before.height]);
    await expect(el).to.be.accessible();
  });
});
