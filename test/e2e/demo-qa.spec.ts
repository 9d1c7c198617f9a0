/**
 * The demo shop and the phone simulator as QA uses them all day (issue 20, "the demo for QA"):
 * a product page per product, the declined payment as a warning with a way forward, the 390 px
 * basket without broken words and with the QA panel off the widget, the size field marked without
 * moving the card grid, and the simulator's labels, QR expiry, dates, kept typing and limit reset.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { axeViolations } from './axe.js';
import { card, expect, modal, open, test, uniquePhone, type Phone } from './fixtures.js';
import { PhoneApp } from './phone-app.js';

const CREATE = 'Utwórz koszyk z InPost Pay';

// Several axe runs and two pages per test: room for a loaded machine.
test.setTimeout(120_000);

async function phoneApp(context: BrowserContext, url: string): Promise<PhoneApp> {
  return new PhoneApp(await context.newPage(), url).open();
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Boxes in page coordinates (the same for a fixed and a scrolled element only at one scroll position: read together). */
async function pageBoxes(page: Page, selectors: string[]): Promise<Box[][]> {
  return page.evaluate((list) => list.map((selector) => [...document.querySelectorAll(selector)].map((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
  })), selectors);
}

/** Words (runs of non-space) under `root` that the layout split over two lines, found by measuring each. */
async function brokenWords(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const broken: string[] = [];
    for (const scope of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        if ((node.parentElement?.closest('.visually-hidden'))) continue;
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, root);
}

/** Binds the visitor's basket (one product from the list) by phone; returns the shop's basket id. */
async function bindByPhone(page: Page, phone: Phone, productId: string, number: string): Promise<string> {
  await card(page, productId).getByRole('button', { name: CREATE }).click();
  await modal(page).getByLabel('Numer telefonu').fill(number);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  const request = await phone.accept(number);
  await expect(page.getByRole('button', { name: /Produkty w koszyku InPost Pay/ }).first()).toBeVisible();
  await modal(page).getByRole('button', { name: 'Zamknij' }).click();
  return request.basket_id;
}

test.describe('product page', () => {
  test('each product has a page, linked from the list, with the widget beside "Dodaj do koszyka"', async ({ page, phone }) => {
    await open(page, '/');
    await card(page, 'kubek').getByRole('link', { name: 'Kubek termiczny' }).click();
    await page.waitForURL('**/product/kubek');
    await expect(page.getByRole('heading', { level: 1, name: 'Kubek termiczny' })).toBeVisible();
    const add = page.getByRole('button', { name: 'Dodaj do koszyka' });
    const widget = page.locator('inpost-pay-button[product-id="kubek"]');
    await expect(widget.getByRole('button', { name: CREATE })).toBeVisible();
    // Beside: one row, the widget after the shop's button.
    const [addBox, widgetBox] = [(await add.boundingBox())!, (await widget.boundingBox())!];
    expect(widgetBox.x).toBeGreaterThanOrEqual(addBox.x + addBox.width);
    expect(Math.abs(widgetBox.y - addBox.y)).toBeLessThan(8);
    expect(await axeViolations(page), 'product page').toEqual([]);

    // Scenario 0's product-page step: the press adds the product and binds the basket.
    const number = uniquePhone();
    await widget.getByRole('button', { name: CREATE }).click();
    await modal(page).getByLabel('Numer telefonu').fill(number);
    await modal(page).getByRole('button', { name: 'Połącz' }).click();
    await phone.accept(number);
    await expect(widget.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 1 produkt' })).toBeVisible();
    await expect(page.locator('#cart-count')).toHaveText('1');
  });

  test('a product with sizes asks for one on its page; an unknown product is 404', async ({ page }) => {
    await open(page, '/product/koszulka');
    await page.locator('inpost-pay-button').getByRole('button', { name: CREATE }).click();
    const size = page.getByLabel('Rozmiar');
    await expect(size).toHaveAttribute('aria-invalid', 'true');
    await expect(size).toHaveAccessibleDescription('Najpierw wybierz rozmiar.');
    expect(await axeViolations(page), 'product page with the size marked').toEqual([]);
    expect((await page.request.get('/product/nie-ma-takiego')).status()).toBe(404);
    expect((await page.request.get('/product/ebook')).status(), 'a related-only product has no page').toBe(404);
  });
});

test('a declined payment is a warning with the way forward; paid later, the thank-you', async ({ page, phone, demo }) => {
  await open(page, '/');
  const basketId = await bindByPhone(page, phone, 'plecak', uniquePhone());
  const order = (body: object) =>
    fetch(`${demo.sandboxUrl}/sandbox/baskets/${basketId}/order`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await order({ payment_status: 'DECLINED' })).status).toBe(200);
  await page.waitForURL('**/thank-you');

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Płatność nie powiodła się');
  await expect(page.getByRole('heading', { name: 'Dziękujemy za zamówienie!' })).toHaveCount(0);
  const payment = page.locator('#payment');
  await expect(payment).toHaveAttribute('data-state', 'declined');
  await expect(payment.getByText(/zapłać ponownie/)).toBeVisible();
  await expect(payment.getByRole('link', { name: 'Wróć do koszyka' })).toBeVisible();
  // Styled as a warning: its own background and a thick coloured edge, unlike the page.
  const style = await payment.evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, edge: parseFloat(s.borderLeftWidth), page: getComputedStyle(document.body).backgroundColor };
  });
  expect(style.edge).toBeGreaterThanOrEqual(4);
  expect(style.background).not.toBe(style.page);
  expect(style.background).not.toBe('rgba(0, 0, 0, 0)');
  expect(await axeViolations(page), 'declined thank-you page').toEqual([]);

  let reloaded = false;
  page.on('load', () => (reloaded = true));
  expect((await order({ payment_status: 'AUTHORIZED' })).status).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dziękujemy za zamówienie!');
  await expect(page.locator('#payment-status')).toHaveText('opłacone');
  await expect(payment).toHaveAttribute('data-state', 'paid');
  await expect(payment.getByRole('link', { name: 'Wróć do koszyka' })).toBeHidden();
  expect(reloaded).toBe(false);
  expect(await axeViolations(page), 'paid thank-you page').toEqual([]);
});

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the basket page: nothing overflows, no word breaks, the QA panel never covers the widget', async ({ page }) => {
    await open(page, '/');
    for (const id of ['kubek', 'plecak', 'ladowarka']) await card(page, id).getByRole('button', { name: 'Dodaj do koszyka' }).click();
    await open(page, '/basket');
    await page.getByLabel('Ilość: Ładowarka USB-C 65 W').fill('12');
    await page.getByRole('row', { name: /Ładowarka/ }).getByRole('button', { name: 'Zmień' }).click();
    await expect(page.locator('#cart-count')).toHaveText('14');

    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page scroll width').toBeLessThanOrEqual(390);
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll('main *, #qa-panel')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.left < -0.5 || r.right > innerWidth + 0.5);
      }).map((el) => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className));
    expect(outside, 'elements past the viewport').toEqual([]);
    const headers = await page.locator('.basket thead th').allTextContents();
    expect(headers.map((h) => h.trim())).toEqual(['Produkt', 'Ilość', 'Wartość']);
    expect(await brokenWords(page, '.basket'), 'words split over two lines').toEqual([]);
    // "Wartość" on one line: its box is one line high (the header's own font size).
    const header = await page.locator('.basket thead th').last().evaluate((th) => {
      const range = document.createRange();
      range.selectNodeContents(th);
      return range.getClientRects().length;
    });
    expect(header).toBe(1);

    for (const open of [false, true]) {
      if (open) await page.locator('#qa-panel > summary').click();
      await expect(page.locator('#qa-panel')).toHaveJSProperty('open', open);
      const [[panel], widgets] = await pageBoxes(page, ['#qa-panel', 'inpost-pay-button, inpost-pay-basket']);
      expect(widgets!.length).toBe(2);
      for (const widget of widgets!) expect(overlaps(panel!, widget), `QA panel (${open ? 'open' : 'closed'}) over a widget`).toBe(false);
    }
    expect(await axeViolations(page), 'basket page at 390 px').toEqual([]);
  });
});

test('at 1280 px the open QA panel is docked beside the page, not over the widget', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, '/');
  await card(page, 'kubek').getByRole('button', { name: 'Dodaj do koszyka' }).click();
  await open(page, '/basket');
  for (const panelOpen of [false, true]) {
    if (panelOpen) await page.locator('#qa-panel > summary').click();
    await expect(page.locator('#qa-panel')).toHaveJSProperty('open', panelOpen);
    for (const where of ['top', 'bottom'] as const) {
      await page.evaluate((to) => scrollTo(0, to === 'top' ? 0 : document.documentElement.scrollHeight), where);
      const [[panel], widgets] = await pageBoxes(page, ['#qa-panel', 'inpost-pay-button, inpost-pay-basket']);
      for (const widget of widgets!) expect(overlaps(panel!, widget), `QA panel (${panelOpen ? 'open' : 'closed'}, ${where}) over a widget`).toBe(false);
    }
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

for (const width of [1280, 390]) {
  test(`the size hint keeps the card grid steady and marks the field (${width} px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    await open(page, '/');
    const heights = () => page.locator('.products, .products > .card').evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height)));
    const before = await heights();
    const shirt = card(page, 'koszulka');
    const size = shirt.getByLabel('Rozmiar');
    await expect(size).not.toHaveAttribute('aria-invalid', 'true');

    await shirt.locator('inpost-pay-button').getByRole('button', { name: CREATE }).click();
    await expect(shirt.locator('inpost-pay-button').getByText(/Tego produktu nie można jeszcze dodać/)).toBeVisible();
    await expect(size).toHaveAttribute('aria-invalid', 'true');
    await expect(size).toHaveAccessibleDescription('Najpierw wybierz rozmiar.');
    await expect(shirt.getByText('Najpierw wybierz rozmiar.', { exact: true })).toBeVisible();
    // Visibly marked: the error colour around the field (a ring that takes no room).
    const mark = await size.evaluate((el) => ({ border: getComputedStyle(el).borderTopColor, ring: getComputedStyle(el).boxShadow }));
    expect(mark.border).toBe('rgb(183, 28, 28)');
    expect(mark.ring).toContain('rgb(183, 28, 28)');
    expect(await heights(), 'grid and card heights with the hint').toEqual(before);
    expect(await axeViolations(page), 'the list with the size marked').toEqual([]);

    await size.selectOption('M');
    await expect(size).not.toHaveAttribute('aria-invalid', 'true');
    await expect(shirt.locator('inpost-pay-button').getByText(/Tego produktu nie można jeszcze dodać/)).toBeHidden();
    expect(await heights(), 'grid and card heights once a size is chosen').toEqual(before);
  });
}

test.describe('phone simulator', () => {
  test('requests and baskets carry the basket id the shop\'s QA panel shows; full dates', async ({ page, context, demo }) => {
    await open(page, '/');
    const shown = page.locator('#qa-basket-id');
    await expect(shown).toHaveText('jeszcze brak');
    const app = await phoneApp(context, demo.phoneUrl);
    const number = uniquePhone();
    await card(page, 'kubek').getByRole('button', { name: CREATE }).click();
    await modal(page).getByLabel('Numer telefonu').fill(number);
    await modal(page).getByRole('button', { name: 'Połącz' }).click();
    // The session's basket appeared with the product: the QA panel learns its id without a reload.
    await expect(shown).toHaveText(/^[A-Za-z0-9_-]{8,}$/);
    const basketId = (await shown.textContent())!;
    await expect(app.request(number)).toContainText(`koszyk sklepu ${basketId}`);
    await app.accept(number);
    const basket = app.basket(number);
    await expect(basket).toContainText(`koszyk sklepu ${basketId}`);
    await expect(basket).toContainText(/ważny do \d{1,2}\.\d{1,2}\.\d{4}, \d{2}:\d{2}:\d{2}/);
    await expect(basket).not.toContainText('UTC');
    expect(await axeViolations(app.page), 'simulator with a labelled basket').toEqual([]);
  });

  test('a QR request lives as long as its page shows the code', async ({ page, context, demo }) => {
    await open(page, '/');
    const app = await phoneApp(context, demo.phoneUrl);
    await card(page, 'kubek').getByRole('button', { name: CREATE }).click();
    const dialog = modal(page);
    await dialog.getByRole('button', { name: 'Zrób to z kodem QR' }).click();
    await expect(dialog.getByRole('img', { name: /Kod QR/ })).toBeVisible();
    const basketId = (await page.locator('#qa-basket-id').textContent())!;
    const qr = app.qrRequest().filter({ hasText: `koszyk sklepu ${basketId}` });
    await expect(qr).toHaveCount(1);
    // The page told the sandbox it shows the code (what the QA panel says once the sandbox has it).
    const qrState = page.locator('#qa-qr-state');
    await expect(qrState).toHaveText(/^pokazany/);
    expect(await axeViolations(app.page), 'simulator with a QR request').toEqual([]);

    // The shopper goes back to the phone form: the code is abandoned, the request goes.
    await dialog.getByRole('button', { name: 'Podaj numer telefonu' }).click();
    await expect(qr).toHaveCount(0);
    await expect(qrState).toHaveText(/^zamknięty/);

    // Shown again, then the tab is closed: gone as well.
    await dialog.getByRole('button', { name: 'Zrób to z kodem QR' }).click();
    await expect(dialog.getByRole('img', { name: /Kod QR/ })).toBeVisible();
    await expect(qr).toHaveCount(1);
    await expect(qrState).toHaveText(/^pokazany/);
    await page.close();
    await expect(qr).toHaveCount(0);
  });

  test('a quantity being typed survives the basket redrawing under it', async ({ page, context, phone, demo }) => {
    await open(page, '/');
    const number = uniquePhone();
    await bindByPhone(page, phone, 'kubek', number);
    const app = await phoneApp(context, demo.phoneUrl);
    const field = app.basket(number).getByRole('spinbutton', { name: 'Ilość: Kubek termiczny', exact: true });
    await field.fill('3');
    // The shop changes the basket meanwhile (its PUT): the app redraws the basket with a new line.
    await card(page, 'plecak').getByRole('button', { name: 'Dodaj do koszyka' }).click();
    await expect(app.product(number, 'Plecak miejski')).toBeVisible();
    await expect(field).toHaveValue('3');
    await expect(field).toBeFocused();
    await app.basket(number).getByRole('button', { name: 'Zmień ilość: Kubek termiczny' }).click();
    await expect(app.status()).toHaveText('Ilość zmieniona: Kubek termiczny, 3 szt.');
    await expect(page.locator('#cart-count')).toHaveText('4');
  });

  test('the binding limit: the refusal says where the reset is, and the QA panel\'s reset lifts it', async ({ page }) => {
    await open(page, '/');
    const number = uniquePhone();
    await card(page, 'kubek').getByRole('button', { name: 'Dodaj do koszyka' }).click();
    await open(page, '/');
    const bind = () => page.evaluate(async (phoneNumber) => {
      const response = await fetch('/api/izi/pay-data', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prefix: '+48', phoneNumber, bindingPlace: 'PRODUCT_CARD' }) });
      return response.status;
    }, number);
    for (let i = 0; i < 5; i++) expect(await bind()).toBe(200);
    expect(await bind(), 'the 6th binding of one number in 10 minutes').toBe(429);

    // Through the widget: refused, and the QA panel opens saying how to reset.
    await card(page, 'kubek').getByRole('button', { name: CREATE }).click();
    await modal(page).getByLabel('Numer telefonu').fill(number);
    await modal(page).getByRole('button', { name: 'Połącz' }).click();
    const status = page.locator('#qa-reset-status');
    await expect(status).toHaveText(/limit próśb o powiązanie.*Resetuj limity powiązań/);
    await expect(page.locator('#qa-panel')).toHaveJSProperty('open', true);
    await modal(page).getByRole('button', { name: 'Zamknij' }).click();

    await page.getByRole('button', { name: 'Resetuj limity powiązań' }).click();
    await expect(status).toHaveText(/^Limity zresetowane o /);
    expect(await bind(), 'after the reset').toBe(200);
    expect(await axeViolations(page), 'QA panel after the reset').toEqual([]);
  });
});
