/**
 * The sandbox's phone simulator page: stands in for the InPost Mobile app during QA.
 * It only uses the JSON API under `/sandbox/` (see server.ts).
 */

export const PHONE_PAGE_HTML = `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Symulator telefonu InPost Pay (sandbox)</title>
<link rel="stylesheet" href="/phone/phone.css">
<script src="/phone/phone.js" defer></script>
</head>
<body>
<main class="phone">
  <h1>InPost Mobile <small>symulator</small></h1>
  <section>
    <h2>Prośby o powiązanie koszyka</h2>
    <p class="hint">Numer telefonu i imię używane przy akceptacji żądań z kodu QR:</p>
    <form id="identity">
      <input id="prefix" value="+48" aria-label="Prefiks kraju" size="4">
      <input id="phone" value="600100200" aria-label="Numer telefonu" inputmode="numeric">
      <input id="name" value="Jan" aria-label="Imię">
      <input id="surname" value="Kowalski" aria-label="Nazwisko">
      <label><input type="checkbox" id="trust" checked> zaufaj przeglądarce</label>
    </form>
    <ul id="requests" class="list"></ul>
  </section>
  <section>
    <h2>Powiązane koszyki</h2>
    <ul id="baskets" class="list"></ul>
  </section>
  <p id="status" role="status"></p>
</main>
</body>
</html>
`;

export const PHONE_PAGE_CSS = `
body { font-family: system-ui, sans-serif; background: #1d1d1b; margin: 0; }
.phone { max-width: 420px; margin: 1rem auto; background: #fff; border-radius: 24px; padding: 1rem 1.25rem; }
h1 { font-size: 1.3rem; background: #ffcd00; margin: -1rem -1.25rem 1rem; padding: 1rem 1.25rem; border-radius: 24px 24px 0 0; }
h1 small { font-weight: normal; font-size: .8rem; }
h2 { font-size: 1rem; }
.hint { font-size: .85rem; color: #555; }
#identity { display: flex; flex-wrap: wrap; gap: .3rem; font-size: .85rem; }
#identity input:not([type]) { width: 7rem; }
#identity #prefix { width: 3rem; }
.list { list-style: none; padding: 0; }
.list li { border: 1px solid #ddd; border-radius: 12px; padding: .6rem; margin-bottom: .5rem; }
.list .meta { font-size: .8rem; color: #555; }
button { border: 0; border-radius: 8px; padding: .4rem .8rem; margin: .3rem .3rem 0 0; cursor: pointer; }
button.accept { background: #ffcd00; }
button.reject { background: #eee; }
button.order { background: #1d1d1b; color: #fff; }
#status { min-height: 1.2em; font-size: .85rem; }
`;

export const PHONE_PAGE_JS = `
'use strict';
const $ = (id) => document.getElementById(id);
async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error((data && data.error_message) || response.statusText);
  return data;
}
function say(text) { $('status').textContent = text; }
function item(title, meta, buttons) {
  const li = document.createElement('li');
  const strong = document.createElement('strong');
  strong.textContent = title;
  const small = document.createElement('div');
  small.className = 'meta';
  small.textContent = meta;
  li.append(strong, small);
  for (const [label, cls, action] of buttons) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = cls;
    button.textContent = label;
    button.addEventListener('click', () => action().then(refresh, (e) => say('Błąd: ' + e.message)));
    li.append(button);
  }
  return li;
}
async function refresh() {
  const [{ requests }, { baskets }] = await Promise.all([
    api('GET', '/sandbox/binding-requests'),
    api('GET', '/sandbox/baskets?linked=1'),
  ]);
  $('requests').replaceChildren(...(requests.length ? requests.map((r) => item(
    r.binding_method === 'PHONE' ? 'Prośba dla ' + r.phone_number.country_prefix + ' ' + r.masked_phone_number : 'Kod QR / link',
    'koszyk ' + r.basket_id + ' · ' + r.binding_place + ' · ' + (r.browser.user_agent || 'przeglądarka'),
    [
      ['Akceptuj', 'accept', () => api('POST', '/sandbox/binding-requests/' + r.request_id + '/accept', {
        phone_number: { country_prefix: $('prefix').value, phone: $('phone').value.replace(/\\s+/g, '') },
        name: $('name').value, surname: $('surname').value, trust_browser: $('trust').checked,
      }).then(() => say('Koszyk powiązany.'))],
      ['Odrzuć', 'reject', () => api('POST', '/sandbox/binding-requests/' + r.request_id + '/reject').then(() => say('Odrzucono.'))],
    ],
  )) : [item('Brak próśb', '', [])]));
  $('baskets').replaceChildren(...(baskets.length ? baskets.map((b) => item(
    'Koszyk ' + b.basket_id + ' · ' + b.masked_phone_number,
    b.products.length + ' poz. · ' + b.summary.basket_final_price.gross.toFixed(2) + ' ' + b.summary.currency + (b.order_id ? ' · zamówienie ' + b.order_id : ''),
    b.order_id ? [] : [
      ['Zamów i zapłać', 'order', () => api('POST', '/sandbox/baskets/' + b.basket_id + '/order').then((o) => say('Zamówienie ' + o.order_id))],
      ['Usuń koszyk z aplikacji', 'reject', () => api('DELETE', '/sandbox/baskets/' + b.basket_id + '/binding')],
    ],
  )) : [item('Brak powiązanych koszyków', '', [])]));
}
document.addEventListener('DOMContentLoaded', () => {
  refresh().catch((e) => say('Błąd: ' + e.message));
  setInterval(() => refresh().catch(() => {}), 2000);
});
`;
