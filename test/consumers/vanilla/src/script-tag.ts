// What a shop that loads the script-tag bundle (inpost-pay.iife.js) writes: `window.InpostPay` typed.
/// <reference types="inpost-pay-widget/inpost-pay.iife.js" />

export function configureFromScriptTag(): string | undefined {
  window.InpostPay?.configure({ iziGetPayData: (_prefix, _phone, _place, browser) => browser.platform });
  return window.InpostPay?.version;
}
