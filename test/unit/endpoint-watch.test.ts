// The order watch with an `endpoint`, against the double of createWidgetApi
// (test/unit/widget-api-double.mjs): Server-Sent Events on <endpoint>/order-events by default, the
// long poll as its fallback, the pushed page state, and `inpost-pay-basket-change`.
import { aTimeout, expect } from '@open-wc/testing';
import { Configuration, type InpostPayConfig } from '../../src/core/config.js';
import { endpointCallbacks } from '../../src/core/endpoint-callbacks.js';
import type { BasketChangeDetail, NavigateDetail } from '../../src/core/events.js';
import { BindingSession } from '../../src/core/session.js';
import { api, BASE } from './widget-api.js';
import { collect, until } from './wait.js';

type Sent = { method: string; path: string; query: Record<string, string> };
const sent = () => api<Sent[]>({ do: 'requests' });
const streams = () => api<number>({ do: 'streams' });
const view = () => ({ requestUpdate() {} });

const sessions: BindingSession[] = [];
const views: (() => void)[] = [];
/** A linked session on its own configuration with the endpoint, shown by one view (so it watches). */
function linkedSession(options: InpostPayConfig = {}) {
  const config = new Configuration(endpointCallbacks);
  config.set({ endpoint: BASE, ...options, orderWatch: { interval: 250, perBrowser: false, ...options.orderWatch } });
  const session = new BindingSession(config);
  const shown = view();
  sessions.push(session);
  session.update({ linked: true, maskedPhoneNumber: '600100200', count: 1 }, undefined, 'server');
  session.attach(shown);
  views.push(() => session.detach(shown));
  return { config, session };
}

/** Keeps the page where it is: the order-complete and refresh events are cancelled. */
function stayOnPage() {
  const complete = collect<NavigateDetail>('inpost-pay-order-complete');
  const prevent = (e: Event) => e.preventDefault();
  document.addEventListener('inpost-pay-order-complete', prevent);
  return { complete, stop: () => (document.removeEventListener('inpost-pay-order-complete', prevent), complete.stop()) };
}

function hideTab(hidden: boolean) {
  if (hidden) Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  else delete (document as unknown as Record<string, unknown>).visibilityState;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('endpoint: the order watch', () => {
  const quiet = { error: console.error, warn: console.warn };
  let changes: ReturnType<typeof collect<BasketChangeDetail>>;
  beforeEach(async () => {
    await api({ do: 'reset' });
    // The shop's side: a linked basket of one item (a pushed unlinked state would end the watch).
    await api({ do: 'state', patch: { basket_linked: true, masked_phone_number: '60*****00', count: 1 } });
    console.error = console.warn = () => {};
    changes = collect<BasketChangeDetail>('inpost-pay-basket-change');
  });
  afterEach(async () => {
    // One page has one session: the test's sessions leave (their channels to other tabs too).
    for (const session of sessions.splice(0)) session.update({ linked: false }, undefined, 'tab');
    for (const detach of views.splice(0)) detach();
    hideTab(false);
    changes.stop();
    Object.assign(console, quiet);
    await api({ do: 'reset' });
  });

  describe('Server-Sent Events (the default with an endpoint)', () => {
    it('listens on <endpoint>/order-events, follows pushed states and fires inpost-pay-basket-change', async () => {
      const { session } = linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      await aTimeout(300);
      expect(changes.events, 'the first state is the baseline, no change').to.have.length(0);
      await api({ do: 'state', patch: { basket_linked: true, masked_phone_number: '60*****00', count: 3, changed: ['basket'] } });
      await until(() => changes.events.length === 1, 'the basket change');
      expect(changes.events[0].detail).to.deep.equal({ count: 3, basketLinked: true, changed: ['basket'] });
      expect(changes.events[0].target, 'dispatched on document').to.equal(document);
      expect([changes.events[0].bubbles, changes.events[0].composed]).to.deep.equal([true, true]);
      expect(session.state.count).to.equal(3);
      expect((await sent()).filter((r) => r.path === '/order-complete'), 'no looping while the stream works').to.deep.equal([]);
    });

    it('redirects on the pushed order and closes the stream', async () => {
      const page = stayOnPage();
      const { session } = linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      await api({ do: 'redirect', redirect: '/thank-you?order=1' });
      await until(() => page.complete.events.length === 1, 'the order');
      expect(page.complete.events[0].detail.url).to.equal(`${location.origin}/thank-you?order=1`);
      expect(session.state.linked).to.equal(false);
      await until(async () => (await streams()) === 0, 'the stream closed');
      page.stop();
    });

    it('takes the basket deleted in the app: every widget unlinked, no basket change without a basket change', async () => {
      const { session } = linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      await api({ do: 'state', patch: { basket_linked: false, changed: ['binding'] } });
      await until(() => !session.state.linked, 'unlinked');
      await until(async () => (await streams()) === 0, 'the stream closed once unlinked');
      expect(changes.events).to.have.length(0);
    });

    it('without `changed`, fires when the count or the link moved, not for the same state again', async () => {
      const { session } = linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      await api({ do: 'state', patch: { basket_linked: true, masked_phone_number: '60*****00' } });
      await api({ do: 'state', patch: { count: 4 } });
      await until(() => session.state.count === 4, 'the count');
      expect(changes.events.map((e) => e.detail)).to.deep.equal([{ count: 4, basketLinked: true, changed: ['basket'] }]);
    });

    it('reconnects a stream that was open, and the reconnected stream catches up', async () => {
      const { session } = linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      await api({ do: 'close-streams' });
      await api({ do: 'state', patch: { basket_linked: true, count: 5, changed: ['basket'] } });
      await until(async () => (await streams()) === 1, 'the stream again', 4000);
      await until(() => session.state.count === 5, 'the state of the reconnect');
      expect(changes.events.map((e) => e.detail.count)).to.deep.equal([5]);
      expect((await sent()).filter((r) => r.path === '/order-complete')).to.deep.equal([]);
    });

    it('falls back to the long poll when the stream does not open (no such route), with since', async () => {
      const errors = collect<{ callback: string; message: string }>('inpost-pay-error');
      await api({ do: 'sse', enabled: false });
      const { session } = linkedSession();
      await until(async () => (await sent()).filter((r) => r.path === '/order-complete').length >= 2, 'the long poll');
      expect(errors.events.map((e) => e.detail.message)).to.deep.equal([`order-watch stream ${BASE}/order-events did not open; looping`]);
      await api({ do: 'state', patch: { basket_linked: true, count: 2, changed: ['basket'] } });
      await until(() => changes.events.length === 1, 'the change by long poll');
      expect(session.state.count).to.equal(2);
      const polls = (await sent()).filter((r) => r.path === '/order-complete');
      expect(polls[0].query, 'the first asks for the state').to.deep.equal({});
      expect(polls.slice(1).every((r) => /^\d+$/.test(r.query.since)), 'then long polls from the version').to.equal(true);
      errors.stop();
    });

    it('asks again at once after the long poll answered nothing new, whatever the interval', async () => {
      await api({ do: 'sse', enabled: false });
      // An interval far above the double's 1.5 s hold: a loop that sat out its interval after each
      // held answer would send its fourth request after about 1.5 + 10 + 1.5 s, not within 5 s.
      linkedSession({ orderWatch: { interval: 10_000 } });
      const polls = async () => (await sent()).filter((r) => r.path === '/order-complete');
      await until(async () => (await polls()).length >= 4, 'four long polls', 5000);
      expect((await polls()).slice(1).every((r) => /^\d+$/.test(r.query.since)), 'each from the version').to.equal(true);
    });

    it('asks a long poll that answers nothing new at once at most once a second', async () => {
      await api({ do: 'sse', enabled: false });
      await api({ do: 'answer', path: '/order-complete', body: { state: { version: 1, basket_linked: true, masked_phone_number: '60*****00', count: 1 } }, times: 100 });
      linkedSession({ orderWatch: { interval: 10_000 } });
      await aTimeout(2500);
      const count = (await sent()).filter((r) => r.path === '/order-complete').length;
      expect(count, 'a server that does not hold the poll').to.be.within(2, 4);
    });

    it('is closed while the tab is hidden and opened again when it is shown', async () => {
      linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      hideTab(true);
      await until(async () => (await streams()) === 0, 'closed in a hidden tab');
      await api({ do: 'state', patch: { basket_linked: true, count: 6, changed: ['basket'] } });
      await aTimeout(300);
      expect(changes.events).to.have.length(0);
      hideTab(false);
      await until(async () => (await streams()) === 1, 'open again');
      await until(() => changes.events.length === 1, 'the change made while hidden');
    });

    it('runs one stream per browser (Web Locks): a second page session waits', async () => {
      linkedSession({ orderWatch: { perBrowser: true } });
      linkedSession({ orderWatch: { perBrowser: true } });
      await until(async () => (await streams()) === 1, 'the stream');
      await aTimeout(400);
      expect(await streams()).to.equal(1);
      // The first leaves: the second takes the lock and opens its own stream.
      sessions[0].update({ linked: false }, undefined, 'tab');
      await until(async () => (await sent()).filter((r) => r.path === '/order-events').length === 2, 'the second stream');
    });

    it('takes an explicit orderWatch { method: "sse", url } without an endpoint', async () => {
      const config = new Configuration();
      config.set({ orderWatch: { method: 'sse', url: `${BASE}/order-events`, perBrowser: false } });
      const session = new BindingSession(config);
      sessions.push(session);
      session.update({ linked: true, maskedPhoneNumber: '600100200', count: 1 }, undefined, 'server');
      const shown = view();
      session.attach(shown);
      views.push(() => session.detach(shown));
      await until(async () => (await streams()) === 1, 'the stream');
    });

    it('reports a garbage message and carries on', async () => {
      const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
      const { session } = linkedSession({ orderWatch: { method: 'loop' } });
      await until(async () => (await sent()).some((r) => r.path === '/order-complete'), 'the loop');
      await api({ do: 'answer', path: '/order-complete', status: 200, body: '<html>oops</html>' });
      await api({ do: 'state', patch: { count: 9 } });
      await until(() => errors.events.length === 1, 'the report');
      expect(errors.events[0].detail).to.include({ callback: 'iziGetOrderComplete', reason: 'invalid' });
      await api({ do: 'state', patch: { count: 8 } });
      await until(() => session.state.count === 8, 'the next state', 4000);
      errors.stop();
    });
  });

  describe('inpost-pay-basket-change in the other tabs', () => {
    it('is posted to the other tabs by the watching one, and fired by a tab that hears it', async () => {
      const channel = new BroadcastChannel('inpost-pay');
      const heard: unknown[] = [];
      channel.onmessage = ({ data }) => data?.type === 'basket' && heard.push(data.detail);
      linkedSession();
      await until(async () => (await streams()) === 1, 'the stream');
      await aTimeout(50); // the page listeners open their channel after the first render
      await api({ do: 'state', patch: { basket_linked: true, count: 2, changed: ['basket', 'binding'] } });
      await until(() => heard.length === 1, 'the message to the other tabs');
      expect(heard[0]).to.deep.equal({ count: 2, basketLinked: true, changed: ['basket', 'binding'] });
      // Another tab's message: this page fires the event, with only usable values.
      changes.events.length = 0;
      channel.postMessage({ type: 'basket', detail: { count: '7', basketLinked: true, changed: ['basket', 42] } });
      await until(() => changes.events.length === 1, 'the event from another tab');
      expect(changes.events[0].detail).to.deep.equal({ count: 7, basketLinked: true, changed: ['basket'] });
      channel.close();
    });
  });
});
