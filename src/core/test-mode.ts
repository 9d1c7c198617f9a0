/**
 * Test mode on production: while a shop tries InPost Pay with its production credentials, real
 * shoppers must not see the button yet. As InPost's Magento module does (`TestModeProvider`,
 * URL parameter `showInPostPay=true`), a tester opens any page with `?showInPostPay=true`; unlike
 * it, the tab remembers the choice (sessionStorage), so the tester can walk from the product to the
 * basket without adding the parameter to every link. `?showInPostPay=false` forgets it.
 *
 * Framework-free and pure apart from the storage passed in: the elements (or the shop's page) ask
 * `testModeAllows()` before showing anything while the shop's test mode is on.
 */

/** The URL parameter a tester adds: `?showInPostPay=true`. */
export const TEST_MODE_PARAMETER = 'showInPostPay';
/** The sessionStorage key that keeps the tester's choice for the tab. */
export const TEST_MODE_STORAGE_KEY = 'inpost-pay-show';

/** The part of `Storage` the rule uses (sessionStorage in a page; a fake in tests). */
export type TestModeStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/**
 * Whether InPost Pay may be shown to this visitor while the shop's test mode is on.
 * @param search the page's query string (`location.search`)
 * @param storage where the choice is kept for the tab; storage that throws (blocked in some
 *   privacy modes) only loses the memory: the URL parameter still works on its own page
 */
export function testModeAllows(search: string, storage?: TestModeStorage): boolean {
  const value = new URLSearchParams(search).get(TEST_MODE_PARAMETER);
  try {
    if (value === 'true') storage?.setItem(TEST_MODE_STORAGE_KEY, 'true');
    else if (value === 'false') storage?.removeItem(TEST_MODE_STORAGE_KEY);
  } catch {
    // Storage unavailable: nothing remembered.
  }
  if (value === 'true') return true;
  if (value !== null) return false;
  try {
    return storage?.getItem(TEST_MODE_STORAGE_KEY) === 'true';
  } catch {
    return false;
  }
}
