/**
 * The `inpost-pay-widget/merchant/testing` entry, as TypeDoc documents it (scripts/api-merchant.mjs).
 *
 * @module inpost-pay-widget/merchant/testing
 */
export * from '../../src/merchant/testing.js';
