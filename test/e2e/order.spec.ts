/**
 * After the basket is linked, the widget watches for the order (the seed's "looping or websocket
 * methods"); an order placed in the phone simulator takes the page to the thank-you page.
 */
import { card, expect, modal, open, qaSettings, test, uniquePhone, type Phone } from './fixtures.js';
import type { Page } from '@playwright/test';

/** Binds a one-product basket by phone and returns its basket id. */
async function bindByPhone(page: Page, phone: Phone, number: string): Promise<string> {
  await open(page, '/');
  await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  const dialog = modal(page);
  await dialog.getByLabel('Numer telefonu').fill(number);
  await dialog.getByRole('button', { name: 'Połącz' }).click();
  const request = await phone.accept(number);
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
  return request.basket_id;
}

for (const method of ['loop', 'websocket'] as const) {
  test(`order placed in the app: the page reaches the thank-you page (${method})`, async ({ page, context, phone }) => {
    await qaSettings(context, { orderWatch: method });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    const orderCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/izi/order-complete') orderCalls.push(request.url());
    });

    const basketId = await bindByPhone(page, phone, uniquePhone());
    if (method === 'websocket') {
      await expect.poll(() => sockets.filter((url) => url.endsWith('/api/izi/order-socket')).length).toBeGreaterThan(0);
    } else {
      await expect.poll(() => orderCalls.length, { message: 'the loop asks iziGetOrderComplete' }).toBeGreaterThan(0);
    }

    const { order_id: orderId } = await phone.placeOrder(basketId);
    await page.waitForURL('**/thank-you', { timeout: 15_000 });
    await expect(page.getByRole('heading', { name: 'Dziękujemy za zamówienie!' })).toBeVisible();
    await expect(page.locator('#order-id')).toHaveText(orderId);
    if (method === 'loop') expect(sockets).toEqual([]);
  });
}
