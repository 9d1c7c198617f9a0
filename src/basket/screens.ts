/**
 * The basket's screens, one render function each: the bound basket (masked phone), the phone
 * form, the QR code, and the wait for the app. Each returns the parts of the screen frame
 * (`frame()`): its title, body, message and actions. A new screen goes here, with a `Step` in
 * `binding-flow.ts` that leads to it and a case in `InpostPayBasket.#screenContent()`.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { SessionState } from '../core/events.js';
import type { Strings } from '../i18n/index.js';
import type { BindingFlow } from './binding-flow.js';
import { action, alert, busyLabel, waiting } from './parts.js';
import { DEFAULT_PREFIX, PREFIXES } from './phone-field.js';

export interface ScreenContent {
  title: string;
  body: unknown;
  message?: unknown;
  actions: unknown;
  /** The actions are a choice between equals (the rebind confirmation): the same size side by side. */
  equal?: boolean;
  /**
   * The screen's own template literal around its content (the same one-binding literal, written
   * out in each screen function so that each has its own): Lit keeps a part's nodes only while the
   * same literal renders there, so another screen's content is laid out as new nodes (what the
   * `keyed` directive does, without its 0.24 KB gzipped of directive code). See `frame`.
   */
  wrap: (content: unknown) => TemplateResult;
}

/** The failure message the flow holds, in the current language. */
const failureText = (t: Strings, flow: BindingFlow) => (flow.failure ? t[flow.failure] : '');

/** "Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile": the masked phone, the count, the rebind. */
export function basketScreen(t: Strings, state: SessionState, onRebind: () => void): ScreenContent {
  const masked = state.maskedPhoneNumber;
  return {
    wrap: (c) => html`${c}`,
    title: t.waitingTitle,
    body: html`${masked
        ? html`<p><span class="muted">${t.boundTo}:</span> <span part="masked-phone" class="masked">${masked}</span></p>`
        : nothing}
      ${state.count === undefined ? nothing : html`<p class="muted">${t.products(state.count)}</p>`}`,
    actions: html`<button id="rebind" part="action" type="button" aria-haspopup="dialog" @click=${onRebind}>${t.rebind}</button>`,
  };
}

/** An empty basket offers nothing to buy: what to do instead of the phone form. */
export function emptyScreen(t: Strings): ScreenContent {
  return { wrap: (c) => html`${c}`, title: t.emptyTitle, body: html`<p class="muted">${t.emptyText}</p>`, actions: nothing };
}

/** The phone form: prefix, number, hint, the error once the field was left, "Połącz" and "use the QR code". */
export function phoneScreen(t: Strings, flow: BindingFlow): ScreenContent {
  const invalid = flow.touched && !flow.phoneValid;
  const poland = flow.prefix === DEFAULT_PREFIX;
  return {
    wrap: (c) => html`${c}`,
    title: t.bindTitle,
    body: html`${flow.status === 'removed' ? html`<p part="notice" class="notice">${t.removed}</p>` : nothing}
      <p class="muted">${t.bindIntro}</p>
      <div class="row">
        <div class="field prefix">
          <label for="prefix">${t.prefix}</label>
          <select id="prefix" autocomplete="tel-country-code" @change=${(e: Event) => flow.input((e.target as HTMLSelectElement).value, false)}>
            ${PREFIXES.map((p) => html`<option ?selected=${p === flow.prefix}>${p}</option>`)}
          </select>
        </div>
        <div class="field number">
          <label for="phone">${t.phone}</label>
          <input
            id="phone"
            part="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel-national"
            .value=${flow.number}
            aria-invalid=${invalid || nothing}
            aria-describedby=${invalid ? 'phone-error phone-hint' : 'phone-hint'}
            @input=${(e: Event) => flow.input((e.target as HTMLInputElement).value, true)}
            @blur=${() => flow.blur()}
          />
        </div>
      </div>
      <p id="phone-hint" class="hint">${poland ? t.phoneHint : t.phoneHintOther}</p>
      ${invalid ? html`<p id="phone-error" class="error">${poland ? t.phoneInvalid : t.phoneInvalidOther}</p>` : nothing}`,
    message: alert(failureText(t, flow)),
    actions: html`<button part="primary-action" class="primary" type="submit" aria-disabled=${flow.busy || nothing}>
        ${busyLabel(flow.busy, t.connect, t)}
      </button>
      ${action(t.useQr, () => void flow.request())}`,
  };
}

/** The QR code (and on a phone the app link) while waiting for the shopper to scan it. */
export function qrScreen(t: Strings, flow: BindingFlow): ScreenContent {
  const { qr, busy } = flow;
  const failure = failureText(t, flow);
  return {
    wrap: (c) => html`${c}`,
    title: t.qrTitle,
    body: html`${busy ? waiting(t.busy) : nothing}
      ${qr?.src ? html`<img part="qr" class="qr" src=${qr.src} alt=${t.qrAlt} />` : nothing}`,
    message: html`${alert(qr && !qr.src ? t.qrInvalid : failure)}
      ${qr?.link ? html`<a part="primary-action" class="primary" href=${qr.link}>${t.openApp}</a>` : nothing}
      ${qr?.src || qr?.link ? waiting(t.qrWaiting) : nothing}`,
    actions: html`${failure ? action(t.retry, () => void flow.request(), true) : nothing}
      ${action(t.usePhone, () => flow.backToPhone())}`,
  };
}

/** Waiting for the shopper to confirm in the app, or why that failed. */
export function waitingScreen(t: Strings, flow: BindingFlow): ScreenContent {
  const failure = failureText(t, flow);
  return {
    wrap: (c) => html`${c}`,
    title: t.confirmTitle,
    body: failure ? nothing : waiting(t.confirmText),
    message: alert(failure),
    // Going back to the form abandons the wait, as closing does.
    actions: action(failure ? t.retry : t.usePhone, () => flow.backToPhone(), Boolean(failure)),
  };
}

/**
 * The frame every screen shares: a form (so the phone form needs no element of its own; the
 * other screens have no field, so nothing submits them), the heading that takes focus, and the
 * status region: a live region inside the element (outside, a modal dialog would make it inert),
 * read to screen readers and not shown, as the screen itself already says what it announces.
 * The heading and the status region stay across screens (the heading keeps focus, the region
 * announces); what lies between them is new nodes on another screen (`ScreenContent.wrap`), so
 * a screen of another height adds and removes boxes instead of moving the actions row it would
 * otherwise share with the previous screen (a layout shift).
 */
export const frame = (content: ScreenContent, busy: boolean, status: string, onSubmit: (event: Event) => void): TemplateResult =>
  html`<form part="screen" class="screen" novalidate aria-busy=${busy || nothing} @submit=${onSubmit}>
    <h2 id="title" part="title" tabindex="-1">${content.title}</h2>
    ${content.wrap(
      html`${content.body} ${content.message ?? nothing}
        <div class="actions${content.equal ? ' equal' : ''}">${content.actions}</div>`,
    )}
    <p class="status visually-hidden" role="status">${status}</p>
  </form>`;
