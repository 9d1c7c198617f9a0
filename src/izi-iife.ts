/**
 * The script-tag bundle for shops moving from InPost's first widget: `<script src="inpost-izi.iife.js">`
 * in place of `inpostizi.js`. Everything `inpost-pay.iife.js` does, plus that widget's
 * `<inpost-izi-button>`, its globals and its `izi-binding-complete` event (`compat/`), which
 * shops on the plain bundle do not pay for.
 *
 * Its declarations are the package's `inpost-pay-widget/inpost-izi.iife.js` types.
 */
import './iife.js';
import './compat/first-widget.js';
// For the declarations: `<inpost-izi-button>` in HTMLElementTagNameMap.
import './compat/inpost-izi-button.js';

export type { InpostPayGlobal } from './iife.js';
export type { InpostIziButton } from './compat/inpost-izi-button.js';
