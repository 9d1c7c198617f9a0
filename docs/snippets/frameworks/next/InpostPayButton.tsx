'use client';
// components/InpostPayButton.tsx: a client component. Registering custom elements needs a
// browser, so the package is imported in an effect, never during server rendering; the server
// renders the tag, which upgrades once the effect has run.
import { useEffect } from 'react';

export function InpostPayButton({ productId }: { productId: string }) {
  useEffect(() => {
    void import('inpost-pay-widget/define');
    void import('inpost-pay-widget').then(({ configure }) =>
      configure({ iziCanBeBound: (id) => fetch(`/api/izi/can-be-bound?product=${id}`).then((r) => r.json()) }),
    );
  }, []);
  return <inpost-pay-button product-id={productId} variant="create" />;
}
