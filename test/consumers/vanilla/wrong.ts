// Must NOT type-check: `variant` is `create` or `buy`.
import type { InpostPayButton } from 'inpost-pay-widget';

export const wrong = (button: InpostPayButton) => {
  button.variant = 'checkout';
};
