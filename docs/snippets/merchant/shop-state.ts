// Stand-ins for the shop's own cart, order and catalogue code, so the merchant snippets compile.
// A real shop has these already; only their shapes matter to the kit.
import type { AddProductRequest, Basket, BasketEvent, BindingConfirmation, CreateOrderRequest, Order, OrderEventAnswer, OrderEventIn, ProductsPage } from 'inpost-pay-widget/merchant';

type Found<T> = T | undefined | Promise<T | undefined>;
export interface Carts {
  toInpostBasket(basketId: string): Found<Basket>;
  link(basketId: string, confirmation: BindingConfirmation): void;
  apply(basketId: string, event: BasketEvent): Found<Basket>;
  unlink(basketId: string): void;
  addFromApp(productId: string, basketId: AddProductRequest['basket_id'], phone: AddProductRequest['phone_number']): Found<Basket & { basket_id: string }>;
}
export interface Orders {
  create(order: CreateOrderRequest): Found<Order>;
  toInpostOrder(orderId: string): Found<Order>;
  paymentResult(orderId: string, event: OrderEventIn): Found<OrderEventAnswer>;
}
export interface Catalogue {
  page(index: number | undefined, size: number | undefined, ids: string[] | undefined): ProductsPage | Promise<ProductsPage>;
}

const nothing = () => undefined;
export const carts: Carts = { toInpostBasket: nothing, link: nothing, apply: nothing, unlink: nothing, addFromApp: nothing };
export const orders: Orders = { create: nothing, toInpostOrder: nothing, paymentResult: nothing };
export const catalogue: Catalogue = { page: () => ({ content: [], total_items: 0, page_index: 0, page_size: 20 }) };
