/**
 * List cursors. A cursor carries Graph's `$skiptoken` for the next page and nothing else: the gateway
 * always asks the configured Graph root for identity/apiConnectors, so a cursor cannot send it anywhere.
 * Opaque to clients (base64url), versioned so the format can change.
 */
const PREFIX = 'v1.';
const MAX_CURSOR_LENGTH = 4096;

export function encodeCursor(skipToken: string): string {
  return PREFIX + Buffer.from(skipToken, 'utf8').toString('base64url');
}

/** The skip token inside a cursor, or undefined when the text is not a cursor this API made. */
export function decodeCursor(cursor: string): string | undefined {
  if (cursor.length > MAX_CURSOR_LENGTH || !cursor.startsWith(PREFIX)) return undefined;
  const body = cursor.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const skipToken = Buffer.from(body, 'base64url').toString('utf8');
  // Graph's skip tokens are printable ASCII; anything else was not made here.
  return /^[\x21-\x7e]+$/.test(skipToken) ? skipToken : undefined;
}
