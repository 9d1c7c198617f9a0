/**
 * The `inpost-pay-widget/merchant/redis` entry, as TypeDoc documents it (scripts/api-merchant.mjs).
 *
 * @module inpost-pay-widget/merchant/redis
 */
export * from '../../src/merchant/redis.js';
