// The merchant API URL registered with InPost Pay: InPost's signed calls.
import { inpostPay } from '../../../lib/inpost-pay';

export const GET = (request: Request) => inpostPay().merchantApi(request);
export { GET as POST, GET as DELETE };
