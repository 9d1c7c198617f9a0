/**
 * A shop built on InPost's first widget runs unchanged: its templates keep `<inpost-izi-button>`
 * with the first generation's attributes, its frontend keeps its `window.izi*` callbacks, event
 * streams and events aimed at `inpost-izi-button`, and only the script tag now loads our bundle.
 * The shop is `first-widget-shop/`: pages modeled on InPost's PrestaShop module templates, a fake of
 * that module's backend, and a frontend that behaves like the module's (see module-front.js).
 */
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { masked, startFirstWidgetShop, type BindingRequest } from './first-widget-shop/server.js';

type Shop = Awaited<ReturnType<typeof startFirstWidgetShop>>;

const test = base.extend<{ app: App }, { shop: Shop }>({
  shop: [
    async ({}, use) => {
      const shop = await startFirstWidgetShop();
      await use(shop);
      await shop.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ shop }, use) => use(shop.url),
  app: async ({ shop, context }, use) => use(new App(shop.url, context)),
});

/** The InPost Mobile app's side, told to the shop's backend as InPost Pay would. */
class App {
  constructor(
    readonly url: string,
    readonly context: BrowserContext,
  ) {}

  async cart(): Promise<string> {
    const cookie = (await this.context.cookies()).find((c) => c.name === 'PrestaShop');
    if (!cookie) throw new Error('no PrestaShop cookie yet: open a page first');
    return cookie.value;
  }

  async #post(action: string, body: Record<string, unknown> = {}): Promise<void> {
    const response = await fetch(`${this.url}/_app/carts/${await this.cart()}/${action}`, { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
  }

  /** Waits for this visitor's binding request (by phone, or by QR code) to reach the backend. */
  async request(method: 'PHONE' | 'DEEP_LINK', phone = ''): Promise<BindingRequest> {
    const cart = await this.cart();
    let found: BindingRequest | undefined;
    await expect
      .poll(async () => {
        const list = (await (await fetch(`${this.url}/_app/requests`)).json()) as BindingRequest[];
        found = list.filter((r) => r.cart === cart && r.method === method && (method === 'DEEP_LINK' || r.phone === phone)).at(-1);
        return Boolean(found);
      }, { message: `a ${method} binding request reaches the backend` })
      .toBe(true);
    return found!;
  }

  accept = (phone: string) => this.#post('accept', { phone });
  reject = (phone: string, withPhone: boolean) => this.#post('reject', { phone, withPhone });
  order = () => this.#post('order');
  unlink = () => this.#post('unlink');

  async calls(): Promise<string[]> {
    return (await fetch(`${this.url}/_app/calls`)).json() as Promise<string[]>;
  }
}

let sequence = 0;
/** A Polish mobile number of its own per test. */
const uniquePhone = () => `6${(++sequence % 9) + 1}${String((process.pid * 31 + Date.now() + sequence) % 10_000_000).padStart(7, '0')}`;

const modal = (page: Page): Locator => page.locator('inpost-pay-basket[modal]').getByRole('dialog');
const iziButton = (page: Page, name: string | RegExp): Locator => page.locator('inpost-izi-button').getByRole('button', { name });

/**
 * Opens a page as a shopper would use it. The module checks at load whether the basket is bound and,
 * without an answer within 1 s, closes its confirmation stream, whichever call opened it: a binding
 * started in that first second would never hear back. No shopper is that quick; the tests wait too.
 */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => Boolean(customElements.get('inpost-izi-button') && (window as { iziGetOrderComplete?: unknown }).iziGetOrderComplete));
  await page.waitForTimeout(1200);
}

/** The first flow on a product page, by phone; returns the phone number. */
async function bindByPhone(page: Page, app: App, phone = uniquePhone()): Promise<string> {
  await open(page, '/product/1');
  await iziButton(page, 'Utwórz koszyk z InPost Pay').click();
  await modal(page).getByLabel('Numer telefonu').fill(phone);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  await expect(modal(page).getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
  await app.request('PHONE', phone);
  await app.accept(phone);
  await expect(modal(page).getByText(masked(phone), { exact: true })).toBeVisible();
  return phone;
}

// No uncaught error in the page, the widget's or the shop's.
const pageErrors = new WeakMap<Page, string[]>();
test.beforeEach(async ({ page }) => {
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(String(error)));
});
test.afterEach(async ({ page }) => {
  expect(pageErrors.get(page)).toEqual([]);
});

test('the first flow: the module\'s markup and callbacks bind the basket by phone, with the count', async ({ page, app }) => {
  await open(page, '/product/1');
  const button = iziButton(page, 'Utwórz koszyk z InPost Pay');
  await expect(button).toBeVisible();
  await button.click();
  await expect(modal(page).getByRole('heading', { name: 'Połącz koszyk z aplikacją InPost Mobile' })).toBeVisible();
  const phone = uniquePhone();
  await modal(page).getByLabel('Numer telefonu').fill(phone);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  const request = await app.request('PHONE', phone);
  // The module's iziGetPayData asked window.iziGetBrowserData({base64: true}) synchronously: ours.
  expect(request).toMatchObject({ prefix: '+48', binding_place: 'PRODUCT_CARD' });
  expect(request.browser).toMatchObject({ user_agent: expect.stringContaining('Chrome') });
  await app.accept(phone);
  await expect(modal(page).getByText(masked(phone), { exact: true })).toBeVisible();
  await expect(modal(page).getByText('1 produkt', { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  expect(await app.calls()).toContain('POST inpost/v1/izi/merchant/basket/post/binding/+48/' + phone);
});

test('the count follows the shop\'s cart through inpost-update-count sent to inpost-izi-button', async ({ page, app }) => {
  await bindByPhone(page, app);
  await page.keyboard.press('Escape');
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  // The shop's own add-to-cart: PrestaShop's updateCart, then the module's inpost-update-count.
  await page.getByRole('button', { name: 'Dodaj do koszyka' }).click();
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 2 produkty')).toBeVisible();
  await page.getByLabel('Ilość').fill('3');
  await page.getByRole('button', { name: 'Dodaj do koszyka' }).click();
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 5 produktów')).toBeVisible();
});

test('the QR code: InPost\'s qr_code passed on as raw Base64 PNG is shown, and scanning it binds', async ({ page, app }) => {
  await open(page, '/product/1');
  await iziButton(page, 'Utwórz koszyk z InPost Pay').click();
  await modal(page).getByRole('button', { name: 'Zrób to z kodem QR' }).click();
  const qr = modal(page).getByRole('img', { name: 'Kod QR do połączenia koszyka z aplikacją InPost Mobile' });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo[A-Za-z0-9+/=]{2000,}$/);
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
  await app.request('DEEP_LINK');
  const phone = uniquePhone();
  await app.accept(phone);
  await expect(modal(page).getByText(masked(phone), { exact: true })).toBeVisible();
});

test('the order after the shopper closed the dialog: the page reaches the thank-you page', async ({ page, app }) => {
  await bindByPhone(page, app);
  // iziModalEventClose: the module closes its streams 50 ms later unless izi-binding-complete said bound.
  await page.keyboard.press('Escape');
  await expect(modal(page)).toBeHidden();
  await page.waitForTimeout(300);
  await app.order();
  await page.waitForURL(/\/order-confirmation\?id_cart=/, { timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Dziękujemy za zamówienie' })).toBeVisible();
});

test('an order stream the shop closed does not end the watch: the widget calls again after orderWatch.maxWait', async ({ page, app }) => {
  await open(page, '/product/1');
  // Shortened from 90 s for the test, before the watch starts.
  await page.evaluate(() => (window as unknown as { InpostPay: { configure(o: unknown): void } }).InpostPay.configure({ orderWatch: { maxWait: 2000, interval: 500 } }));
  const phone = uniquePhone();
  await iziButton(page, 'Utwórz koszyk z InPost Pay').click();
  await modal(page).getByLabel('Numer telefonu').fill(phone);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  await app.request('PHONE', phone);
  await app.accept(phone);
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  await page.waitForTimeout(500);
  // The module closes its streams on beforeunload (and on a dialog close it thinks unbound): the
  // pending iziGetOrderComplete can no longer settle.
  await page.evaluate(() => dispatchEvent(new Event('beforeunload')));
  await app.order();
  await page.waitForURL(/\/order-confirmation\?id_cart=/, { timeout: 15_000 });
});

test('a reload with a bound basket: the module\'s masked_phone_number and count show it linked at once', async ({ page, app }) => {
  const phone = await bindByPhone(page, app);
  await page.reload();
  const button = page.locator('inpost-izi-button');
  expect(await button.getAttribute('masked_phone_number')).toBe(masked(phone));
  expect(await button.getAttribute('basket-linked')).toBeNull();
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  await open(page, '/cart');
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  await app.order();
  await page.waitForURL(/\/order-confirmation\?id_cart=/, { timeout: 15_000 });
});

test('rebind to another phone number on the basket page', async ({ page, app }) => {
  const first = await bindByPhone(page, app);
  await open(page, '/cart');
  await iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt').click();
  await expect(modal(page).getByText(masked(first), { exact: true })).toBeVisible();
  await modal(page).getByRole('button', { name: 'Połącz te zakupy z innym kontem' }).click();
  await page.getByRole('button', { name: 'Połącz z innym numerem telefonu' }).click();
  await expect(modal(page).getByRole('heading', { name: 'Połącz koszyk z aplikacją InPost Mobile' })).toBeVisible();
  await expect(iziButton(page, 'Kup z InPost Pay')).toBeVisible();
  expect(await app.calls()).toContain('DELETE inpost/v1/izi/merchant/basket/delete/binding');
  const second = uniquePhone();
  await modal(page).getByLabel('Numer telefonu').fill(second);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  const request = await app.request('PHONE', second);
  expect(request.binding_place).toBe('BASKET_SUMMARY');
  await app.accept(second);
  await expect(modal(page).getByText(masked(second), { exact: true })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  // Still watched after the rebind and the dialog closed.
  await app.order();
  await page.waitForURL(/\/order-confirmation\?id_cart=/, { timeout: 15_000 });
});

test('unbound in the app: the module\'s {action: "refresh"} reloads the page unlinked', async ({ page, app }) => {
  await bindByPhone(page, app);
  await page.keyboard.press('Escape');
  await expect(iziButton(page, 'Produkty w koszyku InPost Pay: 1 produkt')).toBeVisible();
  const reloaded = page.waitForEvent('load');
  await app.unlink();
  await reloaded;
  await expect(iziButton(page, 'Utwórz koszyk z InPost Pay')).toBeVisible();
});

test('declined in the app: a REJECT carrying the phone shows the refusal', async ({ page, app }) => {
  await open(page, '/product/1');
  const phone = uniquePhone();
  await iziButton(page, 'Utwórz koszyk z InPost Pay').click();
  await modal(page).getByLabel('Numer telefonu').fill(phone);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  await app.request('PHONE', phone);
  await app.reject(phone, true);
  await expect(modal(page).getByRole('alert')).toHaveText('Połączenie zostało odrzucone w aplikacji InPost Mobile.');
  await expect(iziButton(page, 'Utwórz koszyk z InPost Pay')).toBeVisible();
});

test('declined in the app: a REJECT the module never passes on leaves the shopper a way back', async ({ page, app }) => {
  await open(page, '/product/1');
  const phone = uniquePhone();
  await iziButton(page, 'Utwórz koszyk z InPost Pay').click();
  await modal(page).getByLabel('Numer telefonu').fill(phone);
  await modal(page).getByRole('button', { name: 'Połącz' }).click();
  await app.request('PHONE', phone);
  await app.reject(phone, false);
  await page.waitForTimeout(2500);
  // The module's iziGetIsBound waits for a phone_number that never comes: still waiting, not stuck.
  await expect(modal(page).getByRole('heading', { name: 'Potwierdź w aplikacji InPost Mobile' })).toBeVisible();
  await modal(page).getByRole('button', { name: 'Podaj numer telefonu' }).click();
  await expect(modal(page).getByLabel('Numer telefonu')).toHaveValue(phone);
  await expect(iziButton(page, 'Utwórz koszyk z InPost Pay')).toBeVisible();
});
