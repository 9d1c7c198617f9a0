/**
 * End-to-end fixtures: one demo (the local InPost Pay sandbox and the demo shop, both on free
 * loopback ports) per worker, plus helpers that play the InPost Mobile app through the sandbox's
 * simulator API over HTTP. Every test gets a fresh browser context, so a fresh shop visitor
 * (session cookie, browser id) and a fresh basket.
 */
import { mkdir } from 'node:fs/promises';
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { startDemo, type Demo } from '../../dev/demo.js';

export { expect };

/** A binding request waiting for the phone, as the simulator lists it. */
export interface BindingRequest {
  request_id: string;
  basket_id: string;
  binding_method: 'PHONE' | 'DEEP_LINK';
  binding_place: string;
  phone_number: { country_prefix: string; phone: string } | null;
  masked_phone_number: string | null;
}

export interface SandboxBasket {
  basket_id: string;
  linked: boolean;
  masked_phone_number: string | null;
  order_id: string | null;
  products: unknown[];
}

export interface SandboxState {
  baskets: SandboxBasket[];
  binding_requests: BindingRequest[];
  trusted_browsers: { browser_id: string; masked_phone_number: string; phone_number: { phone: string } }[];
  /** InPost's calls to the shop's merchant API, with what was wrong with each answer. */
  calls: { method: string; path: string; request: unknown; status: number | null; answer: unknown; problems: string[] }[];
}

/** The phone simulator (the InPost Mobile app's side), driven over the sandbox's HTTP API. */
export class Phone {
  constructor(readonly sandboxUrl: string) {}

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.sandboxUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  state(): Promise<SandboxState> {
    return this.#json('GET', '/sandbox/state');
  }

  async requests(): Promise<BindingRequest[]> {
    return (await this.#json<{ requests: BindingRequest[] }>('GET', '/sandbox/binding-requests')).requests;
  }

  /** Waits until a binding request for `phone` (national digits) arrives, and returns it. */
  async waitForRequest(phone: string, method: 'PHONE' | 'DEEP_LINK' = 'PHONE', basketId?: string): Promise<BindingRequest> {
    let found: BindingRequest | undefined;
    await expect
      .poll(async () => {
        const list = await this.requests();
        // The newest match: a request an earlier test left behind must not be taken.
        found = list.filter((r) =>
          r.binding_method === method &&
          (method === 'DEEP_LINK' ? basketId === undefined || r.basket_id === basketId : r.phone_number?.phone === phone),
        ).at(-1);
        return Boolean(found);
      }, { message: `a ${method} binding request for ${phone} reaches the phone`, timeout: 10_000 })
      .toBe(true);
    return found!;
  }

  /** Accepts the waiting binding request for `phone` in the app; returns the request. */
  async accept(phone: string, options: { trust_browser?: boolean; name?: string } = {}): Promise<BindingRequest> {
    const request = await this.waitForRequest(phone);
    await this.#json('POST', `/sandbox/binding-requests/${request.request_id}/accept`, { name: 'Anna', surname: 'Nowak', ...options });
    return request;
  }

  /** Accepts a DEEP_LINK (QR) request as the phone `phone` that scanned it. */
  async acceptQr(phone: string, basketId?: string): Promise<BindingRequest> {
    const request = await this.waitForRequest(phone, 'DEEP_LINK', basketId);
    await this.#json('POST', `/sandbox/binding-requests/${request.request_id}/accept`, {
      phone_number: { country_prefix: '+48', phone },
      name: 'Anna',
      surname: 'Nowak',
    });
    return request;
  }

  async reject(phone: string): Promise<BindingRequest> {
    const request = await this.waitForRequest(phone);
    await this.#json('POST', `/sandbox/binding-requests/${request.request_id}/reject`, {});
    return request;
  }

  /** Places the order for the basket in the app. */
  placeOrder(basketId: string): Promise<{ order_id: string }> {
    return this.#json('POST', `/sandbox/baskets/${encodeURIComponent(basketId)}/order`, {});
  }

  trust(browserId: string, phone = '600111200'): Promise<{ masked_phone_number: string }> {
    return this.#json('PUT', `/sandbox/browsers/${encodeURIComponent(browserId)}/trust`, {
      phone_number: { country_prefix: '+48', phone },
      name: 'Anna',
      surname: 'Nowak',
    });
  }

  untrust(browserId: string): Promise<void> {
    return this.#json('DELETE', `/sandbox/browsers/${encodeURIComponent(browserId)}/trust`);
  }

  /** The sandbox's basket with `basketId`. */
  async basket(basketId: string): Promise<SandboxBasket | undefined> {
    return (await this.state()).baskets.find((b) => b.basket_id === basketId);
  }
}

/** The visitor's browser id, from the shop's signed `inpost_pay_browser` cookie (`value.signature`). */
export async function browserIdOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name === 'inpost_pay_browser');
  if (!cookie) throw new Error('the shop set no inpost_pay_browser cookie yet: open a page first');
  const value = decodeURIComponent(cookie.value);
  return value.slice(0, value.lastIndexOf('.'));
}

/** Marks the visitor's browser trusted, as the QA panel does (its "Przeglądarka" field; the page reloads). */
export async function trustBrowserViaQaPanel(page: Page): Promise<void> {
  await page.locator('#qa-panel > summary').click();
  const reloaded = page.waitForEvent('load');
  await page.getByLabel('Przeglądarka').selectOption('trusted');
  await reloaded;
}

/** Sets the QA panel's settings before any page script reads them (shop.js reads localStorage). */
export async function qaSettings(context: BrowserContext, settings: Record<string, unknown>): Promise<void> {
  await context.addInitScript((value) => {
    localStorage.setItem('inpost-pay-demo-qa', JSON.stringify(value));
  }, settings);
}

/** Waits until the widget bundle has defined both elements and shop.js configured it. */
export async function widgetReady(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    Boolean(customElements.get('inpost-pay-button') && customElements.get('inpost-pay-basket') && (window as { InpostPay?: unknown }).InpostPay),
  );
}

/** Opens a shop page and waits for the widget. */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await widgetReady(page);
}

/** The widget's modal dialog (the binding screen, the masked-phone screen). */
export const modal = (page: Page): Locator => page.locator('inpost-pay-basket[modal]').getByRole('dialog');

/** A product card on the product list. */
export const card = (page: Page, productId: string): Locator => page.locator(`article#${productId}`);

/** Saves a screenshot of a screen to `test-results/screens/<name>.png` for QA to look at. */
export async function saveScreen(target: Page | Locator, name: string): Promise<void> {
  await mkdir('test-results/screens', { recursive: true });
  await target.screenshot({ path: `test-results/screens/${name}.png` });
}

/** What has focus, looking into shadow roots: the element, its shadow hosts, whether it is in an open dialog. */
export async function focused(page: Page): Promise<{ tag: string; id: string; text: string; label: string; hosts: string[]; inDialog: boolean }> {
  return page.evaluate(() => {
    let active = document.activeElement;
    const hosts: string[] = [];
    while (active?.shadowRoot?.activeElement) {
      const card = active.closest('article');
      hosts.push(active.tagName.toLowerCase() + (card ? `#${card.id}` : '') + (active.hasAttribute('modal') ? '[modal]' : ''));
      active = active.shadowRoot.activeElement;
    }
    const el = active as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      text: (el?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      label: el?.getAttribute('aria-label') ?? '',
      hosts,
      inDialog: Boolean(el?.closest('dialog[open]')),
    };
  });
}

/** Presses Tab (or Shift+Tab) until `match` holds for the focused element; fails after `max` presses. */
export async function tabUntil(
  page: Page,
  match: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  { back = false, max = 40 } = {},
): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (match(await focused(page))) return;
  }
  throw new Error(`focus never reached the element after ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}; last: ${JSON.stringify(await focused(page))}`);
}

/** A unique Polish mobile number per call (9 digits starting with 6), so requests never mix. */
let sequence = 0;
export function uniquePhone(): string {
  sequence++;
  const tail = String((process.pid * 7 + sequence * 131 + Date.now()) % 10_000_000).padStart(7, '0');
  return `6${(sequence % 9) + 1}${tail}`;
}

/** `60*****00`: the first two and last two digits visible. */
export const masked = (phone: string): string => `${phone.slice(0, 2)}${'*'.repeat(phone.length - 4)}${phone.slice(-2)}`;

/** Records CSP violations and console errors of a page (listeners installed before any script). */
export async function watchProblems(page: Page): Promise<{ violations: () => Promise<string[]>; consoleErrors: string[] }> {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return {
    // Violations of all pages loaded so far in this tab are lost on navigation; read before leaving.
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
    consoleErrors,
  };
}

interface WorkerFixtures {
  demo: Demo;
}

interface TestFixtures {
  phone: Phone;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  demo: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      // Every browser of the run shares 127.0.0.1: the shop's per-address limit of binding requests
      // (60 in 10 minutes) would count all tests of a worker as one shopper's address.
      const demo = await startDemo({ shopPort: 0, sandboxPort: 0, longPollMs: 1000, shop: { bindingLimits: { perIp: 1000 } } });
      await use(demo);
      await demo.close();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ demo }, use) => {
    await use(demo.shopUrl);
  },
  phone: async ({ demo }, use) => {
    await use(new Phone(demo.sandboxUrl));
  },
});
