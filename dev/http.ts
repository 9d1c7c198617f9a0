/**
 * What the sandbox and the demo shop answer alike: InPost-style error bodies
 * (`{error_code, error_message}`), form-encoded bodies, and their own address.
 */
import type { FastifyInstance } from 'fastify';

/** A 4xx/5xx answer with `{error_code, error_message}`. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every failure becomes `{error_code, error_message}`: a {@link Problem} as it says, fastify's own
 * 4xx (malformed JSON, too large, wrong type) with their message, anything else as a 500 that
 * gives nothing away. Unknown paths answer `notFound`.
 */
export function answerErrorsAsJson(app: FastifyInstance, notFound: string): void {
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof Problem) {
      if (error.status >= 500) request.log.warn({ err: error }, 'upstream problem');
      return reply.code(error.status).send({ error_code: error.errorCode, error_message: error.message });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 500 ? 'INTERNAL_ERROR' : 'MALFORMED_REQUEST';
    return reply.code(status).send({ error_code: code, error_message: status === 500 ? 'Internal error' : error.message });
  });
  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error_code: 'NOT_FOUND', error_message: notFound });
  });
}

/** Parses `application/x-www-form-urlencoded` bodies (OAuth2 token requests, plain forms) into an object. */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}

/** `http://host:port` of a listening fastify instance. */
export function serverUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
