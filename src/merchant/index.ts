/**
 * Merchant-side (Node) toolkit of inpost-pay-widget: the InPost Pay API client and the
 * verification of InPost Pay's signed callbacks. Import it as `inpost-pay-widget/merchant`.
 * Nothing here runs in a browser.
 */
export {
  InpostPayClient,
  PRODUCTION_API_URL,
  PRODUCTION_TOKEN_URL,
  SANDBOX_API_URL,
  SANDBOX_TOKEN_URL,
  TOKEN_PATH,
  parseRetryAfter,
} from './client.js';
export type { InpostPayClientOptions } from './client.js';
export { InpostPayApiError, InpostPayNetworkError, InpostPayTimeoutError } from './errors.js';
export {
  MAX_SIGNATURE_AGE_SECONDS,
  publicKeyHash,
  signRequest,
  verifySignedRequest,
} from './signature.js';
export type { SignatureHeaders, SignatureProblem } from './signature.js';
export { BINDING_PLACES } from './types.js';
export type {
  Basket,
  BasketBindingStatus,
  BasketProduct,
  BindingConfirmation,
  BindingPlace,
  BrowserData,
  CreateBindingRequest,
  DeepLinkBinding,
  OrderCreated,
  PhoneNumber,
  Price,
  PutBasketResult,
} from './types.js';
