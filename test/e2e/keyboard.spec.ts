/**
 * Both flows with the keyboard only (Tab, Shift+Tab, Enter, Space, Escape and typing): focus moves
 * into every dialog and returns to the control that opened it.
 */
import { expect, focused, masked, open, tabUntil, test, uniquePhone } from './fixtures.js';

test('first flow by keyboard: press, binding dialog, phone number, accept; Escape returns focus', async ({ page, phone }) => {
  const number = uniquePhone();
  await open(page, '/');
  await tabUntil(page, (f) => f.hosts[0] === 'inpost-pay-button#plecak' && f.tag === 'button');
  await page.keyboard.press('Enter');

  // Focus moved into the dialog, on its heading.
  await expect(page.getByRole('dialog')).toBeVisible();
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', inDialog: true, text: 'Połącz koszyk z aplikacją InPost Mobile' });
  await tabUntil(page, (f) => f.id === 'phone');
  // Shift+Tab goes back to the prefix and Tab forward again.
  await page.keyboard.press('Shift+Tab');
  await expect.poll(() => focused(page)).toMatchObject({ id: 'prefix', inDialog: true });
  await page.keyboard.press('Tab');
  await expect.poll(() => focused(page)).toMatchObject({ id: 'phone' });
  await page.keyboard.type(number);
  await page.keyboard.press('Enter');

  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', text: 'Potwierdź w aplikacji InPost Mobile', inDialog: true });
  await phone.accept(number);
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
  // Focus stays in the dialog (never lost to the body) while it shows the linked basket.
  await expect.poll(async () => (await focused(page)).inDialog).toBe(true);

  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', hosts: ['inpost-pay-button#plecak'] });

  // The linked button opens the masked-phone screen with Space; Escape brings focus back.
  await page.keyboard.press('Space');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(masked(number), { exact: true })).toBeVisible();
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', inDialog: true, text: 'Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', hosts: ['inpost-pay-button#plecak'] });
});

test('second flow by keyboard: rebind confirmation, Escape, confirm, bind another number', async ({ page, phone }) => {
  const first = uniquePhone();
  const second = uniquePhone();
  await open(page, '/');
  await tabUntil(page, (f) => f.hosts[0] === 'inpost-pay-button#kubek' && f.tag === 'button');
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', inDialog: true });
  await tabUntil(page, (f) => f.id === 'phone');
  await page.keyboard.type(first);
  await page.keyboard.press('Enter');
  await phone.accept(first);
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);

  await open(page, '/basket');
  await tabUntil(page, (f) => f.tag === 'button' && f.text === 'Połącz te zakupy z innym kontem');
  await page.keyboard.press('Space');
  // The confirmation takes the inline screen's place, its question focused.
  const confirm = page.locator('inpost-pay-basket:not([modal])').getByRole('heading', { name: /Czy na pewno/ });
  await expect(confirm).toBeVisible();
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', id: 'title', inDialog: false });

  // Escape: the confirmation closes and focus returns to the rebind button; the binding stays.
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', text: 'Połącz te zakupy z innym kontem' });

  await page.keyboard.press('Enter');
  await expect(confirm).toBeVisible();
  await tabUntil(page, (f) => f.text === 'Połącz z innym numerem telefonu');
  await page.keyboard.press('Enter');
  await expect(confirm).toHaveCount(0);
  // After the unbinding, focus lands in the phone field of the binding screen (not on the page's body).
  // Soft, so the rest of the flow is still checked when it fails; the test fails all the same.
  await expect.soft.poll(() => focused(page), { message: 'focus moves to the phone field after the rebind' })
    .toMatchObject({ id: 'phone', hosts: ['inpost-pay-basket'] });
  if ((await focused(page)).id !== 'phone') await tabUntil(page, (f) => f.id === 'phone');
  await page.keyboard.type(second);
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', text: 'Potwierdź w aplikacji InPost Mobile' });
  await phone.accept(second);
  await expect(page.locator('inpost-pay-basket:not([modal])').getByText(masked(second), { exact: true })).toBeVisible();
  // Focus stays in the widget when the waiting screen turns into the masked-phone screen.
  await expect.soft.poll(async () => (await focused(page)).hosts, { message: 'focus stays in the basket after the app confirmed' })
    .toEqual(['inpost-pay-basket']);
});

test('binding dialog by keyboard: Escape while waiting closes it and returns focus to the opener', async ({ page }) => {
  await open(page, '/');
  await tabUntil(page, (f) => f.hosts[0] === 'inpost-pay-button#ladowarka' && f.tag === 'button');
  await page.keyboard.press('Enter');
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'h2', inDialog: true });
  // The close button is reachable backwards from the heading.
  await tabUntil(page, (f) => f.text.includes('Zamknij'), { back: true, max: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', hosts: ['inpost-pay-button#ladowarka'] });
});
