import { Problem } from '../http.js';
import { BINDING_PLACES, ID_PATTERN, isBindingPlace, PHONE_NUMBER_PATTERN, PHONE_PREFIX_PATTERN } from '../../src/merchant/types.js';
import type { BasketUpdateV1, BrowserData, CreateBindingRequest, PhoneNumber } from '../../src/merchant/types.js';
import { problemsOf } from './answers.js';

/**
 * Input validation of the sandbox. Every check runs before any state changes, and every failure
 * is a {@link Problem} that the error handler turns into `{error_code, error_message}`.
 */

const bad = (message: string): Problem => new Problem(400, 'BAD_REQUEST', message);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path or query id; anything else is a 400. */
export function checkId(value: unknown, name: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw bad(`${name} must match ${ID_PATTERN.source}`);
  return value;
}

function optionalString(value: unknown, name: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > max) throw bad(`${name} must be a string of at most ${max} characters`);
  return value;
}

export function phoneNumber(value: unknown, name = 'phone_number'): PhoneNumber {
  if (!isObject(value)) throw bad(`${name} must be an object {country_prefix, phone}`);
  const prefix = value.country_prefix;
  const phone = value.phone;
  if (typeof prefix !== 'string' || !PHONE_PREFIX_PATTERN.test(prefix)) {
    throw bad(`${name}.country_prefix must look like +48`);
  }
  if (typeof phone !== 'string' || !PHONE_NUMBER_PATTERN.test(phone)) {
    throw bad(`${name}.phone must be 6 to 15 digits`);
  }
  return { country_prefix: prefix, phone };
}

export function personName(value: unknown, name: string, fallback: string): string {
  const result = optionalString(value, name, 64);
  if (result === undefined || result.trim() === '') return fallback;
  if (/[<>\u0000-\u001f]/.test(result)) throw bad(`${name} contains forbidden characters`);
  return result.trim();
}

/**
 * `PUT /v{1,2}/izi/basket/{id}` body: a Basket (INPOST-API.md §4), checked against the merchant
 * kit's schema; v1 may add a trusted `browser_id`.
 */
export function basketBody(body: unknown, version: 1 | 2): BasketUpdateV1 {
  if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  if (version === 2 && body.browser_id !== undefined) throw bad('browser_id belongs to the v1 basket update only');
  const problems = problemsOf(version === 1 ? 'basket-update-v1' : 'basket', body);
  if (problems.length) throw bad(problems.join('; '));
  return body as unknown as BasketUpdateV1;
}

/** `POST /v1/izi/basket/{id}/binding` body. */
export function bindingBody(body: unknown): CreateBindingRequest {
  if (!isObject(body)) throw new Problem(400, 'MALFORMED_REQUEST', 'The body must be a JSON object');
  const method = body.binding_method;
  if (method !== 'PHONE' && method !== 'DEEP_LINK') throw bad('binding_method must be PHONE or DEEP_LINK');
  const place = body.binding_place;
  if (place !== undefined && !isBindingPlace(place)) {
    throw bad(`binding_place must be one of ${BINDING_PLACES.join(', ')}`);
  }
  const browser = body.browser;
  if (!isObject(browser)) throw bad('browser must be an object');
  const browserData: BrowserData = {};
  for (const key of ['user_agent', 'description', 'platform', 'architecture', 'data_time', 'location', 'customer_ip', 'port'] as const) {
    const value = browser[key];
    // Some shops send the port as a number.
    browserData[key] = typeof value === 'number' && key === 'port' ? String(value) : optionalString(value, `browser.${key}`, 1024);
  }
  if (browser.browser_id !== undefined) browserData.browser_id = checkId(browser.browser_id, 'browser.browser_id');
  return {
    binding_method: method,
    binding_place: place,
    phone_number: method === 'PHONE' ? phoneNumber(body.phone_number) : undefined,
    browser: browserData,
  };
}

/** `60*****00`: the first two and the last two digits stay visible. */
export function maskPhone(phone: string): string {
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return phone.slice(0, 2) + '*'.repeat(phone.length - 4) + phone.slice(-2);
}
