'use client';
import { useEffect, useState } from 'react';

export default function ProductPage() {
  const [cart, setCart] = useState<{ name: string; quantity: number }[]>([]);
  useEffect(() => {
    const showCart = () => void fetch('/cart').then(async (answer) => setCart(await answer.json()));
    void import('inpost-pay-widget/define').then(() => import('inpost-pay-widget')).then(({ configure }) => configure({ endpoint: '/inpost-pay' }));
    // Added with the button, bound or unbound (inpost-pay-state); changed in the app (inpost-pay-basket-change).
    for (const event of ['inpost-pay-state', 'inpost-pay-basket-change']) document.addEventListener(event, showCart);
    showCart();
  }, []);
  return (
    <main>
      <h1>Kubek, 49 zł</h1> <inpost-pay-button product-id="mug" binding-place="PRODUCT_CARD" />
      <h2>Koszyk</h2> <ul>{cart.map(({ name, quantity }) => <li key={name}>{`${name} × ${quantity}`}</li>)}</ul>
    </main>
  );
}
