import { expect } from '@open-wc/testing';
import { browserData, defaultBrowserData } from '../../src/core/browser-data.js';
import { Configuration } from '../../src/core/config.js';
import { BindingSession } from '../../src/core/session.js';

describe('browser data for the binding request', () => {
  let config: Configuration;
  beforeEach(() => (config = new Configuration()));

  it('describes this browser by default', () => {
    const data = defaultBrowserData();
    expect(data.user_agent).to.equal(navigator.userAgent);
    expect(data.platform).to.be.a('string').and.not.equal('');
    expect(data.description).to.be.a('string').and.not.equal('');
  });

  it("takes the shop's iziGetBrowserData, filling gaps and clipping long values", async () => {
    config.set({ iziGetBrowserData: () => ({ user_agent: 'Shop UA', description: 'x'.repeat(5000), platform: 42 }) });
    const data = await browserData(config);
    expect(data.user_agent).to.equal('Shop UA');
    expect(data.description).to.have.length(512);
    expect(data.platform).to.equal(defaultBrowserData().platform);
  });

  it('falls back to the default when the shop callback fails or answers garbage', async () => {
    const error = console.error;
    console.error = () => {};
    try {
      config.set({ iziGetBrowserData: () => Promise.reject(new Error('nope')) });
      expect(await browserData(config)).to.deep.equal(defaultBrowserData());
      config.set({ iziGetBrowserData: () => 'garbage' });
      expect(await browserData(config)).to.deep.equal(defaultBrowserData());
    } finally {
      console.error = error;
    }
  });

  it('passes it to iziGetPayData as the fourth argument', async () => {
    const calls: unknown[][] = [];
    config.set({ iziGetPayData: (...args: unknown[]) => (calls.push(args), []) });
    await new BindingSession(config).requestBinding({ prefix: '+48', number: '500600700' }, 'BASKET_SUMMARY');
    expect(calls[0].slice(0, 3)).to.deep.equal(['+48', '500600700', 'BASKET_SUMMARY']);
    expect(calls[0][3]).to.deep.equal(defaultBrowserData());
  });
});
