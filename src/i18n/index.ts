import { en } from './en.js';
import { pl, type Strings } from './pl.js';

export type { Strings };
export type Language = 'pl' | 'en';

/**
 * Picks the strings for an element: its own `language`, else the nearest `lang` on the page
 * (crossing shadow roots), else the configured default, else Polish.
 * Unknown languages fall back to English, as the first InPost widget did.
 */
export function stringsFor(el: Element, attr: string | null | undefined, fallback?: string): Strings {
  const lang = (attr || closestLang(el) || fallback || 'pl').toLowerCase().slice(0, 2);
  return lang === 'pl' ? pl : en;
}

function closestLang(el: Element): string | null {
  let node: Element | null = el;
  while (node) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang) return lang;
    node = (node.getRootNode() as ShadowRoot).host ?? null;
  }
  return null;
}
