import type { FastifyBaseLogger } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';
import { LOG_REDACT_PATHS, REDACTED, redactSecrets } from './redact';

export type { Logger };
/** The logger a request carries (fastify's child of the process logger, with the request id bound). */
export type RequestLogger = FastifyBaseLogger;

/**
 * Structured JSON logs on stdout (or on `destination`, which tests use to read every line).
 * Secrets are redacted before a line is written, whatever code logged it: secret fields at any depth
 * of the logged object, of a child logger's bindings and of a serialized error (redactSecrets), and the
 * request headers by path. `req` and `res` are never walked: their serializers keep only safe fields.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
      serializers: { req: serializeRequest, res: serializeReply, err: serializeError },
      formatters: { log: redactLogObject },
    },
    destination,
  );
  // pino formats a child's bindings once, with no formatter of ours: they are redacted on the way in.
  // Children inherit this `child` (pino builds them with Object.create), so it holds at every level.
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, redactSecrets(bindings), options);
  } as Logger['child'];
  return logger;
}

/** Keys whose serializer builds the logged value from a few safe fields (pino runs it after `log`). */
const SERIALIZED_KEYS: ReadonlySet<string> = new Set(['req', 'res', 'err']);

function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  return redactSecrets(object, 0, SERIALIZED_KEYS);
}

/** An error as pino prints it (message, stack, own fields, cause), then without its secrets. */
function serializeError(error: unknown): unknown {
  return redactSecrets(pino.stdSerializers.err(error as Error));
}

/** A reply as fastify logs it: the status only. */
function serializeReply(reply: { statusCode?: number }) {
  return { statusCode: reply.statusCode };
}

/**
 * An incoming request as logged: no headers, and the path without its query string, because a
 * GraphQL GET carries the operation's variables in the URL.
 */
function serializeRequest(request: { method?: string; url?: string; id?: string; ip?: string }) {
  return { method: request.method, path: request.url?.split('?', 1)[0], remoteAddress: request.ip };
}
