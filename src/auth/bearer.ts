import { authError, AuthReason } from './errors';

/**
 * The caller's bearer token from the Authorization header (RFC 6750 §2.1), or undefined when there
 * is none. A header in another scheme is an error rather than "anonymous": it is a client mistake.
 */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined || authorization === '') return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match) throw authError(AuthReason.INVALID_AUTHORIZATION_HEADER);
  return match[1];
}

/** The bearer token of a request that calls Graph: it must have one. */
export function requireBearerToken(authorization: string | undefined): string {
  const token = bearerToken(authorization);
  if (!token) throw authError(AuthReason.MISSING_TOKEN);
  return token;
}
