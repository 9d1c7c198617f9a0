import { attribution } from './analytics.js';
import { Configuration, type InpostPayConfig } from './config.js';
import { endpointCallbacks } from './endpoint-callbacks.js';
import { BindingSession } from './session.js';

/**
 * The page's one configuration and one binding session: every element on the page shows this
 * session, and `configure()` writes to this configuration. The only module-level state of the
 * widget besides the live region (`announcer.ts`); the parts it is built from take their
 * configuration as an argument.
 */
export const pageConfig = new Configuration(endpointCallbacks);

/** The binding session every widget of the page shows. */
export const session = new BindingSession(pageConfig);

/**
 * Configures every widget on the page. Callbacks not given here are taken from `window` under
 * the same name, so shops that integrated the first InPost widget keep working, else from the
 * shop's widget endpoints when `endpoint` is given (`configure({ endpoint: '/inpost-pay' })`). Elements that
 * exist before the first call start working when it comes.
 */
export function configure(options: InpostPayConfig): void {
  pageConfig.set(options);
  // The landing page's click ids are kept for the tab now: a later page's URL no longer has them.
  if (options?.analytics) attribution();
}
