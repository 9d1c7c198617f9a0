// The shop's callbacks; `calls` records them so the page can show what the widget called.
import { configure } from 'inpost-pay-widget';

export const calls: string[] = [];
configure({
  iziCanBeBound: (productId) => {
    calls.push(`iziCanBeBound(${productId})`);
    return false;
  },
});
