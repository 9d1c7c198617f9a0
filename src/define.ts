/**
 * Registers `<inpost-pay-button>` and `<inpost-pay-basket>` (once, even if loaded twice). Buttons
 * open their screens in a modal `<inpost-pay-basket>`, so a shop that registers the classes itself
 * registers both (a press says so in the console otherwise).
 */
import { InpostPayBasket } from './basket/inpost-pay-basket.js';
import { InpostPayButton } from './button/inpost-pay-button.js';
import { define } from './ui/widget-element.js';

define('inpost-pay-button', InpostPayButton);
define('inpost-pay-basket', InpostPayBasket);

export { configure } from './core/page.js';
export { InpostPayBasket, InpostPayButton };
