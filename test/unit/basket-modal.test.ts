// <inpost-pay-basket>: The modal: opened by buttons, show()/close() and open as on <dialog>, Escape and the backdrop. Shared helpers: basket-helpers.ts.
import { expect, fixture, html, aTimeout } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import { configure, session } from '../../src/core/page.js';
import type { InpostPayBasket, InpostPayButton } from '../../src/define.js';
import '../../src/define.js';
import { callLog, collect, deepActive, modal, until } from './helpers.js';
import { $, basketSuite, bound, describeNode, link, modalDialog, openModal, openRebind, press, rebindCancel, rebindConfirm, rebindShown, root, statusText, submit, title, type } from './basket-helpers.js';

describe('<inpost-pay-basket>: modal', () => {
  basketSuite();

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

  it('opens and closes with open, as a <dialog> does, and reflects it', async () => {
    link();
    const opened = collect('inpost-pay-open');
    const el = await fixture<InpostPayBasket>(html`<inpost-pay-basket modal open></inpost-pay-basket>`);
    await until(() => modalDialog(el).open, 'the dialog');
    expect(opened.events).to.have.length(1);
    el.open = false;
    await until(() => !modalDialog(el).open, 'the dialog to close');
    expect(el.hasAttribute('open')).to.be.false;
    await el.show('basket');
    expect(el.hasAttribute('open')).to.be.true;
    el.close();
    await el.updateComplete;
    expect([el.open, el.hasAttribute('open')]).to.deep.equal([false, false]);
    opened.stop();
  });

  it('closes on Escape and on a click on the backdrop, not on a click inside', async () => {
    const closed = collect<{ screen: string }>('inpost-pay-close');
    const izi = collect('iziModalEventClose');
    link();
    openModal('basket');
    await until(() => modal()?.open, 'the modal');
    const el = modal()!;
    await sendKeys({ press: 'Escape' });
    await until(() => !el.open, 'Escape to close it');
    await el.show('basket');
    // Inside, on the heading (not on a control: a button there would change the screen).
    const heading = el.shadowRoot!.querySelector('h2')!.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(heading.x + 4), Math.round(heading.y + heading.height / 2)] });
    await aTimeout(50);
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
    openModal('basket');
    await until(() => modal()?.open, 'the modal');
    const el = modal()!;
    await openRebind(el);
    press(rebindCancel(el));
    await until(() => !rebindShown(el), 'the popup to close');
    el.close();
    await until(() => log.length === 4, 'the close events');
    document.removeEventListener('iziModalEventOpen', onOpen);
    document.removeEventListener('iziModalEventClose', onClose);
    expect(log).to.deep.equal(['open:basket', 'open:rebind', 'close:rebind', 'close:basket']);
  });

  it('watches for the order only while a real widget is on the page: a closed modal does not count', async () => {
    const log = callLog();
    configure({ iziGetOrderComplete: log.record('iziGetOrderComplete', () => new Promise(() => {})) });
    openModal('basket');
    await until(() => modal()?.open, 'the modal');
    modal()!.close();
    await until(() => !modal()!.open, 'the modal to close');
    link();
    await aTimeout(100);
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
    await until(() => !session.state.linked && !rebindShown(el), 'the unbinding');
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
