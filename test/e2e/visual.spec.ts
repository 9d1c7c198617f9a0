/**
 * Visual regression: every state of both elements, screenshot against the committed baselines in
 * visual.spec.ts-snapshots/ (docs/visual-tests.md; update with `npm run test:visual:update`, then
 * look at every changed image before committing it). A small static page served here loads
 * dist/inpost-pay.iife.js with the shop's callbacks stubbed in the page; no demo, no network.
 * The font is pinned to DejaVu Sans (on every Debian machine, and the one this machine's
 * Chromium uses anyway), so a baseline does not change with the fonts installed.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import QRCode from 'qrcode';

const bundle = readFileSync(new URL('../../dist/inpost-pay.iife.js', import.meta.url));
let server: Server;
let origin = '';
let qr = '';

/** The page of one state set: the shop's callbacks stubbed, the font pinned, light or dark. */
function page(body: string, dark: boolean): string {
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<style>
  * { font-family: "DejaVu Sans"; }
  html { --inpost-pay-font: "DejaVu Sans"; }
  body { margin: 16px; background: ${dark ? '#121212' : '#ffffff'}; color: ${dark ? '#f2f2f2' : '#1a1a1a'}; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); gap: 16px; align-items: start; }
  .cell { display: grid; gap: 6px; min-width: 0; }
  .cell > small { font-size: 12px; color: ${dark ? '#c4c4c4' : '#4d4d4d'}; }
  .card { width: 215px; padding: 12px; border: 1px solid #8888; border-radius: 8px; display: grid; gap: 8px; }
  .shop-button { box-sizing: border-box; height: 44px; border: 0; border-radius: 6px; background: #2b6cb0; color: #fff; font-size: 15px; }
</style>
<script>
  window.__decline = false;
  window.iziCanBeBound = () => true;
  window.iziAddToCart = () => new Promise(() => {});
  window.iziGetPayData = (prefix) => (prefix ? [] : { qr_code: ${JSON.stringify(qr)} });
  window.iziGetIsBound = () => (window.__decline ? ((window.__decline = false), Promise.reject({ status: 'REJECT' })) : new Promise(() => {}));
  window.iziBindingDelete = () => new Promise(() => {});
</script>
<script src="/inpost-pay.iife.js"></script></head><body>${body}</body></html>`;
}

const cell = (label: string, content: string) => `<div class="cell"><small>${label}</small>${content}</div>`;
const d = (dark: boolean) => (dark ? ' dark' : '');

/** Every button: both variants, both languages, both schemes; with `linked` the page is linked (count 3). */
function buttons(dark: boolean, linked: boolean): string {
  const state = linked ? ' basket-linked masked-phone-number="60*****00" count="3"' : '';
  const cells = ['pl', 'en'].flatMap((lang) =>
    ['create', 'buy'].flatMap((variant) =>
      ['yellow', 'black'].map((scheme) =>
        cell(`${lang} ${variant} ${scheme}`, `<inpost-pay-button language="${lang}" variant="${variant}" scheme="${scheme}"${d(dark)}${state}></inpost-pay-button>`),
      ),
    ),
  );
  // Beside a shop's own button on a 215 px card, and at the narrowest widths the layout promises.
  cells.push(cell('on a card, beside the shop\'s button', `<div class="card"><button class="shop-button">Dodaj do koszyka</button><inpost-pay-button${d(dark)}${state}></inpost-pay-button></div>`));
  for (const width of [180, 240]) cells.push(cell(`${width} px`, `<div style="width:${width}px"><inpost-pay-button language="en"${d(dark)}${state}></inpost-pay-button></div>`));
  return `<div class="grid">${cells.join('')}</div>`;
}

/** Inline baskets, one per step of the binding screen, each driven there by `drive`. */
const STEPS = ['phone', 'phone-en', 'invalid', 'qr', 'waiting', 'declined'] as const;
function steps(dark: boolean): string {
  return `<div class="grid">${STEPS.map((step) => cell(step, `<inpost-pay-basket id="${step}"${step === 'phone-en' ? ' language="en"' : ''}${d(dark)}></inpost-pay-basket>`)).join('')}</div>`;
}

async function drive(page: Page): Promise<void> {
  const basket = (id: string) => page.locator(`#${id}`);
  await basket('invalid').getByLabel('Numer telefonu').fill('12');
  await basket('invalid').getByRole('button', { name: 'Połącz' }).click();
  await expect(basket('invalid').getByText('Wpisz poprawny numer telefonu: 9 cyfr.')).toBeVisible();
  await basket('qr').getByRole('button', { name: 'Zrób to z kodem QR' }).click();
  await expect(basket('qr').getByRole('img')).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __decline: boolean }).__decline = true));
  await basket('declined').getByLabel('Numer telefonu').fill('600100200');
  await basket('declined').getByRole('button', { name: 'Połącz' }).click();
  await expect(basket('declined').getByText('Połączenie zostało odrzucone w aplikacji InPost Mobile.')).toBeVisible();
  await basket('waiting').getByLabel('Numer telefonu').fill('600100300');
  await basket('waiting').getByRole('button', { name: 'Połącz' }).click();
  await expect(basket('waiting').getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
  // Nothing focused: a focus ring in a baseline would depend on which step was driven last.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** The bound basket inline (pl, en) and the rebind confirmation in its place. */
function linkedBaskets(dark: boolean): string {
  return `<inpost-pay-button hidden basket-linked masked-phone-number="60*****00" count="3"></inpost-pay-button>
<div class="grid">${cell('masked phone', `<inpost-pay-basket${d(dark)}></inpost-pay-basket>`)}${cell('masked phone en', `<inpost-pay-basket language="en"${d(dark)}></inpost-pay-basket>`)}${cell('rebind', `<inpost-pay-basket id="rebind"${d(dark)}></inpost-pay-basket>`)}</div>`;
}

/** The empty basket: its button and the inline basket, with the shop's count 0. */
function empty(dark: boolean): string {
  return `<div class="grid">${cell('buy, count 0', `<inpost-pay-button variant="buy" count="0"${d(dark)}></inpost-pay-button>`)}${cell('basket, count 0', `<inpost-pay-basket${d(dark)}></inpost-pay-basket>`)}${cell('basket en, count 0', `<inpost-pay-basket language="en"${d(dark)}></inpost-pay-basket>`)}</div>`;
}

test.beforeAll(async () => {
  qr = await QRCode.toDataURL('inpost://izilink?basket_id=visual-test', { margin: 1, width: 256 });
  const pages = new Map<string, string>();
  for (const dark of [false, true]) {
    const theme = dark ? 'dark' : 'light';
    pages.set(`/buttons-${theme}`, page(buttons(dark, false), dark));
    pages.set(`/buttons-linked-${theme}`, page(buttons(dark, true), dark));
    pages.set(`/steps-${theme}`, page(steps(dark), dark));
    pages.set(`/linked-${theme}`, page(linkedBaskets(dark), dark));
    pages.set(`/empty-${theme}`, page(empty(dark), dark));
    pages.set(`/modal-${theme}`, page(`<inpost-pay-button variant="buy" basket-linked masked-phone-number="60*****00" count="3"${d(dark)}></inpost-pay-button>`, dark));
  }
  server = createServer((req, res) => {
    if (req.url === '/inpost-pay.iife.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    const html = pages.get(req.url ?? '');
    if (!html) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Loaded, the elements rendered and the font in use. */
async function load(page: Page, path: string): Promise<void> {
  await page.goto(origin + path);
  await page.evaluate(async () => {
    await document.fonts.ready;
    const widgets = [...document.querySelectorAll('inpost-pay-button, inpost-pay-basket')] as unknown as { updateComplete: Promise<unknown> }[];
    await Promise.all(widgets.map((w) => w.updateComplete));
  });
}

// threshold: how far a pixel's colour may move (0 to 1, default 0.2, which lets a hover's 5 % darkening pass).
const shot = { fullPage: true, maxDiffPixelRatio: 0.002, threshold: 0.05 };

for (const width of [390, 1280]) {
  for (const theme of ['light', 'dark'] as const) {
    test.describe(`${width} px, ${theme}`, () => {
      test.use({ viewport: { width, height: 800 }, colorScheme: theme });

      test('buttons: variants, languages, schemes, narrow widths', async ({ page }) => {
        await load(page, `/buttons-${theme}`);
        await expect(page).toHaveScreenshot(`buttons-${width}-${theme}.png`, shot);
      });

      test('buttons linked, with the count', async ({ page }) => {
        await load(page, `/buttons-linked-${theme}`);
        await expect(page.getByRole('button', { name: 'Produkty w koszyku InPost Pay: 3 produkty' }).first()).toBeVisible();
        await expect(page).toHaveScreenshot(`buttons-linked-${width}-${theme}.png`, shot);
      });

      test('binding screen steps inline: phone (pl, en), invalid, QR, waiting, declined', async ({ page }) => {
        await load(page, `/steps-${theme}`);
        await drive(page);
        await expect(page).toHaveScreenshot(`basket-steps-${width}-${theme}.png`, shot);
      });

      test('bound basket inline and the rebind confirmation in its place', async ({ page }) => {
        await load(page, `/linked-${theme}`);
        await page.locator('#rebind').getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
        await expect(page.locator('#rebind').getByRole('heading', { name: /Czy na pewno/ })).toBeFocused();
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.mouse.move(0, 0);
        await expect(page).toHaveScreenshot(`basket-linked-${width}-${theme}.png`, shot);
      });

      test('empty basket: the button and the inline basket', async ({ page }) => {
        await load(page, `/empty-${theme}`);
        await expect(page.getByRole('heading', { name: 'Twój koszyk jest pusty' })).toBeVisible();
        await expect(page).toHaveScreenshot(`empty-${width}-${theme}.png`, shot);
      });

      test('modal: the bound basket, then the rebind confirmation in the same dialog', async ({ page }) => {
        await load(page, `/modal-${theme}`);
        await page.getByRole('button', { name: /Produkty w koszyku InPost Pay/ }).click();
        await page.mouse.move(0, 0);
        const dialog = page.getByRole('dialog');
        await expect(dialog.getByRole('heading', { name: /Twoje zakupy/ })).toBeFocused();
        await expect(page).toHaveScreenshot(`modal-basket-${width}-${theme}.png`, shot);
        await dialog.getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
        await expect(dialog.getByRole('heading', { name: /Czy na pewno/ })).toBeFocused();
        await expect(page.getByRole('dialog')).toHaveCount(1);
        // The pointer off the confirm button that took the rebind button's place: no hover in the baseline.
        await page.mouse.move(0, 0);
        await expect(page).toHaveScreenshot(`modal-rebind-${width}-${theme}.png`, shot);
      });
    });
  }
}
