// The phone simulator: the InPost Mobile app for QA. It only uses the sandbox's JSON API under
// /sandbox/ (see phone-app.ts); every action there becomes InPost Pay's call to the shop.
'use strict';

const $ = (id) => document.getElementById(id);
const money = (value, currency = 'PLN') => new Intl.NumberFormat('pl-PL', { style: 'currency', currency }).format(value);
/** A moment with its date, in the local time zone: "6.12.2026, 15:30:20". */
const DATE_TIME = new Intl.DateTimeFormat('pl-PL', { day: 'numeric', month: 'numeric', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const when = (iso) => DATE_TIME.format(new Date(iso));
/** The shop's basket id, as the shop's QA panel shows it: which request and basket belong to which page. */
const basketLabel = (basketId) => el('span', { class: 'basket-label' }, 'koszyk sklepu ', el('code', {}, basketId));

/** Polish texts of the sandbox's error codes; other codes show the sandbox's own message. */
const ERRORS = {
  BASKET_NOT_BOUND: 'Koszyk nie jest powiązany z telefonem.',
  BASKET_EXPIRED: 'Koszyk wygasł.',
  BASKET_IS_BINDED: 'Koszyk jest już powiązany.',
  ORDER_EXISTS: 'Ten koszyk został już zamówiony.',
  BASKET_EMPTY: 'Koszyk jest pusty.',
  CONSENT_REQUIRED: 'Zaznacz wymagane zgody.',
  REQUEST_NOT_FOUND: 'Tej prośby już nie ma.',
  MERCHANT_ANSWER_REFUSED: 'Sklep odpowiedział niezgodnie z API InPost Pay: ',
};

const DELIVERY_NAMES = { APM: 'Paczkomat InPost', COURIER: 'Kurier InPost', DIGITAL: 'Dostawa cyfrowa' };
const PAYMENT_NAMES = {
  BLIK_CODE: 'BLIK', BLIK_TOKEN: 'BLIK (bez kodu)', CARD: 'Karta', CARD_TOKEN: 'Zapisana karta', GOOGLE_PAY: 'Google Pay',
  APPLE_PAY: 'Apple Pay', PAY_BY_LINK: 'Przelew online', SHOPPING_LIMIT: 'Limit zakupowy', DEFERRED_PAYMENT: 'Płatność odroczona',
  CASH_ON_DELIVERY: 'Za pobraniem', FREE_ORDER: 'Zamówienie bez opłat',
};
const REQUIREMENT = { OPTIONAL: 'dobrowolna', REQUIRED_ONCE: 'wymagana', REQUIRED_ALWAYS: 'wymagana' };

async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const code = data && data.error_code;
    const known = ERRORS[code];
    const error = new Error(known ? (code === 'MERCHANT_ANSWER_REFUSED' ? known + data.error_message : known) : (data && data.error_message) || response.statusText);
    error.code = code;
    throw error;
  }
  return data;
}

function say(text) {
  $('error').textContent = '';
  $('status').textContent = text;
}
function fail(error) {
  $('status').textContent = '';
  $('error').textContent = 'Błąd: ' + error.message;
}

/** `el('button', {type: 'button', class: 'x'}, 'text', child)`: a node with attributes and children. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'onclick' || name === 'onchange' || name === 'onsubmit' || name === 'oninput') node.addEventListener(name.slice(2), value);
    else if (name === 'value') node.value = value;
    else if (name === 'checked') node.checked = Boolean(value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

const labelOf = (button) => button.getAttribute('aria-label') || button.textContent;

/** Runs an action of a button: busy while it runs, then the state is read again. */
function action(run) {
  return async (event) => {
    if (event) event.preventDefault();
    const button = event && event.currentTarget instanceof HTMLButtonElement ? event.currentTarget : null;
    // A busy button is disabled, which takes the focus away: note where it was to give it back.
    const place = button && document.activeElement === button ? { label: labelOf(button), scope: button.closest('[id]') && button.closest('[id]').id } : null;
    if (button) button.disabled = true;
    try {
      const message = await run();
      if (message) say(message);
    } catch (error) {
      fail(error);
    } finally {
      if (button) button.disabled = false;
      await refresh().catch(() => {});
      // Only where it was: the same label in another basket is another control.
      const scope = place && place.scope && $(place.scope);
      if (scope) {
        const again = [...scope.querySelectorAll('button')].find((b) => labelOf(b) === place.label);
        if (again) again.focus();
      }
      // The control may be gone (a deleted basket, an accepted request): keep the keyboard on the page.
      if (!document.activeElement || document.activeElement === document.body) $('baskets-title').focus();
    }
  };
}

// ---- Binding requests ---------------------------------------------------------------------
function identity() {
  return {
    phone_number: { country_prefix: $('prefix').value.trim(), phone: $('phone').value.replace(/[\s-]+/g, '') },
    name: $('name').value,
    surname: $('surname').value,
    trust_browser: $('trust').checked,
  };
}

function renderRequests(requests, v2Baskets) {
  const v2 = v2Baskets.map((b, i) => {
    const id = 'v2-' + i;
    return el('li', { 'aria-labelledby': id },
      el('h3', { id }, 'Koszyk z widgetu InPost Pay v2 (koszyk ' + b.basket_id + ')'),
      el('p', { class: 'muted' }, basketLabel(b.basket_id)),
      el('p', { class: 'muted' }, 'Sklep wydał klucz wiązania; telefon skanuje kod widgetu.'),
      el('button', { type: 'button', class: 'primary', onclick: action(async () => {
        const body = identity();
        const answer = await api('POST', '/sandbox/baskets/' + b.basket_id + '/bind', { phone_number: body.phone_number, name: body.name, surname: body.surname });
        return 'Koszyk powiązany z numerem ' + answer.masked_phone_number + '.';
      }) }, 'Powiąż ten koszyk'));
  });
  const items = requests.map((r, i) => {
    const id = 'request-' + i;
    const title = r.binding_method === 'PHONE'
      ? 'Prośba o powiązanie: ' + r.phone_number.country_prefix + ' ' + r.masked_phone_number
      : 'Kod QR zeskanowany (koszyk ' + r.basket_id + ')';
    return el('li', { 'aria-labelledby': id },
      el('h3', { id }, title),
      el('p', { class: 'muted' }, basketLabel(r.basket_id), ' · ' + (r.phone_number ? 'Na telefon ' + r.phone_number.country_prefix + ' ' + r.phone_number.phone + ' · ' : '') + (r.binding_place || 'bez miejsca') + ' · od ' + when(r.created_at) + ' · ' + (r.browser.user_agent || 'przeglądarka')),
      r.binding_method === 'PHONE' ? null : el('p', { class: 'muted' }, 'Kod widać na stronie sklepu; zniknie stąd, gdy strona go zamknie.'),
      el('button', { type: 'button', class: 'primary', onclick: action(async () => {
        const body = r.binding_method === 'PHONE' ? { ...identity(), phone_number: undefined } : identity();
        const answer = await api('POST', '/sandbox/binding-requests/' + r.request_id + '/accept', body);
        return 'Koszyk powiązany z numerem ' + answer.masked_phone_number + '.';
      }) }, 'Akceptuj'),
      el('button', { type: 'button', onclick: action(async () => {
        await api('POST', '/sandbox/binding-requests/' + r.request_id + '/reject', {});
        return 'Prośba odrzucona.';
      }) }, 'Odrzuć'),
    );
  });
  const all = [...items, ...v2];
  $('requests').replaceChildren(...(all.length ? all : [el('li', { class: 'empty' }, 'Brak próśb.')]));
}

// ---- Baskets ------------------------------------------------------------------------------
/** What QA chose per basket (delivery, consents, payment), kept across redraws. */
const choices = new Map();
function choiceOf(basket) {
  let choice = choices.get(basket.basket_id);
  if (!choice) {
    choice = { quantities: {}, delivery: null, codes: [], point: 'WAW01M', address: 'ul. Testowa 1/2', city: 'Warszawa', postal: '00-001', email: 'jan.kowalski@example.com', consents: {}, payment: null, result: 'AUTHORIZED', promo: '' };
    choices.set(basket.basket_id, choice);
  }
  if (!basket.delivery.some((d) => d.delivery_type === choice.delivery)) choice.delivery = basket.delivery.length ? basket.delivery[0].delivery_type : null;
  const methods = paymentTypes(basket);
  if (!methods.includes(choice.payment)) choice.payment = methods[0];
  return choice;
}
const paymentTypes = (basket) => (basket.payment_types.length ? basket.payment_types : ['BLIK_CODE', 'CARD', 'GOOGLE_PAY', 'APPLE_PAY', 'PAY_BY_LINK', 'DEFERRED_PAYMENT']);

function deliveryGross(basket, choice) {
  const option = basket.delivery.find((d) => d.delivery_type === choice.delivery);
  if (!option) return 0;
  const free = option.free_from_gross !== null && basket.final_gross >= option.free_from_gross;
  const extras = option.extras.filter((x) => choice.codes.includes(x.code)).reduce((sum, x) => sum + x.price_gross, 0);
  return (free ? 0 : option.price_gross) + extras;
}

function basketTitle(basket) {
  const who = [basket.name, basket.surname].filter(Boolean).join(' ');
  return 'Koszyk ' + (basket.masked_phone_number || '(niepowiązany)') + (who ? ' · ' + who : '');
}

function productsTable(basket, key, editable) {
  const rows = basket.products.map((p, i) => {
    const qtyId = key + '-qty-' + i;
    const unit = el('span', { class: 'muted block' }, money(p.unit_gross, basket.currency) + ' / szt.',
      p.unit_gross < p.base_unit_gross ? el('s', {}, ' ' + money(p.base_unit_gross, basket.currency)) : null);
    return el('tr', {},
      el('th', { scope: 'row' }, p.product_name, p.attributes.length ? el('span', { class: 'muted block' }, p.attributes.join(', ')) : null, unit),
      el('td', {}, editable
        ? el('div', { class: 'qty' },
          el('form', { onsubmit: action(async () => {
            const quantity = Number($(qtyId).value);
            await api('POST', '/sandbox/baskets/' + basket.basket_id + '/quantity', { product_id: p.product_id, quantity });
            delete choiceOf(basket).quantities[p.product_id];
            return quantity === 0 ? 'Usunięto: ' + p.product_name + '.' : 'Ilość zmieniona: ' + p.product_name + ', ' + quantity + ' szt.';
          }) },
            el('label', { for: qtyId, class: 'visually-hidden' }, 'Ilość: ' + p.product_name),
            // What QA typed stays until sent: a redraw (the shop's PUT after binding, say) must not undo it.
            el('input', { id: qtyId, type: 'number', min: 0, max: p.max_quantity ?? 999, step: p.quantity_type === 'INTEGER' ? 1 : 'any', value: choiceOf(basket).quantities[p.product_id] ?? String(p.quantity), required: true,
              oninput: (e) => { choiceOf(basket).quantities[p.product_id] = e.target.value; } }),
            el('button', { type: 'submit', 'aria-label': 'Zmień ilość: ' + p.product_name }, 'Zmień')),
          el('button', { type: 'button', 'aria-label': 'Usuń z koszyka: ' + p.product_name, onclick: action(async () => {
            await api('POST', '/sandbox/baskets/' + basket.basket_id + '/quantity', { product_id: p.product_id, quantity: 0 });
            return 'Usunięto: ' + p.product_name + '.';
          }) }, 'Usuń'))
        : String(p.quantity)),
      el('td', { class: 'num' }, money(p.line_gross, basket.currency)),
    );
  });
  return el('table', { class: 'products' },
    el('caption', {}, 'Produkty'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Produkt'), el('th', { scope: 'col' }, 'Ilość'), el('th', { scope: 'col', class: 'num' }, 'Wartość'))),
    el('tbody', {}, ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 3 }, 'Koszyk jest pusty.'))])),
  );
}

function promoSection(basket, key, choice, editable) {
  const inputId = key + '-promo';
  const codes = basket.promo_codes.map((code) => el('li', {}, code.value + (code.name && code.name !== code.value ? ' (' + code.name + ')' : ''), ' ',
    editable ? el('button', { type: 'button', 'aria-label': 'Usuń kod ' + code.value, onclick: action(async () => {
      const rest = basket.promo_codes.map((c) => c.value).filter((v) => v !== code.value);
      const answer = await api('POST', '/sandbox/baskets/' + basket.basket_id + '/promo-codes', { promo_codes: rest });
      return answer.notice && answer.notice.type === 'ERROR' ? 'Sklep: ' + answer.notice.description : 'Kod ' + code.value + ' usunięty.';
    }) }, 'Usuń') : null));
  return el('div', { class: 'promo' },
    el('h4', {}, 'Kody rabatowe'),
    codes.length ? el('ul', {}, ...codes) : el('p', { class: 'muted' }, 'Brak kodów.'),
    editable ? el('form', { onsubmit: action(async () => {
      const value = $(inputId).value.trim();
      if (!value) throw new Error('Wpisz kod rabatowy.');
      const wanted = [...basket.promo_codes.map((c) => c.value), value];
      const answer = await api('POST', '/sandbox/baskets/' + basket.basket_id + '/promo-codes', { promo_codes: wanted });
      choice.promo = '';
      const applied = answer.promo_codes.some((c) => c.value === value);
      return answer.notice && answer.notice.type === 'ERROR' ? 'Sklep: ' + answer.notice.description : applied ? 'Kod ' + value + ' dodany.' : 'Sklep nie przyjął kodu ' + value + '.';
    }) },
      el('label', { for: inputId }, 'Kod rabatowy'), ' ',
      el('input', { id: inputId, value: choice.promo, autocomplete: 'off', oninput: (e) => { choice.promo = e.target.value; } }), ' ',
      el('button', { type: 'submit' }, 'Dodaj kod')) : null,
  );
}

function relatedSection(basket) {
  if (!basket.related_products.length) return null;
  return el('div', { class: 'related' },
    el('h4', {}, 'Polecane przez sklep'),
    el('ul', {}, ...basket.related_products.map((p) => el('li', {}, p.product_name + ' — ' + money(p.unit_gross, basket.currency) + ' ',
      el('button', { type: 'button', 'aria-label': 'Dodaj do koszyka: ' + p.product_name, onclick: action(async () => {
        await api('POST', '/sandbox/baskets/' + basket.basket_id + '/related', { product_id: p.product_id });
        return 'Dodano: ' + p.product_name + '.';
      }) }, 'Dodaj')))));
}

function deliverySection(basket, key, choice) {
  const options = basket.delivery.map((d, i) => {
    const id = key + '-delivery-' + i;
    const free = d.free_from_gross !== null && basket.final_gross >= d.free_from_gross;
    return el('div', {},
      el('input', { type: 'radio', id, name: key + '-delivery', value: d.delivery_type, checked: choice.delivery === d.delivery_type, onchange: () => { choice.delivery = d.delivery_type; choice.codes = []; redraw(basket); } }),
      el('label', { for: id }, (DELIVERY_NAMES[d.delivery_type] || d.delivery_type) + ' — ' + (free ? 'gratis' : money(d.price_gross, basket.currency)) + (d.delivery_date ? ', dostawa ' + d.delivery_date.slice(0, 10) : '')));
  });
  const chosen = basket.delivery.find((d) => d.delivery_type === choice.delivery);
  const extras = chosen ? chosen.extras.map((x, i) => {
    const id = key + '-extra-' + i;
    return el('div', {},
      el('input', { type: 'checkbox', id, checked: choice.codes.includes(x.code), onchange: (e) => { choice.codes = e.target.checked ? [...choice.codes, x.code] : choice.codes.filter((c) => c !== x.code); redraw(basket); } }),
      el('label', { for: id }, x.name + ' (+' + money(x.price_gross, basket.currency) + ')'));
  }) : [];
  const field = (name, label, prop, attributes = {}) => {
    const id = key + '-' + name;
    return el('div', { class: 'field' }, el('label', { for: id }, label), el('input', { id, value: choice[prop], required: true, autocomplete: 'off', ...attributes, oninput: (e) => { choice[prop] = e.target.value; } }));
  };
  let details = null;
  if (chosen && chosen.delivery_type === 'APM') details = field('point', 'Kod paczkomatu', 'point');
  if (chosen && chosen.delivery_type === 'COURIER') details = el('div', {}, field('address', 'Ulica i numer', 'address'), field('city', 'Miasto', 'city'), field('postal', 'Kod pocztowy', 'postal'));
  if (chosen && chosen.delivery_type === 'DIGITAL') details = field('email', 'E-mail do dostawy', 'email', { type: 'email' });
  return el('fieldset', {}, el('legend', {}, 'Dostawa'),
    ...(options.length ? options : [el('p', { class: 'muted' }, 'Sklep nie podał opcji dostawy.')]), ...extras, details);
}

function consentSection(basket, key, choice) {
  if (!basket.consents.length) return null;
  return el('fieldset', {}, el('legend', {}, 'Zgody'),
    ...basket.consents.map((c, i) => {
      const id = key + '-consent-' + i;
      if (choice.consents[c.consent_id] === undefined) choice.consents[c.consent_id] = false;
      return el('div', {},
        el('input', { type: 'checkbox', id, checked: choice.consents[c.consent_id], onchange: (e) => { choice.consents[c.consent_id] = e.target.checked; } }),
        el('label', { for: id }, c.description + ' (' + (REQUIREMENT[c.requirement_type] || c.requirement_type) + ')'));
    }));
}

function paymentSection(basket, key, choice) {
  const selectId = key + '-payment';
  return el('fieldset', {}, el('legend', {}, 'Płatność'),
    el('div', { class: 'field' }, el('label', { for: selectId }, 'Metoda płatności'),
      el('select', { id: selectId, onchange: (e) => { choice.payment = e.target.value; } },
        ...paymentTypes(basket).map((t) => el('option', { value: t, selected: t === choice.payment }, PAYMENT_NAMES[t] || t)))),
    el('fieldset', { class: 'inline' }, el('legend', {}, 'Wynik płatności'),
      ...[['AUTHORIZED', 'Autoryzowana'], ['DECLINED', 'Odrzucona']].map(([value, label]) => {
        const id = key + '-result-' + value;
        return el('span', {}, el('input', { type: 'radio', id, name: key + '-result', value, checked: choice.result === value, onchange: () => { choice.result = value; } }), el('label', { for: id }, label));
      })));
}

function orderBody(basket, choice) {
  const body = { delivery_type: choice.delivery, delivery_codes: choice.codes, consents: choice.consents, payment_type: choice.payment, payment_status: choice.result };
  if (choice.delivery === 'APM') body.delivery_point = choice.point.trim();
  if (choice.delivery === 'COURIER') body.delivery_address = { address: choice.address, city: choice.city, postal_code: choice.postal };
  if (choice.delivery === 'DIGITAL') body.digital_delivery_email = choice.email;
  return body;
}

const PAYMENT_STATES = { AUTHORIZED: 'opłacone', DECLINED: 'płatność odrzucona', null: 'czeka na płatność' };

function renderBasket(basket) {
  const key = 'b-' + basket.basket_id;
  const titleId = key + '-title';
  const choice = choiceOf(basket);
  const ordered = Boolean(basket.order);
  const editable = basket.linked && !basket.expired && !ordered;
  const canPay = basket.linked && !basket.expired && (!ordered || basket.order.payment_status !== 'AUTHORIZED');
  const total = basket.final_gross + deliveryGross(basket, choice);
  const url = '/sandbox/baskets/' + basket.basket_id;

  const order = basket.order && el('div', { class: 'order' },
    el('h4', {}, 'Zamówienie ' + basket.order.order_id),
    el('p', {}, 'Płatność: ' + PAYMENT_STATES[basket.order.payment_status] + '. Status w sklepie: ' + (basket.order.merchant_status || '–') + '.'),
    basket.order.delivery_references.length ? el('p', {}, 'Numery przesyłek: ' + basket.order.delivery_references.join(', ')) : null,
    el('button', { type: 'button', onclick: action(async () => {
      await api('POST', url + '/order/refresh', {});
      return 'Zamówienie odczytane ze sklepu.';
    }) }, 'Odśwież zamówienie ze sklepu'));

  return el('article', { class: 'basket', id: key, 'aria-labelledby': titleId, 'data-basket-id': basket.basket_id },
    el('h3', { id: titleId }, basketTitle(basket)),
    el('p', { class: 'muted' }, basketLabel(basket.basket_id), ' · ' + (basket.phone_number ? 'Telefon ' + basket.phone_number.country_prefix + ' ' + basket.phone_number.phone + ' · ' : '') + (basket.expired ? 'wygasł ' + when(basket.expires_at) : 'ważny do ' + when(basket.expires_at))),
    basket.problem ? el('p', { class: 'problem' }, 'Ostatnia odpowiedź sklepu odrzucona: ' + basket.problem) : null,
    basket.notice ? el('p', { class: basket.notice.type === 'ERROR' ? 'problem' : 'notice' }, 'Komunikat sklepu: ' + basket.notice.description) : null,
    productsTable(basket, key, editable),
    el('dl', { class: 'totals' },
      el('dt', {}, 'Produkty'), el('dd', {}, money(basket.final_gross, basket.currency)),
      el('dt', {}, 'Dostawa'), el('dd', {}, money(deliveryGross(basket, choice), basket.currency)),
      el('dt', {}, 'Do zapłaty'), el('dd', { class: 'strong' }, money(total, basket.currency))),
    promoSection(basket, key, choice, editable),
    editable ? relatedSection(basket) : null,
    editable ? deliverySection(basket, key, choice) : null,
    editable ? consentSection(basket, key, choice) : null,
    canPay ? paymentSection(basket, key, choice) : null,
    order,
    el('div', { class: 'actions' },
      canPay ? el('button', { type: 'button', class: 'primary', onclick: action(async () => {
        const answer = await api('POST', url + '/order', orderBody(basket, choice));
        return 'Zamówienie ' + answer.order_id + ': ' + (answer.payment_status === 'AUTHORIZED' ? 'płatność autoryzowana.' : 'płatność odrzucona.');
      }) }, ordered ? 'Zapłać ponownie' : 'Zamawiam i płacę') : null,
      basket.linked ? el('button', { type: 'button', onclick: action(async () => {
        await api('DELETE', url + '/binding');
        return 'Koszyk usunięty z aplikacji.';
      }) }, 'Usuń koszyk z aplikacji') : null,
      el('button', { type: 'button', onclick: action(async () => {
        await api('POST', url + '/refresh', {});
        return 'Koszyk odczytany ze sklepu.';
      }) }, 'Odśwież ze sklepu'),
      !basket.expired && !ordered ? el('button', { type: 'button', onclick: action(async () => {
        await api('POST', url + '/expire', {});
        return 'Koszyk wygasł.';
      }) }, 'Wygaś koszyk') : null,
    ),
  );
}

/** Redraws one basket, keeping focus on the control that had it (by id). */
function redraw(basket) {
  const old = $('b-' + basket.basket_id);
  const focusedId = document.activeElement && document.activeElement.id;
  const fresh = renderBasket(basket);
  if (old) old.replaceWith(fresh);
  else $('baskets').append(fresh);
  if (focusedId && $(focusedId) && fresh.contains($(focusedId))) $(focusedId).focus();
}

// ---- Settings, keys, calls ---------------------------------------------------------------
function renderCalls(calls) {
  $('calls').replaceChildren(...calls.slice(-10).reverse().map((c) => el('li', { class: c.problems.length ? 'problem' : '' },
    el('code', {}, c.method + ' …' + c.path), ' → ' + (c.status === null ? 'brak odpowiedzi' : c.status),
    c.problems.length ? el('span', { class: 'block' }, 'Odrzucone: ' + c.problems.join('; ')) : null)));
  if (!calls.length) $('calls').replaceChildren(el('li', { class: 'empty' }, 'Jeszcze żadnych.'));
}

// ---- Reading the state ---------------------------------------------------------------------
const drawn = { requests: '', baskets: new Map(), calls: '', settings: '' };
// A basket redrawn between a button's press and its release would lose the click (the release
// lands on a new button, so no click fires): while a pointer is down, redrawing waits for the next
// refresh. The click follows the release in the same task, so nothing comes between them.
let pressed = false;
document.addEventListener('pointerdown', () => (pressed = true), true);
for (const type of ['pointerup', 'pointercancel']) document.addEventListener(type, () => (pressed = false), true);

async function refresh() {
  const state = await api('GET', '/sandbox/state?calls=10');
  // v2 baskets wait for the phone to scan InPost's widget: bound by nobody yet, not expired.
  const v2Baskets = state.baskets.filter((b) => b.has_binding_key && !b.linked && !b.expired && !b.order);
  const requests = JSON.stringify([state.binding_requests.map((r) => r.request_id), v2Baskets.map((b) => b.basket_id)]);
  if (requests !== drawn.requests) {
    drawn.requests = requests;
    const { requests: list } = await api('GET', '/sandbox/binding-requests');
    renderRequests(list, v2Baskets);
  }
  // The app shows the baskets bound to the phone and those it ordered.
  const shown = state.baskets.filter((b) => b.linked || b.order);
  for (const [id] of drawn.baskets) {
    if (!shown.some((b) => b.basket_id === id)) {
      drawn.baskets.delete(id);
      $('b-' + id)?.remove();
    }
  }
  for (const basket of shown) {
    const version = basket.version + ':' + basket.expired;
    if (drawn.baskets.get(basket.basket_id) !== version && !pressed) {
      drawn.baskets.set(basket.basket_id, version);
      redraw(basket);
    }
  }
  const empty = $('baskets-empty');
  if (!shown.length && !empty) $('baskets').append(el('p', { id: 'baskets-empty', class: 'muted' }, 'Brak koszyków powiązanych z telefonem.'));
  if (shown.length && empty) empty.remove();

  const calls = JSON.stringify(state.calls.slice(-10).map((c) => c.at + c.path + c.status));
  if (calls !== drawn.calls) {
    drawn.calls = calls;
    renderCalls(state.calls);
  }
  const settings = JSON.stringify([state.settings, state.signing_keys]);
  if (settings !== drawn.settings) {
    drawn.settings = settings;
    $('phone-unavailable').checked = state.settings.phone_binding_unavailable;
    if (document.activeElement !== $('ttl')) $('ttl').value = String(state.settings.basket_ttl_seconds);
    $('key-version').textContent = 'wersja ' + state.signing_keys[0].version;
    $('merchant-id').textContent = '(merchant_external_id ' + state.merchant_external_id + ')';
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('identity').addEventListener('submit', (event) => event.preventDefault());
  $('settings').addEventListener('submit', action(async () => {
    await api('PUT', '/sandbox/settings', { basket_ttl_seconds: Number($('ttl').value), phone_binding_unavailable: $('phone-unavailable').checked });
    return 'Ustawienia zapisane.';
  }));
  $('rotate').addEventListener('click', action(async () => {
    const answer = await api('POST', '/sandbox/keys/rotate', {});
    return 'Nowy klucz podpisu: wersja ' + answer.version + '.';
  }));
  refresh().catch(fail);
  setInterval(() => refresh().catch(() => {}), 1000);
});
