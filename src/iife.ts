/**
 * The script-tag bundle: `<script src="inpost-pay.iife.js">` registers both elements and exposes
 * `window.InpostPay`. A second copy on the page keeps the first one's API, so `configure()` always
 * reaches the session the registered elements use.
 *
 * `<script src="inpost-pay.iife.js" data-endpoint="/inpost-pay">` configures the shop's widget
 * endpoints (`configure({ endpoint })`) as it loads, and `data-analytics` turns on `analytics`:
 * a shop on `createWidgetApi` needs no script of its own.
 *
 * Its declarations are the package's `inpost-pay-widget/inpost-pay.iife.js` types: a shop that
 * loads the script tag and writes TypeScript references them to get `window.InpostPay` typed.
 */
import { configure } from './core/page.js';
import { maskPhone } from './core/sanitize.js';
import './define.js';

/** What the script-tag bundle puts on `window.InpostPay`. */
export interface InpostPayGlobal {
  /** Configures every widget on the page (see `configure` of the ES module). */
  configure: typeof configure;
  /** The widget's masking of a phone number: `600100200` becomes `60*****00`. */
  maskPhone: typeof maskPhone;
  /** The package version of the bundle. */
  version: string;
}

declare global {
  interface Window {
    /** Set by the script-tag bundle (`inpost-pay.iife.js`) when it loads. */
    InpostPay?: InpostPayGlobal;
  }
}

window.InpostPay ??= { configure, maskPhone, version: __VERSION__ };

const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset;
if (data?.endpoint) window.InpostPay.configure({ endpoint: data.endpoint, ...('analytics' in data && data.analytics !== 'false' && { analytics: true }) });
