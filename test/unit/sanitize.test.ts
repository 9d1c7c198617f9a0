import { expect } from '@open-wc/testing';
import { describeReason } from '../../src/core/callbacks.js';
import { maskPhone, safeAppLink, safeImageSrc, safeRedirect, toCount } from '../../src/core/sanitize.js';

describe('what the widget accepts', () => {
  it('masks phone numbers as 60*****00 and keeps only digits and stars', () => {
    expect(maskPhone('600100200')).to.equal('60*****00');
    expect(maskPhone('+48 600 100 200')).to.equal('60*****00');
    expect(maskPhone('0048600100200')).to.equal('60*****00');
    expect(maskPhone(600100200)).to.equal('60*****00');
    expect(maskPhone('+420 601 234 567')).to.equal('42********67');
    expect(maskPhone('60*****00')).to.equal('60*****00');
    expect(maskPhone('60*****00<img src=x onerror=alert(1)>')).to.match(/^[\d*]+$/);
    expect(maskPhone('<script>alert(1)</script>')).to.equal('');
    expect(maskPhone('1234')).to.equal('');
    expect(maskPhone(null)).to.equal('');
    expect(maskPhone({ phone: '600100200' })).to.equal('');
    expect(maskPhone('9'.repeat(10_000))).to.have.length(20);
  });

  it('takes counts from numbers and numeric strings, clamps the rest or rejects it', () => {
    expect(toCount(3)).to.equal(3);
    expect(toCount('7')).to.equal(7);
    expect(toCount(2.9)).to.equal(2);
    expect(toCount(-1)).to.equal(0);
    expect(toCount(1e12)).to.equal(999);
    expect(toCount(Infinity)).to.equal(999);
    expect(toCount(NaN)).to.equal(undefined);
    expect(toCount('')).to.equal(undefined);
    expect(toCount('3 items')).to.equal(undefined);
    expect(toCount(null)).to.equal(undefined);
    expect(toCount({ count: 3 })).to.equal(undefined);
  });

  it('follows only http(s) redirects of this origin or an allowed one', () => {
    expect(safeRedirect('/thank-you')).to.equal(`${location.origin}/thank-you`);
    expect(safeRedirect(`${location.origin}/x?y=1#z`)).to.equal(`${location.origin}/x?y=1#z`);
    for (const hostile of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,x', '//evil.example/', 'https://evil.example/', 'http://[::1', 'vbscript:x', 'ftp://x/', 42, null, 'x'.repeat(3000)]) {
      expect(safeRedirect(hostile), String(hostile).slice(0, 40)).to.equal(undefined);
    }
    expect(safeRedirect('https://pay.example.com/ok', ['https://pay.example.com'])).to.equal('https://pay.example.com/ok');
    expect(safeRedirect('https://pay.example.com.evil.example/', ['https://pay.example.com'])).to.equal(undefined);
  });

  it('shows QR images only from base64 data URLs or this origin', () => {
    expect(safeImageSrc('data:image/png;base64,iVBORw0KGgo=')).to.equal('data:image/png;base64,iVBORw0KGgo=');
    expect(safeImageSrc('/qr/1.png')).to.equal(`${location.origin}/qr/1.png`);
    for (const hostile of ['data:text/html;base64,PHNjcmlwdD4=', 'data:image/svg+xml,<svg onload=alert(1)>', 'javascript:alert(1)', 'https://evil.example/qr.png']) {
      expect(safeImageSrc(hostile), hostile).to.equal(undefined);
    }
    // InPost's qr_code as shops pass it on: raw Base64 of the PNG, no data: prefix.
    const png = `iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==`;
    expect(safeImageSrc(png)).to.equal(`data:image/png;base64,${png}`);
    expect(safeImageSrc(`${png.slice(0, 40)}\n${png.slice(40)}`), 'line breaks dropped').to.equal(`data:image/png;base64,${png}`);
    expect(safeImageSrc(`/9j/${'A'.repeat(80)}`)).to.equal(`data:image/jpeg;base64,/9j/${'A'.repeat(80)}`);
    expect(safeImageSrc(`R0lGODlh${'A'.repeat(80)}`)).to.match(/^data:image\/gif;base64,R0lGODlh/);
    expect(safeImageSrc(btoa('<svg onload=alert(1)>'.repeat(4))), 'raw Base64 of anything else').to.equal(undefined);
    // A quote cannot break out: the URL parser percent-encodes it.
    expect(safeImageSrc('" onerror="alert(1)')).to.match(new RegExp(`^${location.origin}/%22%20onerror=%22alert\\(1\\)$`));
  });

  it('opens only InPost app links or https', () => {
    expect(safeAppLink('inpost://izilink?basket_id=1')).to.equal('inpost://izilink?basket_id=1');
    expect(safeAppLink('inpostsandbox://izilink?basket_id=1')).to.equal('inpostsandbox://izilink?basket_id=1');
    expect(safeAppLink('javascript:alert(1)')).to.equal(undefined);
    expect(safeAppLink('inpost://x" onclick="alert(1)')).to.equal(undefined);
    expect(safeAppLink('https://x.example/a')).to.equal('https://x.example/a');
    expect(safeAppLink('https://x.example/a" onclick="alert(1)')).to.equal(undefined);
    expect(safeAppLink('https://x.example/a b')).to.equal(undefined);
  });

  it('describes any rejection reason in one bounded line', () => {
    expect(describeReason(new Error('boom'))).to.equal('boom');
    expect(describeReason({ error_code: 'BASKET_EXPIRED', error_message: 'expired' })).to.equal('BASKET_EXPIRED: expired');
    expect(describeReason(undefined)).to.equal('undefined');
    expect(describeReason('')).to.equal('no reason given');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeReason(circular)).to.equal('[object Object]');
    expect(describeReason('x'.repeat(1000))).to.have.length(300);
    // A full phone number in a callback's answer never reaches the console.
    const answer = describeReason({ status: 'PENDING', phone_number: { country_prefix: '+48', phone: '600100200' } });
    expect(answer).not.to.contain('600100200');
    expect(answer).to.contain('60*****00');
    expect(describeReason(new Error('no binding for +48 600 100 200'))).to.equal('no binding for 60*****00');
  });
});
