// Test mode on production, on the shop's server: InPost Pay (its script and its button) is on the
// page only for whoever opened a page with ?showInPostPay=true, remembered in a cookie for the
// browser session; ?showInPostPay=false ends it. Real shoppers never load the script.
import type { Request, Response } from 'express';

export function showInPostPay(url: URL, cookieHeader = ''): { show: boolean; setCookie?: string } {
  const asked = url.searchParams.get('showInPostPay');
  if (asked === 'true') return { show: true, setCookie: 'showInPostPay=true; Path=/; HttpOnly; SameSite=Lax' };
  if (asked === 'false') return { show: false, setCookie: 'showInPostPay=; Path=/; Max-Age=0' };
  return { show: /(?:^|;\s*)showInPostPay=true(?:;|$)/.test(cookieHeader) };
}

/** For a page handler: render InPost Pay's script and button for this request? */
export function inpostPayOnPage(req: Request, res: Response): boolean {
  if (process.env.INPOST_PAY_TEST_MODE !== 'on') return true; // live: everyone sees it
  const { show, setCookie } = showInPostPay(new URL(req.originalUrl, 'http://shop'), req.headers.cookie);
  if (setCookie) res.append('set-cookie', setCookie);
  return show;
}
