import { expect } from '@open-wc/testing';
import { Configuration } from '../../src/core/config.js';
import type { ErrorDetail } from '../../src/core/events.js';
import { BindingSession } from '../../src/core/session.js';
import { collect, until } from './wait.js';

// A fresh configuration and session per test: the session is framework-free and renders nothing.
describe('BindingSession', () => {
  let config: Configuration;
  let session: BindingSession;
  const quiet = { error: console.error, info: console.info };
  beforeEach(() => {
    config = new Configuration();
    session = new BindingSession(config);
    console.error = console.info = () => {};
  });
  afterEach(() => Object.assign(console, quiet));

  describe('press()', () => {
    it('asks iziCanBeBound, then adds the product and says the binding screen is due', async () => {
      const calls: string[] = [];
      config.set({ iziCanBeBound: (id?: string) => (calls.push(`can ${id}`), true), iziAddToCart: (id?: string) => void calls.push(`add ${id}`) });
      const required = collect('inpost-pay-binding-required');
      expect(await session.press('p1', 'PRODUCT_CARD')).to.equal('binding-required');
      expect(calls).to.deep.equal(['can p1', 'add p1']);
      expect(session.state.bindingRequired).to.be.true;
      expect(required.events[0].detail).to.deep.equal({ productId: 'p1', bindingPlace: 'PRODUCT_CARD' });
      required.stop();
    });

    it('stops at iziCanBeBound false, and takes a linked basket from iziAddToCart', async () => {
      config.set({ iziCanBeBound: () => false });
      expect(await session.press('p1', 'PRODUCT_CARD')).to.equal('not-bindable');
      config.set({ iziCanBeBound: () => true, iziAddToCart: () => ({ basket_linked: true, masked_phone_number: '600700800', count: '3' }) });
      expect(await session.press('p1', 'PRODUCT_CARD')).to.equal('linked');
      expect(session.state).to.deep.equal({ linked: true, maskedPhoneNumber: '60*****00', count: 3, bindingRequired: false });
    });

    it('reports a failure with the callback that failed, the reason and the cause, and rejects with it', async () => {
      const cause = new Error('down');
      config.set({ iziCanBeBound: () => true, iziAddToCart: () => Promise.reject(cause) });
      const errors = collect<ErrorDetail>('inpost-pay-error');
      let rejected: unknown;
      await session.press('p1', 'PRODUCT_CARD').catch((error) => (rejected = error));
      expect(errors.events.map((e) => e.detail)).to.deep.equal([
        { callback: 'iziAddToCart', reason: 'rejected', message: 'iziAddToCart rejected: down', cause },
      ]);
      expect((rejected as Error).cause).to.equal(cause);
      errors.stop();
    });
  });

  describe('update()', () => {
    it('keeps only a masked number, fires inpost-pay-state once per real change, and re-renders its views', () => {
      let renders = 0;
      const view = { requestUpdate: () => renders++ };
      session.attach(view);
      const states = collect('inpost-pay-state');
      session.update({ linked: true, maskedPhoneNumber: '+48 600 700 800' });
      session.update({ linked: true, maskedPhoneNumber: '60*****00' });
      expect(session.state.maskedPhoneNumber).to.equal('60*****00');
      expect(states.events).to.have.length(1);
      expect(renders).to.equal(1);
      states.stop();
      session.detach(view);
    });
  });

  describe('confirmBinding()', () => {
    it('links on SUCCESS and names a REJECT as declined', async () => {
      config.set({ iziGetIsBound: () => ({ status: 'SUCCESS', masked_phone_number: '50*****00', count: 2 }) });
      expect(await session.confirmBinding(new AbortController().signal)).to.be.true;
      expect(session.state).to.include({ linked: true, maskedPhoneNumber: '50*****00', count: 2 });
      config.set({ iziGetIsBound: () => Promise.reject({ status: 'REJECT' }) });
      const reason = await session.confirmBinding(new AbortController().signal).catch((error) => error.reason);
      expect(reason).to.equal('declined');
    });

    it('ignores a failure once the wait was abandoned', async () => {
      const controller = new AbortController();
      config.set({ iziGetIsBound: () => Promise.reject(new Error('late')) });
      const wait = session.confirmBinding(controller.signal);
      controller.abort();
      expect(await wait).to.be.false;
    });
  });

  describe('views and the page', () => {
    it('listens to the page only while a view is attached, and watches for the order only while linked and shown', async () => {
      const view = { requestUpdate: () => {} };
      let calls = 0;
      config.set({ iziGetOrderComplete: () => (calls++, new Promise(() => {})), orderWatch: { perBrowser: false } });
      session.update({ linked: true, maskedPhoneNumber: '60*****00' });
      expect(calls).to.equal(0);
      session.attach(view);
      await until(() => calls === 1, 'the order watch');
      dispatchEvent(new CustomEvent('inpost-update-count', { detail: 4 }));
      expect(session.state.count).to.equal(4);
      session.detach(view);
      dispatchEvent(new CustomEvent('inpost-update-count', { detail: 9 }));
      expect(session.state.count).to.equal(4);
    });
  });
});
