/** Polish strings: the default language of the widget. */
export const pl = {
  create: 'Utwórz koszyk z InPost Pay',
  buy: 'Kup z InPost Pay',
  linked: 'Produkty w koszyku InPost Pay',
  /** Polish has three plural forms: 1 produkt, 2-4 produkty (but 12-14 produktów), 5+ produktów. */
  products: (n: number) => {
    const ones = n % 10;
    const tens = n % 100;
    const word =
      n === 1 ? 'produkt' : ones >= 2 && ones <= 4 && (tens < 12 || tens > 14) ? 'produkty' : 'produktów';
    return `${n} ${word}`;
  },
  countChanged: (products: string) => `Koszyk InPost Pay: ${products}`,
  busy: 'Chwileczkę…',
  cannotBeBound: 'Tego produktu nie można jeszcze dodać. Sprawdź, czy wybrano wariant, np. rozmiar.',
  failed: 'Nie udało się połączyć z InPost Pay. Spróbuj ponownie.',
  timedOut: 'InPost Pay nie odpowiada. Spróbuj ponownie.',
  tooManyRequests: 'Zbyt wiele prób połączenia. Odczekaj chwilę i spróbuj ponownie.',
  phoneUnavailable: 'Połączenie przez numer telefonu jest teraz niedostępne. Użyj kodu QR.',
  // <inpost-pay-basket>
  close: 'Zamknij',
  cancel: 'Anuluj',
  retry: 'Spróbuj ponownie',
  waitingTitle: 'Twoje zakupy czekają już na Ciebie w aplikacji InPost Mobile',
  boundTo: 'Numer telefonu',
  rebind: 'Połącz te zakupy z innym kontem',
  rebindQuestion: (masked: string) =>
    `Czy na pewno chcesz powiązać te zakupy z numerem telefonu innym niż ${masked}?`,
  rebindConfirm: 'Połącz z innym numerem telefonu',
  rebindFailed: 'Nie udało się odłączyć koszyka. Powiązanie zostało zachowane.',
  bindTitle: 'Połącz koszyk z aplikacją InPost Mobile',
  bindIntro: 'Podaj numer telefonu z aplikacji InPost Mobile. Wyślemy do niej prośbę o potwierdzenie.',
  prefix: 'Kierunkowy',
  phone: 'Numer telefonu',
  phoneHint: '9 cyfr, np. 600 100 200',
  phoneHintOther: 'Od 6 do 15 cyfr, bez kierunkowego',
  phoneInvalid: 'Wpisz poprawny numer telefonu: 9 cyfr.',
  phoneInvalidOther: 'Wpisz poprawny numer telefonu: od 6 do 15 cyfr.',
  connect: 'Połącz',
  useQr: 'Zrób to z kodem QR',
  usePhone: 'Podaj numer telefonu',
  qrTitle: 'Zeskanuj kod QR w aplikacji InPost Mobile',
  qrAlt: 'Kod QR do połączenia koszyka z aplikacją InPost Mobile',
  qrInvalid: 'Nie udało się wyświetlić kodu QR. Spróbuj ponownie lub podaj numer telefonu.',
  openApp: 'Otwórz aplikację InPost Mobile',
  qrWaiting: 'Czekamy na potwierdzenie w aplikacji InPost Mobile…',
  confirmTitle: 'Potwierdź w aplikacji InPost Mobile',
  confirmText: 'Wysłaliśmy prośbę o połączenie koszyka. Otwórz aplikację InPost Mobile i potwierdź.',
  rejected: 'Połączenie zostało odrzucone w aplikacji InPost Mobile.',
  bound: (masked: string) => `Koszyk połączony z numerem ${masked}.`,
  unbound: 'Koszyk odłączony. Możesz połączyć go z innym numerem telefonu.',
  removed: 'Koszyk nie jest już połączony z aplikacją InPost Mobile. Możesz połączyć go ponownie.',
  empty: 'Koszyk jest pusty',
  emptyTitle: 'Twój koszyk jest pusty',
  emptyText: 'Dodaj produkty do koszyka, aby kupić je z InPost Pay.',
};

export type Strings = typeof pl;
