// A product that needs a choice (a size) before it can go into the basket: its details go with
// can-be-bound and add-to-cart as `details`, for the shop's adapter to read.
import { configure } from 'inpost-pay-widget';

configure({
  endpoint: '/inpost-pay',
  productDetails(productId) {
    const size = document.querySelector<HTMLSelectElement>(`select[data-size-for="${CSS.escape(productId)}"]`)?.value;
    return size ? { size } : undefined;
  },
});
