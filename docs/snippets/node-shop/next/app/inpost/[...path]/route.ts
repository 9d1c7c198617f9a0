// The merchant API URL registered with InPost Pay: InPost's signed calls.
import { merchantApi } from '../../../lib/inpost-pay';

export const GET = (request: Request) => merchantApi(request);
export { GET as POST, GET as DELETE };
