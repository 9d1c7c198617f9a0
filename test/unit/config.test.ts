import { expect } from '@open-wc/testing';
import { Configuration } from '../../src/core/config.js';

describe('Configuration', () => {
  let config: Configuration;
  let errors: unknown[][];
  const consoleError = console.error;
  beforeEach(() => {
    config = new Configuration();
    errors = [];
    console.error = (...args: unknown[]) => errors.push(args);
  });
  afterEach(() => {
    console.error = consoleError;
    delete (window as unknown as Record<string, unknown>).iziMobileLink;
  });

  it('merges later options into earlier ones', () => {
    config.set({ language: 'en', callbackTimeout: 100 });
    config.set({ callbackTimeout: 200 });
    expect(config.options).to.deep.equal({ language: 'en', callbackTimeout: 200 });
  });

  it('refuses a callback that is not a function, keeping the one before, and says so', () => {
    const first = () => true;
    config.set({ iziCanBeBound: first });
    config.set({ iziCanBeBound: 'yes' as unknown as () => boolean });
    expect(config.callback('iziCanBeBound')).to.equal(first);
    expect(String(errors[0][0])).to.include('iziCanBeBound must be a function');
  });

  it('refuses something that is not an object', () => {
    config.set(null as unknown as object);
    expect(config.options).to.deep.equal({});
    expect(String(errors[0][0])).to.include('configure() takes an object');
  });

  it("takes a callback not configured from window, as the first InPost widget did, and prefers the configured one", () => {
    const fromWindow = () => ({ link: 'inpost://a' });
    (window as unknown as Record<string, unknown>).iziMobileLink = fromWindow;
    expect(config.callback('iziMobileLink')).to.equal(fromWindow);
    const configured = () => ({ link: 'inpost://b' });
    config.set({ iziMobileLink: configured });
    expect(config.callback('iziMobileLink')).to.equal(configured);
    expect(config.callback('iziGetIsBound')).to.be.undefined;
  });

  it('tells its listeners after every change until they unsubscribe', () => {
    let calls = 0;
    const stop = config.onChange(() => calls++);
    config.set({ language: 'pl' });
    stop();
    config.set({ language: 'en' });
    expect(calls).to.equal(1);
  });

  it('keeps two configurations apart', () => {
    const other = new Configuration();
    config.set({ language: 'en' });
    expect(other.options.language).to.be.undefined;
  });
});
