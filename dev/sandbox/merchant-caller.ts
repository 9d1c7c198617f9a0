import type { SigningKeyRing } from './keys.js';
import { problemsOf, type AnswerKind } from './answers.js';

/**
 * InPost Pay's calls to the shop's merchant API (INPOST-API.md §3): `<merchantApiUrl>/v1/izi/...`,
 * each signed with the newest signing key (§5), each answer checked against the status InPost
 * expects and the merchant kit's schema of that answer. Every call is recorded, so QA sees in the
 * simulator and in `/sandbox/state` what the shop was asked, what it answered, and what was wrong.
 */

/** One call to the shop, as `/sandbox/state` lists it. */
export interface MerchantCall {
  at: string;
  method: string;
  path: string;
  basket_id: string | null;
  request: unknown;
  status: number | null;
  answer: unknown;
  /** Why InPost would refuse the answer (wrong status, schema failures, network error); empty when fine. */
  problems: string[];
}

export interface CallResult<T> {
  ok: boolean;
  status: number | null;
  answer: T | undefined;
  problems: string[];
}

const KEEP_CALLS = 200;

export class MerchantCaller {
  readonly calls: MerchantCall[] = [];

  constructor(
    private readonly keys: SigningKeyRing,
    private readonly baseUrl: () => string | undefined,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Calls `<merchantApiUrl><path>`. `expected` lists the acceptable statuses; `kind` names the
   * schema the answer must meet (`none`: any body).
   */
  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, payload: unknown, expected: number[], kind: AnswerKind, basketId: string | null): Promise<CallResult<T>> {
    const base = this.baseUrl();
    const record: MerchantCall = { at: new Date().toISOString(), method, path, basket_id: basketId, request: payload ?? null, status: null, answer: null, problems: [] };
    this.calls.push(record);
    if (this.calls.length > KEEP_CALLS) this.calls.shift();
    if (!base) {
      record.problems.push('The shop has no merchant API URL (merchantApiUrl) yet');
      return { ok: false, status: null, answer: undefined, problems: record.problems };
    }
    // GET and DELETE carry no body; the signature then covers the empty string (§5).
    const body = payload === undefined ? '' : JSON.stringify(payload);
    try {
      const response = await fetch(base + path, {
        method,
        headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...this.keys.sign(body) },
        body: body || undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      record.status = response.status;
      const text = await response.text();
      let answer: unknown = text;
      if (text) {
        try {
          answer = JSON.parse(text);
        } catch {
          if (kind !== 'none') record.problems.push('The answer is not JSON');
        }
      }
      record.answer = text.length > 20_000 ? `${text.slice(0, 20_000)}…` : answer;
      if (!expected.includes(response.status)) {
        const code = typeof answer === 'object' && answer !== null && 'error_code' in answer ? ` ${String((answer as { error_code: unknown }).error_code)}` : '';
        record.problems.push(`Status ${response.status}${code}; InPost Pay expects ${expected.join(' or ')}`);
      } else if (kind !== 'none' && record.problems.length === 0) {
        record.problems.push(...problemsOf(kind, answer));
      }
      return { ok: record.problems.length === 0, status: response.status, answer: answer as T, problems: record.problems };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      record.problems.push(timedOut ? `No answer within ${this.timeoutMs} ms` : `The shop could not be reached: ${(error as Error).message}`);
      return { ok: false, status: null, answer: undefined, problems: record.problems };
    }
  }
}
