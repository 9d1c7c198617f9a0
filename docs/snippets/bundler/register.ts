// #region imports
import { InpostPayButton, InpostPayBasket, configure } from 'inpost-pay-widget'; // registers nothing
// #endregion imports

configure({ language: 'pl' });

// #region define
// A shop that registers the classes itself registers both, under these names: a button opens its
// screens in a modal <inpost-pay-basket> (without one, a press says so in the console).
customElements.define('inpost-pay-button', InpostPayButton);
customElements.define('inpost-pay-basket', InpostPayBasket);
// #endregion define
