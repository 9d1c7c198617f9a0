/**
 * What shops written for InPost's first widget (`inpostizi.js`) rely on besides the callbacks:
 * `<inpost-izi-button>`, the globals that script defined, and the `izi-binding-complete` event it
 * sent. Part of `inpost-izi.iife.js` (`src/izi-iife.ts`), the script-tag bundle such shops load instead.
 */
import { defaultBrowserData } from '../core/browser-data.js';
import { session } from '../core/page.js';
import { define } from '../ui/widget-element.js';
import { InpostIziButton } from './inpost-izi-button.js';

declare global {
  interface Window {
    /** The browser description for a binding request; `{base64: true}` gives Base64 of its JSON. */
    iziGetBrowserData?: (options?: { base64?: boolean }) => unknown;
    /** Re-reads every button after the shop changed the page (the first widget's global). */
    handleInpostIziButtons?: () => void;
  }
}

const BUTTONS = 'inpost-izi-button, inpost-pay-button';

define('inpost-izi-button', InpostIziButton);

// A shop's own definition wins. Shops call this synchronously and send the result as a query
// parameter, hence Base64 of the JSON's UTF-8 bytes.
window.iziGetBrowserData ??= ({ base64 = false } = {}) => {
  const data = defaultBrowserData();
  return base64 ? btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(data)))) : data;
};

window.handleInpostIziButtons ??= () => {
  // As if the attributes had just been set: what the shop's server rendered joins the session again.
  // (Buttons the shop inserted meanwhile were upgraded when connected.)
  for (const button of document.querySelectorAll<InpostIziButton>(BUTTONS)) {
    button.requestUpdate('count', undefined);
    button.requestUpdate('maskedPhoneNumber', undefined);
    button.requestUpdate('basketLinked', false);
  }
};

/**
 * `izi-binding-complete` on every button whenever the page turns linked or unlinked, as the first
 * widget sent it: shops keep their order stream open only after it (and close it when the dialog
 * closes without it). Sent once the shop's own script has run its DOMContentLoaded setup, so a
 * page that loads linked tells it too. The PrestaShop module reads `basketLinked` on unbinding,
 * the first widget's documentation `basket_linked`: both are sent.
 */
let told = false;
const ready = new Promise<void>((resolve) =>
  document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', () => setTimeout(resolve), { once: true }) : resolve(),
);
document.addEventListener('inpost-pay-state', () =>
  ready.then(() => {
    const { linked, maskedPhoneNumber } = session.state;
    if (linked === told) return;
    told = linked;
    const detail = linked ? { masked_phone_number: maskedPhoneNumber, basket_linked: true } : { basket_linked: false, basketLinked: false };
    for (const button of document.querySelectorAll(BUTTONS)) button.dispatchEvent(new CustomEvent('izi-binding-complete', { detail }));
  }),
);
