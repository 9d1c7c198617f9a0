// A React 19 shop: the elements in JSX with typed attributes and a typed `on<event>` prop.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { configure, type NotBindableDetail } from 'inpost-pay-widget';
import 'inpost-pay-widget/define';

const calls: string[] = [];
configure({
  iziCanBeBound: (productId) => {
    calls.push(`iziCanBeBound(${productId})`);
    return false;
  },
  iziGetPayData: (prefix, phoneNumber, bindingPlace, browser) => ({ prefix, phoneNumber, bindingPlace, ua: browser.user_agent }),
});

function ProductCard() {
  const [refused, setRefused] = useState<NotBindableDetail>();
  return (
    <>
      <inpost-pay-button
        product-id="SKU-1"
        variant="create"
        size="lg"
        oninpost-pay-not-bindable={(event) => setRefused(event.detail)}
      />
      <output id="result">{refused ? `not bindable: ${refused.productId}; calls: ${calls.join(', ')}` : ''}</output>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ProductCard />
  </StrictMode>,
);
