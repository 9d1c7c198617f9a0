// <inpost-pay-basket>: The QR code and the app link. Shared helpers: basket-helpers.ts.
import { expect } from '@open-wc/testing';
import { configure } from '../../src/core/page.js';
import '../../src/define.js';
import { callLog, collect, until } from './helpers.js';
import { $, alertText, basketSuite, bound, buttonByText, dataUrl, everything, inline, press, title } from './basket-helpers.js';

describe('<inpost-pay-basket>: QR code and app link', () => {
  basketSuite();

  afterEach(() => {
    delete (window as { matchMedia?: unknown }).matchMedia;
  });

  it('shows a valid QR code, then the masked phone once confirmed', async () => {
    const log = callLog();
    const confirmed = Promise.withResolvers<unknown>();
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
      const errors = collect<{ callback: string; reason: string }>('inpost-pay-error');
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
      expect(errors.events.map((e) => [e.detail.callback, e.detail.reason]), 'reported, not dropped').to.deep.equal([['iziGetPayData', 'invalid']]);
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
