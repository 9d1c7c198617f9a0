/// <reference types="inpost-pay-widget/inpost-pay.iife.js" />
window.InpostPay?.configure({ iziCanBeBound: () => true });
