import { MerchantApiError, type Order } from 'inpost-pay-widget/merchant';

export function createOrder(inStock: boolean, make: () => Order): Order {
  // #region refuse
  // Answers 409 {"error_code": "OUT_OF_STOCK", "error_message": "Kubek jest wyprzedany"}
  if (!inStock) throw new MerchantApiError(409, 'OUT_OF_STOCK', 'Kubek jest wyprzedany');
  // #endregion refuse
  return make();
}
