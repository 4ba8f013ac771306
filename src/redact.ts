/**
 * The one place that knows what a secret looks like and how to keep it out of logs and errors.
 * Secrets handled by this service: basic-auth and PFX passwords, PFX files (pkcs12Value), bearer tokens.
 */

/** Input and JSON field names whose values are secrets, wherever they appear. */
export const SECRET_FIELDS = ['password', 'pkcs12Value', 'authorization', 'accessToken', 'token'] as const;

export const REDACTED = '[redacted]';

/** pino `redact` paths: request headers, and secret fields up to a few levels deep in any logged object. */
export const LOG_REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'request.headers.authorization',
  ...SECRET_FIELDS.flatMap((field) => [
    field,
    `*.${field}`,
    `*.*.${field}`,
    `*.*.*.${field}`,
    `*.*.*.*.${field}`,
  ]),
];

/**
 * graphql-js quotes rejected input in some error messages, and those values may be secrets:
 * - variable coercion: `Variable "$x" got invalid value <inspected value>[ at "x.path"]; <cause>`
 *   (graphql/execution/values.js) — the value is dropped, the path and the cause are kept;
 * - scalar parsing, the cause above or a literal's error: `String cannot represent a non string value: <value>`;
 * - literal validation: `Expected value of type "T", found <literal>.` (ValuesOfCorrectTypeRule).
 * `cause` is the message of the error's originalError: knowing it exactly is what lets the quoted
 * value be cut out whatever characters it holds.
 */
export function redactGraphQLMessage(message: string, cause?: string): string {
  const variable = /^Variable "(\$\w+)" got invalid value /.exec(message);
  if (variable) {
    if (cause === undefined || !message.endsWith(`; ${cause}`))
      return `Variable "${variable[1]}" got invalid value.`;
    const withoutCause = message.slice(0, message.length - cause.length - 2);
    // The path is printed by graphql-js (names, dots, [index]); a quoted string value ends in \" instead.
    const at = / at "[\w.[\]]*"$/.exec(withoutCause)?.[0] ?? '';
    return `Variable "${variable[1]}" got invalid value${at}; ${redactCause(cause)}`;
  }
  return redactCause(message);
}

function redactCause(message: string): string {
  const scalar = /^(\w+ cannot represent [^:]*?)(?::|$)/.exec(message);
  if (scalar) return `${scalar[1]}.`;
  const literal = /^Expected value of type "([^"]+)", found /.exec(message);
  if (literal) return `Expected value of type "${literal[1]}"; the value given is not one.`;
  return message;
}

/** Replaces every occurrence of the given secret values in a text (e.g. an upstream message). */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => (secret ? result.split(secret).join(REDACTED) : result), text);
}
