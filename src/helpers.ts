/**
 * inpost-pay-widget/helpers: the widget's small helpers without the elements, for a shop's own
 * pages and templates (a few hundred bytes, where the package's main entry brings Lit along).
 */
export { maskPhone } from './core/sanitize.js';
