// What the widgets on the page call: the handler is the route (Fetch Request in, Response out; never cached).
import { inpostPay } from '../../../lib/inpost-pay';

export const GET = (request: Request) => inpostPay().widgetApi(request);
export const POST = GET;
