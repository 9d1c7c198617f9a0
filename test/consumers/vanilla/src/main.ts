// A shop in strict TypeScript, without a framework: the guide's configure() example (docs/snippets/script-tag/shop-inpost.js, copied beside it, is checked too),
// typed element lookups and typed events.
import { configure, maskPhone, type InpostPayButton } from 'inpost-pay-widget';
import 'inpost-pay-widget/define';

const calls: string[] = [];
const api = async (path: string, body?: object): Promise<{ canBeBound?: boolean }> => {
  calls.push(`${path} ${JSON.stringify(body ?? {})}`);
  return { canBeBound: false };
};
const waitForBinding = () => new Promise<never>(() => {});

configure({
  iziCanBeBound: (productId) => api('can-be-bound', { productId }).then((r) => r.canBeBound === true),
  iziAddToCart: (productId) => api('add-to-cart', { productId }),
  iziGetPayData: (prefix, phoneNumber, bindingPlace, browser) => api('pay-data', { prefix, phoneNumber, bindingPlace, browser }),
  iziGetIsBound: () => waitForBinding(),
  iziGetOrderComplete: () => api('order-complete'),
  iziBindingDelete: () => api('binding-delete'),
  orderWatch: { method: 'loop' },
});

const button: InpostPayButton | null = document.querySelector('inpost-pay-button');
if (button) button.size = 'lg';
document.addEventListener('inpost-pay-not-bindable', (event) => {
  const result = document.querySelector('output');
  if (result) result.textContent = `not bindable: ${event.detail.productId}; calls: ${calls.join(', ')}; ${maskPhone('600100200')}`;
});
