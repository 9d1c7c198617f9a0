// app/inpost/[...path]/route.ts: InPost Pay calls https://shop.example/inpost/v1/izi/...
// Next.js route handlers, Hono and workers take the kit's Fetch API handler as it is.
import { handler } from '../../merchant/handler.js';

export const GET = handler, POST = handler, DELETE = handler;
