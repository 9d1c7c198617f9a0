import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { InpostPayButton } from '../../src/button/inpost-pay-button.js';
import { configure, session } from '../../src/core/page.js';
import type { CallbackError } from '../../src/core/callbacks.js';
import { Configuration } from '../../src/core/config.js';
import { nextDelay, OrderWatch, readOutcome } from '../../src/core/order-watch.js';
import { define } from '../../src/ui/widget-element.js';
import { callLog, collect, resetWidget, until, waitForClients, ws } from './helpers.js';

define('inpost-pay-button', InpostPayButton);

const quiet = () => {
  const original = [console.error, console.warn];
  console.error = console.warn = () => {};
  return () => ([console.error, console.warn] = original);
};

/** Answers `{}` (nothing yet) until `answer` is set. */
function orderBackend() {
  const log = callLog();
  let answer: unknown = {};
  return {
    log,
    set: (value: unknown) => (answer = value),
    callback: log.record('iziGetOrderComplete', () => Promise.resolve(answer)),
  };
}

describe('order watch', () => {
  let restore: () => void;
  beforeEach(() => (restore = quiet()));
  afterEach(() => {
    resetWidget();
    restore();
  });

  it('does nothing while the basket is not linked: no call at load', async () => {
    const backend = orderBackend();
    configure({ iziGetOrderComplete: backend.callback, orderWatch: { interval: 250 } });
    await fixture(html`<div><inpost-pay-button></inpost-pay-button><inpost-pay-button></inpost-pay-button></div>`);
    await aTimeout(400);
    expect(backend.log.calls.length).to.equal(0);
  });

  it('loops with one watcher per page and redirects through a cancelable event', async () => {
    const backend = orderBackend();
    configure({ iziGetOrderComplete: backend.callback, orderWatch: { interval: 250 } });
    await fixture(html`<div>
      <inpost-pay-button basket-linked count="2"></inpost-pay-button>
      <inpost-pay-button basket-linked count="2"></inpost-pay-button>
      <inpost-pay-button basket-linked count="2"></inpost-pay-button>
    </div>`);
    await until(() => backend.log.calls.length >= 2, 'two loops');
    const callsAfterTwo = backend.log.calls.length;
    expect(callsAfterTwo).to.be.at.most(3);
    const complete = collect<{ action: string; url: string }>('inpost-pay-order-complete');
    const prevent = (e: Event) => e.preventDefault();
    document.addEventListener('inpost-pay-order-complete', prevent);
    backend.set({ action: 'redirect', redirect: '/thank-you?order=1' });
    await until(() => complete.events.length === 1, 'order complete');
    expect(complete.events[0].detail).to.deep.equal({ action: 'redirect', url: `${location.origin}/thank-you?order=1` });
    expect(complete.events[0].cancelable).to.equal(true);
    expect(location.pathname).not.to.equal('/thank-you');
    const calls = backend.log.calls.length;
    await aTimeout(600);
    expect(backend.log.calls.length, 'the watch stops after the order').to.equal(calls);
    expect(session.state.linked).to.equal(false);
    document.removeEventListener('inpost-pay-order-complete', prevent);
    complete.stop();
  });

  it('waits for a long-lived callback without calling it again', async () => {
    const gate = Promise.withResolvers<unknown>();
    const log = callLog();
    configure({ iziGetOrderComplete: log.record('iziGetOrderComplete', () => gate.promise), orderWatch: { interval: 250 } });
    const refresh = collect('inpost-pay-refresh');
    const prevent = (e: Event) => e.preventDefault();
    document.addEventListener('inpost-pay-refresh', prevent);
    await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
    await aTimeout(700);
    expect(log.calls.length).to.equal(1);
    gate.resolve({ action: 'refresh' });
    await until(() => refresh.events.length === 1, 'the refresh event');
    expect(refresh.events[0].cancelable).to.equal(true);
    document.removeEventListener('inpost-pay-refresh', prevent);
    refresh.stop();
  });

  describe('a callback that never settles (a shop that closed its stream)', () => {
    const refreshes = () => {
      const refresh = collect('inpost-pay-refresh');
      const prevent = (e: Event) => e.preventDefault();
      document.addEventListener('inpost-pay-refresh', prevent);
      return { refresh, stop: () => (document.removeEventListener('inpost-pay-refresh', prevent), refresh.stop()) };
    };

    it('calls again after maxWait, one call at a time from one watcher, and takes the new answer', async () => {
      const calls: PromiseWithResolvers<unknown>[] = [];
      configure({
        iziGetOrderComplete: () => (calls.push(Promise.withResolvers<unknown>()), calls.at(-1)!.promise),
        orderWatch: { interval: 250, maxWait: 1000 },
      });
      const events = refreshes();
      await fixture(html`<div><inpost-pay-button basket-linked></inpost-pay-button><inpost-pay-button basket-linked></inpost-pay-button></div>`);
      await until(() => calls.length === 1, 'the first call');
      await aTimeout(900);
      expect(calls.length, 'still waiting within maxWait').to.equal(1);
      await until(() => calls.length === 2, 'a second call after maxWait + interval', 2000);
      await aTimeout(600);
      expect(calls.length, 'the second call is waited for in turn').to.equal(2);
      calls[1].resolve({ action: 'refresh' });
      await until(() => events.refresh.events.length === 1, 'the refresh');
      events.stop();
    });

    it('still follows the order when the abandoned call settles late', async () => {
      const calls: PromiseWithResolvers<unknown>[] = [];
      configure({
        iziGetOrderComplete: () => (calls.push(Promise.withResolvers<unknown>()), calls.at(-1)!.promise),
        orderWatch: { interval: 250, maxWait: 1000 },
      });
      const events = refreshes();
      await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await until(() => calls.length === 2, 'the call after the bounded wait', 3000);
      calls[0].resolve({ action: 'refresh' });
      await until(() => events.refresh.events.length === 1, 'the refresh from the late answer');
      const n = calls.length;
      await aTimeout(1500);
      expect(calls.length, 'the watch ended with the order').to.equal(n);
      events.stop();
    });

    it('makes no call after the basket is unlinked during a pending call', async () => {
      let n = 0;
      configure({ iziGetOrderComplete: () => (n++, new Promise(() => {})), orderWatch: { interval: 250, maxWait: 1000 } });
      await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await until(() => n === 1, 'the first call');
      session.update({ linked: false });
      await aTimeout(1600);
      expect(n).to.equal(1);
    });
  });

  it('refuses javascript:, data:, protocol-relative and foreign redirects with an error event', async () => {
    for (const redirect of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/x', 'https://evil.example/x', 42]) {
      const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
      const complete = collect('inpost-pay-order-complete');
      configure({ iziGetOrderComplete: () => ({ action: 'redirect', redirect }), orderWatch: { interval: 250 } });
      const el = await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await until(() => errors.events.length === 1, `the refusal of ${redirect}`);
      expect(errors.events[0].detail).to.include({ callback: 'iziGetOrderComplete', reason: 'refused' });
      expect(complete.events.length).to.equal(0);
      el.remove();
      errors.stop();
      complete.stop();
      resetWidget();
    }
  });

  it('follows an allowed foreign origin', async () => {
    const complete = collect<{ url: string }>('inpost-pay-order-complete');
    const prevent = (e: Event) => e.preventDefault();
    document.addEventListener('inpost-pay-order-complete', prevent);
    configure({ redirectOrigins: ['https://pay.example.com'], iziGetOrderComplete: () => ({ action: 'redirect', redirect: 'https://pay.example.com/done' }) });
    await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
    await until(() => complete.events.length === 1, 'the redirect');
    expect(complete.events[0].detail.url).to.equal('https://pay.example.com/done');
    document.removeEventListener('inpost-pay-order-complete', prevent);
    complete.stop();
  });

  it('stops when the basket is unlinked and when the last widget leaves the page', async () => {
    const backend = orderBackend();
    configure({ iziGetOrderComplete: backend.callback, orderWatch: { interval: 250 } });
    const wrap = await fixture(html`<div><inpost-pay-button basket-linked></inpost-pay-button><inpost-pay-button></inpost-pay-button></div>`);
    await until(() => backend.log.calls.length >= 1, 'the first call');
    window.dispatchEvent(new CustomEvent('izi-binding-complete', { detail: { basket_linked: false } }));
    expect(session.state.linked).to.equal(false);
    let calls = backend.log.calls.length;
    await aTimeout(600);
    expect(backend.log.calls.length, 'stopped on unlink').to.equal(calls);
    window.dispatchEvent(new CustomEvent('izi-binding-complete', { detail: { basket_linked: true, masked_phone_number: '600100200' } }));
    expect(session.state.maskedPhoneNumber).to.equal('60*****00');
    await until(() => backend.log.calls.length > calls, 'the watch to restart');
    wrap.replaceChildren();
    calls = backend.log.calls.length;
    await aTimeout(600);
    expect(backend.log.calls.length, 'stopped when the last widget left').to.equal(calls);
  });

  it('backs off exponentially with jitter after errors, capped', () => {
    const options = { interval: 1000, maxInterval: 8000 };
    expect(nextDelay(0, options, () => 0.5)).to.equal(1000);
    expect(nextDelay(1, options, () => 1)).to.equal(2000);
    expect(nextDelay(2, options, () => 1)).to.equal(4000);
    expect(nextDelay(10, options, () => 1)).to.equal(8000);
    expect(nextDelay(10, options, () => 0)).to.equal(4000);
    expect(nextDelay(0, { interval: 1 })).to.equal(250);
  });

  it('reads answers strictly', () => {
    expect(readOutcome(undefined)).to.equal(undefined);
    expect(readOutcome({})).to.equal(undefined);
    expect(readOutcome([])).to.equal(undefined);
    expect(readOutcome({ action: 'refresh' })).to.deep.equal({ action: 'refresh' });
    expect(readOutcome('redirect')).to.equal('invalid');
    expect(readOutcome({ action: 'explode' })).to.equal('invalid');
  });

  it('keeps looping after a failing call and reports each failure', async () => {
    const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
    let n = 0;
    configure({
      iziGetOrderComplete: () => (n++ === 0 ? Promise.reject(new Error('503')) : {}),
      orderWatch: { interval: 250, maxInterval: 500 },
    });
    await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
    await until(() => n >= 3, 'the loop to go on after the error', 4000);
    expect(errors.events[0].detail).to.include({ callback: 'iziGetOrderComplete', reason: 'rejected' });
    errors.stop();
  });

  describe('WebSocket method (a real server on loopback)', () => {
    it('redirects on a pushed message', async () => {
      const url = await ws<string>({ do: 'url' });
      const complete = collect<{ url: string }>('inpost-pay-order-complete');
      const prevent = (e: Event) => e.preventDefault();
      document.addEventListener('inpost-pay-order-complete', prevent);
      const backend = orderBackend();
      configure({ iziGetOrderComplete: backend.callback, orderWatch: { method: 'websocket', url } });
      await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await waitForClients(1);
      expect(await ws<number>({ do: 'clients' })).to.equal(1);
      await ws({ do: 'push', message: 'not json' });
      await ws({ do: 'push', message: JSON.stringify({ action: 'redirect', redirect: '/thanks' }) });
      await until(() => complete.events.length === 1, 'the pushed redirect');
      expect(complete.events[0].detail.url).to.equal(`${location.origin}/thanks`);
      expect(backend.log.calls.length, 'no looping while the socket works').to.equal(0);
      document.removeEventListener('inpost-pay-order-complete', prevent);
      complete.stop();
    });

    it('falls back to looping when the socket is lost', async () => {
      const url = await ws<string>({ do: 'url' });
      const errors = collect<{ callback: string; message: string }>('inpost-pay-error');
      const backend = orderBackend();
      configure({ iziGetOrderComplete: backend.callback, orderWatch: { method: 'websocket', url, interval: 250 } });
      await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await waitForClients(1);
      await ws({ do: 'close-all' });
      await until(() => backend.log.calls.length >= 1, 'looping after the socket closed');
      expect(errors.events.some((e) => e.detail.callback === 'orderWatch' && /closed/.test(e.detail.message))).to.equal(true);
      errors.stop();
    });

    it('refuses a URL that is not ws: or wss: and loops instead', async () => {
      const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
      const backend = orderBackend();
      configure({ iziGetOrderComplete: backend.callback, orderWatch: { method: 'websocket', url: 'javascript:alert(1)' } });
      await fixture(html`<inpost-pay-button basket-linked></inpost-pay-button>`);
      await until(() => backend.log.calls.length >= 1, 'looping');
      expect(errors.events[0].detail).to.include({ callback: 'orderWatch', reason: 'refused' });
      errors.stop();
    });
  });
});

// OrderWatch alone, with its own configuration: no element, no page session.
describe('OrderWatch', () => {
  it('calls the callback of the configuration it was given, and hands over the outcome once', async () => {
    const config = new Configuration();
    const outcomes: unknown[] = [];
    const errors: CallbackError[] = [];
    let calls = 0;
    config.set({
      orderWatch: { interval: 250, perBrowser: false },
      iziGetOrderComplete: () => (++calls < 2 ? {} : { action: 'redirect', redirect: '/thanks' }),
    });
    const watch = new OrderWatch(config, (outcome) => outcomes.push(outcome), (error) => errors.push(error));
    watch.start();
    await until(() => outcomes.length === 1, 'the outcome');
    expect(outcomes).to.deep.equal([{ action: 'redirect', redirect: '/thanks' }]);
    expect([calls, errors.length]).to.deep.equal([2, 0]);
  });

  it('reports a missing callback once and stops', async () => {
    const config = new Configuration();
    config.set({ orderWatch: { perBrowser: false } });
    const errors: CallbackError[] = [];
    const watch = new OrderWatch(config, () => {}, (error) => errors.push(error));
    watch.start();
    await until(() => errors.length === 1, 'the error');
    await aTimeout(300);
    expect(errors.map((e) => [e.callback, e.reason])).to.deep.equal([['iziGetOrderComplete', 'missing']]);
    watch.stop();
  });
});
