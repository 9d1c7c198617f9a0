// Shared pieces of the benchmark: what a measurement returns, page HTML, small statistics.
import type { Browser } from 'playwright';
import type { BenchServer } from './server.js';

/** One line of the results table. `ok` undefined: informational, no target. */
export interface Row {
  id: string;
  measurement: string;
  widget: string;
  baseline: string;
  figure: string;
  target: string;
  ok?: boolean;
}

export interface Result {
  rows: Row[];
  /** Markdown paragraphs or lists with the details behind the rows. */
  details: string[];
}

export interface Bench {
  browser: Browser;
  server: BenchServer;
  /** URL path of the widget bundle (dist/inpost-pay.iife.js, or the fallback; see run.ts). */
  widgetBundle: string;
  /** URL path of the baseline Lit element bundle. */
  baselineBundle: string;
}

/** A bench page: helpers, one bundle, an inline script after it, a listing `<ul id="list">` and a `<div id="host">`. */
export function pageHtml({ bundle, inline = '', list = '' }: { bundle: string; inline?: string; list?: string }): string {
  return `<!doctype html>
<html lang="pl">
<head>
<meta charset="utf-8">
<title>inpost-pay-widget bench</title>
<script src="/bench/helpers.js"></script>
<script src="${bundle}"></script>
<script>${inline}</script>
</head>
<body>
<ul id="list">${list}</ul>
<div id="host"></div>
</body>
</html>`;
}

/** `n` listing items, each a product name and `element` (an HTML string with `{i}` for the index). */
export const listing = (n: number, element: string): string =>
  Array.from({ length: n }, (_, i) => `<li><span>Product ${i}</span>${element.replaceAll('{i}', String(i))}</li>`).join('\n');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time));
