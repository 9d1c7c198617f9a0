// <inpost-pay-basket>: The masked-phone screen: the bound basket. Shared helpers: basket-helpers.ts.
import { expect, html } from '@open-wc/testing';
import { configure, session } from '../../src/core/page.js';
import '../../src/define.js';
import { shadowText, until } from './helpers.js';
import { $, basketSuite, bound, everything, inline, link, openRebind, rebindScreen, statusText, submit, title, type } from './basket-helpers.js';

describe('<inpost-pay-basket>: masked-phone screen', () => {
  basketSuite();

  it('shows the seed heading, the masked number, the count and the rebind action', async () => {
    link('60*****00', 3);
    const el = await inline();
    expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
    expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
    expect(shadowText(el)).to.contain('3 produkty');
    expect($(el, '#rebind')!.textContent!.trim()).to.equal('Połącz te zakupy z innym kontem');
  });

  it('speaks English with language="en"', async () => {
    link('60*****00', 1);
    const el = await inline(html`<inpost-pay-basket language="en"></inpost-pay-basket>`);
    expect(title(el)).to.equal('Your products await you already in the InPost Mobile App');
    expect(shadowText(el)).to.contain('1 product');
    expect($(el, '#rebind')!.textContent!.trim()).to.equal('Connect these purchases with another account');
  });

  it('masks a full number wherever it comes from: it never reaches the shadow DOM', async () => {
    link('+48600100200');
    const el = await inline();
    expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
    expect(everything(el)).not.to.contain('600100200');
    await openRebind(el);
    expect(rebindScreen(el).textContent).to.contain('60*****00');
    expect(everything(el)).not.to.contain('600100200');
  });

  it('masks a full number resolved by iziGetIsBound after binding', async () => {
    configure({
      iziGetPayData: () => Promise.resolve([]),
      iziGetIsBound: () => Promise.resolve(bound('+48600100200')),
    });
    const el = await inline();
    await type(el, '600 100 200');
    await submit(el);
    await until(() => session.state.linked && $(el, '[part="masked-phone"]'), 'the masked-phone screen');
    await el.updateComplete;
    expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
    expect(statusText(el)).to.equal('Koszyk połączony z numerem 60*****00.');
    expect(everything(el)).not.to.contain('600100200');
    expect(everything(el)).not.to.contain('+48600100200');
  });
});
