// <inpost-pay-basket>: The waiting screen: the shopper confirms in the app. Shared helpers: basket-helpers.ts.
import { expect, aTimeout } from '@open-wc/testing';
import { configure, session } from '../../src/core/page.js';
import '../../src/define.js';
import { callLog, collect, deepActive, modal, shadowText, until } from './helpers.js';
import { $, alertText, basketSuite, bound, buttonByText, inline, modalDialog, openModal, press, statusText, submit, title, type } from './basket-helpers.js';

describe('<inpost-pay-basket>: waiting screen', () => {
  basketSuite();

  for (const [what, isBound, timeout, message] of [
    ['declined (REJECT)', () => Promise.reject({ status: 'REJECT' }), undefined, 'Połączenie zostało odrzucone w aplikacji InPost Mobile.'],
    ['declined (resolved REJECT)', () => Promise.resolve({ status: 'REJECT' }), undefined, 'Połączenie zostało odrzucone w aplikacji InPost Mobile.'],
    ['rejected', () => Promise.reject(new Error('backend')), undefined, 'Nie udało się połączyć z InPost Pay. Spróbuj ponownie.'],
    ['timed out', () => new Promise(() => {}), 50, 'Nie udało się połączyć z InPost Pay. Spróbuj ponownie.'],
  ] as const) {
    it(`shows a retry when iziGetIsBound is ${what}`, async () => {
      const log = callLog();
      let first = true;
      configure({
        confirmTimeout: timeout,
        iziGetPayData: log.record('iziGetPayData', () => []),
        iziGetIsBound: log.record('iziGetIsBound', () => {
          if (!first) return Promise.resolve(bound());
          first = false;
          return isBound();
        }),
      });
      const el = await inline();
      await type(el, '500 600 700');
      await submit(el);
      await until(() => alertText(el) !== '', 'the error');
      expect(title(el)).to.equal('Potwierdź w aplikacji InPost Mobile');
      expect(alertText(el)).to.equal(message);
      expect(session.state.linked).to.be.false;
      press(buttonByText(el, 'Spróbuj ponownie'));
      await el.updateComplete;
      expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
      expect($<HTMLInputElement>(el, '#phone')!.value).to.equal('500 600 700');
      await submit(el);
      await until(() => session.state.linked, 'the binding');
      await el.updateComplete;
      expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
      expect(log.names()).to.deep.equal(['iziGetPayData', 'iziGetIsBound', 'iziGetPayData', 'iziGetIsBound']);
    });
  }

  it('shows a spinner while waiting', async () => {
    configure({ iziGetPayData: () => [], iziGetIsBound: () => new Promise(() => {}) });
    const el = await inline();
    await type(el, '500 600 700');
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    expect($(el, '.screen .spinner')).to.exist;
    expect(shadowText(el)).to.contain('Wysłaliśmy prośbę o połączenie koszyka.');
  });

  it('abandons the wait when the modal closes: a late confirmation reopens nothing', async () => {
    const confirmed = Promise.withResolvers<unknown>();
    configure({ iziGetPayData: () => [], iziGetIsBound: () => confirmed.promise });
    const opened = collect('inpost-pay-open');
    const events = collect('iziModalEventOpen');
    openModal('binding');
    await until(() => modal()?.open, 'the modal');
    const el = modal()!;
    await type(el, '500 600 700');
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    el.close();
    await until(() => !modalDialog(el).open, 'the modal to close');
    confirmed.resolve(bound('50*****00'));
    await until(() => session.state.linked, 'the page to turn linked');
    await aTimeout(20);
    await el.updateComplete;
    expect(modalDialog(el).open).to.be.false;
    expect(el.open).to.be.false;
    expect(opened.events).to.have.length(1);
    expect(events.events).to.have.length(1);
    expect(statusText(el)).to.equal('');
    opened.stop();
    events.stop();
  });

  it('moves nothing in the modal from the phone form through the wait to the bound basket (no layout shift)', async () => {
    const confirmed = Promise.withResolvers<unknown>();
    configure({ iziGetPayData: () => [], iziGetIsBound: () => confirmed.promise });
    const shifts: string[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; sources: { previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] })[])
        shifts.push(`${e.value}: ${e.sources.map((s) => `${s.previousRect.y} -> ${s.currentRect.y}`).join(', ')}`);
    });
    observer.observe({ type: 'layout-shift' });
    const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    openModal('binding');
    await until(() => modal()?.open, 'the modal');
    const el = modal()!;
    await type(el, '500 600 700');
    await frames();
    // The three screens differ in height: what follows their content would move if it were kept.
    const phoneHeight = modalDialog(el).getBoundingClientRect().height;
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    await frames();
    const waitingHeight = modalDialog(el).getBoundingClientRect().height;
    confirmed.resolve(bound('50*****00'));
    await until(() => title(el) === 'Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile', 'the bound basket');
    await frames();
    const basketHeight = modalDialog(el).getBoundingClientRect().height;
    observer.disconnect();
    expect(new Set([phoneHeight, waitingHeight, basketHeight]).size).to.equal(3);
    expect(shifts).to.deep.equal([]);
    el.close();
  });

  it('goes back to the phone form with "Podaj numer telefonu", abandoning the wait', async () => {
    const log = callLog();
    const confirmed = Promise.withResolvers<unknown>();
    configure({ iziGetPayData: log.record('iziGetPayData', () => []), iziGetIsBound: log.record('iziGetIsBound', () => confirmed.promise) });
    const el = await inline();
    await type(el, '500 600 700');
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    const back = buttonByText(el, 'Podaj numer telefonu')!;
    expect(back.getAttribute('part')).to.equal('action');
    press(back);
    await el.updateComplete;
    expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
    expect($<HTMLInputElement>(el, '#phone')!.value).to.equal('500 600 700');
    await until(() => deepActive() === $(el, '.screen h2'), 'focus on the binding heading');
    // A late confirmation still links the page (the app said yes), but this screen no longer waits for it.
    confirmed.resolve(bound());
    await until(() => session.state.linked, 'the page to turn linked');
    await aTimeout(20);
    await el.updateComplete;
    expect(statusText(el)).to.equal('');
    expect(log.names()).to.deep.equal(['iziGetPayData', 'iziGetIsBound']);
  });

  it('abandons the wait when an inline widget leaves the page', async () => {
    const confirmed = Promise.withResolvers<unknown>();
    configure({ iziGetPayData: () => [], iziGetIsBound: () => confirmed.promise });
    const el = await inline();
    await type(el, '500 600 700');
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    el.remove();
    confirmed.resolve(bound());
    await until(() => session.state.linked, 'the page to turn linked');
    await aTimeout(20);
    expect(statusText(el)).to.equal('');
  });

  it('starts again at the phone form, the number kept, when an inline widget waiting is put back', async () => {
    configure({ iziGetPayData: () => [], iziGetIsBound: () => new Promise(() => {}) });
    const el = await inline();
    const parent = el.parentElement!;
    await type(el, '500 600 700');
    await submit(el);
    await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
    el.remove();
    parent.append(el);
    await el.updateComplete;
    expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
    expect($<HTMLInputElement>(el, '#phone')!.value).to.equal('500 600 700');
  });
});
