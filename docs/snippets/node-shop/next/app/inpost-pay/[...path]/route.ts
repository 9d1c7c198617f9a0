// What the widgets on the page call: the handler is the route (Fetch Request in, Response out; never cached).
import { widgetApi } from '../../../lib/inpost-pay';

export const GET = (request: Request) => widgetApi(request);
export const POST = GET;
