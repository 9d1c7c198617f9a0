import { expect } from '@open-wc/testing';
import { asCallbackError, CallbackError, invoke, reasonOf, unusable } from '../../src/core/callbacks.js';
import { Configuration } from '../../src/core/config.js';

/** The CallbackError `promise` rejects with (fails the test when it resolves or rejects with anything else). */
async function failure(promise: Promise<unknown>): Promise<CallbackError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(CallbackError);
    return error as CallbackError;
  }
  throw new Error('expected a rejection');
}

describe('invoke()', () => {
  let config: Configuration;
  beforeEach(() => (config = new Configuration()));

  it('passes the arguments and resolves what the callback returns, sync or async', async () => {
    config.set({ iziCanBeBound: (id?: string) => id === 'p1', iziAddToCart: async (id?: string) => ({ id }) });
    expect(await invoke(config, 'iziCanBeBound', ['p1'])).to.equal(true);
    expect(await invoke(config, 'iziAddToCart', ['p2'])).to.deep.equal({ id: 'p2' });
  });

  it('names each way of failing with one reason, and keeps what came as the cause', async () => {
    const thrown = new Error('boom');
    const missing = await failure(invoke(config, 'iziGetIsBound', []));
    expect([missing.callback, missing.reason, missing.cause]).to.deep.equal(['iziGetIsBound', 'missing', undefined]);

    config.set({ iziGetIsBound: () => { throw thrown; } });
    const threw = await failure(invoke(config, 'iziGetIsBound', []));
    expect([threw.reason, threw.cause]).to.deep.equal(['threw', thrown]);

    config.set({ iziGetIsBound: () => Promise.reject({ error_code: 'X' }) });
    const rejected = await failure(invoke(config, 'iziGetIsBound', []));
    expect(rejected.reason).to.equal('rejected');
    expect(rejected.cause).to.deep.equal({ error_code: 'X' });
    expect(rejected.message).to.equal('iziGetIsBound rejected: X');

    config.set({ iziGetIsBound: () => new Promise(() => {}) });
    const timeout = await failure(invoke(config, 'iziGetIsBound', [], 20));
    expect(timeout.reason).to.equal('timeout');
  });

  it('takes the time limit from the configuration, and 0 waits for as long as it takes', async () => {
    config.set({ callbackTimeout: 20, iziGetIsBound: () => new Promise((resolve) => setTimeout(() => resolve('late'), 60)) });
    expect((await failure(invoke(config, 'iziGetIsBound', []))).message).to.include('within 20 ms');
    expect(await invoke(config, 'iziGetIsBound', [], 0)).to.equal('late');
  });
});

describe('the error guards', () => {
  it('reasonOf reads only a CallbackError', () => {
    expect(reasonOf(new CallbackError('iziAddToCart', 'timeout', 'x'))).to.equal('timeout');
    expect(reasonOf(new Error('timeout'))).to.be.undefined;
    expect(reasonOf({ reason: 'timeout' })).to.be.undefined;
  });

  it('asCallbackError keeps a CallbackError and labels anything else with the callback being handled', () => {
    const own = unusable('iziAddToCart', 42, 'an object');
    expect(asCallbackError(own, 'iziGetIsBound')).to.equal(own);
    const bug = new TypeError('x is undefined');
    const wrapped = asCallbackError(bug, 'iziGetPayData');
    expect([wrapped.callback, wrapped.reason, wrapped.cause]).to.deep.equal(['iziGetPayData', 'threw', bug]);
  });
});
