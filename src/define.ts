/**
 * Registers `<inpost-pay-button>` and `<inpost-pay-basket>` (once, even if loaded twice) and lets
 * buttons open the basket's screens as a modal.
 */
import { InpostPayBasket } from './basket/inpost-pay-basket.js';
import { InpostPayButton } from './button/inpost-pay-button.js';
import { session } from './core/session.js';
import { define } from './shared/widget-element.js';

define('inpost-pay-button', InpostPayButton);
define('inpost-pay-basket', InpostPayBasket);
session.setScreenOpener(InpostPayBasket.openModal);

export { configure } from './core/config.js';
export { InpostPayBasket, InpostPayButton };
