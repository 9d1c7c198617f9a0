/**
 * The demo pages are served with a strict Content-Security-Policy, and both flows run under it
 * with no violation and no console error.
 */
import { card, expect, masked, modal, open, test, uniquePhone, watchProblems } from './fixtures.js';

/** The directives of a CSP header, by name. */
function directives(header: string): Map<string, string[]> {
  return new Map(
    header.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
      const [name, ...values] = part.split(/\s+/);
      return [name!.toLowerCase(), values];
    }),
  );
}

for (const path of ['/', '/basket', '/thank-you']) {
  test(`${path} is served with a strict Content-Security-Policy`, async ({ request }) => {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const header = response.headers()['content-security-policy'];
    expect(header, 'content-security-policy header').toBeTruthy();
    expect(header).not.toContain("'unsafe-inline'");
    expect(header).not.toContain("'unsafe-eval'");
    const csp = directives(header!);
    expect(csp.get('script-src') ?? csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    // The page has no inline script for the policy to allow.
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
  });
}

test('both flows run under the policy with no violation and no console error', async ({ page, phone }) => {
  const first = uniquePhone();
  const second = uniquePhone();
  const problems = await watchProblems(page);

  await open(page, '/');
  await card(page, 'kubek').getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
  await modal(page).getByLabel('Numer telefonu').fill(first);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  await phone.accept(first);
  await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toHaveCount(4);
  await page.keyboard.press('Escape');
  expect(await problems.violations(), 'CSP violations on the product list').toEqual([]);

  await open(page, '/basket');
  const basket = page.locator('inpost-pay-basket:not([modal])');
  await basket.getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
  await basket.getByRole('button', { name: 'Połącz z innym numerem telefonu' }).click();
  await basket.getByRole('button', { name: 'Zrób to z kodem QR' }).click();
  await expect(basket.getByRole('img', { name: /Kod QR/ })).toBeVisible();
  await basket.getByRole('button', { name: 'Podaj numer telefonu' }).click();
  await basket.getByLabel('Numer telefonu').fill(second);
  await basket.getByRole('button', { name: 'Połącz' }).click();
  await phone.accept(second);
  await expect(basket.getByText(masked(second), { exact: true })).toBeVisible();
  expect(await problems.violations(), 'CSP violations on the basket page').toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
