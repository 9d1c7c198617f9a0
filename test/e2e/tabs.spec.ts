/**
 * Two tabs of the shop in one browser share the binding, the count and a rebind, without a reload;
 * a reload keeps the binding (server-rendered attributes).
 */
import { card, expect, masked, modal, open, test, uniquePhone } from './fixtures.js';

test('binding in one tab shows in the other without reload; a reload keeps it', async ({ context, phone }) => {
  const number = uniquePhone();
  const first = await context.newPage();
  const second = await context.newPage();
  await open(first, '/');
  await open(second, '/basket');
  // The cart is empty: its button offers nothing to buy, the inline basket says so.
  await expect(second.locator('inpost-pay-button[variant="buy"]').getByText('Koszyk jest pusty')).toBeVisible();
  await expect(second.getByRole('button', { name: 'Kup z InPost Pay' })).toHaveCount(0);
  let loads = 0;
  second.on('load', () => loads++);

  await card(first, 'ladowarka').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  await modal(first).getByLabel('Numer telefonu').fill(number);
  await modal(first).getByRole('button', { name: 'Połącz' }).click();
  await phone.accept(number);
  await expect(first.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);

  // The other tab follows without a reload.
  const secondBasket = second.locator('inpost-pay-basket:not([modal])');
  await expect(second.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toBeVisible();
  await expect(secondBasket.getByText(masked(number), { exact: true })).toBeVisible();
  expect(loads).toBe(0);

  // A reload keeps the bound state: the server renders it into the attributes.
  const response = await second.reload();
  const html = await response!.text();
  expect(html).toMatch(new RegExp(`<inpost-pay-button variant="buy"[^>]* basket-linked masked-phone-number="${masked(number).replace(/\*/g, '\\*')}" count="1"`));
  await expect(second.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toBeVisible();
  await expect(secondBasket.getByText(masked(number), { exact: true })).toBeVisible();
  await first.reload();
  await expect(first.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);

  // A rebind confirmed in the second tab unbinds the first one, again without a reload.
  loads = 0;
  first.on('load', () => loads++);
  await secondBasket.getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
  await secondBasket.getByRole('button', { name: 'Połącz z innym numerem telefonu' }).click();
  await expect(secondBasket.getByRole('heading', { name: 'Połącz koszyk z aplikacją InPost Mobile' })).toBeVisible();
  await expect(first.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' })).toHaveCount(4);
  expect(loads).toBe(0);
});
