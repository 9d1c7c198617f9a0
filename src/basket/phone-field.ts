/**
 * The phone number the shopper types on the binding screen: which country codes we offer and
 * when a number is good enough to send. Framework-free, so it is tested without rendering.
 */

/** Country codes offered in the prefix field; Poland first, as InPost Mobile is a Polish app. */
export const PREFIXES = ['+48', '+420', '+421', '+49', '+44', '+380'] as const;

export const DEFAULT_PREFIX = '+48';

/** The digits of what the shopper typed, without the spaces and dashes people write numbers with. */
export const digitsOnly = (number: string): string => number.replace(/[\s-]/g, '');

/**
 * Whether `number` is a phone number for `prefix`: nine digits for Poland, 6 to 15 digits
 * elsewhere (the ITU limit); spaces and dashes are allowed between digits, nothing else.
 */
export function isValidPhone(prefix: string, number: string): boolean {
  if (!/^[\d\s-]*$/.test(number)) return false;
  const digits = digitsOnly(number);
  return prefix === DEFAULT_PREFIX ? /^\d{9}$/.test(digits) : /^\d{6,15}$/.test(digits);
}
