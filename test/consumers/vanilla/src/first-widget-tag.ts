// What a shop moving from InPost's first widget (inpost-izi.iife.js) writes: its globals and
// <inpost-izi-button> typed, besides `window.InpostPay`.
/// <reference types="inpost-pay-widget/inpost-izi.iife.js" />

export function readFirstWidgetGlobals(): string | undefined {
  const encoded = window.iziGetBrowserData?.({ base64: true });
  window.handleInpostIziButtons?.();
  const button = document.querySelector('inpost-izi-button');
  button?.setAttribute('binding_place', 'PRODUCT_CARD');
  return typeof encoded === 'string' ? `${encoded}${button?.bindingPlace ?? ''}${window.InpostPay?.version ?? ''}` : undefined;
}
