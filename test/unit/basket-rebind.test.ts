// <inpost-pay-basket>: The seed's second flow: the rebind confirmation and iziBindingDelete. Shared helpers: basket-helpers.ts.
import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { configure, session } from '../../src/core/page.js';
import type { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { callLog, collect, deepActive, modal, until } from './helpers.js';
import { $, basketSuite, bound, describeNode, inline, link, modalDialog, openModal, openRebind, press, rebindCancel, rebindConfirm, rebindScreen, rebindShown, root, statusText, submit, title, type } from './basket-helpers.js';

describe('<inpost-pay-basket>: the seed’s second flow', () => {
  basketSuite();

  it('runs button → masked phone → popup → iziBindingDelete → binding screen → new binding', async () => {
    const log = callLog();
    const unbind = Promise.withResolvers<void>();
    const confirmed = Promise.withResolvers<unknown>();
    configure({
      iziBindingDelete: log.record('iziBindingDelete', () => unbind.promise),
      iziGetPayData: log.record('iziGetPayData', () => Promise.resolve([])),
      iziGetIsBound: log.record('iziGetIsBound', () => confirmed.promise),
    });
    const opened = collect<{ screen: string }>('inpost-pay-open');
    const closed = collect<{ screen: string }>('inpost-pay-close');
    const wrap = await fixture(html`<div>
      <inpost-pay-button variant="buy" basket-linked masked-phone-number="60*****00" count="2"></inpost-pay-button>
    </div>`);
    const button = wrap.querySelector('inpost-pay-button') as InpostPayButton;
    await button.updateComplete;
    // The customer presses "Produkty w koszyku InPost Pay".
    press(root(button).querySelector('button'));
    await until(() => modal()?.open, 'the modal');
    const el = modal()!;
    await el.updateComplete;
    expect(modalDialog(el).open).to.be.true;
    expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
    expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
    expect(opened.events.map((e) => e.detail.screen)).to.deep.equal(['basket']);
    // "Połącz te zakupy z innym kontem" → the popup, nothing called yet.
    await openRebind(el);
    expect(rebindScreen(el).querySelector('h2')!.textContent!.trim()).to.equal(
      'Czy na pewno chcesz powiązać te zakupy z numerem telefonu innym niż 60*****00?',
    );
    expect(log.names()).to.deep.equal([]);
    // "Połącz z innym numerem telefonu", pressed three times: one call.
    press(rebindConfirm(el));
    press(rebindConfirm(el));
    await el.updateComplete;
    press(rebindConfirm(el));
    expect(log.names()).to.deep.equal(['iziBindingDelete']);
    expect(rebindScreen(el).getAttribute('aria-busy')).to.equal('true');
    expect(rebindScreen(el).querySelector('.spinner')).to.exist;
    expect(session.state.linked).to.be.true;
    unbind.resolve();
    await until(() => !rebindShown(el), 'the popup to close');
    await until(() => $(el, '#phone') && deepActive() === $(el, '#phone'), 'focus on the phone field');
    expect(session.state.linked).to.be.false;
    expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
    expect(statusText(el)).to.equal('Koszyk odłączony. Możesz połączyć go z innym numerem telefonu.');
    await button.updateComplete;
    expect(root(button).querySelector('button')!.textContent).to.contain('Kup z InPost Pay');
    expect(closed.events.map((e) => e.detail.screen)).to.deep.equal(['rebind']);
    // The basket's association with the new number.
    await type(el, '500-600-700');
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    expect(log.calls[1]).to.deep.include({ name: 'iziGetPayData' });
    expect(log.calls[1].args.slice(0, 3)).to.deep.equal(['+48', '500600700', 'BASKET_SUMMARY']);
    confirmed.resolve(bound('50*****00'));
    await until(() => $(el, '[part="masked-phone"]')?.textContent?.trim() === '50*****00', 'the new number');
    expect(log.names()).to.deep.equal(['iziBindingDelete', 'iziGetPayData', 'iziGetIsBound']);
    expect(statusText(el)).to.equal('Koszyk połączony z numerem 50*****00.');
    opened.stop();
    closed.stop();
  });

  for (const [how, close, where] of [
    ['Anuluj', (el: InpostPayBasket) => press(rebindCancel(el)), 'inline'],
    ['Escape', async () => sendKeys({ press: 'Escape' }), 'inline'],
    ['Anuluj', (el: InpostPayBasket) => press(rebindCancel(el)), 'modal'],
    ['Escape', async () => sendKeys({ press: 'Escape' }), 'modal'],
    ['a click on the backdrop', async () => sendMouse({ type: 'click', position: [2, 2] }), 'modal'],
  ] as const) {
    it(`${where}: goes back from the confirmation on ${how} without any call, focus back on the rebind action`, async () => {
      const log = callLog();
      configure({ iziBindingDelete: log.record('iziBindingDelete', () => Promise.resolve()) });
      link();
      const el = where === 'modal' ? await openModal('basket') : await inline();
      $<HTMLButtonElement>(el, '#rebind')!.focus();
      // By the keyboard: a user's activation, without which Chromium does not let a modal's Escape be cancelled.
      await sendKeys({ press: 'Enter' });
      await until(() => rebindShown(el), 'the confirmation');
      expect(describeNode(deepActive())).to.equal(describeNode($(el, '#title')));
      expect(root(el).querySelectorAll('dialog').length, 'one dialog at most').to.equal(where === 'modal' ? 1 : 0);
      await close(el);
      await until(() => !rebindShown(el), 'the confirmation to go');
      if (where === 'modal') expect(modalDialog(el).open, 'the modal stays open').to.be.true;
      await until(() => deepActive() === $(el, '#rebind'), 'focus on the rebind action');
      await aTimeout(20);
      expect(log.names()).to.deep.equal([]);
      expect(session.state.linked).to.be.true;
      expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
    });
  }

  it('keeps the binding when iziBindingDelete rejects, and retries', async () => {
    const log = callLog();
    let fail = true;
    configure({
      iziBindingDelete: log.record('iziBindingDelete', () => (fail ? Promise.reject(new Error('backend down')) : Promise.resolve())),
    });
    link();
    const el = await inline();
    await openRebind(el);
    press(rebindConfirm(el));
    await until(() => rebindScreen(el).querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the error');
    expect(rebindScreen(el).querySelector('[role="alert"]')!.textContent!.trim()).to.equal(
      'Nie udało się odłączyć koszyka. Powiązanie zostało zachowane.',
    );
    expect(rebindShown(el)).to.be.true;
    expect(session.state.linked).to.be.true;
    expect(rebindConfirm(el).hasAttribute('aria-disabled')).to.be.false;
    fail = false;
    press(rebindConfirm(el));
    await until(() => !rebindShown(el), 'the popup to close');
    expect(log.names()).to.deep.equal(['iziBindingDelete', 'iziBindingDelete']);
    expect(session.state.linked).to.be.false;
  });

  it('reports an iziBindingDelete timeout the same way, with a retry', async () => {
    const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
    configure({ callbackTimeout: 50, iziBindingDelete: () => new Promise(() => {}) });
    link();
    const el = await inline();
    await openRebind(el);
    press(rebindConfirm(el));
    await until(() => rebindScreen(el).querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the error');
    expect(errors.events.map((e) => [e.detail.callback, e.detail.reason])).to.deep.equal([['iziBindingDelete', 'timeout']]);
    expect(session.state.linked).to.be.true;
    press(rebindCancel(el));
    await until(() => !rebindShown(el), 'the popup to close');
    errors.stop();
  });
});
