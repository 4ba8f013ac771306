/**
 * The one place that knows what a secret looks like and how to keep it out of logs and errors.
 * Secrets handled by this service: basic-auth and PFX passwords, PFX files (pkcs12Value), bearer tokens.
 */

/** Input and JSON field names whose values are secrets, wherever they appear. */
export const SECRET_FIELDS = ['password', 'pkcs12Value', 'authorization', 'accessToken', 'token'] as const;

export const REDACTED = '[redacted]';

/**
 * pino `redact` paths for request headers. Secret fields elsewhere are found by redactSecrets: pino's
 * own wildcard paths (`*.password`, `*.*.password`, ...) cost about 45 µs a log line, several times the
 * line itself, on every request (docs/performance.md).
 */
export const LOG_REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'request.headers.authorization',
];

const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(SECRET_FIELDS);
/** Levels searched below the value given: deeper than pino's paths went (4 below the top). */
const MAX_SECRET_DEPTH = 8;

/**
 * The value with every SECRET_FIELDS field, in objects and arrays down to MAX_SECRET_DEPTH levels,
 * replaced by REDACTED. Copy on write: the objects on the way to a secret are copied (as plain objects,
 * as JSON would print them), the value given is never changed, and a value without secrets is
 * returned as it is, without allocating. Top-level keys in `skip` are left alone.
 */
export function redactSecrets<T>(value: T, depth = 0, skip?: ReadonlySet<string>): T {
  if (typeof value !== 'object' || value === null || depth > MAX_SECRET_DEPTH) return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) (copy ??= value.slice())[index] = redacted;
    }
    return (copy ?? value) as T;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key) || skip?.has(key)) continue;
    const item = object[key];
    const redacted = SECRET_FIELD_NAMES.has(key) ? REDACTED : redactSecrets(item, depth + 1);
    if (redacted !== item) (copy ??= { ...object })[key] = redacted;
  }
  return (copy ?? value) as T;
}

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
