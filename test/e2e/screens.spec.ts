/**
 * Every state of both elements: an accessibility-tree snapshot (committed next to this file, in
 * `screens.spec.ts-snapshots/`) and a screenshot in `test-results/screens/` for QA to look at,
 * at desktop width and at 320 px (where nothing may overflow).
 */
import type { Locator, Page } from '@playwright/test';
import { browserIdOf, card, expect, modal, open, saveScreen, test } from './fixtures.js';

const NUMBER = '600111200'; // masked: 60*****00

/** No horizontal overflow of the page, and `target` fits the viewport's width. */
async function fits(page: Page, target: Locator): Promise<void> {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page scroll width').toBeLessThanOrEqual(width);
  const box = await target.boundingBox();
  expect(box, 'element has a box').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(width + 0.5);
}

for (const width of [1280, 320] as const) {
  test.describe(`screens at ${width} px`, () => {
    test.use({ viewport: { width, height: width === 320 ? 640 : 800 } });
    test.setTimeout(120_000);

    /** Checks the state: aria snapshot (desktop run only), screenshot, and fit at 320 px. */
    async function state(page: Page, target: Locator, name: string, shot: Locator | Page = target): Promise<void> {
      await expect(target).toBeVisible();
      if (width === 1280) await expect(target).toMatchAriaSnapshot({ name: `${name}.aria.yml` });
      await saveScreen(shot, `${name}-${width}`);
      if (width === 320) await fits(page, target);
    }

    test('button and modal screens (product card)', async ({ page, phone }) => {
      await open(page, '/');
      const mug = card(page, 'kubek').locator('inpost-pay-button');
      await state(page, mug, 'button-idle');

      const shirt = card(page, 'koszulka').locator('inpost-pay-button');
      await shirt.getByRole('button').click();
      await expect(shirt.getByText(/Tego produktu nie można jeszcze dodać/)).toBeVisible();
      await state(page, shirt, 'button-hint');

      await mug.getByRole('button').click();
      const dialog = modal(page);
      await state(page, dialog, 'binding-screen', page);
      await dialog.getByRole('button', { name: 'Połącz' }).click();
      await expect(dialog.getByText('Wpisz poprawny numer telefonu')).toBeVisible();
      await state(page, dialog, 'binding-screen-invalid', page);

      await dialog.getByRole('button', { name: 'Zrób to z kodem QR' }).click();
      await expect(dialog.getByRole('img', { name: /Kod QR/ })).toBeVisible();
      await state(page, dialog, 'qr-screen', page);
      await dialog.getByRole('button', { name: 'Podaj numer telefonu' }).click();

      await dialog.getByLabel('Numer telefonu').fill(NUMBER);
      await dialog.getByRole('button', { name: 'Połącz' }).click();
      await expect(dialog.getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
      await state(page, dialog, 'waiting-screen', page);

      await phone.reject(NUMBER);
      await expect(dialog.getByRole('alert')).not.toBeEmpty();
      await state(page, dialog, 'declined-screen', page);

      await dialog.getByRole('button', { name: 'Spróbuj ponownie' }).click();
      await dialog.getByRole('button', { name: 'Połącz' }).click();
      await phone.accept(NUMBER);
      await expect(dialog.getByText('60*****00', { exact: true })).toBeVisible();
      await state(page, dialog, 'masked-phone-screen-modal', page);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await state(page, mug, 'button-linked');
    });

    test('basket page screens (inline basket, rebind popup)', async ({ page, context, phone }) => {
      await open(page, '/');
      await phone.trust(await browserIdOf(context), NUMBER);
      await open(page, '/');
      await card(page, 'plecak').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
      await expect(page.getByRole('button', { name: /Produkty w koszyku InPost Pay/ })).toHaveCount(4);

      await open(page, '/basket');
      const button = page.locator('inpost-pay-button[variant="buy"]');
      const basket = page.locator('inpost-pay-basket:not([modal])');
      await state(page, button, 'buy-button-linked');
      await state(page, basket, 'masked-phone-screen');

      await basket.getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
      // The confirmation takes the screen's place: no second dialog.
      await expect(basket.getByRole('heading', { name: /Czy na pewno/ })).toBeVisible();
      await expect(page.getByRole('dialog')).toHaveCount(0);
      await state(page, basket, 'rebind-popup', page);
      await basket.getByRole('button', { name: 'Połącz z innym numerem telefonu' }).click();
      await expect(basket.getByRole('heading', { name: /Czy na pewno/ })).toHaveCount(0);
      await expect(basket.getByRole('heading', { name: 'Połącz koszyk z aplikacją InPost Mobile' })).toBeVisible();
      await state(page, basket, 'binding-screen-inline');
      await state(page, button, 'buy-button-idle');
    });
  });
}
