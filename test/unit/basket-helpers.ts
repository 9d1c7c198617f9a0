// What every test file of <inpost-pay-basket> shares: reading its shadow tree, typing, pressing,
// opening it, and the answers of the shop's callbacks. The tests are split by screen:
// basket-<screen>.test.ts.
import { fixture, html } from '@open-wc/testing';
import type { InpostPayBasket } from '../../src/define.js';
import { session } from '../../src/core/page.js';
import { resetWidget, until } from './helpers.js';

export const root = (el: Element) => el.shadowRoot!;
export const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => root(el).querySelector<T>(selector);
export const title = (el: Element) => $(el, '.screen h2')!.textContent!.trim();
export const alertText = (el: Element) =>
  [...root(el).querySelectorAll('.screen [role="alert"]')].map((a) => a.textContent!.trim()).join(' ');
export const statusText = (el: Element) => $(el, '.screen > [role="status"]')!.textContent!.trim();
/** The rebind confirmation shows in place of the bound basket's screen (its actions are a choice between equals). */
export const rebindShown = (el: Element) => Boolean($(el, '.screen > .actions.equal'));
export const rebindScreen = (el: Element) => $<HTMLFormElement>(el, '.screen')!;
export const modalDialog = (el: Element) => $<HTMLDialogElement>(el, 'dialog.modal')!;
export const rebindConfirm = (el: Element) => rebindScreen(el).querySelector<HTMLButtonElement>('[part~="primary-action"]')!;
export const rebindCancel = (el: Element) => rebindScreen(el).querySelector<HTMLButtonElement>('[part~="action"]')!;
export const buttonByText = (el: Element, text: string) =>
  [...root(el).querySelectorAll<HTMLElement>('button, a')].find((b) => b.textContent!.replace(/\s+/g, ' ').trim() === text);
/** A short name for a node, so a failed focus check prints something readable. */
export const describeNode = (node: Element | null | undefined) =>
  node ? `${node.localName}${node.id ? `#${node.id}` : ''} "${(node.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)}"` : String(node);
/** Presses a control as a pointer user does: it takes focus, then the click. */
export function press(control: HTMLElement | null | undefined) {
  if (!control) throw new Error('no such control');
  control.focus();
  control.click();
}
/** Every piece of text and every attribute value in the shadow tree, for "never shown" checks. */
export function everything(el: Element): string {
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
export const link = (masked = '60*****00', count = 2) => session.update({ linked: true, maskedPhoneNumber: masked, count });
/** A modal basket of the page's own, opened with the public show(). */
export async function openModal(screen: 'basket' | 'binding') {
  const el = document.createElement('inpost-pay-basket');
  el.modal = true;
  document.body.append(el);
  await el.show(screen);
  return el;
}
export async function inline(markup = html`<inpost-pay-basket></inpost-pay-basket>`) {
  const el = await fixture<InpostPayBasket>(markup);
  await el.updateComplete;
  return el;
}
export async function type(el: InpostPayBasket, number: string, prefix?: string) {
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
export async function submit(el: InpostPayBasket) {
  press(buttonByText(el, 'Połącz'));
  await el.updateComplete;
}
export async function openRebind(el: InpostPayBasket) {
  press($<HTMLButtonElement>(el, '#rebind'));
  await until(() => rebindShown(el), 'the rebind confirmation');
}
export const dataUrl =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
export const bound = (masked: unknown = '50*****00') => ({
  status: 'SUCCESS',
  inpost_basket_id: 'b1',
  phone_number: { country_prefix: '+48', phone: '500600700' },
  browser: { browser_trusted: true, browser_id: 'x' },
  masked_phone_number: masked,
});

/** Before the basket's tests: no page language, so the strings are Polish by default. */
export function basketSuite(): void {
  before(() => document.documentElement.removeAttribute('lang'));
  afterEach(() => {
    for (const m of document.querySelectorAll('inpost-pay-basket[modal]')) m.remove();
    resetWidget();
  });
}
