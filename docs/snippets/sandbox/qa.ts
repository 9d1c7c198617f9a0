// QA automation against the sandbox's JSON API (`npm run demo`; the sandbox listens on port 4010).
// What a tester does on the phone simulator, as calls: accept the binding request the shop's page
// sent, change a quantity, pay, and delete the basket in the app. Calls take JSON and no other origin.
const sandbox = process.env.SANDBOX_URL ?? 'http://127.0.0.1:4010';

async function call<T>(method: string, path: string, body?: object): Promise<T> {
  const response = await fetch(`${sandbox}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

// #region qa
/** Accepts the oldest binding request as the given phone, trusting the browser. */
export async function acceptBinding(phone = '600100200') {
  const { requests } = await call<{ requests: { request_id: string }[] }>('GET', '/sandbox/binding-requests');
  if (!requests[0]) throw new Error('no binding request is waiting');
  return call<{ basket_id: string; masked_phone_number: string }>('POST', `/sandbox/binding-requests/${requests[0].request_id}/accept`, {
    phone_number: { country_prefix: '+48', phone },
    trust_browser: true,
  });
}

/** The shopper changes a quantity in the app (0 removes the line). */
export const setQuantity = (basketId: string, productId: string, quantity: number) =>
  call('POST', `/sandbox/baskets/${basketId}/quantity`, { product_id: productId, quantity });

/** The shopper orders and pays; `DECLINED` lets QA try a declined payment. */
export const pay = (basketId: string, payment_status: 'AUTHORIZED' | 'DECLINED' = 'AUTHORIZED') =>
  call<{ order_id: string; payment_status: string }>('POST', `/sandbox/baskets/${basketId}/order`, { payment_status });

/** The shopper deletes the basket in the app. */
export const unlink = (basketId: string) => call('DELETE', `/sandbox/baskets/${basketId}/binding`);
// #endregion qa
