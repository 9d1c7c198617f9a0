// #region client
import { InpostPayClient, SANDBOX_API_URL, SANDBOX_TOKEN_URL, type Basket, type BindingPlace, type BrowserData, type PhoneNumber } from 'inpost-pay-widget/merchant';

const inpost = new InpostPayClient({
  clientId: process.env.INPOST_CLIENT_ID!,
  clientSecret: process.env.INPOST_CLIENT_SECRET!,
  baseUrl: SANDBOX_API_URL,
  tokenUrl: SANDBOX_TOKEN_URL,
});
// #endregion client

export async function everyCall(basketId: string, basket: Basket, browserId: string, orderId: string, binding_place: BindingPlace, phone_number: PhoneNumber, browser: BrowserData) {
  // #region calls
  await inpost.putBasket(basketId, basket); // PUT /v1/izi/basket/{id} (basket.browser_id: a trusted browser)
  await inpost.putBasket(basketId, basket, { apiVersion: 'v2' }); // PUT /v2/izi/basket/{id}
  const { basket_binding_api_key } = await inpost.createBindingKey(basketId); // PUT /v2/izi/basket/{id}/binding
  const binding = await inpost.getBasketBinding(basketId, browserId); // GET /v1/izi/basket/{id}/binding
  await inpost.createBinding(basketId, { binding_method: 'PHONE', binding_place, phone_number, browser }); // 202
  await inpost.deleteBasketBinding(basketId, { ifBasketRealized: true }); // DELETE …/binding?if_basket_realized=1
  await inpost.deleteBrowserBinding(browserId); // DELETE /v1/izi/browser/{id}/binding
  await inpost.sendOrderEvent(orderId, { event_id: crypto.randomUUID(), event_data_time: new Date().toISOString(), event_data: { order_status: 'ORDER_COMPLETED' } }); // 200 or 201
  await inpost.getSigningKeys(); // {merchant_external_id, public_keys: [...]}
  await inpost.getSigningKey('2'); // {merchant_external_id, public_key}
  await inpost.getPaymentMethods(); // {payment_type: [...]}
  // #endregion calls
  return { basket_binding_api_key, binding };
}
