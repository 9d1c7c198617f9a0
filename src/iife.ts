/**
 * The script-tag bundle: `<script src="inpost-pay.iife.js">` registers both elements and exposes
 * `window.InpostPay`. A second copy on the page keeps the first one's API, so `configure()` always
 * reaches the session the registered elements use.
 */
import { configure } from './core/config.js';
import { maskPhone } from './core/sanitize.js';
import './define.js';
// Shops built on InPost's first widget load this bundle where they loaded inpostizi.js.
import './compat/first-widget.js';

declare global {
  interface Window {
    InpostPay?: { configure: typeof configure; maskPhone: typeof maskPhone; version: string };
  }
}

window.InpostPay ??= { configure, maskPhone, version: __VERSION__ };
