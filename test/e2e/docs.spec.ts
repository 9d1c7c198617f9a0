/**
 * The documentation site and its HTML snippets in Chromium.
 *
 * - The built site (`npm run docs`, which `npm test` runs in its checks) loads the real script-tag
 *   bundle and its live elements upgrade: every variant renders, the state controls change every
 *   element at once, the language switch and the theme controls reach the elements.
 * - The pages a shop copies from the guide (docs/snippets/script-tag/*.html, first-widget/) run as
 *   written against the built bundles, with the shop's script (shop-inpost.js) calling a fake backend.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const site = 'docs/.vitepress/dist';
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.woff2': 'font/woff2' };

/** Serves the built site as a static host with clean URLs would, and the snippet pages under /snippet/. */
function serve(backendCalls: string[]): Server {
  const assets: Record<string, string> = {
    '/assets/inpost-pay.iife.js': 'dist/inpost-pay.iife.js',
    '/assets/inpost-izi.iife.js': 'dist/inpost-izi.iife.js',
    '/assets/shop-inpost.js': 'docs/snippets/script-tag/shop-inpost.js',
    '/assets/reserve-space.css': 'docs/snippets/script-tag/reserve-space.css',
  };
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path.startsWith('/api/izi/')) {
      // The shop's backend, as the snippet's callbacks call it: this product cannot be bound.
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        backendCalls.push(`${path} ${body}`);
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ canBeBound: false }));
      });
      return;
    }
    const file =
      assets[path] ??
      (path.startsWith('/snippet/')
        ? join('docs/snippets', normalize(path.slice('/snippet/'.length)).replace(/^(\.\.[/\\])+/, ''))
        : [join(site, path), `${join(site, path)}.html`, join(site, path, 'index.html')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile()));
    if (!file || !existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
}

const backendCalls: string[] = [];
let server: Server;
let origin = '';
test.beforeAll(async () => {
  if (!existsSync(join(site, 'guide/elements.html'))) throw new Error(`${site} is missing: run \`npm run docs\` first (npm test does).`);
  server = serve(backendCalls);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Collects page errors, so a test can say the page ran without one. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test.describe('the documentation site', () => {
  test('the elements page renders every variant with the real bundle', async ({ page }) => {
    const errors = errorsOf(page);
    await page.goto(`${origin}/guide/elements`);
    const playground = page.locator('.playground').first();
    await expect(playground).toHaveAttribute('data-ready', 'yes');
    // Upgraded elements have a shadow root whose native button carries the label.
    await expect(playground.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).first()).toBeVisible();
    await expect(playground.getByRole('button', { name: 'Kup z InPost Pay' })).toBeVisible();
    expect(await playground.locator('inpost-pay-button').count()).toBe(7);
    const upgraded = await playground.locator('inpost-pay-button, inpost-pay-basket').evaluateAll((elements) => elements.every((element) => element.shadowRoot !== null));
    expect(upgraded).toBe(true);
    // The inline basket shows the binding screen while unlinked.
    await expect(playground.locator('inpost-pay-basket').getByRole('textbox')).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the state controls link every element with a count, and unlink them', async ({ page }) => {
    await page.goto(`${origin}/guide/elements`);
    const playground = page.locator('.playground').first();
    await expect(playground).toHaveAttribute('data-ready', 'yes');
    await playground.locator('[data-control="link"]').click();
    await expect(playground.getByRole('button', { name: /Produkty w koszyku InPost Pay|Products in InPost Pay basket/ })).toHaveCount(7); // one of them in the other language
    await expect(playground.locator('inpost-pay-button').first().locator('[part="count"]')).toHaveText('3');
    await expect(playground.locator('inpost-pay-basket').getByText('60*****00').first()).toBeVisible();
    await playground.locator('[data-control="unlink"]').click();
    await expect(playground.getByRole('button', { name: /Produkty w koszyku InPost Pay|Products in InPost Pay basket/ })).toHaveCount(0);
  });

  test('the language switch and the theme controls reach the elements', async ({ page }) => {
    await page.goto(`${origin}/guide/elements`);
    const playground = page.locator('.playground').first();
    await expect(playground).toHaveAttribute('data-ready', 'yes');
    await playground.locator('[data-control="language"]').selectOption('en');
    await expect(playground.getByRole('button', { name: 'Buy with InPost Pay' })).toBeVisible();
    const first = playground.locator('inpost-pay-button').first().locator('[part="button"]');
    const before = await first.evaluate((button) => getComputedStyle(button).backgroundColor);
    await playground.locator('input[data-property="--inpost-pay-accent"]').fill('#00ff00');
    await expect.poll(() => first.evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(0, 255, 0)');
    expect(before).not.toBe('rgb(0, 255, 0)');
  });

  test('a press on a live button calls the stubbed callbacks and opens the binding screen', async ({ page }) => {
    await page.goto(`${origin}/guide/elements`);
    const playground = page.locator('.playground').first();
    await expect(playground).toHaveAttribute('data-ready', 'yes');
    await playground.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).first().click();
    await expect(playground.locator('.log')).toContainText('iziCanBeBound(SKU-1) → true');
    await expect(playground.locator('.log')).toContainText('iziAddToCart(SKU-1)');
  });
});

test.describe("the guide's pages, run as written", () => {
  test('product card: the shop script configures the callbacks; a press asks the backend', async ({ page }) => {
    const errors = errorsOf(page);
    await page.goto(`${origin}/snippet/script-tag/product-card.html`);
    await page.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' }).click();
    await expect(page.locator('inpost-pay-button [part="message"]')).toContainText('Tego produktu nie można jeszcze dodać');
    expect(backendCalls).toContain('/api/izi/can-be-bound {"productId":"SKU-123"}');
    expect(errors).toEqual([]);
  });

  test('basket page: the button and the inline binding screen', async ({ page }) => {
    await page.goto(`${origin}/snippet/script-tag/basket-page.html`);
    await expect(page.getByRole('button', { name: 'Kup z InPost Pay' })).toBeVisible();
    await expect(page.locator('inpost-pay-basket').getByRole('textbox')).toBeVisible();
  });

  test('basket page rendered bound by the server: linked with its count at first paint', async ({ page }) => {
    await page.goto(`${origin}/snippet/script-tag/basket-page-bound.html`);
    await expect(page.getByRole('button', { name: /Produkty w koszyku InPost Pay/ })).toBeVisible();
    await expect(page.locator('inpost-pay-button [part="count"]')).toHaveText('3');
  });

  test("first widget: the one changed script tag upgrades the shop's <inpost-izi-button>", async ({ page }) => {
    await page.goto(`${origin}/snippet/first-widget/script-tag.html`);
    await expect(page.getByRole('button', { name: 'Utwórz koszyk z InPost Pay' })).toBeVisible();
    expect(await page.locator('inpost-izi-button').evaluate((element) => element.shadowRoot !== null)).toBe(true);
  });
});
