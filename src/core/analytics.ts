/**
 * Attribution kept across the app (the `analytics` option): the purchase completes in the InPost
 * Mobile app, so the shop's page may never see the conversion. As InPost's own plugins do, the
 * ad click ids of the visit and the GA client id go with the binding request, and the shop's
 * backend hands them to its adapter with the order. No imports: nothing else of the widget.
 */

/** What the binding request carries as `analytics`: short tokens only, each absent when unknown. */
export interface Attribution {
  gclid?: string;
  fbclid?: string;
  ttclid?: string;
  ga_client_id?: string;
}

const KEY = 'inpost-pay-attribution';
const CLICK_IDS = ['gclid', 'fbclid', 'ttclid'] as const;
/** A token as ad platforms write them (letters, digits, `-`, `_`, `.`), at most 200 characters: anything else is dropped. */
const token = (value: unknown) => (typeof value === 'string' && /^[\w.-]{1,200}$/.test(value) ? value : undefined);

/**
 * Reads the click ids of the landing URL into the tab's sessionStorage (a later page of the visit
 * no longer has them in its URL) and returns what the tab holds, plus the GA client id of the
 * `_ga` cookie (`GA1.1.<id>.<time>` → `<id>.<time>`). Call it on every page load while the option
 * is on; storage that is unavailable (privacy modes) only loses the memory.
 */
export function attribution(): Attribution {
  const kept: Attribution = {};
  let stored: Record<string, unknown> | undefined;
  try {
    stored = JSON.parse(sessionStorage.getItem(KEY) ?? '{}');
  } catch {}
  const url = new URLSearchParams(location.search);
  for (const id of CLICK_IDS) {
    const value = token(url.get(id)) ?? token(stored?.[id]);
    if (value) kept[id] = value;
  }
  try {
    sessionStorage.setItem(KEY, JSON.stringify(kept));
  } catch {}
  const ga = token(/(?:^|;\s*)_ga=GA\d+\.\d+\.(\d+\.\d+)/.exec(document.cookie)?.[1]);
  return ga ? { ...kept, ga_client_id: ga } : kept;
}
