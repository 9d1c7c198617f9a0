/**
 * A change made in the app shows on every open page of the shopper within 2 s, without a reload,
 * with either order-watch method: the count on every widget and the shop's cart badge, then, after
 * the basket is deleted in the app, every widget back to "Utwórz koszyk z InPost Pay".
 * The app is played through the sandbox's simulator API (the phone simulator page has its own spec).
 */
import { axeViolations } from './axe.js';
import { card, expect, modal, open, qaSettings, test, uniquePhone } from './fixtures.js';

// A push reaches the page at once, and so does the long poll: after the handler's poll answered
// nothing new (its time was up: 1 s in these tests), the loop asks again at once.
const WITHIN_MS = { websocket: 2000, loop: 2000 } as const;

for (const method of ['loop', 'websocket'] as const) {
  const WITHIN = { timeout: WITHIN_MS[method] };
  test(`app changes reach every open tab within ${WITHIN_MS[method] / 1000} s (${method})`, async ({ page, context, phone, demo }) => {
    await qaSettings(context, { orderWatch: method });
    await open(page, '/');
    await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
    const number = uniquePhone();
    await modal(page).getByLabel('Numer telefonu').fill(number);
    await modal(page).getByRole('button', { name: 'Połącz' }).click();
    const { basket_id: basketId } = await phone.accept(number);
    await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
    await page.keyboard.press('Escape');
    // The QA log shows the binding request as the widget shows numbers: masked.
    await expect(page.locator('#qa-log')).toContainText('iziGetPayData');
    await expect(page.locator('#qa-log')).not.toContainText(number);

    // A second tab of the same shopper, on the basket page.
    const basketTab = await context.newPage();
    await open(basketTab, '/basket');
    await expect(basketTab.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toBeVisible();
    const reloads: string[] = [];
    for (const tab of [page, basketTab]) tab.on('load', () => reloads.push(tab.url()));

    const app = (path: string, init: RequestInit) => fetch(`${demo.sandboxUrl}${path}`, init);
    const changed = await app(`/sandbox/baskets/${basketId}/quantity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ product_id: 'kubek', quantity: 3 }),
    });
    expect(changed.status).toBe(200);
    for (const tab of [page, basketTab]) {
      await expect(tab.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 3 produkty' }).first()).toBeVisible(WITHIN);
      await expect(tab.locator('#cart-count')).toHaveText('3', WITHIN);
    }
    await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 3 produkty' })).toHaveCount(4, WITHIN);

    // Deleted in the app: every widget of every tab offers a new basket again.
    expect((await app(`/sandbox/baskets/${basketId}/binding`, { method: 'DELETE' })).status).toBe(204);
    await expect(page.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' })).toHaveCount(4, WITHIN);
    await expect(basketTab.getByRole('button', { name: 'Kup z InPost Pay' })).toBeVisible(WITHIN);
    expect(reloads, 'no page reloaded').toEqual([]);
  });
}

test('the thank-you page follows the payment: declined, then paid in the app', async ({ page, phone, demo }) => {
  await open(page, '/');
  await card(page, 'plecak').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  const number = uniquePhone();
  await modal(page).getByLabel('Numer telefonu').fill(number);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  const { basket_id: basketId } = await phone.accept(number);
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);

  const order = (body: object) =>
    fetch(`${demo.sandboxUrl}/sandbox/baskets/${basketId}/order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await order({ payment_status: 'DECLINED' })).status).toBe(200);
  await page.waitForURL('**/thank-you');
  await expect(page.locator('#payment-status')).toHaveText('płatność odrzucona');
  expect(await axeViolations(page), 'thank-you page').toEqual([]);
  let reloaded = false;
  page.on('load', () => (reloaded = true));
  expect((await order({ payment_status: 'AUTHORIZED' })).status).toBe(200);
  await expect(page.locator('#payment-status')).toHaveText('opłacone', { timeout: WITHIN_MS.loop });
  expect(reloaded).toBe(false);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the basket page with quantities and promo codes is accessible (${theme})`, async ({ page, context }) => {
    await qaSettings(context, { theme });
    await open(page, '/');
    await card(page, 'kubek').getByRole('button', { name: 'Dodaj do koszyka' }).click();
    await open(page, '/basket');
    await page.getByLabel('Kod rabatowy (np. INPOST10)').fill('TANIEJ50');
    await page.getByRole('button', { name: 'Dodaj kod' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Ten kod rabatowy' })).toHaveText('Ten kod rabatowy jest nieprawidłowy lub wygasł.');
    expect(await axeViolations(page), 'a refused code').toEqual([]);
    await page.getByLabel('Kod rabatowy (np. INPOST10)').fill('inpost10');
    await page.getByRole('button', { name: 'Dodaj kod' }).click();
    await expect(page.locator('#basket-total')).toHaveText('53,99 zł');
    await page.getByLabel('Ilość: Kubek termiczny').fill('2');
    await page.getByRole('button', { name: 'Zmień' }).click();
    await expect(page.locator('#cart-count')).toHaveText('2');
    await expect(page.locator('#basket-total')).toHaveText('107,98 zł');
    expect(await axeViolations(page), 'INPOST10 applied').toEqual([]);
    await page.getByRole('button', { name: 'Usuń kod INPOST10' }).click();
    await expect(page.locator('#basket-total')).toHaveText('119,98 zł');
  });
}
