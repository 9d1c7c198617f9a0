/**
 * The seed's second flow: on the basket page the masked-phone screen, "Połącz te zakupy z innym
 * kontem", the confirmation, iziBindingDelete (basket binding, then browser binding deleted at
 * InPost Pay), and binding the basket to another phone number.
 */
import { browserIdOf, card, expect, masked, modal, open, saveScreen, test, uniquePhone } from './fixtures.js';

test('rebind the basket to another phone number', async ({ page, context, phone }) => {
  const first = uniquePhone();
  const second = uniquePhone();
  await open(page, '/');
  await card(page, 'plecak').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  await modal(page).getByLabel('Numer telefonu').fill(first);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  const { basket_id: basketId } = await phone.accept(first);
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
  const browserId = await browserIdOf(context);

  let state = await phone.state();
  expect(state.baskets.find((b) => b.basket_id === basketId)).toMatchObject({ linked: true, masked_phone_number: masked(first) });
  expect(state.trusted_browsers.find((b) => b.browser_id === browserId)?.masked_phone_number).toBe(masked(first));

  await open(page, '/basket');
  const basket = page.locator('inpost-pay-basket:not([modal])');
  await expect(basket.getByRole('heading', { name: 'Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile' })).toBeVisible();
  await expect(basket.getByText(masked(first), { exact: true })).toBeVisible();
  await saveScreen(basket, 'masked-phone-screen');

  await basket.getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
  // The confirmation takes the screen's place (no second dialog), its question focused.
  const confirm = basket.getByRole('heading', { name: /Czy na pewno chcesz powiązać te zakupy z numerem telefonu innym niż/ });
  await expect(confirm).toBeFocused();
  await expect(confirm).toContainText(masked(first));
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await saveScreen(page, 'rebind-popup');
  await basket.getByRole('button', { name: 'Połącz z innym numerem telefonu' }).click();
  await expect(confirm).toBeHidden();

  // iziBindingDelete: the basket binding and the browser binding are gone at InPost Pay.
  await expect(basket.getByRole('heading', { name: 'Połącz koszyk z aplikacją InPost Mobile' })).toBeVisible();
  await expect(basket.getByRole('status')).toHaveText('Koszyk odłączony. Możesz połączyć go z innym numerem telefonu.');
  await expect(page.getByRole('button', { name: 'Kup z InPost Pay' })).toBeVisible();
  state = await phone.state();
  expect(state.baskets.find((b) => b.basket_id === basketId)?.linked).toBe(false);
  expect(state.trusted_browsers.some((b) => b.browser_id === browserId)).toBe(false);

  // Bind to the other number.
  await basket.getByLabel('Numer telefonu').fill(second);
  await basket.getByRole('button', { name: 'Połącz' }).click();
  await expect(basket.getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
  const request = await phone.accept(second);
  expect(request.basket_id).toBe(basketId);
  await expect(basket.getByText(masked(second), { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toBeVisible();

  state = await phone.state();
  expect(state.baskets.find((b) => b.basket_id === basketId)).toMatchObject({ linked: true, masked_phone_number: masked(second) });
  const trusted = state.trusted_browsers.filter((b) => b.browser_id === browserId);
  expect(trusted.map((b) => b.masked_phone_number)).toEqual([masked(second)]);
});

test('cancelling the rebind keeps the binding', async ({ page, context, phone }) => {
  await open(page, '/');
  const browserId = await browserIdOf(context);
  await phone.trust(browserId, '602000011');
  await open(page, '/');
  await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
  await open(page, '/basket');
  const basket = page.locator('inpost-pay-basket:not([modal])');
  await basket.getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
  const confirm = basket.getByRole('heading', { name: /Czy na pewno/ });
  await expect(confirm).toBeVisible();
  await basket.getByRole('button', { name: 'Anuluj' }).click();
  await expect(confirm).toBeHidden();
  await expect(basket.getByText('60*****11', { exact: true })).toBeVisible();
  expect((await phone.state()).trusted_browsers.some((b) => b.browser_id === browserId)).toBe(true);
});
