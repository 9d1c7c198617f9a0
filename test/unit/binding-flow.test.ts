import { expect } from '@open-wc/testing';
import { BindingFlow, type BindingFlowHost } from '../../src/basket/binding-flow.js';
import { Configuration } from '../../src/core/config.js';
import { BindingSession } from '../../src/core/session.js';

/** A host without rendering: counts the updates it was asked for and records where focus would go. */
class Host extends EventTarget implements BindingFlowHost {
  updates = 0;
  focus: string[] = [];
  bindingPlace = 'BASKET_SUMMARY';
  productId = undefined;
  updateComplete = Promise.resolve(true);
  addController() {}
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  focusAfterUpdate(selector: string) {
    this.focus.push(selector);
  }
}

const qr = 'data:image/png;base64,iVBORw0KGgo=';

describe('BindingFlow', () => {
  let config: Configuration;
  let host: Host;
  let flow: BindingFlow;
  const quiet = { error: console.error, info: console.info };
  beforeEach(() => {
    config = new Configuration();
    host = new Host();
    flow = new BindingFlow(host, new BindingSession(config));
    console.error = console.info = () => {};
  });
  afterEach(() => Object.assign(console, quiet));

  it('refuses an invalid number without a call, and puts focus on the field', () => {
    let calls = 0;
    config.set({ iziGetPayData: () => void calls++ });
    flow.input('123', true);
    flow.submit();
    expect([calls, flow.touched, flow.step]).to.deep.equal([0, true, 'phone']);
    expect(host.focus).to.deep.equal(['#phone']);
  });

  it('goes phone → waiting → bound, sending the digits, and starts again with an empty form', async () => {
    const confirmed = Promise.withResolvers();
    const sent: unknown[][] = [];
    config.set({ iziGetPayData: (...args: unknown[]) => void sent.push(args), iziGetIsBound: () => confirmed.promise });
    flow.input('500 600 700', true);
    flow.submit();
    expect(flow.busy).to.be.true;
    await new Promise((resolve) => setTimeout(resolve));
    expect(flow.step).to.equal('waiting');
    expect(sent[0].slice(0, 3)).to.deep.equal(['+48', '500600700', 'BASKET_SUMMARY']);
    confirmed.resolve({ status: 'SUCCESS', masked_phone_number: '50*****00' });
    await new Promise((resolve) => setTimeout(resolve));
    expect([flow.step, flow.status, flow.number, flow.busy]).to.deep.equal(['phone', 'bound', '', false]);
  });

  it('shows a QR code and waits for the scan', async () => {
    const confirmed = Promise.withResolvers();
    config.set({ iziGetPayData: () => ({ qr_code: qr }), iziGetIsBound: () => confirmed.promise });
    const run = flow.request();
    expect(flow.step).to.equal('qr');
    await new Promise((resolve) => setTimeout(resolve));
    expect(flow.qr?.src).to.equal(qr);
    confirmed.resolve({ status: 'SUCCESS', masked_phone_number: '50*****00' });
    await run;
    expect(flow.status).to.equal('bound');
  });

  it('says which failure it was: a timeout, a refusal in the app, anything else', async () => {
    config.set({ callbackTimeout: 10, iziGetPayData: () => new Promise(() => {}) });
    await flow.request({ prefix: '+48', number: '500600700' });
    expect(flow.failure).to.equal('timedOut');
    config.set({ iziGetPayData: () => null, iziGetIsBound: () => Promise.reject({ status: 'REJECT' }) });
    await flow.request({ prefix: '+48', number: '500600700' });
    expect([flow.step, flow.failure]).to.deep.equal(['waiting', 'rejected']);
  });

  it('ignores the answers to an abandoned attempt', async () => {
    const answer = Promise.withResolvers();
    config.set({ iziGetPayData: () => answer.promise });
    const run = flow.request();
    flow.restart();
    answer.resolve({ qr_code: qr });
    await run;
    expect([flow.step, flow.qr, flow.busy]).to.deep.equal(['phone', undefined, false]);
  });
});
