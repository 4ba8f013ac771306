import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { API_CONNECTORS_PERMISSION, GRAPH_APP_ID, type Cloud } from '../graph/clouds';
import { authError, AuthReason } from './errors';

/**
 * Passthrough mode's local checks of a Graph access token, made before the token is forwarded so
 * that a wrong token fails fast with a precise reason. The signature is not verified: a Graph token
 * is opaque to clients and only Graph can verify it (some carry a header nonce), so Graph remains
 * the authority and its own 401/403 still reach the caller.
 * https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens
 */
export interface GraphTokenRules {
  cloud: Cloud;
  clockToleranceSeconds: number;
  /** Lower-case tenant ids; empty: any tenant. */
  allowedTenants: readonly string[];
}

/** Entra ID signs access tokens with RS256; anything else (`none` included) is not a Graph token. */
export const ALLOWED_ALGORITHMS = ['RS256'];

export function checkGraphToken(token: string, rules: GraphTokenRules, now = Date.now()): JWTPayload {
  const { header, claims } = decode(token);
  if (typeof header.alg !== 'string' || !ALLOWED_ALGORITHMS.includes(header.alg)) {
    throw authError(AuthReason.ALG_NOT_ALLOWED);
  }
  checkLifetime(claims, rules.clockToleranceSeconds, now);

  // Graph accepts its resource URI (as a v1 token carries it, with or without the slash) and its app id.
  const graphAudiences = [rules.cloud.graphRoot, `${rules.cloud.graphRoot}/`, GRAPH_APP_ID];
  if (!audiencesOf(claims).some((audience) => graphAudiences.includes(audience))) {
    throw authError(
      AuthReason.WRONG_AUDIENCE,
      `Microsoft Graph in this cloud (${rules.cloud.graphRoot} or ${GRAPH_APP_ID})`,
    );
  }
  checkTenant(claims, rules.allowedTenants);
  if (
    !scopesOf(claims).includes(API_CONNECTORS_PERMISSION) &&
    !rolesOf(claims).includes(API_CONNECTORS_PERMISSION)
  ) {
    throw authError(AuthReason.MISSING_PERMISSION);
  }
  return claims;
}

function decode(token: string): { header: Record<string, unknown>; claims: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  } catch {
    throw authError(AuthReason.MALFORMED_TOKEN);
  }
}

/** `exp` is required; both bounds get the clock tolerance (RFC 7519 §4.1.4, §4.1.5). */
export function checkLifetime(claims: JWTPayload, clockToleranceSeconds: number, now: number): void {
  const nowSeconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number') throw authError(AuthReason.MALFORMED_TOKEN, 'it has no exp claim');
  if (claims.exp <= nowSeconds - clockToleranceSeconds) throw authError(AuthReason.TOKEN_EXPIRED);
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + clockToleranceSeconds) {
    throw authError(AuthReason.TOKEN_NOT_YET_VALID);
  }
}

export function checkTenant(claims: JWTPayload, allowedTenants: readonly string[]): void {
  if (allowedTenants.length === 0) return;
  const tenant = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : undefined;
  if (!tenant || !allowedTenants.includes(tenant)) throw authError(AuthReason.TENANT_NOT_ALLOWED);
}

export function audiencesOf(claims: JWTPayload): string[] {
  if (typeof claims.aud === 'string') return [claims.aud];
  return Array.isArray(claims.aud) ? claims.aud : [];
}

/** Delegated permissions: a space-separated `scp` string. */
export function scopesOf(claims: JWTPayload): string[] {
  return typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
}

/** Application permissions: a `roles` array. */
export function rolesOf(claims: JWTPayload): string[] {
  return Array.isArray(claims.roles) ? claims.roles.filter((role) => typeof role === 'string') : [];
}
