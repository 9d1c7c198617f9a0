/**
 * The kit's own cookies: opaque random ids, signed with the shop's secret (HMAC-SHA256), `HttpOnly`,
 * `SameSite=Lax`, `Path=/`; over https also `Secure` and the `__Host-` prefix (a subdomain or a
 * plain-http page cannot set or overwrite them).
 * @internal
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newId = (prefix: string): string => prefix + randomBytes(16).toString('base64url');

const ID = /^[A-Za-z0-9_-]{8,64}$/;

export class CookieJar {
  constructor(private readonly secret: string) {}

  private sign(name: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${name}=${value}`).digest('base64url').slice(0, 32);
  }

  /** The cookie's name as sent: `__Host-<name>` over https. */
  static nameFor(name: string, secure: boolean): string {
    return secure ? `__Host-${name}` : name;
  }

  /** The verified id of cookie `name`, or undefined (absent, unsigned, forged, malformed). */
  read(request: Request, name: string, secure: boolean): string | undefined {
    const wanted = CookieJar.nameFor(name, secure);
    const header = request.headers.get('cookie') ?? '';
    for (const part of header.split(';')) {
      const index = part.indexOf('=');
      if (index < 0 || part.slice(0, index).trim() !== wanted) continue;
      const raw = decodeURIComponent(part.slice(index + 1).trim());
      const dot = raw.lastIndexOf('.');
      if (dot < 0) continue;
      const value = raw.slice(0, dot);
      const signature = Buffer.from(raw.slice(dot + 1));
      const expected = Buffer.from(this.sign(name, value));
      if (ID.test(value) && signature.length === expected.length && timingSafeEqual(signature, expected)) return value;
    }
    return undefined;
  }

  /** A `Set-Cookie` line for `value` (undefined: clears the cookie). */
  line(name: string, value: string | undefined, secure: boolean, maxAgeSeconds?: number): string {
    const parts = [
      `${CookieJar.nameFor(name, secure)}=${value === undefined ? '' : `${value}.${this.sign(name, value)}`}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
    ];
    if (secure) parts.push('Secure');
    if (value === undefined) parts.push('Max-Age=0');
    else if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
    return parts.join('; ');
  }
}
