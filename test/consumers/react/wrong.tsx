// Must NOT type-check: `variant` is `create` or `buy`.
export const Wrong = () => <inpost-pay-button product-id="SKU-1" variant="checkout" />;
