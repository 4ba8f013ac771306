/**
 * Graph's error vocabulary, the one place the emulator builds error bodies.
 * https://learn.microsoft.com/graph/errors: `{"error": {"code", "message", "innerError": {...}}}`;
 * clients branch on the HTTP status and `code`, never on `message`.
 */

/** The content type Graph puts on every JSON response. */
export const GRAPH_JSON_CONTENT_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** A failed Graph operation: thrown by the emulator's handlers, turned into Graph's error body by the server. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `Allow` on a 405. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** 400 `BadRequest`: the request body or query is not acceptable. Messages say why, never quote a value. */
export function badRequest(message: string): GraphError {
  return new GraphError(400, 'BadRequest', message);
}

/** 405 for a method the resource does not support, with the `Allow` header HTTP requires (RFC 9110 §15.5.6). */
export function methodNotAllowed(allow: string): GraphError {
  return new GraphError(
    405,
    'Request_BadRequest',
    'Specified HTTP method is not allowed for the request target.',
    {
      Allow: allow,
    },
  );
}

/** The code and message Graph answers with for a status, used when a fault names only a status. */
const DEFAULTS_BY_STATUS: Readonly<Record<number, { code: string; message: string }>> = {
  400: { code: 'BadRequest', message: 'Bad request.' },
  401: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
  403: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
  404: { code: 'Request_ResourceNotFound', message: 'Resource does not exist.' },
  409: {
    code: 'Directory_ConcurrencyViolation',
    message: 'Another operation is in progress on this object.',
  },
  429: { code: 'TooManyRequests', message: 'Too many requests.' },
  500: { code: 'generalException', message: 'General exception while processing.' },
  502: { code: 'badGateway', message: 'Bad gateway.' },
  503: { code: 'serviceNotAvailable', message: 'The service is currently unavailable.' },
  504: { code: 'gatewayTimeout', message: 'Gateway timeout.' },
  507: { code: 'insufficientStorage', message: 'Insufficient storage.' },
};

/** Graph's default error for a status; statuses outside the table fall back to the generic 4xx/5xx code. */
export function defaultErrorFor(status: number): { code: string; message: string } {
  return DEFAULTS_BY_STATUS[status] ?? (status >= 500 ? DEFAULTS_BY_STATUS[500] : DEFAULTS_BY_STATUS[400]);
}

/** The JSON body of a Graph error; `date` is Graph's UTC timestamp without zone or fraction. */
export function graphErrorBody(
  code: string,
  message: string,
  ids: { requestId: string; clientRequestId: string },
  date: Date,
): object {
  return {
    error: {
      code,
      message,
      innerError: {
        date: date.toISOString().slice(0, 19),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId,
      },
    },
  };
}
