import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { redactGraphQLMessage } from './redact';

/**
 * The error codes this API answers with (`extensions.code`), documented in the README.
 * Apollo Server's own codes (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST,
 * PERSISTED_QUERY_*, INTERNAL_SERVER_ERROR) come on top of these.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  THROTTLED: 'THROTTLED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_OUTCOME_UNKNOWN: 'UPSTREAM_OUTCOME_UNKNOWN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One invalid input field: where it is and which rules it broke. Never its value. */
export interface InvalidField {
  /** Dotted path from the argument, e.g. `input.authenticationConfiguration.basic.password`. */
  path: string;
  /** class-validator constraint names, e.g. `isNotEmpty`, `isUrl`, `isOpenablePkcs12`. */
  constraints: string[];
  /** A sentence per constraint, for people. */
  messages: string[];
}

export function badUserInput(invalidFields: InvalidField[]): GraphQLError {
  const summary = invalidFields.map((field) => field.messages.join('; ')).join('; ');
  return new GraphQLError(`Invalid input: ${summary}.`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, invalidFields },
  });
}

export function unauthenticated(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, ...extensions } });
}

export function forbidden(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN, ...extensions } });
}

export function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND } });
}

/**
 * The error policy of every GraphQL response: values that graphql-js quoted from the request are cut
 * out of messages (and of stack traces, when those are shown); in production, unexpected errors say
 * no more than "Internal server error" (they are logged in full by logInternalErrors).
 */
export function formatErrorFor(mode: 'development' | 'production') {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const cause = (error as { originalError?: Error }).originalError?.message;
    const message = redactGraphQLMessage(formatted.message, cause);
    const extensions = { ...formatted.extensions };
    if (Array.isArray(extensions.stacktrace)) {
      const [head, ...frames] = extensions.stacktrace as string[];
      extensions.stacktrace = [
        `${head.split(':', 1)[0]}: ${message}`,
        ...frames.filter((line) => line.startsWith('    at ')),
      ];
    }
    if (
      mode === 'production' &&
      extensions.code === ErrorCode.INTERNAL_SERVER_ERROR &&
      !isDeliberate(error)
    ) {
      return {
        message: 'Internal server error',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    }
    return { ...formatted, message, extensions };
  };
}

/** An error this service raised on purpose carries its own code; anything else is a bug or a crash. */
function isDeliberate(error: unknown): boolean {
  const original = (error as { originalError?: { extensions?: { code?: unknown } } }).originalError;
  return typeof original?.extensions?.code === 'string';
}
