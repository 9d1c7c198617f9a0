// The page's own cart view: the visitor's cart, found through the widget API's session.
import { inpostPay } from '../../lib/inpost-pay';
import { cartOf } from '../../lib/shop';

export const GET = async (request: Request) => Response.json(cartOf((await inpostPay().widgetApi.stateOf(request))?.basketId));
