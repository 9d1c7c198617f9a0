/**
 * The phone simulator page itself, against a small shop built on the merchant kit (so this file
 * does not depend on the demo shop's catalogue): accessible in every state (axe, WCAG 2.2 A/AA),
 * usable with the keyboard alone, in Polish, and impossible to frame.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect } from '@playwright/test';
import { createMerchantApi, InpostPayClient, MerchantApiError, toNodeListener, type Basket, type MerchantShop, type Order } from '../../src/merchant/index.js';
import { TOKEN_PATH } from '../../src/merchant/testing.js';
import { startSandbox, type Sandbox } from '../../dev/sandbox/index.js';
import { axeViolations } from './axe.js';
import { PhoneApp } from './phone-app.js';

const price = (gross: number) => ({ net: +(gross / 1.23).toFixed(2), gross: +gross.toFixed(2), vat: +(gross - gross / 1.23).toFixed(2) });

/** One-basket-per-id shop: quantities, the promo code INPOST10 (10 % off), orders. */
function smallShop(): MerchantShop {
  const carts = new Map<string, { quantity: number; promo: boolean; notice?: string }>();
  const orders = new Map<string, Order>();
  const cart = (id: string) => carts.get(id) ?? carts.set(id, { quantity: 2, promo: false }).get(id)!;
  const basket = (id: string): Basket => {
    const c = cart(id);
    const base = 59.99 * c.quantity;
    const final = c.promo ? base * 0.9 : base;
    const notice = c.notice;
    c.notice = undefined;
    return {
      summary: { basket_base_price: price(base), basket_final_price: price(final), currency: 'PLN', ...(notice ? { basket_notice: { type: 'ERROR' as const, description: notice } } : {}) },
      delivery: [
        { delivery_type: 'APM', delivery_date: '2026-12-01T12:00:00.000Z', delivery_price: price(11.99) },
        { delivery_type: 'COURIER', delivery_date: '2026-12-02T12:00:00.000Z', delivery_price: price(15.99) },
      ],
      products: c.quantity ? [{ product_id: 'kubek', product_name: 'Kubek termiczny', base_price: price(59.99), ...(c.promo ? { promo_price: price(59.99 * 0.9) } : {}), quantity: { quantity: c.quantity, quantity_type: 'INTEGER' } }] : [],
      consents: [
        { consent_id: 'terms', consent_link: 'https://shop.example/regulamin', consent_description: 'Akceptuję regulamin sklepu', consent_version: '1', requirement_type: 'REQUIRED_ALWAYS' },
        { consent_id: 'news', consent_link: 'https://shop.example/newsletter', consent_description: 'Chcę dostawać newsletter', consent_version: '1', requirement_type: 'OPTIONAL' },
      ],
      promo_codes: c.promo ? [{ name: 'Rabat 10%', promo_code_value: 'INPOST10' }] : [],
    };
  };
  return {
    getBasket: basket,
    confirmBinding: (id) => {
      // A shop with a bug: the kit answers 500 for it, which InPost refuses.
      if (id.endsWith('-broken')) throw new Error('the shop\'s own bug');
      return basket(id);
    },
    applyBasketEvent: (id, event) => {
      if (event.event_type === 'PRODUCTS_QUANTITY') cart(id).quantity = event.quantity_event_data[0]!.quantity.quantity;
      if (event.event_type === 'PROMO_CODES') {
        const codes = event.promo_codes_event_data.map((c) => c.promo_code_value);
        cart(id).promo = codes.includes('INPOST10');
        const unknown = codes.filter((c) => c !== 'INPOST10');
        if (unknown.length) cart(id).notice = `Kod ${unknown.join(', ')} nie istnieje`;
      }
      return basket(id);
    },
    deleteBinding: () => undefined,
    addProduct: () => undefined,
    createOrder: (request) => {
      const id = request.order_details.basket_id;
      if (!carts.has(id)) throw new MerchantApiError(404, 'BASKET_NOT_FOUND', 'Unknown basket');
      const b = basket(id);
      const order: Order = {
        order_details: {
          order_id: `ZAM-${orders.size + 1}`, pos_id: 'POS', order_creation_date: new Date().toISOString(), basket_id: id,
          order_merchant_status_description: 'Oczekuje na płatność', payment_type: request.order_details.payment_type,
          order_base_price: b.summary.basket_base_price, order_final_price: request.order_details.basket_price, currency: 'PLN', delivery_references_list: [],
        },
        account_info: request.account_info,
        delivery: { ...request.delivery, delivery_date: '2026-12-01T12:00:00.000Z', delivery_options: [], delivery_price: price(11.99) },
        products: [],
        consents: request.consents,
      };
      orders.set(order.order_details.order_id, order);
      return order;
    },
    getOrder: (id) => orders.get(id),
    applyOrderEvent: (id, event) => {
      if (!orders.has(id)) return undefined;
      return { order_merchant_status_description: event.event_data.payment_status === 'AUTHORIZED' ? 'Opłacone' : 'Płatność odrzucona' };
    },
    getProducts: (query) => ({ content: [], total_items: 0, page_index: query.page_index, page_size: query.page_size }),
  };
}

interface Fixtures {
  sandbox: Sandbox;
  inpost: InpostPayClient;
  app: PhoneApp;
}

const test = base.extend<Fixtures, { world: { sandbox: Sandbox; inpost: InpostPayClient } }>({
  world: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const sandbox = await startSandbox();
      const inpost = new InpostPayClient({ clientId: 'demo-shop', clientSecret: 'demo-secret', baseUrl: sandbox.url, tokenUrl: sandbox.url + TOKEN_PATH });
      // The default key settings: a rotation followed at once by a call must be accepted.
      const handler = toNodeListener(createMerchantApi({ shop: smallShop(), client: inpost, basePath: '/inpost', onError: () => undefined }));
      const server: Server = createServer((request, response) => (request.url?.startsWith('/inpost/') ? handler(request, response) : response.writeHead(404).end()));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      sandbox.setMerchantApiUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/inpost`);
      await use({ sandbox, inpost });
      await sandbox.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    { scope: 'worker' },
  ],
  sandbox: async ({ world }, use) => use(world.sandbox),
  inpost: async ({ world }, use) => use(world.inpost),
  app: async ({ page, world }, use) => use(await new PhoneApp(page, `${world.sandbox.url}/phone`).open()),
});

let basketSequence = 0;
/** A basket at InPost with a phone binding request waiting for `phone`; returns its id. */
async function pendingBasket(inpost: InpostPayClient, phone: string, shop: MerchantShop = smallShop(), suffix = ''): Promise<string> {
  const id = `cart-${process.pid}-${++basketSequence}${suffix}`;
  await inpost.putBasket(id, await shop.getBasket(id) as Basket);
  await inpost.createBinding(id, { binding_method: 'PHONE', binding_place: 'BASKET_SUMMARY', phone_number: { country_prefix: '+48', phone }, browser: { user_agent: 'Playwright' } });
  return id;
}

test('in Polish, accessible in every state a QA session goes through', async ({ page, app, inpost }) => {
  await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
  await expect(page).toHaveTitle('Symulator telefonu InPost Pay (sandbox)');
  expect(await axeViolations(page), 'empty').toEqual([]);

  await pendingBasket(inpost, '605000101');
  await expect(app.request('605000101')).toBeVisible();
  expect(await axeViolations(page), 'a request waiting').toEqual([]);

  await app.accept('605000101');
  const basket = app.basket('605000101');
  await expect(basket.getByRole('table', { name: 'Produkty' })).toContainText('Kubek termiczny');
  expect(await axeViolations(page), 'a bound basket').toEqual([]);

  expect(await app.addPromoCode('605000101', 'ZLY')).toBe('Sklep: Kod ZLY nie istnieje');
  await expect(basket).toContainText('Komunikat sklepu: Kod ZLY nie istnieje');
  await app.chooseDelivery('605000101', 'Kurier InPost');
  await expect(basket.getByLabel('Miasto')).toHaveValue('Warszawa');
  expect(await axeViolations(page), 'a notice and the courier address').toEqual([]);

  // The shop requires its terms: the app does not order without them, and says so.
  await basket.getByRole('button', { name: 'Zamawiam i płacę' }).click();
  await expect(app.alert()).toHaveText('Błąd: Zaznacz wymagane zgody.');
  expect(await axeViolations(page), 'an error').toEqual([]);

  await app.pay('605000101', { result: 'Odrzucona' });
  await expect(basket).toContainText('Płatność: płatność odrzucona. Status w sklepie: Płatność odrzucona.');
  expect(await axeViolations(page), 'a declined payment').toEqual([]);
  await app.pay('605000101');
  await expect(basket).toContainText('Płatność: opłacone. Status w sklepie: Opłacone.');
  expect(await axeViolations(page), 'a paid order').toEqual([]);
});

test('QA works it with the keyboard alone', async ({ page, app, inpost }) => {
  await pendingBasket(inpost, '605000202');
  await expect(app.request('605000202')).toBeVisible();
  const accept = app.request('605000202').getByRole('button', { name: 'Akceptuj' });
  for (let i = 0; i < 30 && !(await accept.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(accept).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(app.status()).toHaveText('Koszyk powiązany z numerem 60*****02.');

  const quantity = app.basket('605000202').getByRole('spinbutton', { name: 'Ilość: Kubek termiczny' });
  await quantity.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('5');
  await page.keyboard.press('Enter');
  await expect(app.status()).toHaveText('Ilość zmieniona: Kubek termiczny, 5 szt.');
  await expect(app.product('605000202', 'Kubek termiczny')).toContainText('299,95');
  // The redraw keeps the field where the keyboard was.
  await expect(app.basket('605000202').getByRole('spinbutton', { name: 'Ilość: Kubek termiczny' })).toBeFocused();

  // A button that stays keeps the focus through its action and the redraw.
  const refresh = app.basket('605000202').getByRole('button', { name: 'Odśwież ze sklepu' });
  await refresh.focus();
  await page.keyboard.press('Enter');
  await expect(app.status()).toHaveText('Koszyk odczytany ze sklepu.');
  await expect(refresh).toBeFocused();

  // A control that goes away with its basket leaves the keyboard on the baskets' heading, not lost.
  await app.basket('605000202').getByRole('button', { name: 'Usuń koszyk z aplikacji' }).focus();
  await page.keyboard.press('Enter');
  await expect(app.status()).toHaveText('Koszyk usunięty z aplikacji.');
  await expect(page.getByRole('heading', { name: 'Koszyki w aplikacji' })).toBeFocused();
});

test('promo code and quantity changes reach the shop and come back as the app shows them', async ({ app, inpost }) => {
  await pendingBasket(inpost, '605000303');
  await app.accept('605000303');
  expect(await app.addPromoCode('605000303', 'INPOST10')).toBe('Kod INPOST10 dodany.');
  const basket = app.basket('605000303');
  await expect(basket.getByRole('listitem').filter({ hasText: 'INPOST10' })).toHaveText(/INPOST10 \(Rabat 10%\)/);
  // 2 × 59,99 zł less 10 %, and the locker's 11,99 zł on top.
  await expect(basket.getByRole('definition').first()).toHaveText(/^107,98\s*zł$/);
  await expect(basket.getByRole('definition').last()).toHaveText(/^119,97\s*zł$/);
  await app.removePromoCode('605000303', 'INPOST10');
  await app.setQuantity('605000303', 'Kubek termiczny', 1);
  await expect(app.product('605000303', 'Kubek termiczny')).toContainText('59,99');
  await app.removeProduct('605000303', 'Kubek termiczny');
  await expect(basket.getByRole('table', { name: 'Produkty' })).toContainText('Koszyk jest pusty.');
  await app.deleteBasket('605000303');
});

test('QA rotates the signing key and switches phone binding off; the shop still takes the app\'s calls', async ({ page, app, inpost, sandbox }) => {
  const before = await inpost.getSigningKeys();
  await page.getByRole('button', { name: 'Wygeneruj nowy klucz podpisu' }).click();
  await expect(app.status()).toHaveText(/^Nowy klucz podpisu: wersja \d+\.$/);
  const after = await inpost.getSigningKeys();
  expect(after.public_keys.length).toBe(before.public_keys.length + 1);
  await expect(page.getByText(`wersja ${after.public_keys[0]!.version}`, { exact: true })).toBeVisible();

  // The status line reads "Ustawienia zapisane." after every save, the first one included, so it
  // cannot tell a save from the one before: what the sandbox holds can. And the page redraws the
  // checkbox from the sandbox's state every second, which may undo a click made just before the
  // redraw of the previous save: then the save is made again.
  const phoneBindingUnavailable = async () =>
    ((await (await fetch(`${sandbox.url}/sandbox/state?calls=0`)).json()) as { settings: { phone_binding_unavailable: boolean } }).settings.phone_binding_unavailable;
  const savePhoneBindingOff = (off: boolean) =>
    expect(async () => {
      await page.getByLabel(/Wiązanie numerem telefonu niedostępne/).setChecked(off);
      await page.getByRole('button', { name: 'Zapisz ustawienia' }).click();
      await expect(app.status()).toHaveText('Ustawienia zapisane.');
      await expect.poll(phoneBindingUnavailable, { timeout: 3_000 }).toBe(off);
    }).toPass({ timeout: 20_000 });

  await savePhoneBindingOff(true);
  const refused = await pendingBasket(inpost, '605000505').catch((error: { errorCode?: string }) => error.errorCode);
  expect(refused).toBe('PHONE_BINDING_METHOD_UNAVAILABLE');
  await savePhoneBindingOff(false);
  await pendingBasket(inpost, '605000505');
  // Signed with the new key: the kit fetches the keys again on the unknown version.
  await app.accept('605000505');
});

test('a v2 basket: the shop\'s binding key, bound on the page as the phone that scanned the v2 widget', async ({ app, inpost }) => {
  const id = `cart-${process.pid}-v2`;
  await inpost.createBindingKey(id);
  const waiting = app.page.getByRole('listitem').filter({ has: app.page.getByRole('heading', { name: `Koszyk z widgetu InPost Pay v2 (koszyk ${id})` }) });
  await app.page.getByLabel('Numer telefonu').fill('605000707');
  await waiting.getByRole('button', { name: 'Powiąż ten koszyk' }).click();
  await expect(app.status()).toHaveText('Koszyk powiązany z numerem 60*****07.');
  // The app read the basket from the shop: its products are shown, and the shop may now PUT it (v2).
  await expect(app.product('605000707', 'Kubek termiczny')).toBeVisible();
  await expect(waiting).toHaveCount(0);
  const basket = (await smallShop().getBasket(id))!;
  await inpost.putBasket(id, basket, { apiVersion: 'v2' });
});

test('a wrong answer of the shop shows on the page, and the basket is not bound', async ({ page, app, inpost }) => {
  await pendingBasket(inpost, '605000606', smallShop(), '-broken');
  await app.request('605000606').getByRole('button', { name: 'Akceptuj' }).click();
  await expect(app.alert()).toHaveText(/^Błąd: Sklep odpowiedział niezgodnie z API InPost Pay: Status 500 .*InPost Pay expects 200$/);
  await expect(app.basket('605000606')).toHaveCount(0);
  const calls = page.getByRole('region', { name: 'Ostatnie wywołania API sklepu' });
  await expect(calls.getByRole('listitem').first()).toContainText(/confirmation → 500\s*Odrzucone: Status 500/);
  expect(await axeViolations(page)).toEqual([]);
});

test.describe('on a 320 px wide screen', () => {
  test.use({ viewport: { width: 320, height: 640 } });

  test('a bound basket reflows: no sideways scrolling, still axe clean', async ({ page, app, inpost }) => {
    await pendingBasket(inpost, '605000404');
    await app.accept('605000404');
    await expect(app.product('605000404', 'Kubek termiczny')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await axeViolations(page)).toEqual([]);
  });
});

test('the page cannot be framed by another site', async ({ page, sandbox }) => {
  const other = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<!doctype html><title>Obca strona</title><iframe title="simulator" src="${sandbox.url}/phone"></iframe>`);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const blocked = page.waitForEvent('console', { predicate: (message) => /frame-ancestors|X-Frame-Options/i.test(message.text()), timeout: 10_000 });
    await page.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
    expect((await blocked).text()).toMatch(/frame-ancestors 'none'|X-Frame-Options/);
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // Chromium shows its own error page in a refused frame: none of the simulator's content.
    await expect(frame.getByRole('heading', { name: /InPost Mobile/ })).toHaveCount(0);
  } finally {
    other.closeAllConnections();
    other.close();
  }
});
