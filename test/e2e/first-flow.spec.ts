/**
 * The seed's first flow: "Utwórz koszyk z InPost Pay" on a product card, with a trusted browser
 * (bound at once) and with a fresh one (binding screen, waiting screen, the app accepts or declines).
 */
import { browserIdOf, card, expect, masked, modal, open, saveScreen, test, trustBrowserViaQaPanel, uniquePhone, widgetReady } from './fixtures.js';

const LINKED = 'Produkty w koszyku InPost Pay';

test('trusted browser: the basket is bound at once and every button shows the count', async ({ page, phone, context }) => {
  await open(page, '/');
  await trustBrowserViaQaPanel(page);
  const browserId = await browserIdOf(context);
  expect((await phone.state()).trusted_browsers.map((b) => b.browser_id)).toContain(browserId);
  await open(page, '/');

  // The product that needs a size: without one, a hint and nothing added.
  const shirt = card(page, 'koszulka');
  await shirt.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  await expect(shirt.locator('inpost-pay-button').getByText(/Tego produktu nie można jeszcze dodać/)).toBeVisible();
  await saveScreen(shirt.locator('inpost-pay-button'), 'button-hint');
  await expect(page.locator('#cart-count')).toHaveText('0');
  await expect(page.getByRole('button', { name: new RegExp(LINKED) })).toHaveCount(0);

  // A product without sizes: bound at once, no dialog.
  await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  const linkedButtons = page.getByRole('button', { name: `${LINKED}: 1 produkt` });
  await expect(linkedButtons).toHaveCount(4);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('#cart-count')).toHaveText('1');

  // Now the shirt with a size: the count follows on every button.
  await shirt.getByLabel('Rozmiar').selectOption('M');
  // A linked button opens the masked-phone screen instead of adding, so add through the shop's form.
  await shirt.getByRole('button', { name: 'Dodaj do koszyka' }).click();
  await widgetReady(page);
  await expect(page.getByRole('button', { name: `${LINKED}: 2 produkty` })).toHaveCount(4);

  // The sandbox holds the basket bound to the trusted browser's phone.
  const linked = (await phone.state()).baskets.filter((b) => b.linked);
  expect(linked.some((b) => b.masked_phone_number === '60*****00' && b.products.length === 2)).toBe(true);
});

test('trusted browser: pressing on the product with a size chosen binds it with that size', async ({ page, phone, context }) => {
  await open(page, '/');
  await phone.trust(await browserIdOf(context), '601234567');
  await open(page, '/');
  const shirt = card(page, 'koszulka');
  await shirt.getByLabel('Rozmiar').selectOption('L');
  await shirt.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  await expect(page.getByRole('button', { name: `${LINKED}: 1 produkt` })).toHaveCount(4);
  await page.goto('/basket');
  await expect(page.getByRole('cell', { name: /Koszulka bawełniana \(rozmiar L\)/ })).toBeVisible();
  await expect(page.locator('inpost-pay-basket').first().getByText('60*****67', { exact: true })).toBeVisible();
});

test('fresh browser: phone number, waiting screen, accepted in the app', async ({ page, phone }) => {
  const number = uniquePhone();
  await open(page, '/');
  await card(page, 'plecak').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();

  const dialog = modal(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Połącz koszyk z aplikacją InPost Mobile' })).toBeFocused();
  await saveScreen(page, 'binding-screen');
  await dialog.getByLabel('Numer telefonu').fill(number);
  await dialog.getByRole('button', { name: 'Połącz' }).click();

  await expect(dialog.getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
  await saveScreen(page, 'waiting-screen');
  const request = await phone.accept(number);
  expect(request.binding_place).toBe('PRODUCT_CARD');

  // Said to screen readers by the status region, not shown: the screen itself shows the number.
  await expect(dialog.getByRole('status')).toHaveText(`Koszyk połączony z numerem ${masked(number)}.`);
  await expect(dialog.getByText(`Koszyk połączony z numerem ${masked(number)}.`)).not.toBeInViewport();
  await expect(page.getByRole('button', { name: `${LINKED}: 1 produkt` })).toHaveCount(4);
  await expect(dialog.getByText(masked(number), { exact: true })).toBeVisible();
  await saveScreen(page, 'masked-phone-screen-modal');
  expect((await phone.basket(request.basket_id))?.linked).toBe(true);
});

test('fresh browser: declined in the app shows the declined message and a retry', async ({ page, phone }) => {
  const number = uniquePhone();
  await open(page, '/');
  await card(page, 'ladowarka').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  const dialog = modal(page);
  await dialog.getByLabel('Numer telefonu').fill(number);
  await dialog.getByRole('button', { name: 'Połącz' }).click();
  await expect(dialog.getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
  await phone.reject(number);

  await expect(dialog.getByRole('alert')).toHaveText('Połączenie zostało odrzucone w aplikacji InPost Mobile.');
  await saveScreen(page, 'declined-screen');
  await expect(page.getByRole('button', { name: new RegExp(LINKED) })).toHaveCount(0);

  // Retry: back to the phone form, and a second attempt can succeed.
  await dialog.getByRole('button', { name: 'Spróbuj ponownie' }).click();
  await expect(dialog.getByLabel('Numer telefonu')).toBeVisible();
  await dialog.getByRole('button', { name: 'Połącz' }).click();
  await phone.accept(number);
  await expect(page.getByRole('button', { name: `${LINKED}: 1 produkt` })).toHaveCount(4);
});

test('fresh browser: QR code, scanned and accepted in the app', async ({ page, phone }) => {
  const number = uniquePhone();
  await open(page, '/');
  await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  const dialog = modal(page);
  await dialog.getByRole('button', { name: 'Zrób to z kodem QR' }).click();
  await expect(dialog.getByRole('heading', { name: 'Zeskanuj kod QR w aplikacji InPost Mobile' })).toBeVisible();
  await expect(dialog.getByRole('img', { name: /Kod QR/ })).toBeVisible();
  await saveScreen(page, 'qr-screen');
  await phone.acceptQr(number);
  await expect(page.getByRole('button', { name: `${LINKED}: 1 produkt` })).toHaveCount(4);
  await expect(dialog.getByText(masked(number), { exact: true })).toBeVisible();
});
