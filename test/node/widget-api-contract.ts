/**
 * The widget endpoints' OpenAPI document (openapi/widget-api.json) as a checker for tests: every
 * request a test makes and every answer it gets can go through it.
 *
 * ```ts
 * const contract = new WidgetApiContract();              // basePath '/inpost-pay'
 * const handler = contract.wrap(createWidgetApi(...));   // a Fetch handler, checked on every call
 * // or, against a listening server: const answer = await contract.fetch(url, init);
 * ...
 * contract.assertClean();                                // after the test: no exchange broke the contract
 * ```
 *
 * What an exchange must satisfy:
 * - the path and method are an operation of the document (outside `basePath` nothing is checked);
 * - the answer's status is declared for the operation (exactly, or by its `default`), its
 *   content type is the declared one, its body and required headers (Retry-After on 429) match;
 * - a request the document forbids (not JSON, a body off the schema, a query off its pattern) is
 *   answered with a 4xx; a request answered with a 2xx is one the document allows;
 * - an SSE answer (`text/event-stream`): every `data:` of the stream, as it passes through,
 *   matches the operation's `x-event-data` schema; other lines are comments, `event:`, `id:`, `retry:`.
 *
 * Ajv (2020-12 dialect, strict) compiles the document's own schemas: no copy of them lives here.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';

export const DOCUMENT_URL = new URL('../../openapi/widget-api.json', import.meta.url);
/** The parsed document. */
export const document: OpenApiDocument = JSON.parse(readFileSync(DOCUMENT_URL, 'utf8'));

const DOC_ID = 'widget-api.json';

interface MediaType {
  schema?: object;
  'x-event-data'?: object;
}
interface ResponseObject {
  description: string;
  /** `x-required-with-error-code`: the header is required when the body's `error_code` is this one. */
  headers?: Record<string, { required?: boolean; schema?: object; 'x-required-with-error-code'?: string }>;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: object }[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject | { $ref: string }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object>; responses: Record<string, ResponseObject> };
}

/** The operation the document declares for `method` and `path` (relative to the mount point). */
export function operationOf(method: string, path: string): { operation: Operation; pointer: string } | undefined {
  const item = document.paths[path];
  const operation = item?.[method.toLowerCase()];
  return operation ? { operation, pointer: `/paths/${escape(path)}/${method.toLowerCase()}` } : undefined;
}

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function ajv(): Ajv2020 {
  // The document's non-schema keys are not keywords: declared so strict mode takes the document as is.
  const instance = new Ajv2020({ strict: true, allErrors: true });
  instance.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components', 'x-event-data', 'x-optional']);
  instance.addSchema(document, DOC_ID);
  return instance;
}

/** The shared compiler: one Ajv for the document, one compiled validator per JSON pointer. */
const compiled = new Map<string, ValidateFunction>();
let shared: Ajv2020 | undefined;
function validatorAt(pointer: string): ValidateFunction {
  const known = compiled.get(pointer);
  if (known) return known;
  shared ??= ajv();
  const validate = shared.compile({ $ref: `${DOC_ID}#${pointer}` });
  compiled.set(pointer, validate);
  return validate;
}

/** Checks `value` against the schema at `pointer` (a JSON pointer into the document); the problems, or none. */
export function problemsAt(pointer: string, value: unknown): string[] {
  const validate = validatorAt(pointer);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
}

/** The response object declared for `status` (resolving `$ref`), and its pointer. */
function responseFor(operation: Operation, pointer: string, status: number): { response: ResponseObject; pointer: string } | undefined {
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((candidate) => candidate in operation.responses);
  if (!key) return undefined;
  const declared = operation.responses[key];
  if ('$ref' in declared) {
    const name = declared.$ref.replace('#/components/responses/', '');
    return { response: document.components.responses[name], pointer: `/components/responses/${name}` };
  }
  return { response: declared, pointer: `${pointer}/responses/${key}` };
}

/** The `error_code` of a JSON error answer, if it is one. */
async function errorCodeOf(response: Response): Promise<string | undefined> {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('json')) return undefined;
  try {
    const body = JSON.parse(await response.clone().text());
    return typeof body?.error_code === 'string' ? body.error_code : undefined;
  } catch {
    return undefined;
  }
}

const mediaType = (header: string | null) => (header ?? '').split(';')[0].trim().toLowerCase();

export interface ContractOptions {
  /** The handler's mount point. Default `/inpost-pay`. */
  basePath?: string;
}

export class WidgetApiContract {
  readonly basePath: string;
  /** Every broken rule seen so far, each naming the exchange (`POST /pay-data → 200: ...`). */
  readonly problems: string[] = [];
  /** How many exchanges were checked, per operation id and status (`payData 429`). */
  readonly seen = new Map<string, number>();

  constructor(options: ContractOptions = {}) {
    this.basePath = (options.basePath ?? '/inpost-pay').replace(/\/$/, '');
  }

  /**
   * Checks one exchange. The request and the response are cloned before their bodies are read,
   * so both stay usable. An SSE answer's stream is not read here (see `wrap`/`fetch`).
   * Returns the problems found (also added to `problems`).
   */
  async check(request: Request, response: Response): Promise<string[]> {
    const url = new URL(request.url);
    if (!url.pathname.startsWith(`${this.basePath}/`)) return [];
    const path = url.pathname.slice(this.basePath.length);
    const label = `${request.method} ${path}${url.search} → ${response.status}`;
    const found: string[] = [];
    const found_ = (problem: string) => found.push(`${label}: ${problem}`);

    const declared = operationOf(request.method, path);
    if (!declared) {
      if (response.status !== 404 && response.status !== 405) found_('no such operation in the document, yet not answered 404/405');
      return this.#record(found);
    }
    const { operation, pointer } = declared;
    const key = `${operation.operationId} ${response.status}`;
    this.seen.set(key, (this.seen.get(key) ?? 0) + 1);

    // The request: is it one the document allows?
    const requestProblems = await this.#requestProblems(request.clone(), url, operation, pointer);
    const ok = response.status >= 200 && response.status < 300;
    const refused = response.status >= 400 && response.status < 500;
    if (ok && requestProblems.length) found_(`a request the document forbids got a success (${requestProblems.join('; ')})`);
    if (requestProblems.length && !refused && response.status !== 101) {
      found_(`a request the document forbids must get a 4xx (${requestProblems.join('; ')})`);
    }

    // The answer.
    const declaredResponse = responseFor(operation, pointer, response.status);
    if (!declaredResponse) {
      found_('status not declared for this operation');
      return this.#record(found);
    }
    const { response: spec, pointer: responsePointer } = declaredResponse;
    const errorCode = await errorCodeOf(response);
    for (const [name, header] of Object.entries(spec.headers ?? {})) {
      const value = response.headers.get(name);
      if (value === null) {
        if (header.required || (errorCode && header['x-required-with-error-code'] === errorCode)) found_(`header ${name} missing`);
      } else if (header.schema) {
        for (const problem of problemsAt(`${responsePointer}/headers/${escape(name)}/schema`, value)) found_(`header ${name}: ${problem}`);
      }
    }
    const types = Object.keys(spec.content ?? {});
    const type = mediaType(response.headers.get('content-type'));
    if (!types.length) {
      if (response.status !== 101) {
        const text = await response.clone().text();
        if (text !== '') found_(`no body declared, got ${JSON.stringify(text.slice(0, 80))}`);
      }
      return this.#record(found);
    }
    if (!types.includes(type)) {
      found_(`content-type ${JSON.stringify(type)}, declared ${types.join(', ')}`);
      return this.#record(found);
    }
    if (type === 'application/json') {
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        found_(`body is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
        return this.#record(found);
      }
      for (const problem of problemsAt(`${responsePointer}/content/application~1json/schema`, body)) found_(`body ${problem}: ${text.slice(0, 200)}`);
    }
    return this.#record(found);
  }

  async #requestProblems(request: Request, url: URL, operation: Operation, pointer: string): Promise<string[]> {
    const problems: string[] = [];
    for (const [index, parameter] of (operation.parameters ?? []).entries()) {
      if (parameter.in !== 'query') continue;
      const value = url.searchParams.get(parameter.name);
      if (value === null) {
        if (parameter.required) problems.push(`query ${parameter.name} missing`);
        continue;
      }
      for (const problem of problemsAt(`${pointer}/parameters/${index}/schema`, value)) problems.push(`query ${parameter.name} ${problem}`);
    }
    const text = request.body ? await request.text() : '';
    if (!operation.requestBody) {
      if (text !== '') problems.push('a body where the operation takes none');
      return problems;
    }
    const type = mediaType(request.headers.get('content-type'));
    if (!(type in operation.requestBody.content)) {
      problems.push(`request content-type ${JSON.stringify(type)}`);
      return problems;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push('request body is not JSON');
      return problems;
    }
    for (const problem of problemsAt(`${pointer}/requestBody/content/application~1json/schema`, body)) problems.push(`request body ${problem}`);
    return problems;
  }

  /** Checks each `data:` of an SSE stream text (a whole or partial stream; an unfinished last event is left alone). */
  eventStreamProblems(text: string, label = 'GET /order-events'): string[] {
    const operation = operationOf('GET', '/order-events')!;
    const pointer = `${operation.pointer}/responses/200/content/text~1event-stream/x-event-data`;
    const found: string[] = [];
    const events = text.replace(/\r\n?/g, '\n').split('\n\n');
    events.pop(); // not finished yet (or the empty rest after the last blank line)
    for (const event of events) {
      const data: string[] = [];
      for (const line of event.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const field = line.slice(0, line.indexOf(':') < 0 ? line.length : line.indexOf(':'));
        if (field === 'data') data.push(line.slice(5).replace(/^ /, ''));
        else if (!['event', 'id', 'retry'].includes(field)) found.push(`${label}: not an SSE field: ${JSON.stringify(line)}`);
      }
      if (!data.length) continue;
      let message: unknown;
      try {
        message = JSON.parse(data.join('\n'));
      } catch {
        found.push(`${label}: event data is not JSON: ${JSON.stringify(data.join('\n').slice(0, 80))}`);
        continue;
      }
      for (const problem of problemsAt(pointer, message)) found.push(`${label}: event ${problem}: ${data.join('\n').slice(0, 200)}`);
    }
    return this.#record(found);
  }

  /**
   * The answer again, checked: for an SSE answer, a new Response whose body is the same stream,
   * each event checked as it passes through (problems land in `problems`).
   */
  #passThrough(request: Request, response: Response): Response {
    if (mediaType(response.headers.get('content-type')) !== 'text/event-stream' || !response.body) return response;
    const decoder = new TextDecoder();
    let pending = '';
    const label = `${request.method} ${new URL(request.url).pathname}`;
    const checkComplete = () => {
      const end = pending.replace(/\r\n?/g, '\n').lastIndexOf('\n\n');
      if (end < 0) return;
      const normalised = pending.replace(/\r\n?/g, '\n');
      this.eventStreamProblems(normalised.slice(0, end + 2), label);
      pending = normalised.slice(end + 2);
    };
    const checked = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          pending += decoder.decode(chunk, { stream: true });
          checkComplete();
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(checked, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /**
   * A Fetch handler whose every exchange is checked (the answers it returns are usable as usual).
   * Further arguments (the Node adapter's request context) are passed on.
   */
  wrap<A extends unknown[]>(handler: (request: Request, ...rest: A) => Promise<Response>): (request: Request, ...rest: A) => Promise<Response> {
    return async (request: Request, ...rest: A) => {
      const copy = request.clone();
      const response = await handler(request, ...rest);
      await this.check(copy, response);
      return this.#passThrough(copy, response);
    };
  }

  /** `fetch`, with the exchange checked (for a handler mounted on a listening server). */
  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const request = new Request(input, { redirect: 'manual', ...init });
    const copy = request.clone();
    const response = await fetch(request);
    await this.check(copy, response);
    return this.#passThrough(copy, response);
  }

  /** Throws, listing them, when any exchange so far broke the contract. */
  assertClean(): void {
    if (this.problems.length) throw new Error(`The widget API broke its OpenAPI contract:\n- ${this.problems.join('\n- ')}`);
  }

  #record(found: string[]): string[] {
    this.problems.push(...found);
    return found;
  }
}
