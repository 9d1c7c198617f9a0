import { schemas, validate, type JsonSchema } from '../../src/merchant/index.js';

/**
 * Checks of what the shop sends InPost Pay, against the merchant kit's JSON Schemas: the answers
 * to InPost's calls (a wrong one is refused, as InPost would) and the bodies of the shop's own calls.
 */

/** Which shape a body must have. */
export type BodyKind = 'basket' | 'basket-update-v1' | 'basket-with-id' | 'order' | 'order-event-answer' | 'order-event-out' | 'binding-request' | 'none';
/** The kinds of the shop's answers. */
export type AnswerKind = Extract<BodyKind, 'basket' | 'basket-with-id' | 'order' | 'order-event-answer' | 'none'>;

const SCHEMAS: Record<Exclude<BodyKind, 'none' | 'basket-with-id'>, JsonSchema> = {
  basket: schemas.basketSchema,
  'basket-update-v1': schemas.basketUpdateV1Schema,
  order: schemas.orderSchema,
  'order-event-answer': schemas.orderEventAnswerSchema,
  'order-event-out': schemas.orderEventOutSchema,
  'binding-request': schemas.createBindingRequestSchema,
};

/** What is wrong with `body` as a `kind`; empty when nothing is. The kit's validator names the first problem. */
export function problemsOf(kind: BodyKind, body: unknown): string[] {
  if (kind === 'none') return [];
  const problem = validate(SCHEMAS[kind === 'basket-with-id' ? 'basket' : kind], body);
  if (problem) return [`${problem.path || 'the body'}: ${problem.message}`];
  // The answer to a product added in the app must name the basket (INPOST-API.md §3 #5).
  if (kind === 'basket-with-id' && typeof (body as { basket_id?: unknown }).basket_id !== 'string') return ['basket_id: is required'];
  return [];
}
