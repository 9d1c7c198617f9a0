import { configure } from 'inpost-pay-widget';
import 'inpost-pay-widget/define';

// The shop's own API client (any shape: the widget only sees what the callbacks return).
declare const api: {
  canBeBound(productId: string | undefined): Promise<boolean>;
  payData(request: object): Promise<unknown>;
};

// #region typed
configure({
  iziCanBeBound: (productId) => api.canBeBound(productId), // productId: string | undefined
  iziGetPayData: (prefix, phoneNumber, bindingPlace, browser) => api.payData({ prefix, phoneNumber, bindingPlace, browser }),
});
document.addEventListener('inpost-pay-error', (event) => console.warn(event.detail.callback, event.detail.reason, event.detail.code));
const button = document.querySelector('inpost-pay-button'); // InpostPayButton | null
if (button) button.variant = 'buy';
// #endregion typed
