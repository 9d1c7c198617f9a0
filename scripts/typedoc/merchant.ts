/**
 * The `inpost-pay-widget/merchant` entry, as TypeDoc documents it (scripts/api-merchant.mjs).
 *
 * @module inpost-pay-widget/merchant
 */
export * from '../../src/merchant/index.js';
