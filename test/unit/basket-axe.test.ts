// <inpost-pay-basket>: Every screen through axe, light and dark. Shared helpers: basket-helpers.ts.
import { expect, fixture, html } from '@open-wc/testing';
import { configure } from '../../src/core/page.js';
import type { InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { openScreen } from '../../src/basket/inpost-pay-basket.js';
import { modal, until } from './helpers.js';
import { $, alertText, basketSuite, buttonByText, dataUrl, link, openRebind, press, rebindConfirm, rebindScreen, submit, title, type } from './basket-helpers.js';

describe('<inpost-pay-basket>: accessibility (axe)', () => {
  basketSuite();

  for (const dark of [false, true]) {
    const mode = dark ? 'dark' : 'light';
    // Inline the basket paints no surface of its own (it aligns with the shop's content), so a dark
    // one is audited on a dark page, as a shop sets it.
    const make = async () => {
      const page = await fixture<HTMLElement>(html`<div style="background:${dark ? '#1f1f1f' : '#fff'}"><inpost-pay-basket ?dark=${dark}></inpost-pay-basket></div>`);
      const el = page.querySelector('inpost-pay-basket')!;
      await el.updateComplete;
      return el;
    };

    it(`masked-phone screen and rebind popup (${mode})`, async () => {
      link();
      const el = await make();
      await expect(el).to.be.accessible();
      configure({ iziBindingDelete: () => Promise.reject(new Error('x')) });
      await openRebind(el);
      await expect(el).to.be.accessible();
      press(rebindConfirm(el));
      await until(() => rebindScreen(el).querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the error');
      await expect(el).to.be.accessible();
    });

    it(`binding screen with an error (${mode})`, async () => {
      configure({ iziGetPayData: () => Promise.reject(new Error('x')) });
      const el = await make();
      await expect(el).to.be.accessible();
      await type(el, '12');
      $(el, '#phone')!.dispatchEvent(new Event('blur'));
      await el.updateComplete;
      await expect(el).to.be.accessible();
      await type(el, '600100200');
      await submit(el);
      await until(() => alertText(el) !== '', 'the error');
      await expect(el).to.be.accessible();
    });

    it(`QR and waiting screens (${mode})`, async () => {
      let answer: () => unknown = () => new Promise(() => {});
      configure({ iziGetPayData: (prefix: string) => (prefix ? [] : { qr_code: dataUrl }), iziGetIsBound: () => answer() });
      const el = await make();
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => $(el, 'img[part="qr"]'), 'the QR code');
      await expect(el).to.be.accessible();
      press(buttonByText(el, 'Podaj numer telefonu'));
      await el.updateComplete;
      answer = () => Promise.reject({ status: 'REJECT' });
      await type(el, '600100200');
      await submit(el);
      await until(() => alertText(el) !== '', 'the declined message');
      await expect(el).to.be.accessible();
      answer = () => new Promise(() => {});
      press(buttonByText(el, 'Spróbuj ponownie'));
      await el.updateComplete;
      await submit(el);
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      await expect(el).to.be.accessible();
    });

    it(`modal (${mode})`, async () => {
      link();
      const opener = await fixture(html`<inpost-pay-button ?dark=${dark}></inpost-pay-button>`);
      openScreen('basket', opener as InpostPayButton);
      await until(() => modal()?.open, 'the modal');
      expect(modal()!.dark).to.equal(dark);
      await expect(modal()!).to.be.accessible();
      modal()!.close();
    });
  }
});
