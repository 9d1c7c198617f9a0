/**
 * The phone simulator page (`/phone` of the sandbox) driven as QA drives it: by what the page
 * shows and says (roles, labels, Polish texts), never through the sandbox's JSON API.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { masked } from './fixtures.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class PhoneApp {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async open(): Promise<this> {
    await this.page.goto(this.url);
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('InPost Mobile');
    return this;
  }

  /** The polite status line: what the last action did. */
  status(): Locator {
    return this.page.getByRole('status');
  }

  /** The alert line: why the last action failed. */
  alert(): Locator {
    return this.page.getByRole('alert');
  }

  /** The binding request pushed to `phone` (national digits). */
  request(phone: string): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: `Prośba o powiązanie: +48 ${masked(phone)}` }), hasText: `Na telefon +48 ${phone}` });
  }

  /** A QR request (the shop's code, scanned by the phone). */
  qrRequest(): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByRole('heading', { name: /^Kod QR zeskanowany/ }) });
  }

  async accept(phone: string, options: { trustBrowser?: boolean } = {}): Promise<void> {
    await this.#trust(options.trustBrowser ?? true);
    await this.request(phone).getByRole('button', { name: 'Akceptuj' }).click();
    await expect(this.status()).toHaveText(`Koszyk powiązany z numerem ${masked(phone)}.`);
  }

  async reject(phone: string): Promise<void> {
    await this.request(phone).getByRole('button', { name: 'Odrzuć' }).click();
    await expect(this.status()).toHaveText('Prośba odrzucona.');
  }

  /** Accepts the scanned QR code as the phone `phone` (typed into the page's phone fields first). */
  async acceptQr(phone: string): Promise<void> {
    await this.page.getByLabel('Numer telefonu').fill(phone);
    await this.qrRequest().first().getByRole('button', { name: 'Akceptuj' }).click();
    await expect(this.status()).toHaveText(`Koszyk powiązany z numerem ${masked(phone)}.`);
  }

  async #trust(trust: boolean): Promise<void> {
    await this.page.getByLabel('Zaufaj tej przeglądarce').setChecked(trust);
  }

  /** The basket bound to `phone`, as the app shows it. */
  basket(phone: string): Locator {
    // The masked number names the basket; the full one (the app's own) tells apart two that mask alike.
    return this.page.getByRole('article', { name: new RegExp(`^Koszyk ${escape(masked(phone))}`) }).filter({ hasText: `Telefon +48 ${phone} ` });
  }

  /** The row of a product in the basket of `phone`. */
  product(phone: string, name: string): Locator {
    return this.basket(phone).getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: new RegExp(`^${escape(name)}`) }) });
  }

  async setQuantity(phone: string, name: string, quantity: number): Promise<void> {
    await this.basket(phone).getByRole('spinbutton', { name: `Ilość: ${name}`, exact: true }).fill(String(quantity));
    await this.basket(phone).getByRole('button', { name: `Zmień ilość: ${name}` }).click();
    await expect(this.status()).toHaveText(quantity === 0 ? `Usunięto: ${name}.` : `Ilość zmieniona: ${name}, ${quantity} szt.`);
  }

  async removeProduct(phone: string, name: string): Promise<void> {
    await this.basket(phone).getByRole('button', { name: `Usuń z koszyka: ${name}` }).click();
    await expect(this.status()).toHaveText(`Usunięto: ${name}.`);
  }

  /** Adds one of the shop's related products ("Polecane przez sklep") to the basket. */
  async addRelated(phone: string, name: string): Promise<void> {
    await this.basket(phone).getByRole('button', { name: `Dodaj do koszyka: ${name}` }).click();
    await expect(this.status()).toHaveText(`Dodano: ${name}.`);
  }

  /** Adds a promo code; returns what the status line said (the shop may refuse the code). */
  async addPromoCode(phone: string, code: string): Promise<string> {
    await this.basket(phone).getByLabel('Kod rabatowy').fill(code);
    await this.basket(phone).getByRole('button', { name: 'Dodaj kod' }).click();
    await expect(this.status()).toHaveText(new RegExp(escape(code) + '|Sklep'));
    return (await this.status().textContent()) ?? '';
  }

  async removePromoCode(phone: string, code: string): Promise<void> {
    await this.basket(phone).getByRole('button', { name: `Usuń kod ${code}` }).click();
    await expect(this.status()).toHaveText(`Kod ${code} usunięty.`);
  }

  /** Deletes the basket in the app (the shopper's "usuń koszyk"). */
  async deleteBasket(phone: string): Promise<void> {
    await this.basket(phone).getByRole('button', { name: 'Usuń koszyk z aplikacji' }).click();
    await expect(this.status()).toHaveText('Koszyk usunięty z aplikacji.');
    await expect(this.basket(phone)).toHaveCount(0);
  }

  /** Chooses a delivery by the start of its label (`Paczkomat InPost`, `Kurier InPost`, `Dostawa cyfrowa`). */
  async chooseDelivery(phone: string, name: string): Promise<void> {
    await this.basket(phone).getByRole('group', { name: 'Dostawa' }).getByRole('radio', { name: new RegExp(`^${escape(name)}`) }).check();
  }

  async acceptConsents(phone: string): Promise<void> {
    const consents = this.basket(phone).getByRole('group', { name: 'Zgody' }).getByRole('checkbox');
    for (const box of await consents.all()) await box.check();
  }

  /**
   * Orders and pays (or pays again after a decline) with `result`; returns the order id the shop gave.
   * Consents are accepted first unless `acceptConsents` is false.
   */
  async pay(phone: string, options: { result?: 'Autoryzowana' | 'Odrzucona'; method?: string; acceptConsents?: boolean } = {}): Promise<string> {
    const basket = this.basket(phone);
    if (options.acceptConsents !== false && (await basket.getByRole('group', { name: 'Zgody' }).count())) await this.acceptConsents(phone);
    if (options.method) await basket.getByLabel('Metoda płatności').selectOption({ label: options.method });
    await basket.getByRole('radio', { name: options.result ?? 'Autoryzowana' }).check();
    const again = await basket.getByRole('button', { name: 'Zapłać ponownie' }).count();
    await basket.getByRole('button', { name: again ? 'Zapłać ponownie' : 'Zamawiam i płacę' }).click();
    const said = options.result === 'Odrzucona' ? 'płatność odrzucona.' : 'płatność autoryzowana.';
    await expect(this.status()).toHaveText(new RegExp(`^Zamówienie .+: ${escape(said)}$`));
    return /^Zamówienie (.+):/.exec((await this.status().textContent())!)![1]!;
  }
}
