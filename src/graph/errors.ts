import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import { scrubSecrets } from '../redact';
import { retryAfterSeconds } from './retry-policy';

/**
 * Microsoft Graph's answers and failures, as GraphQL errors (the one place that maps them).
 * Graph's error body: {"error": {"code", "message", "innerError": {"request-id", "client-request-id", "date"}}}
 * (https://learn.microsoft.com/graph/errors). Branch on status and code, never on message.
 */
export interface GraphCorrelation {
  /** Graph's `request-id`, or null when no answer came. */
  requestId: string | null;
  /** The `client-request-id` this service sent. */
  clientRequestId: string;
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  429: ErrorCode.THROTTLED,
};

const MESSAGE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.BAD_USER_INPUT]: 'Microsoft Graph rejected the request as invalid',
  [ErrorCode.UNAUTHENTICATED]: 'Microsoft Graph did not accept the access token',
  [ErrorCode.FORBIDDEN]: 'The access token does not grant APIConnectors.ReadWrite.All',
  [ErrorCode.NOT_FOUND]: 'Microsoft Graph has no such API connector',
  [ErrorCode.CONFLICT]: 'Microsoft Graph reported a conflicting concurrent change; try again',
  [ErrorCode.THROTTLED]: 'Microsoft Graph is throttling requests; try again later',
};

/**
 * An HTTP answer from Graph that is not a success. `secrets` are the values this request sent
 * upstream; they are cut out of Graph's message before it is passed on.
 */
export function fromGraphResponse(
  status: number,
  headers: Headers,
  bodyText: string,
  correlation: GraphCorrelation,
  secrets: readonly string[] = [],
): GraphQLError {
  const graphError = parseGraphErrorBody(bodyText);
  const code = CODE_BY_STATUS[status] ?? ErrorCode.UPSTREAM_UNAVAILABLE;
  const graph = {
    status,
    code: graphError?.code ?? null,
    message: graphError?.message === undefined ? null : scrubSecrets(graphError.message, secrets),
    requestId: headers.get('request-id') ?? graphError?.requestId ?? correlation.requestId,
    clientRequestId: correlation.clientRequestId,
  };
  const extensions: Record<string, unknown> = { code, graph };
  if (code === ErrorCode.THROTTLED) {
    extensions.retryAfterSeconds = retryAfterSeconds(headers.get('retry-after')) ?? null;
  }
  const summary =
    MESSAGE_BY_CODE[code] ??
    (status >= 500 ? 'Microsoft Graph is unavailable' : `Microsoft Graph answered with an unexpected status`);
  return new GraphQLError(`${summary} (${status}${graph.code ? ` ${graph.code}` : ''}).`, { extensions });
}

/** No answer at all: the deadline passed, the connection failed, or the socket was reset. */
export function fromTransportFailure(
  error: unknown,
  correlation: GraphCorrelation,
  timeoutMs: number,
): GraphQLError {
  const timedOut = /^(TimeoutError|AbortError)\b/.test(transportFailureName(error));
  const message = timedOut
    ? `Microsoft Graph did not answer within ${timeoutMs} ms.`
    : 'Microsoft Graph could not be reached.';
  return new GraphQLError(message, {
    extensions: {
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      graph: { status: null, code: timedOut ? 'timeout' : 'networkError', message: null, ...correlation },
    },
  });
}

/** A success whose body is not what Graph documents. */
export function unexpectedGraphAnswer(what: string, correlation: GraphCorrelation): GraphQLError {
  return new GraphQLError(`Microsoft Graph answered in an unexpected shape: ${what}.`, {
    extensions: {
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      graph: { status: null, code: null, message: null, ...correlation },
    },
  });
}

function parseGraphErrorBody(
  text: string,
): { code?: string; message?: string; requestId?: string } | undefined {
  try {
    const body = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> };
    };
    const error = body?.error;
    if (!error || typeof error !== 'object') return undefined;
    return {
      code: typeof error.code === 'string' ? error.code : undefined,
      message: typeof error.message === 'string' ? error.message : undefined,
      requestId:
        typeof error.innerError?.['request-id'] === 'string'
          ? (error.innerError['request-id'] as string)
          : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * The name of the error fetch threw. The Graph client rethrows it as a GraphError: with `code` set to
 * the name when it was an Error of this realm, else with the original (or its text) as `body`.
 */
function transportFailureName(error: unknown): string {
  const graphError = error as { code?: unknown; body?: unknown; name?: unknown } | null;
  if (typeof graphError?.code === 'string') return graphError.code;
  const body = graphError?.body as { name?: unknown } | string | undefined;
  if (typeof body === 'string') return body;
  if (typeof body?.name === 'string') return body.name;
  return typeof graphError?.name === 'string' ? graphError.name : '';
}
