/**
 * Every value that reaches the widget from a callback, an attribute or an event passes through
 * here before it is shown or acted on. Lit renders text as text; these rules add the meaning.
 */

/** The largest count the widget shows; larger ones are clamped (a basket is not that big). */
export const MAX_COUNT = 999;

/**
 * A basket item count from any source: a number or a numeric string. Fractions are rounded
 * down, negatives become 0, counts above 999 are clamped; anything else is rejected (`undefined`).
 */
export function toCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || Number.isNaN(n)) return undefined;
  return Math.min(MAX_COUNT, Math.max(0, Math.floor(n)));
}

/**
 * The masked form of a phone number (`60*****00`: first two and last two digits), whatever the
 * shop passed: a full number is masked here, an already masked one keeps its stars, and every
 * other character is dropped, so nothing but digits and stars can reach the page.
 */
export function maskPhone(value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') return '';
  let chars = String(value).replace(/[^\d*]/g, '');
  // A Polish number written with its country code: keep the nine national digits.
  if (/^(\+|00)?48/.test(String(value).trim()) && chars.replace(/^(00)?48/, '').length === 9) {
    chars = chars.replace(/^(00)?48/, '');
  }
  if (chars.length > 20) chars = chars.slice(-20);
  if (chars.includes('*')) return chars;
  if (chars.length < 5) return '';
  return chars.slice(0, 2) + '*'.repeat(chars.length - 4) + chars.slice(-2);
}

/**
 * An order-watch redirect made safe: only http(s), only the page's origin or one the shop
 * allowed. Returns the absolute URL, or `undefined` for anything else (javascript:, data:,
 * protocol-relative URLs to other hosts, garbage).
 */
export function safeRedirect(value: unknown, allowedOrigins: readonly string[] = []): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(value, location.href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const origins = [location.origin, ...allowedOrigins.map(originOf)];
  return origins.includes(url.origin) ? url.href : undefined;
}

const originOf = (value: string) => {
  try {
    return new URL(value).origin;
  } catch {
    return '';
  }
};

/** How raw Base64 of an image starts (its signature bytes), by image type. */
const RAW_IMAGES: [string, string][] = [['iVBORw0KGgo', 'png'], ['/9j/', 'jpeg'], ['R0lGOD', 'gif']];

/**
 * A QR image source: a base64 `data:image/...` URL, raw Base64 of a PNG, JPEG or GIF (InPost's
 * `qr_code` as shops pass it on, without a `data:` prefix), or an http(s) image URL of the page's origin.
 */
export function safeImageSrc(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2_000_000) return undefined;
  if (/^data:image\/(png|gif|jpeg|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]+$/.test(value)) return value;
  // Long text of nothing but Base64 is an image or nothing, never a relative URL of the page.
  if (/^[A-Za-z0-9+/=\s]{64,}$/.test(value)) {
    const raw = RAW_IMAGES.find(([start]) => value.trimStart().startsWith(start));
    return raw && `data:image/${raw[1]};base64,${value.replace(/\s/g, '')}`;
  }
  return value.startsWith('data:') ? undefined : safeRedirect(value);
}

/** A link into the InPost Mobile app: the `inpost:` or `inpostsandbox:` scheme, or an https link. */
export function safeAppLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  return /^(inpost|inpostsandbox):\/\/[^\s"'<>]*$/i.test(value) || /^https:\/\/[^\s"'<>]+$/i.test(value)
    ? value
    : undefined;
}
