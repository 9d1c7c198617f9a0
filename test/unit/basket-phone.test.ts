// <inpost-pay-basket>: The binding screen: the phone form. Shared helpers: basket-helpers.ts.
import { expect, html } from '@open-wc/testing';
import { configure } from '../../src/core/page.js';
import '../../src/define.js';
import { isValidPhone } from '../../src/basket/phone-field.js';
import { callLog, collect, deepActive, until } from './helpers.js';
import { $, alertText, basketSuite, describeNode, inline, root, submit, title, type } from './basket-helpers.js';

describe('<inpost-pay-basket>: binding screen', () => {
  basketSuite();

  it('has labelled fields with the hint tied to the number', async () => {
    const el = await inline();
    expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
    const input = $<HTMLInputElement>(el, '#phone')!;
    expect($(el, 'label[for="phone"]')!.textContent!.trim()).to.equal('Numer telefonu');
    expect($(el, 'label[for="prefix"]')!.textContent!.trim()).to.equal('Kierunkowy');
    expect(input.getAttribute('inputmode')).to.equal('tel');
    expect(input.getAttribute('autocomplete')).to.equal('tel-national');
    expect(input.getAttribute('aria-describedby')).to.equal('phone-hint');
    expect($(el, '#phone-hint')!.textContent!.trim()).to.equal('9 cyfr, np. 600 100 200');
    expect($<HTMLSelectElement>(el, '#prefix')!.value).to.equal('+48');
    expect([...root(el).querySelectorAll('option')].map((o) => o.value)).to.deep.equal(['+48', '+420', '+421', '+49', '+44', '+380']);
  });

  it('validates as the shopper types, but shows the error only after the first blur', async () => {
    const el = await inline();
    const input = $<HTMLInputElement>(el, '#phone')!;
    await type(el, '600');
    expect(input.hasAttribute('aria-invalid')).to.be.false;
    expect($(el, '#phone-error')).to.be.null;
    input.dispatchEvent(new Event('blur'));
    await el.updateComplete;
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(input.getAttribute('aria-describedby')).to.equal('phone-error phone-hint');
    expect($(el, '#phone-error')!.textContent!.trim()).to.equal('Wpisz poprawny numer telefonu: 9 cyfr.');
    await type(el, '600-100 200');
    expect(input.hasAttribute('aria-invalid')).to.be.false;
    await type(el, '123456', '+49');
    expect(input.hasAttribute('aria-invalid')).to.be.false;
    expect($(el, '#phone-hint')!.textContent!.trim()).to.equal('Od 6 do 15 cyfr, bez kierunkowego');
    await type(el, '12345');
    expect($(el, '#phone-error')!.textContent!.trim()).to.equal('Wpisz poprawny numer telefonu: od 6 do 15 cyfr.');
  });

  it('refuses to submit an invalid number: no call, error shown, focus on the field', async () => {
    const log = callLog();
    configure({ iziGetPayData: log.record('iziGetPayData', () => []) });
    const el = await inline();
    await type(el, '60010020a');
    await submit(el);
    await el.updateComplete;
    expect(log.names()).to.deep.equal([]);
    expect($(el, '#phone')!.getAttribute('aria-invalid')).to.equal('true');
    expect(describeNode(deepActive())).to.equal(describeNode($(el, '#phone')));
  });

  it('checks phone numbers by country', () => {
    expect(isValidPhone('+48', '600 100 200')).to.be.true;
    expect(isValidPhone('+48', '600-100-20')).to.be.false;
    expect(isValidPhone('+48', '+48600100200')).to.be.false;
    expect(isValidPhone('+420', '601 123 456')).to.be.true;
    expect(isValidPhone('+44', '1234567890123456')).to.be.false;
  });

  it('sends the digits, the prefix, the binding place and the product to iziGetBindingData', async () => {
    const log = callLog();
    configure({
      iziGetBindingData: log.record('iziGetBindingData', () => []),
      iziGetIsBound: () => new Promise(() => {}),
    });
    const el = await inline(html`<inpost-pay-basket binding-place="CHECKOUT_PAGE" product-id="p9"></inpost-pay-basket>`);
    await type(el, '601 123 456', '+420');
    await submit(el);
    await until(() => log.calls.length === 1, 'the call');
    expect(log.calls[0].args).to.deep.equal(['p9', '+420', '601123456', 'CHECKOUT_PAGE']);
  });

  for (const [what, answer, message, cause] of [
    ['rejects', () => Promise.reject({ message: 'nope' }), 'Nie udało się połączyć z InPost Pay. Spróbuj ponownie.', 'rejected'],
    ['resolves an API error', () => Promise.resolve({ error_code: 'BASKET_EXPIRED', error_message: 'x' }), 'Nie udało się połączyć z InPost Pay. Spróbuj ponownie.', 'rejected'],
    ['times out', () => new Promise(() => {}), 'InPost Pay nie odpowiada. Spróbuj ponownie.', 'timeout'],
  ] as const) {
    it(`shows an error when iziGetPayData ${what}, keeps the number and retries`, async () => {
      const log = callLog();
      const errors = collect<{ reason: string }>('inpost-pay-error');
      let first = true;
      configure({
        callbackTimeout: 50,
        iziGetPayData: log.record('iziGetPayData', () => {
          if (!first) return Promise.resolve([]);
          first = false;
          return answer();
        }),
        iziGetIsBound: () => new Promise(() => {}),
      });
      const el = await inline();
      await type(el, '600 100 200');
      await submit(el);
      await until(() => alertText(el) !== '', 'the error');
      expect(alertText(el)).to.equal(message);
      expect(errors.events[0].detail.reason).to.equal(cause);
      expect($<HTMLInputElement>(el, '#phone')!.value).to.equal('600 100 200');
      await submit(el);
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      expect(log.names()).to.deep.equal(['iziGetPayData', 'iziGetPayData']);
      errors.stop();
    });
  }

  // The reference shop answers a binding request over its rate limit with 429 {error_code: "TOO_MANY_REQUESTS"};
  // InPost answers PHONE_BINDING_METHOD_UNAVAILABLE when binding by phone is off. Shops reject with
  // what their backend said, or resolve it (CONTRACT §1): either way the shopper is told what to do.
  for (const [code, pl, en] of [
    ['TOO_MANY_REQUESTS', 'Zbyt wiele prób połączenia. Odczekaj chwilę i spróbuj ponownie.', 'Too many attempts to connect. Please wait a moment and try again.'],
    ['PHONE_BINDING_METHOD_UNAVAILABLE', 'Połączenie przez numer telefonu jest teraz niedostępne. Użyj kodu QR.', 'Connecting by phone number is unavailable right now. Please use the QR code.'],
    ['BASKET_EXPIRED', 'Nie udało się połączyć z InPost Pay. Spróbuj ponownie.', 'Could not connect to InPost Pay. Please try again.'],
  ] as const) {
    for (const how of ['rejects with', 'resolves'] as const) {
      it(`says what ${code} means when iziGetPayData ${how} it, in Polish and English; the event and the console carry the code`, async () => {
        const problem = { error_code: code, error_message: 'from the shop' };
        configure({
          iziGetPayData: () => (how === 'resolves' ? Promise.resolve(problem) : Promise.reject(problem)),
          iziGetIsBound: () => new Promise(() => {}),
        });
        const errors = collect<{ reason: string; code?: string }>('inpost-pay-error');
        const lines: string[] = [];
        const original = console.error;
        console.error = (line: string) => lines.push(line);
        try {
          for (const [language, text] of [['pl', pl], ['en', en]] as const) {
            const el = await inline(html`<inpost-pay-basket language=${language}></inpost-pay-basket>`);
            await type(el, '600 100 200');
            $(el, 'button[type="submit"]')!.click(); // "Połącz" / "Connect"
            await until(() => alertText(el) !== '', 'the error');
            expect(alertText(el)).to.equal(text);
            el.remove();
          }
        } finally {
          console.error = original;
          errors.stop();
        }
        expect(errors.events.map((e) => [e.detail.reason, e.detail.code])).to.deep.equal(Array(2).fill(['rejected', code]));
        expect(lines).to.have.length(2);
        expect(lines[0]).to.contain(code);
      });
    }
  }

  it('reads no code from an answer without a string error_code, nor from a hostile one', async () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('hostile getter'); } });
    let n = 0;
    configure({
      iziGetPayData: () => Promise.reject([{ error_code: 42 }, hostile][n++]),
      iziGetIsBound: () => new Promise(() => {}),
    });
    const errors = collect<{ code?: string }>('inpost-pay-error');
    const original = console.error;
    console.error = () => {};
    try {
      const el = await inline();
      await type(el, '600 100 200');
      for (const _ of [1, 2]) {
        await submit(el);
        await until(() => errors.events.length === n, 'the error');
        expect(alertText(el)).to.equal('Nie udało się połączyć z InPost Pay. Spróbuj ponownie.');
      }
    } finally {
      console.error = original;
      errors.stop();
    }
    expect(errors.events.map((e) => e.detail.code)).to.deep.equal([undefined, undefined]);
  });
});
