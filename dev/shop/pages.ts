import { Cart, formatPrice, PROMO_CODE, wireProductId, type CartLine } from './basket.js';
import { findProduct, LISTED_PRODUCTS, type Product } from './catalog.js';
import { paymentStatusText, type ShopOrder } from './orders.js';
import type { PageState } from '../../src/merchant/index.js';

/** A visitor as the pages show it: the widget API's state and the shop's own cart. */
export interface PageVisitor {
  state: PageState & { basketId: string; lastOrderId?: string };
  cart: Cart;
}
type Visitor = PageVisitor;

function pageState(visitor: Visitor | undefined): { version: number; basket_linked: boolean; masked_phone_number?: string; count: number } {
  if (!visitor) return { version: 0, basket_linked: false, count: 0 };
  // Named fields only: the basket id and order id stay on the server.
  const { version, basket_linked, masked_phone_number } = visitor.state;
  return { version, basket_linked, ...(masked_phone_number ? { masked_phone_number } : {}), count: visitor.cart.count };
}

/** Server-rendered pages of the demo shop. No inline scripts or styles: the CSP forbids them. */

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Attributes every widget element gets, so a reload keeps the linked state. */
function widgetState(visitor: Visitor | undefined): string {
  const state = pageState(visitor);
  const count = `count="${state.count}"`;
  if (!state.basket_linked) return count;
  return `basket-linked masked-phone-number="${escapeHtml(state.masked_phone_number ?? '')}" ${count}`;
}

const EMPTY_CART = new Cart();

const QA_PANEL = `
<details class="qa" id="qa-panel">
  <summary>Panel QA</summary>
  <form class="qa__settings" id="qa-settings">
    <label>Język <select name="language"><option value="pl">polski</option><option value="en">English</option></select></label>
    <label>Motyw <select name="theme"><option value="light">jasny</option><option value="dark">ciemny</option></select></label>
    <label>Śledzenie zamówienia <select name="orderWatch"><option value="loop">pętla (loop)</option><option value="websocket">WebSocket</option></select></label>
    <label>Przeglądarka <select name="browser"><option value="untrusted">niezaufana</option><option value="trusted">zaufana</option></select></label>
    <label><input type="checkbox" name="slow"> wolne callbacki (+3 s)</label>
    <label>Błąd callbacku <select name="fail">
      <option value="">żaden</option>
      <option>iziCanBeBound</option><option>iziAddToCart</option><option>iziGetPayData</option>
      <option>iziGetIsBound</option><option>iziGetOrderComplete</option><option>iziBindingDelete</option><option>iziMobileLink</option>
    </select></label>
  </form>
  <p class="qa__hint">Symulator telefonu: <a id="qa-phone-link" href="#" target="_blank" rel="noopener">otwórz</a></p>
  %QA_TOOLS%
  <div class="qa__log-head"><strong>Dziennik</strong> <button type="button" id="qa-clear">Wyczyść</button></div>
  <ol class="qa__log" id="qa-log" aria-live="polite"></ol>
</details>`;

/**
 * What only a shop that knows the sandbox shows QA (`assets/qa.js` drives it): the basket id the
 * phone simulator labels this session's requests and basket with, and the reset of the binding limits.
 */
function qaTools(visitor: Visitor | undefined): string {
  return `<div class="qa__tools">
    <p class="qa__basket">Koszyk w InPost Pay (basket_id): <code id="qa-basket-id">${visitor ? escapeHtml(visitor.state.basketId) : 'jeszcze brak'}</code></p>
    <p class="qa__reset"><button type="button" class="button button--small" id="qa-reset-limits">Resetuj limity powiązań</button>
    <span id="qa-reset-status" role="status"></span></p>
    <p class="qa__qr">Kod QR na tej stronie: <span id="qa-qr-state">nie pokazany</span></p>
    <p class="qa__hint" id="qa-limits-hint">Limity próśb o powiązanie: 5 na numer telefonu i 5 na sesję w 10 min, 60 na adres IP. Po odmowie („Zbyt wiele prób”) zresetuj je tym przyciskiem.</p>
  </div>`;
}

interface LayoutOptions {
  title: string;
  nonce: string;
  visitor: Visitor | undefined;
  phoneUrl: string;
  main: string;
  /** The shop knows the local sandbox: the QA panel gets its QA-only tools (`qa-routes.ts`). */
  qa?: boolean;
}

export function layout({ title, nonce, visitor, phoneUrl, main, qa = false }: LayoutOptions): string {
  return `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csp-nonce" content="${escapeHtml(nonce)}">
<meta name="phone-simulator" content="${escapeHtml(phoneUrl)}">
<meta name="shop-state-version" content="${pageState(visitor).version}">
<title>${escapeHtml(title)} · Sklep Demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/shop.css">
<script src="/widget/inpost-pay.iife.js" defer></script>
<script src="/assets/shop.js" defer></script>
<script src="/assets/page.js" defer></script>
${qa ? '<script src="/assets/qa.js" defer></script>\n' : ''}</head>
<body>
<header class="site-header">
  <a class="site-header__logo" href="/">Sklep Demo</a>
  <nav class="site-header__nav">
    <a href="/">Produkty</a>
    <a href="/basket">Koszyk (<span id="cart-count">${pageState(visitor).count}</span>)</a>
  </nav>
</header>
<main class="page">
${main}
</main>
${QA_PANEL.replace('%QA_TOOLS%', qa ? qaTools(visitor) : '')}
</body>
</html>
`;
}

/**
 * The size field of a product that has sizes, with the line the page's script (`assets/page.js`)
 * writes into when the widget refuses the product without a size: its space is kept, so the
 * card grid does not move, and the field points at it (`aria-describedby`, `aria-invalid`).
 */
function sizeField(product: Product, place: string): string {
  if (!product.sizes) return '';
  const hintId = `size-hint-${place}-${product.id}`;
  return `<div class="size-field">
    <label class="size-field__label">Rozmiar
      <select name="size" required data-size-for="${product.id}" data-size-hint="${hintId}">
        <option value="">wybierz</option>
        ${product.sizes.map((size) => `<option>${escapeHtml(size)}</option>`).join('')}
      </select></label>
    <p class="size-field__hint" id="${hintId}"></p>
  </div>`;
}

export function productListPage(visitor: Visitor | undefined): { title: string; main: string } {
  const cards = LISTED_PRODUCTS.map((product) => `<article class="card" id="${product.id}">
  <div class="card__picture card__picture--${product.picture}" role="img" aria-label="${escapeHtml(product.name)}"></div>
  <h2 class="card__name"><a href="/product/${product.id}">${escapeHtml(product.name)}</a></h2>
  <p class="card__description">${escapeHtml(product.description)}</p>
  <p class="card__price">${formatPrice(product.priceGrosze)}</p>
  <form class="card__form" method="post" action="/cart/add">
    <input type="hidden" name="productId" value="${product.id}">
    ${sizeField(product, 'list')}
    <button class="button" type="submit">Dodaj do koszyka</button>
  </form>
  <inpost-pay-button product-id="${product.id}" variant="create" binding-place="PRODUCT_CARD" ${widgetState(visitor)}></inpost-pay-button>
</article>`).join('\n');
  return { title: 'Produkty', main: `<h1>Produkty</h1>\n<div class="products">\n${cards}\n</div>` };
}

/** One product's page: the shop's "Dodaj do koszyka" with the widget's button beside it (scenario 0's product card). */
export function productPage(product: Product, visitor: Visitor | undefined): { title: string; main: string } {
  const formId = `buy-${product.id}`;
  return {
    title: product.name,
    main: `<p class="breadcrumbs"><a href="/">Produkty</a> <span aria-hidden="true">›</span> ${escapeHtml(product.name)}</p>
<article class="product" id="${product.id}">
  <div class="product__picture card__picture card__picture--${product.picture}" role="img" aria-label="${escapeHtml(product.name)}"></div>
  <div class="product__details">
    <h1 class="product__name">${escapeHtml(product.name)}</h1>
    <p class="product__price">${formatPrice(product.priceGrosze)}</p>
    <p class="product__description">${escapeHtml(product.description)}</p>
    <form class="product__form" id="${formId}" method="post" action="/cart/add">
      <input type="hidden" name="productId" value="${product.id}">
      ${sizeField(product, 'page')}
    </form>
    <div class="product__actions">
      <button class="button product__add" type="submit" form="${formId}">Dodaj do koszyka</button>
      <inpost-pay-button product-id="${product.id}" variant="create" binding-place="PRODUCT_CARD" ${widgetState(visitor)}></inpost-pay-button>
    </div>
  </div>
</article>`,
  };
}

function lineRows(cart: Cart, lines: readonly CartLine[]): string {
  return lines.map((line) => {
    const product = findProduct(line.productId);
    if (!product) return '';
    const name = escapeHtml(product.name) + (line.size ? ` <span class="muted">(rozmiar ${escapeHtml(line.size)})</span>` : '');
    const quantity = `<form class="quantity" method="post" action="/cart/quantity">
    <input type="hidden" name="productId" value="${escapeHtml(wireProductId(line))}">
    <label><span class="visually-hidden">Ilość: ${escapeHtml(product.name)}</span>
    <input name="quantity" type="number" inputmode="numeric" min="0" max="99" value="${line.quantity}"></label>
    <button class="button button--small" type="submit">Zmień</button>
  </form>`;
    return `<tr>
  <td>${name}</td>
  <td class="num">${quantity}</td>
  <td class="num">${formatPrice(cart.unitPriceGrosze(product) * line.quantity)}</td>
</tr>`;
  }).join('\n');
}

function promoSection(cart: Cart, refused: boolean): string {
  const applied = cart.promoCodes.map((code) => `<li><strong>${escapeHtml(code)}</strong> (−${cart.discountPercent}%)
  <form method="post" action="/cart/promo/remove"><input type="hidden" name="code" value="${escapeHtml(code)}">
  <button class="button button--secondary button--small" type="submit">Usuń kod ${escapeHtml(code)}</button></form></li>`).join('');
  return `<section class="promo" aria-labelledby="promo-title">
  <h2 id="promo-title">Kod rabatowy</h2>
  ${applied ? `<ul class="promo__applied" id="promo-codes">${applied}</ul>` : ''}
  ${refused ? '<p class="promo__error" role="alert">Ten kod rabatowy jest nieprawidłowy lub wygasł.</p>' : ''}
  <form class="promo__form" method="post" action="/cart/promo">
    <label for="promo-code">Kod rabatowy (np. ${PROMO_CODE})</label>
    <input id="promo-code" name="code" maxlength="32" autocomplete="off" required>
    <button class="button button--secondary" type="submit">Dodaj kod</button>
  </form>
</section>`;
}

export function basketPage(visitor: Visitor | undefined, options: { promoRefused?: boolean } = {}): { title: string; main: string } {
  const cart = visitor?.cart ?? EMPTY_CART;
  const discount = cart.baseGrosze - cart.totalGrosze;
  const body = cart.lines.length === 0
    ? '<p class="empty">Twój koszyk jest pusty. <a href="/">Wybierz produkty</a>.</p>'
    : `<table class="basket">
<thead><tr><th>Produkt</th><th class="num">Ilość</th><th class="num">Wartość</th></tr></thead>
<tbody>${lineRows(cart, cart.lines)}</tbody>
<tfoot>${discount > 0 ? `<tr><th colspan="2">Rabat</th><td class="num">−${formatPrice(discount)}</td></tr>` : ''}<tr><th colspan="2">Razem</th><td class="num" id="basket-total">${formatPrice(cart.totalGrosze)}</td></tr></tfoot>
</table>
${promoSection(cart, options.promoRefused === true)}
<form method="post" action="/cart/clear"><button class="button button--secondary" type="submit">Opróżnij koszyk</button></form>`;
  return {
    title: 'Koszyk',
    main: `<h1>Koszyk</h1>
<div class="basket-page">
  <section class="basket-page__lines">${body}</section>
  <aside class="basket-page__summary">
    <h2>Zapłać szybciej</h2>
    <inpost-pay-button variant="buy" binding-place="BASKET_SUMMARY" ${widgetState(visitor)}></inpost-pay-button>
    <inpost-pay-basket binding-place="BASKET_SUMMARY" ${widgetState(visitor)}></inpost-pay-basket>
  </aside>
</div>`,
  };
}

/** How the thank-you page shows a payment status; `assets/page.js` applies the same on a live change. */
export function paymentState(status: string): 'paid' | 'declined' | 'cancelled' | 'pending' {
  if (status === 'AUTHORIZED' || status === 'COMPLETED') return 'paid';
  if (status === 'DECLINED' || status === 'FAILED' || status === 'ERROR') return 'declined';
  if (status === 'CANCELLED' || status === 'ORDER_REJECTED') return 'cancelled';
  return 'pending';
}

const THANK_YOU = 'Dziękujemy za zamówienie!';
const PAYMENT_DECLINED = 'Płatność nie powiodła się';

export function thankYouPage(order: ShopOrder | undefined): { title: string; main: string } {
  if (!order) return { title: 'Dziękujemy', main: '<h1>Dziękujemy!</h1><p>Nie znaleźliśmy jeszcze Twojego zamówienia. <a href="/">Wróć do sklepu</a>.</p>' };
  const state = paymentState(order.paymentStatus);
  const main = `<h1 id="order-title" data-title="${THANK_YOU}" data-title-declined="${PAYMENT_DECLINED}">${state === 'declined' ? PAYMENT_DECLINED : THANK_YOU}</h1>
<p>Numer zamówienia: <strong id="order-id">${escapeHtml(order.orderId)}</strong>. Potwierdzenie znajdziesz w aplikacji InPost Mobile.</p>
<section class="payment" id="payment" data-state="${state}" aria-labelledby="payment-title">
  <h2 class="visually-hidden" id="payment-title">Płatność</h2>
  <p class="payment__status" role="status">Status płatności: <strong id="payment-status" data-order-id="${escapeHtml(order.orderId)}" data-status="${escapeHtml(order.paymentStatus)}">${escapeHtml(paymentStatusText(order.paymentStatus))}</strong></p>
  <div class="payment__next" id="payment-next">
    <p>Zamówienie jest zapisane i czeka na zapłatę. Otwórz aplikację InPost Mobile, wybierz to zamówienie i zapłać ponownie, np. inną metodą. Ta strona sama pokaże wynik.</p>
    <p class="payment__links"><a class="button" href="/basket">Wróć do koszyka</a> <a class="button button--secondary" href="/">Wróć do sklepu</a></p>
  </div>
</section>
<table class="basket"><tbody>${order.lines.map((line) => `<tr>
  <td>${escapeHtml(line.name)}${line.size ? ` <span class="muted">(rozmiar ${escapeHtml(line.size)})</span>` : ''}</td>
  <td class="num">${line.quantity}</td>
  <td class="num">${formatPrice(line.unitGrosze * line.quantity)}</td>
</tr>`).join('\n')}</tbody>
${order.totalGrosze === null ? '' : `<tfoot><tr><th colspan="2">Razem z dostawą</th><td class="num">${formatPrice(order.totalGrosze)}</td></tr></tfoot>`}</table>
<p class="payment__home"><a class="button" href="/">Wróć do sklepu</a></p>`;
  return { title: state === 'declined' ? PAYMENT_DECLINED : 'Dziękujemy', main };
}

export function termsPage(): { title: string; main: string } {
  return {
    title: 'Regulamin',
    main: `<h1>Regulamin Sklepu Demo</h1>
<p>Sklep Demo jest sklepem pokazowym: nie sprzedaje niczego naprawdę i nie pobiera płatności.</p>
<h2 id="newsletter">Newsletter</h2>
<p>Zgoda na newsletter jest dobrowolna i można ją wycofać w każdej chwili.</p>`,
  };
}
