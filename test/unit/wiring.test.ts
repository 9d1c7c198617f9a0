// A shop that registers the classes itself and forgets <inpost-pay-basket>: its buttons cannot open
// their screens, and the console says how to fix it. Only the button is registered on this page.
import { expect, fixture, html } from '@open-wc/testing';
import { InpostPayButton } from '../../src/button/inpost-pay-button.js';
import { configure, session } from '../../src/core/page.js';

customElements.define('inpost-pay-button', InpostPayButton);

describe('wiring between button and basket', () => {
  it('names the fix in the console when <inpost-pay-basket> is not registered', async () => {
    const errors: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      configure({ iziCanBeBound: () => true, iziAddToCart: () => undefined });
      const el = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
      el.shadowRoot!.querySelector('button')!.click();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(session.state.bindingRequired).to.be.true;
      expect(errors.map((args) => String(args[0]))).to.deep.equal([
        "[inpost-pay] buttons open their screens in <inpost-pay-basket>: import 'inpost-pay-widget/define' or customElements.define('inpost-pay-basket', InpostPayBasket)",
      ]);
      expect(document.querySelector('inpost-pay-basket')).to.be.null;
    } finally {
      console.error = consoleError;
    }
  });
});
