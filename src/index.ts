/**
 * inpost-pay-widget: the element classes, `configure()` and the types. Importing this module
 * registers nothing; import `inpost-pay-widget/define` (or load the script-tag bundle) for that.
 */
export { InpostPayButton } from './button/inpost-pay-button.js';
export { InpostPayBasket } from './basket/inpost-pay-basket.js';
export { configure } from './core/page.js';
export type { InpostPayCallbacks, InpostPayConfig, CallbackName, OrderWatchOptions, BrowserData } from './core/config.js';
export type { FailureReason, FailedCallback } from './core/callbacks.js';
export { maskPhone } from './core/sanitize.js';
export type { Attribution } from './core/analytics.js';
export type {
  SessionState,
  ErrorDetail,
  NavigateDetail,
  ScreenDetail,
  NotBindableDetail,
  BindingRequiredDetail,
  BasketChangeDetail,
  InpostPayEventMap,
  IziDocumentEventMap,
} from './core/events.js';
