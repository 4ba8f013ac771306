import { decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { API_CONNECTORS_PERMISSION, GRAPH_APP_ID } from '../graph/clouds';
import { GraphError } from './errors';

/**
 * The emulator's token rule (DESIGN.md): Graph's checks on the claims of a bearer token, without
 * Entra's signature check (the emulator has no Entra keys, and development tokens are self-signed).
 */

/** The audiences Graph accepts: its resource URI and its application id. */
const GRAPH_AUDIENCES = new Set(['https://graph.microsoft.com', GRAPH_APP_ID]);

/** Partition of the store used for tokens without a `tid` claim. */
const DEFAULT_TENANT = 'default';

export interface Caller {
  /** The tenant the token was issued for (`tid`): each tenant sees only its own connectors. */
  tenant: string;
}

/**
 * Checks the `Authorization` header of a Graph call and says who is calling.
 * 401 `InvalidAuthenticationToken` when the token is missing, not a JWT, expired or for another
 * audience; 403 `Authorization_RequestDenied` when it lacks APIConnectors.ReadWrite.All, which every
 * identity/apiConnectors operation needs (reads included), delegated in `scp` or application in `roles`.
 */
export function authorize(authorization: string | undefined, now: Date): Caller {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw unauthenticated('Access token is empty.');
  const claims = decodeClaims(match[1]);
  if (typeof claims.exp !== 'number')
    throw unauthenticated('Access token is malformed: it has no expiry (exp).');
  if (claims.exp * 1000 <= now.getTime())
    throw unauthenticated('Lifetime validation failed, the token is expired.');
  const audiences = typeof claims.aud === 'string' ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.some((audience) => GRAPH_AUDIENCES.has(audience))) {
    throw unauthenticated('Access token validation failure. Invalid audience.');
  }
  if (!grantsPermission(claims)) {
    throw new GraphError(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  return { tenant: typeof claims.tid === 'string' && claims.tid !== '' ? claims.tid : DEFAULT_TENANT };
}

function decodeClaims(token: string): JWTPayload {
  try {
    decodeProtectedHeader(token);
    return decodeJwt(token);
  } catch {
    throw unauthenticated('Access token is malformed: it is not a JWT in compact serialization.');
  }
}

/** Delegated permissions are a space-separated `scp` string; application permissions a `roles` array. */
function grantsPermission(claims: JWTPayload): boolean {
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  return scopes.includes(API_CONNECTORS_PERMISSION) || roles.includes(API_CONNECTORS_PERMISSION);
}

function unauthenticated(message: string): GraphError {
  return new GraphError(401, 'InvalidAuthenticationToken', message);
}
