/**
 * The shop's own cart view follows a change made in the app (issue 19): the demo's basket page
 * listens for `inpost-pay-basket-change` (fired by the widget's order watch from the state the
 * shop's backend pushes) and swaps its cart table in, without a reload. The app is played through
 * the sandbox's simulator API. (Promo codes added in the app need the handler's `changed`; they are
 * tested once the published handler serves the demo.)
 */
import { expect, modal, open, qaSettings, test, uniquePhone } from './fixtures.js';

// Not a latency bound (shop-push.spec.ts holds the 2 s of issue 11): time for the table's own fetch on a busy machine.
const WITHIN = { timeout: 5000 };

for (const method of ['loop', 'websocket'] as const) {
  test(`the basket page's table follows a quantity changed in the app, without a reload (${method})`, async ({ page, context, phone, demo }) => {
    await qaSettings(context, { orderWatch: method });
    await open(page, '/');
    await page.locator('article#kubek').getByRole('button', { name: 'Dodaj do koszyka' }).click();
    await open(page, '/basket');
    const quantity = page.getByLabel('Ilość: Kubek termiczny');
    await expect(quantity).toHaveValue('1');
    await expect(page.locator('#basket-total')).toHaveText('59,99 zł');

    // The page's order watch takes the first state it hears as its baseline (a change made before
    // it is no change to it), so the app changes the basket only once the watch has it: the first
    // answer of the long poll, or the socket's first message.
    const baseline =
      method === 'loop'
        ? page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('/order-complete'))
        : new Promise<void>((resolve) => page.on('websocket', (socket) => socket.on('framereceived', () => resolve())));
    await page.getByRole('button', { name: 'Kup z InPost Pay' }).click();
    const number = uniquePhone();
    await modal(page).getByLabel('Numer telefonu').fill(number);
    await modal(page).getByRole('button', { name: 'Połącz' }).click();
    const { basket_id: basketId } = await phone.accept(number);
    await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' }).first()).toBeVisible();
    await page.keyboard.press('Escape');
    await baseline;
    let reloaded = false;
    page.on('load', () => (reloaded = true));
    const changes: unknown[] = [];
    await page.exposeFunction('basketChanged', (detail: unknown) => changes.push(detail));
    await page.evaluate(() =>
      document.addEventListener('inpost-pay-basket-change', (e) => (window as unknown as { basketChanged(d: unknown): void }).basketChanged((e as CustomEvent).detail)),
    );

    const changed = await fetch(`${demo.sandboxUrl}/sandbox/baskets/${basketId}/quantity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product_id: 'kubek', quantity: 2 }),
    });
    expect(changed.status).toBe(200);
    await expect(quantity).toHaveValue('2', WITHIN);
    await expect(page.locator('#basket-total')).toHaveText('119,98 zł', WITHIN);
    await expect(page.locator('#cart-count')).toHaveText('2');
    await expect(page.locator('#qa-log')).toContainText('koszyk odświeżony');
    expect(changes).toContainEqual({ count: 2, basketLinked: true, changed: ['basket'] });
    expect(reloaded, 'no reload').toBe(false);
  });
}
