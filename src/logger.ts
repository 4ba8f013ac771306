import type { FastifyBaseLogger } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import { LOG_REDACT_PATHS, REDACTED } from './redact';

export type { Logger };
/** The logger a request carries (fastify's child of the process logger, with the request id bound). */
export type RequestLogger = FastifyBaseLogger;

/**
 * Structured JSON logs on stdout (or on `destination`, which tests use to read every line).
 * Secrets are redacted by path before a line is written, whatever code logged it.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
      serializers: { req: serializeRequest },
    },
    destination,
  );
}

/**
 * An incoming request as logged: no headers, and the path without its query string, because a
 * GraphQL GET carries the operation's variables in the URL.
 */
function serializeRequest(request: { method?: string; url?: string; id?: string; ip?: string }) {
  return { method: request.method, path: request.url?.split('?', 1)[0], remoteAddress: request.ip };
}
