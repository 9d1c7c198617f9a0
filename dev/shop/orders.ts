import type { CartLine } from './basket.js';
import { findProduct } from './catalog.js';

/** A line of an order: the cart line with the unit price it was sold at. */
export interface OrderLine extends CartLine {
  name: string;
  unitGrosze: number;
}

/** An order as the shop keeps it: its lines, what InPost Pay said about it, and its payment. */
export interface ShopOrder {
  orderId: string;
  basketId: string;
  lines: OrderLine[];
  /** Products after the promo code plus delivery, grosze. */
  totalGrosze: number | null;
  /** Delivery with its extra options, grosze. */
  deliveryGrosze: number;
  createdAt: string;
  /** What the app reported last (`payment_status` of the order event); `PENDING` until then. */
  paymentStatus: string;
  /** The shop's own status (`order_merchant_status_description`). */
  merchantStatus: string;
  /** The order came for a basket the shop no longer knew: kept from what the order itself says, to be checked by hand. */
  unknownBasket: boolean;
  /** The order as the shop answers it (§3 #6/#7). */
  wire?: unknown;
  /** The order as InPost Pay sent it (§3 #6): account, delivery, consents. */
  request?: unknown;
  /** Ad click ids the page sent with the binding request (the widget API hands them over with the order). */
  analytics?: unknown;
}

/** The payment status as the thank-you page says it. */
export function paymentStatusText(status: string): string {
  switch (status) {
    case 'AUTHORIZED':
    case 'COMPLETED':
      return 'opłacone';
    case 'DECLINED':
    case 'FAILED':
    case 'ERROR':
      return 'płatność odrzucona';
    case 'CANCELLED':
    case 'ORDER_REJECTED':
      return 'anulowane';
    default:
      return 'czeka na płatność';
  }
}

/** The cart's lines as an order keeps them. */
export function orderLines(cart: import('./basket.js').Cart): OrderLine[] {
  return cart.lines.flatMap((line) => {
    const product = findProduct(line.productId);
    return product ? [{ ...line, name: product.name, unitGrosze: cart.unitPriceGrosze(product) }] : [];
  });
}
