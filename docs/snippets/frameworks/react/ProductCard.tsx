import 'inpost-pay-widget/define';

export function ProductCard({ sku }: { sku: string }) {
  return (
    <inpost-pay-button
      product-id={sku}
      variant="create"
      oninpost-pay-not-bindable={(event) => console.log(event.detail.productId)}
    />
  );
}
