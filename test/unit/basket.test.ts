import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { configure } from '../../src/core/config.js';
import { session } from '../../src/core/session.js';
import { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import { isValidPhone } from '../../src/basket/phone-field.js';
import { callLog, collect, deepActive, deferred, modal, resetWidget, shadowText, sleep, until } from './helpers.js';

// ---- helpers -------------------------------------------------------------------------------

const root = (el: Element) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => root(el).querySelector<T>(selector);
const title = (el: Element) => $(el, '.screen h2')!.textContent!.trim();
const alertText = (el: Element) =>
  [...root(el).querySelectorAll('.screen [role="alert"]')].map((a) => a.textContent!.trim()).join(' ');
const statusText = (el: Element) => $(el, '.screen > [role="status"]')!.textContent!.trim();
const rebindDialog = (el: Element) => $<HTMLDialogElement>(el, 'dialog.rebind')!;
const modalDialog = (el: Element) => $<HTMLDialogElement>(el, 'dialog.modal')!;
const rebindConfirm = (el: Element) => rebindDialog(el).querySelector<HTMLButtonElement>('[part~="primary-action"]')!;
const rebindCancel = (el: Element) => rebindDialog(el).querySelector<HTMLButtonElement>('[part~="action"]')!;
const buttonByText = (el: Element, text: string) =>
  [...root(el).querySelectorAll<HTMLElement>('button, a')].find((b) => b.textContent!.replace(/\s+/g, ' ').trim() === text);
/** A short name for a node, so a failed focus check prints something readable. */
const describeNode = (node: Element | null | undefined) =>
  node ? `${node.localName}${node.id ? `#${node.id}` : ''} "${(node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"` : String(node);
/** Presses a control as a pointer user does: it takes focus, then the click. */
function press(control: HTMLElement | null | undefined) {
  if (!control) throw new Error('no such control');
  control.focus();
  control.click();
}
/** Every piece of text and every attribute value in the shadow tree, for "never shown" checks. */
function everything(el: Element): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const a of node.attributes) parts.push(a.value);
      if (node instanceof HTMLInputElement) parts.push(node.value);
    }
    node.childNodes.forEach(walk);
  };
  walk(root(el));
  return parts.join('\n');
}
const link = (masked = '60*****00', count = 2) => session.update({ linked: true, maskedPhoneNumber: masked, count });
async function inline(markup = html`<inpost-pay-basket></inpost-pay-basket>`) {
  const el = await fixture<InpostPayBasket>(markup);
  await el.updateComplete;
  return el;
}
async function type(el: InpostPayBasket, number: string, prefix?: string) {
  if (prefix) {
    const select = $<HTMLSelectElement>(el, '#prefix')!;
    select.value = prefix;
    select.dispatchEvent(new Event('change'));
  }
  const input = $<HTMLInputElement>(el, '#phone')!;
  input.value = number;
  input.dispatchEvent(new Event('input'));
  await el.updateComplete;
}
async function submit(el: InpostPayBasket) {
  press(buttonByText(el, 'Połącz'));
  await el.updateComplete;
}
async function openRebind(el: InpostPayBasket) {
  press($<HTMLButtonElement>(el, '#rebind'));
  await until(() => rebindDialog(el).open, 'the rebind popup');
}
const dataUrl =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const bound = (masked: unknown = '50*****00') => ({
  status: 'SUCCESS',
  inpost_basket_id: 'b1',
  phone_number: { country_prefix: '+48', phone: '500600700' },
  browser: { browser_trusted: true, browser_id: 'x' },
  masked_phone_number: masked,
});

describe('<inpost-pay-basket>', () => {
  before(() => document.documentElement.removeAttribute('lang'));
  afterEach(() => {
    for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
    resetWidget();
  });

  describe('masked-phone screen', () => {
    it('shows the seed heading, the masked number, the count and the rebind action', async () => {
      link('60*****00', 3);
      const el = await inline();
      expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
      expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
      expect(shadowText(el)).to.contain('3 produkty');
      expect($(el, '#rebind')!.textContent!.trim()).to.equal('Połącz te zakupy z innym kontem');
    });

    it('speaks English with language="en"', async () => {
      link('60*****00', 1);
      const el = await inline(html`<inpost-pay-basket language="en"></inpost-pay-basket>`);
      expect(title(el)).to.equal('Your products await you already in the InPost Mobile App');
      expect(shadowText(el)).to.contain('1 product');
      expect($(el, '#rebind')!.textContent!.trim()).to.equal('Connect these purchases with another account');
    });

    it('masks a full number wherever it comes from: it never reaches the shadow DOM', async () => {
      link('+48600100200');
      const el = await inline();
      await openRebind(el);
      expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
      expect(rebindDialog(el).textContent).to.contain('60*****00');
      expect(everything(el)).not.to.contain('600100200');
      rebindDialog(el).close();
    });

    it('masks a full number resolved by iziGetIsBound after binding', async () => {
      configure({
        iziGetPayData: () => Promise.resolve([]),
        iziGetIsBound: () => Promise.resolve(bound('+48600100200')),
      });
      const el = await inline();
      await type(el, '600 100 200');
      await submit(el);
      await until(() => session.state.linked && $(el, '[part="masked-phone"]'), 'the masked-phone screen');
      await el.updateComplete;
      expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
      expect(statusText(el)).to.equal('Koszyk połączony z numerem 60*****00.');
      expect(everything(el)).not.to.contain('600100200');
      expect(everything(el)).not.to.contain('+48600100200');
    });
  });

  describe("the seed's second flow", () => {
    it('runs button → masked phone → popup → iziBindingDelete → binding screen → new binding', async () => {
      const log = callLog();
      const unbind = deferred<void>();
      const confirmed = deferred<unknown>();
      configure({
        iziBindingDelete: log.record('iziBindingDelete', () => unbind.promise),
        iziGetPayData: log.record('iziGetPayData', () => Promise.resolve([])),
        iziGetIsBound: log.record('iziGetIsBound', () => confirmed.promise),
      });
      const opened = collect<{ screen: string }>('inpost-pay-open');
      const closed = collect<{ screen: string }>('inpost-pay-close');
      const wrap = await fixture(html`<div>
        <inpost-pay-button variant="buy" basket-linked masked-phone-number="60*****00" count="2"></inpost-pay-button>
      </div>`);
      const button = wrap.querySelector('inpost-pay-button') as InpostPayButton;
      await button.updateComplete;
      // The customer presses "Produkty w koszyku InPost Pay".
      press(root(button).querySelector('button'));
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      await el.updateComplete;
      expect(modalDialog(el).open).to.be.true;
      expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
      expect($(el, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
      expect(opened.events.map((e) => e.detail.screen)).to.deep.equal(['basket']);
      // "Połącz te zakupy z innym kontem" → the popup, nothing called yet.
      await openRebind(el);
      expect(rebindDialog(el).querySelector('h2')!.textContent!.trim()).to.equal(
        'Czy na pewno chcesz powiązać te zakupy z numerem telefonu innym niż 60*****00?',
      );
      expect(log.names()).to.deep.equal([]);
      // "Połącz z innym numerem telefonu", pressed three times: one call.
      press(rebindConfirm(el));
      press(rebindConfirm(el));
      await el.updateComplete;
      press(rebindConfirm(el));
      expect(log.names()).to.deep.equal(['iziBindingDelete']);
      expect(rebindDialog(el).querySelector('.dialog-body')!.getAttribute('aria-busy')).to.equal('true');
      expect(rebindDialog(el).querySelector('.spinner')).to.exist;
      expect(session.state.linked).to.be.true;
      unbind.resolve();
      await until(() => !rebindDialog(el).open, 'the popup to close');
      await until(() => $(el, '#phone') && deepActive() === $(el, '#phone'), 'focus on the phone field');
      expect(session.state.linked).to.be.false;
      expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
      expect(statusText(el)).to.equal('Koszyk odłączony. Możesz połączyć go z innym numerem telefonu.');
      await button.updateComplete;
      expect(root(button).querySelector('button')!.textContent).to.contain('Kup z InPost Pay');
      expect(closed.events.map((e) => e.detail.screen)).to.deep.equal(['rebind']);
      // The basket's association with the new number.
      await type(el, '500-600-700');
      await submit(el);
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      expect(log.calls[1]).to.deep.include({ name: 'iziGetPayData' });
      expect(log.calls[1].args.slice(0, 3)).to.deep.equal(['+48', '500600700', 'BASKET_SUMMARY']);
      confirmed.resolve(bound('50*****00'));
      await until(() => $(el, '[part="masked-phone"]')?.textContent?.trim() === '50*****00', 'the new number');
      expect(log.names()).to.deep.equal(['iziBindingDelete', 'iziGetPayData', 'iziGetIsBound']);
      expect(statusText(el)).to.equal('Koszyk połączony z numerem 50*****00.');
      opened.stop();
      closed.stop();
    });

    for (const [how, close] of [
      ['Anuluj', (el: InpostPayBasket) => press(rebindCancel(el))],
      ['Escape', async () => sendKeys({ press: 'Escape' })],
      ['a click on the backdrop', async () => sendMouse({ type: 'click', position: [2, 2] })],
    ] as const) {
      it(`closes the popup on ${how} without any call, focus back on the rebind action`, async () => {
        const log = callLog();
        configure({ iziBindingDelete: log.record('iziBindingDelete', () => Promise.resolve()) });
        link();
        const el = await inline();
        $<HTMLButtonElement>(el, '#rebind')!.focus();
        await openRebind(el);
        expect(describeNode(deepActive())).to.equal(describeNode(rebindDialog(el).querySelector('h2')));
        await close(el);
        await until(() => !rebindDialog(el).open, 'the popup to close');
        await until(() => deepActive() === $(el, '#rebind'), 'focus on the rebind action');
        await sleep(20);
        expect(log.names()).to.deep.equal([]);
        expect(session.state.linked).to.be.true;
        expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
      });
    }

    it('keeps the binding when iziBindingDelete rejects, and retries', async () => {
      const log = callLog();
      let fail = true;
      configure({
        iziBindingDelete: log.record('iziBindingDelete', () => (fail ? Promise.reject(new Error('backend down')) : Promise.resolve())),
      });
      link();
      const el = await inline();
      await openRebind(el);
      press(rebindConfirm(el));
      await until(() => rebindDialog(el).querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the error');
      expect(rebindDialog(el).querySelector('[role="alert"]')!.textContent!.trim()).to.equal(
        'Nie udało się odłączyć koszyka. Powiązanie zostało zachowane.',
      );
      expect(rebindDialog(el).open).to.be.true;
      expect(session.state.linked).to.be.true;
      expect(rebindConfirm(el).hasAttribute('aria-disabled')).to.be.false;
      fail = false;
      press(rebindConfirm(el));
      await until(() => !rebindDialog(el).open, 'the popup to close');
      expect(log.names()).to.deep.equal(['iziBindingDelete', 'iziBindingDelete']);
      expect(session.state.linked).to.be.false;
    });

    it('reports an iziBindingDelete timeout the same way, with a retry', async () => {
      const errors = collect<{ callback: string; cause: string }>('inpost-pay-error');
      configure({ callbackTimeout: 50, iziBindingDelete: () => new Promise(() => {}) });
      link();
      const el = await inline();
      await openRebind(el);
      press(rebindConfirm(el));
      await until(() => rebindDialog(el).querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the error');
      expect(errors.events.map((e) => [e.detail.callback, e.detail.cause])).to.deep.equal([['iziBindingDelete', 'timeout']]);
      expect(session.state.linked).to.be.true;
      press(rebindCancel(el));
      await until(() => !rebindDialog(el).open, 'the popup to close');
      errors.stop();
    });
  });

  describe('binding screen', () => {
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
        const errors = collect<{ cause: string }>('inpost-pay-error');
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
        expect(errors.events[0].detail.cause).to.equal(cause);
        expect($<HTMLInputElement>(el, '#phone')!.value).to.equal('600 100 200');
        await submit(el);
        await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
        expect(log.names()).to.deep.equal(['iziGetPayData', 'iziGetPayData']);
        errors.stop();
      });
    }
  });

  describe('waiting screen', () => {
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
      const confirmed = deferred<unknown>();
      configure({ iziGetPayData: () => [], iziGetIsBound: () => confirmed.promise });
      const opened = collect('inpost-pay-open');
      const events = collect('iziModalEventOpen');
      InpostPayBasket.openModal('binding');
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      await type(el, '500 600 700');
      await submit(el);
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      el.close();
      await until(() => !modalDialog(el).open, 'the modal to close');
      confirmed.resolve(bound('50*****00'));
      await until(() => session.state.linked, 'the page to turn linked');
      await sleep(20);
      await el.updateComplete;
      expect(modalDialog(el).open).to.be.false;
      expect(el.open).to.be.false;
      expect(opened.events).to.have.length(1);
      expect(events.events).to.have.length(1);
      expect(statusText(el)).to.equal('');
      opened.stop();
      events.stop();
    });

    it('goes back to the phone form with "Podaj numer telefonu", abandoning the wait', async () => {
      const log = callLog();
      const confirmed = deferred<unknown>();
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
      await sleep(20);
      await el.updateComplete;
      expect(statusText(el)).to.equal('');
      expect(log.names()).to.deep.equal(['iziGetPayData', 'iziGetIsBound']);
    });

    it('abandons the wait when an inline widget leaves the page', async () => {
      const confirmed = deferred<unknown>();
      configure({ iziGetPayData: () => [], iziGetIsBound: () => confirmed.promise });
      const el = await inline();
      await type(el, '500 600 700');
      await submit(el);
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      el.remove();
      confirmed.resolve(bound());
      await until(() => session.state.linked, 'the page to turn linked');
      await sleep(20);
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

  describe('QR code and app link', () => {
    afterEach(() => {
      delete (window as { matchMedia?: unknown }).matchMedia;
    });

    it('shows a valid QR code, then the masked phone once confirmed', async () => {
      const log = callLog();
      const confirmed = deferred<unknown>();
      configure({
        iziGetPayData: log.record('iziGetPayData', () => ({ qr_code: dataUrl, deep_link: 'inpost://izilink?basket_id=1' })),
        iziGetIsBound: log.record('iziGetIsBound', () => confirmed.promise),
      });
      const el = await inline();
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => $(el, 'img[part="qr"]'), 'the QR code');
      const img = $<HTMLImageElement>(el, 'img[part="qr"]')!;
      expect(img.getAttribute('src')).to.equal(dataUrl);
      expect(img.alt).to.equal('Kod QR do połączenia koszyka z aplikacją InPost Mobile');
      expect(title(el)).to.equal('Zeskanuj kod QR w aplikacji InPost Mobile');
      expect(log.calls[0].args.slice(0, 3)).to.deep.equal(['', '', 'BASKET_SUMMARY']);
      expect($(el, 'a[part~="primary-action"]')).to.be.null; // not a phone
      await until(() => log.names().includes('iziGetIsBound'), 'the wait');
      confirmed.resolve(bound());
      await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
      expect(log.names()).to.deep.equal(['iziGetPayData', 'iziGetIsBound']);
    });

    for (const [what, qr] of [
      ['a javascript: URL', 'javascript:alert(1)'],
      ['a foreign URL', 'https://evil.example/qr.png'],
      ['an SVG data URL that is not base64', 'data:image/svg+xml,<svg onload=alert(1)>'],
    ]) {
      it(`refuses ${what} as the QR image`, async () => {
        const log = callLog();
        configure({
          iziGetPayData: log.record('iziGetPayData', () => ({ qr_code: qr, deep_link: 'inpost://izilink?basket_id=1' })),
          iziGetIsBound: log.record('iziGetIsBound', () => new Promise(() => {})),
        });
        const el = await inline();
        const errors = collect<{ callback: string; cause: string }>('inpost-pay-error');
        const lines: string[] = [];
        const original = console.error;
        console.error = (line: string) => lines.push(line);
        try {
          press(buttonByText(el, 'Zrób to z kodem QR'));
          await until(() => alertText(el) !== '', 'the refusal');
        } finally {
          console.error = original;
          errors.stop();
        }
        expect(errors.events.map((e) => [e.detail.callback, e.detail.cause]), 'reported, not dropped').to.deep.equal([['iziGetPayData', 'invalid']]);
        expect(lines).to.have.length(1);
        expect(lines[0]).to.contain('qr_code');
        expect($(el, 'img')).to.be.null;
        expect(alertText(el)).to.equal('Nie udało się wyświetlić kodu QR. Spróbuj ponownie lub podaj numer telefonu.');
        expect(everything(el)).not.to.contain(qr);
        expect(log.names()).to.deep.equal(['iziGetPayData']);
      });
    }

    it('shows InPost\'s qr_code passed on as raw Base64 PNG (no data: prefix), as first-widget shops do', async () => {
      const raw = dataUrl.slice(dataUrl.indexOf(',') + 1);
      configure({
        iziGetPayData: () => ({ qr_code: raw, deep_link: 'inpost://izilink?basket_id=1', deep_link_hms: 'inpost://izilink?basket_id=1' }),
        iziGetIsBound: () => new Promise(() => {}),
      });
      const el = await inline();
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => $(el, 'img[part="qr"]'), 'the QR code');
      expect($<HTMLImageElement>(el, 'img[part="qr"]')!.getAttribute('src')).to.equal(`data:image/png;base64,${raw}`);
      await until(() => $<HTMLImageElement>(el, 'img[part="qr"]')!.complete, 'the image decoded');
      expect($<HTMLImageElement>(el, 'img[part="qr"]')!.naturalWidth, 'a real image').to.be.greaterThan(0);
      expect(alertText(el)).to.equal('');
    });

    it('offers the deep link on a phone, and the shop’s iziMobileLink when it has one', async () => {
      window.matchMedia = ((query: string) => ({ matches: query === '(pointer: coarse)' })) as unknown as typeof matchMedia;
      configure({
        iziGetPayData: () => ({ qr_code: dataUrl, deep_link: 'inpost://izilink?basket_id=1' }),
        iziGetIsBound: () => new Promise(() => {}),
      });
      const el = await inline();
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => $(el, 'a[part~="primary-action"]'), 'the app link');
      const a = $<HTMLAnchorElement>(el, 'a[part~="primary-action"]')!;
      expect(a.getAttribute('href')).to.equal('inpost://izilink?basket_id=1');
      expect(a.textContent!.trim()).to.equal('Otwórz aplikację InPost Mobile');

      configure({ iziMobileLink: () => Promise.resolve({ link: 'inpostsandbox://izilink?basket_id=2' }) });
      press(buttonByText(el, 'Podaj numer telefonu'));
      await el.updateComplete;
      expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => $(el, 'a[part~="primary-action"]'), 'the app link');
      expect($(el, 'a[part~="primary-action"]')!.getAttribute('href')).to.equal('inpostsandbox://izilink?basket_id=2');
    });

    it('refuses a hostile deep link', async () => {
      window.matchMedia = (() => ({ matches: true })) as unknown as typeof matchMedia;
      configure({
        iziGetPayData: () => ({ qr_code: dataUrl, deep_link: 'javascript:alert(1)' }),
        iziGetIsBound: () => new Promise(() => {}),
      });
      const el = await inline();
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => $(el, 'img[part="qr"]'), 'the QR code');
      expect($(el, 'a')).to.be.null;
      expect(everything(el)).not.to.contain('javascript:');
    });

    it('shows a retry when the QR request fails', async () => {
      let fail = true;
      configure({
        iziGetPayData: () => (fail ? Promise.reject(new Error('x')) : { qr_code: dataUrl }),
        iziGetIsBound: () => new Promise(() => {}),
      });
      const el = await inline();
      press(buttonByText(el, 'Zrób to z kodem QR'));
      await until(() => alertText(el) !== '', 'the error');
      expect(alertText(el)).to.equal('Nie udało się połączyć z InPost Pay. Spróbuj ponownie.');
      fail = false;
      press(buttonByText(el, 'Spróbuj ponownie'));
      await until(() => $(el, 'img[part="qr"]'), 'the QR code');
      expect(alertText(el)).to.equal('');
    });
  });

  describe('modal', () => {
    it('opens from a button with its language and theme, closes with "Zamknij", and returns focus', async () => {
      const wrap = await fixture(html`<div>
        <inpost-pay-button variant="buy" basket-linked masked-phone-number="60*****00" language="en" dark scheme="black"></inpost-pay-button>
      </div>`);
      const button = wrap.querySelector('inpost-pay-button') as InpostPayButton;
      await button.updateComplete;
      const inner = root(button).querySelector('button')!;
      inner.focus();
      inner.click();
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      expect(el.language).to.equal('en');
      expect(el.dark).to.be.true;
      expect(el.scheme).to.equal('black');
      expect(el.bindingPlace).to.equal('BASKET_SUMMARY');
      expect(describeNode(deepActive())).to.equal(describeNode($(el, '.screen h2')));
      const close = $<HTMLButtonElement>(el, '[part="close"]')!;
      expect(close.textContent!.trim()).to.contain('Close');
      press(close);
      await until(() => !el.open, 'the modal to close');
      expect(modalDialog(el).open).to.be.false;
      expect(describeNode(deepActive())).to.equal(describeNode(inner));
    });

    it('closes on Escape and on a click on the backdrop, not on a click inside', async () => {
      const closed = collect<{ screen: string }>('inpost-pay-close');
      const izi = collect('iziModalEventClose');
      link();
      InpostPayBasket.openModal('basket');
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      await sendKeys({ press: 'Escape' });
      await until(() => !el.open, 'Escape to close it');
      await el.show('basket');
      sendMouse({ type: 'click', position: [400, 300] });
      await sleep(50);
      expect(el.open).to.be.true;
      await sendMouse({ type: 'click', position: [2, 2] });
      await until(() => !el.open, 'the backdrop click to close it');
      expect(closed.events.map((e) => e.detail.screen)).to.deep.equal(['basket', 'basket']);
      expect(izi.events).to.have.length(2);
      closed.stop();
      izi.stop();
    });

    it('fires iziModalEventOpen / iziModalEventClose on document for the modal and the rebind popup', async () => {
      const log: string[] = [];
      const onOpen = (e: Event) => log.push(`open:${(e as CustomEvent).detail.screen}`);
      const onClose = (e: Event) => log.push(`close:${(e as CustomEvent).detail.screen}`);
      document.addEventListener('iziModalEventOpen', onOpen);
      document.addEventListener('iziModalEventClose', onClose);
      link();
      InpostPayBasket.openModal('basket');
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      await openRebind(el);
      press(rebindCancel(el));
      await until(() => !rebindDialog(el).open, 'the popup to close');
      el.close();
      await until(() => log.length === 4, 'the close events');
      document.removeEventListener('iziModalEventOpen', onOpen);
      document.removeEventListener('iziModalEventClose', onClose);
      expect(log).to.deep.equal(['open:basket', 'open:rebind', 'close:rebind', 'close:basket']);
    });

    it('watches for the order only while a real widget is on the page: a closed modal does not count', async () => {
      const log = callLog();
      configure({ iziGetOrderComplete: log.record('iziGetOrderComplete', () => new Promise(() => {})) });
      InpostPayBasket.openModal('basket');
      await until(() => modal()?.open, 'the modal');
      modal()!.close();
      await until(() => !modal()!.open, 'the modal to close');
      link();
      await sleep(100);
      expect(log.names()).to.deep.equal([]);
      await modal()!.show('basket');
      await until(() => log.names().length === 1, 'the order watch to start');
      expect(log.names()).to.deep.equal(['iziGetOrderComplete']);
    });

    it('opens the binding screen after iziAddToCart when the basket is not linked, with the product card place', async () => {
      const log = callLog();
      configure({
        iziCanBeBound: log.record('iziCanBeBound', () => true),
        iziAddToCart: log.record('iziAddToCart', () => undefined),
        iziGetPayData: log.record('iziGetPayData', () => []),
        iziGetIsBound: () => new Promise(() => {}),
      });
      const button = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
      press(root(button).querySelector('button'));
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
      await type(el, '500600700');
      await submit(el);
      await until(() => log.names().includes('iziGetPayData'), 'the binding request');
      expect(log.calls[2].args.slice(0, 3)).to.deep.equal(['+48', '500600700', 'PRODUCT_CARD']);
    });

    it('keeps several widgets in step: an inline basket and a modal opened by a button', async () => {
      configure({
        iziBindingDelete: () => Promise.resolve(),
        iziGetPayData: () => [],
        iziGetIsBound: () => Promise.resolve(bound('70*****11')),
      });
      const wrap = await fixture(html`<div>
        <inpost-pay-basket></inpost-pay-basket>
        <inpost-pay-button variant="buy" basket-linked masked-phone-number="60*****00"></inpost-pay-button>
      </div>`);
      const inlineEl = wrap.querySelector('inpost-pay-basket')!;
      const button = wrap.querySelector('inpost-pay-button')!;
      await button.updateComplete;
      await inlineEl.updateComplete;
      expect($(inlineEl, '[part="masked-phone"]')!.textContent!.trim()).to.equal('60*****00');
      press(root(button).querySelector('button'));
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      await openRebind(el);
      press(rebindConfirm(el));
      await until(() => !session.state.linked && !rebindDialog(el).open, 'the unbinding');
      await inlineEl.updateComplete;
      expect(title(inlineEl)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
      expect(title(el)).to.equal('Połącz koszyk z aplikacją InPost Mobile');
      // The inline one only follows; it announces nothing of its own.
      expect(statusText(inlineEl)).to.equal('');
      el.close();
      await until(() => !el.open, 'the modal to close');
      await type(inlineEl, '700 100 111');
      await submit(inlineEl);
      await until(() => session.state.linked, 'the binding');
      await button.updateComplete;
      await inlineEl.updateComplete;
      expect($(inlineEl, '[part="masked-phone"]')!.textContent!.trim()).to.equal('70*****11');
      expect(root(button).querySelector('button')!.textContent).to.contain('Produkty w koszyku InPost Pay');
      expect(el.open).to.be.false;
    });
  });

  describe('keyboard only', () => {
    it('runs the rebind flow with Tab, Enter and Escape', async () => {
      const log = callLog();
      configure({ iziBindingDelete: log.record('iziBindingDelete', () => Promise.resolve()) });
      link();
      const wrap = await fixture(html`<div><button id="before">before</button><inpost-pay-basket></inpost-pay-basket></div>`);
      const el = wrap.querySelector('inpost-pay-basket')!;
      await el.updateComplete;
      wrap.querySelector<HTMLButtonElement>('#before')!.focus();
      await sendKeys({ press: 'Tab' });
      expect(describeNode(deepActive())).to.equal(describeNode($(el, '#rebind')));
      await sendKeys({ press: 'Enter' });
      await until(() => rebindDialog(el).open, 'the popup');
      expect(describeNode(deepActive())).to.equal(describeNode(rebindDialog(el).querySelector('h2')));
      await sendKeys({ press: 'Escape' });
      await until(() => deepActive() === $(el, '#rebind'), 'focus back on the rebind action');
      expect(log.names()).to.deep.equal([]);
      await sendKeys({ press: 'Enter' });
      await until(() => rebindDialog(el).open, 'the popup');
      await sendKeys({ press: 'Tab' });
      expect(describeNode(deepActive())).to.equal(describeNode(rebindConfirm(el)));
      await sendKeys({ press: 'Enter' });
      await until(() => deepActive() === $(el, '#phone'), 'focus on the phone field');
      expect(log.names()).to.deep.equal(['iziBindingDelete']);
    });

    it('keeps focus in an inline basket when the app confirms, and leaves it alone when the shopper moved on', async () => {
      let confirm = deferred<unknown>();
      configure({ iziGetPayData: () => [], iziGetIsBound: () => confirm.promise });
      const wrap = await fixture(html`<div><inpost-pay-basket></inpost-pay-basket><button id="after">after</button></div>`);
      const el = wrap.querySelector('inpost-pay-basket')!;
      await el.updateComplete;
      $(el, '#phone')!.focus();
      await sendKeys({ type: '500600700' });
      await sendKeys({ press: 'Enter' });
      await until(() => deepActive() === $(el, '.screen h2') && title(el) === 'Potwierdź w aplikacji InPost Mobile', 'focus on the waiting heading');
      confirm.resolve(bound());
      await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
      await until(() => deepActive() === $(el, '.screen h2'), 'focus on the masked-phone heading');
      expect(title(el)).to.equal('Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile');
      // Unbound elsewhere while the shopper is on another control: focus stays there.
      session.update({ linked: false });
      confirm = deferred<unknown>();
      await el.updateComplete;
      $(el, '#phone')!.focus();
      await sendKeys({ type: '500600701' });
      await sendKeys({ press: 'Enter' });
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      wrap.querySelector<HTMLButtonElement>('#after')!.focus();
      confirm.resolve(bound());
      await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
      await sleep(20);
      expect(describeNode(deepActive())).to.equal(describeNode(wrap.querySelector('#after')));
    });

    it('runs the binding flow from a button to the masked phone with the keyboard', async () => {
      const confirmed = deferred<unknown>();
      const log = callLog();
      configure({
        iziCanBeBound: () => true,
        iziAddToCart: () => undefined,
        iziGetPayData: log.record('iziGetPayData', () => []),
        iziGetIsBound: () => confirmed.promise,
      });
      const button = await fixture<InpostPayButton>(html`<inpost-pay-button product-id="p1"></inpost-pay-button>`);
      const inner = root(button).querySelector('button')!;
      inner.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => modal()?.open, 'the modal');
      const el = modal()!;
      await until(() => deepActive() === $(el, '.screen h2'), 'focus on the heading');
      await sendKeys({ press: 'Tab' });
      expect(describeNode(deepActive())).to.equal(describeNode($(el, '#prefix')));
      await sendKeys({ press: 'Tab' });
      expect(describeNode(deepActive())).to.equal(describeNode($(el, '#phone')));
      await sendKeys({ type: '500 600 700' });
      await sendKeys({ press: 'Enter' });
      await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
      await until(() => deepActive() === $(el, '.screen h2'), 'focus on the waiting heading');
      expect(log.calls[0].args.slice(0, 2)).to.deep.equal(['+48', '500600700']);
      confirmed.resolve(bound());
      await until(() => $(el, '[part="masked-phone"]'), 'the masked-phone screen');
      await until(() => deepActive() === $(el, '.screen h2'), 'focus on the masked-phone heading');
      await sendKeys({ press: 'Escape' });
      await until(() => !el.open, 'the modal to close');
      expect(describeNode(deepActive())).to.equal(describeNode(inner));
    });
  });

  describe('accessibility (axe)', () => {
    for (const dark of [false, true]) {
      const mode = dark ? 'dark' : 'light';
      const make = (markup = html`<inpost-pay-basket ?dark=${dark}></inpost-pay-basket>`) => inline(markup);

      it(`masked-phone screen and rebind popup (${mode})`, async () => {
        link();
        const el = await make();
        await expect(el).to.be.accessible();
        configure({ iziBindingDelete: () => Promise.reject(new Error('x')) });
        await openRebind(el);
        await expect(el).to.be.accessible();
        press(rebindConfirm(el));
        await until(() => rebindDialog(el).querySelector('[role="alert"]')!.textContent!.trim() !== '', 'the error');
        await expect(el).to.be.accessible();
        rebindDialog(el).close();
      });

      it(`binding screen with an error (${mode})`, async () => {
        configure({ iziGetPayData: () => Promise.reject(new Error('x')) });
        const el = await make();
        await expect(el).to.be.accessible();
        await type(el, '12');
        $(el, '#phone')!.dispatchEvent(new Event('blur'));
        await el.updateComplete;
        await expect(el).to.be.accessible();
        await type(el, '600100200');
        await submit(el);
        await until(() => alertText(el) !== '', 'the error');
        await expect(el).to.be.accessible();
      });

      it(`QR and waiting screens (${mode})`, async () => {
        let answer: () => unknown = () => new Promise(() => {});
        configure({ iziGetPayData: (prefix: string) => (prefix ? [] : { qr_code: dataUrl }), iziGetIsBound: () => answer() });
        const el = await make();
        press(buttonByText(el, 'Zrób to z kodem QR'));
        await until(() => $(el, 'img[part="qr"]'), 'the QR code');
        await expect(el).to.be.accessible();
        press(buttonByText(el, 'Podaj numer telefonu'));
        await el.updateComplete;
        answer = () => Promise.reject({ status: 'REJECT' });
        await type(el, '600100200');
        await submit(el);
        await until(() => alertText(el) !== '', 'the declined message');
        await expect(el).to.be.accessible();
        answer = () => new Promise(() => {});
        press(buttonByText(el, 'Spróbuj ponownie'));
        await el.updateComplete;
        await submit(el);
        await until(() => title(el) === 'Potwierdź w aplikacji InPost Mobile', 'the waiting screen');
        await expect(el).to.be.accessible();
      });

      it(`modal (${mode})`, async () => {
        link();
        const opener = await fixture(html`<inpost-pay-button ?dark=${dark}></inpost-pay-button>`);
        InpostPayBasket.openModal('basket', opener as HTMLElement);
        await until(() => modal()?.open, 'the modal');
        expect(modal()!.dark).to.equal(dark);
        await expect(modal()!).to.be.accessible();
        modal()!.close();
      });
    }
  });
});
