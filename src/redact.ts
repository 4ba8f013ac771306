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
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`, `*.*.*.*.${field}`]),
];

/**
 * graphql-js quotes rejected input in some messages; those values may be secrets. These patterns
 * cut the quoted value out and keep the rest of the message (which names types, fields and paths).
 * - coerceVariableValues: `Variable "$x" got invalid value <value>; <reason>` and `... at "x.y"; <reason>`
 * - scalar parsing: `String cannot represent a non string value: <value>` (and Int, Float, Boolean, ID)
 * - literal validation: `Expected value of type "T", found <literal>; <reason>` / `... found <literal>.`
 */
const VALUE_QUOTING_MESSAGES: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^Variable "(\$[^"]+)" got invalid value [\s\S]*?( at "[^"]*")?; ([\s\S]*)$/, (v, at = '', reason) =>
    `Variable "${v}" got invalid value${at}; ${redactGraphQLMessage(reason)}`],
  [/^Variable "(\$[^"]+)" got invalid value [\s\S]*$/, (v) => `Variable "${v}" got invalid value.`],
  [/^(\w+ cannot represent [^:]*?)(?::[\s\S]*)?$/, (head) => `${head}.`],
  [/^Expected value of type "([^"]+)", found [\s\S]*?; ([\s\S]*)$/, (type, reason) =>
    `Expected value of type "${type}"; ${redactGraphQLMessage(reason)}`],
  [/^Expected value of type "([^"]+)", found [\s\S]*$/, (type) => `Expected value of type "${type}".`],
];

/** Removes any submitted value that graphql-js quoted in an error message. */
export function redactGraphQLMessage(message: string): string {
  for (const [pattern, rewrite] of VALUE_QUOTING_MESSAGES) {
    const match = pattern.exec(message);
    if (match) return rewrite(...match.slice(1));
  }
  return message;
}

