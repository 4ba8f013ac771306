import { generateKeyPair, SignJWT } from 'jose';
import { API_CONNECTORS_PERMISSION, GRAPH_APP_ID } from '../../src/graph/clouds';

/**
 * Graph access tokens for tests: real RS256 JWTs whose claims follow Entra's v1 Graph tokens. The
 * emulator checks claims only, so the signing key is generated once per test module and thrown away.
 */
export interface GraphTokenClaims {
  /** Delegated permissions, space-separated; default APIConnectors.ReadWrite.All unless `roles` is given. */
  scp?: string;
  /** Application permissions; when given (and `scp` is not) the token is an app-only token, without `scp`. */
  roles?: string[];
  /** Default Graph's application id. */
  aud?: string;
  /** Lifetime from now, in seconds; negative for a token that has already expired. Default 3600. */
  expiresInSeconds?: number;
  /** Tenant id; default TEST_TENANT_ID. */
  tid?: string;
}

export const TEST_TENANT_ID = '11111111-2222-3333-4444-555555555555';

let signingKey: ReturnType<typeof generateKeyPair> | undefined;

export async function makeGraphToken(claims: GraphTokenClaims = {}): Promise<string> {
  signingKey ??= generateKeyPair('RS256');
  const { privateKey } = await signingKey;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const permissions =
    claims.roles && claims.scp === undefined
      ? { roles: claims.roles }
      : { scp: claims.scp ?? API_CONNECTORS_PERMISSION, ...(claims.roles ? { roles: claims.roles } : {}) };
  return new SignJWT({ ...permissions, tid: claims.tid ?? TEST_TENANT_ID })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setAudience(claims.aud ?? GRAPH_APP_ID)
    .setIssuer(`https://sts.windows.net/${claims.tid ?? TEST_TENANT_ID}/`)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + (claims.expiresInSeconds ?? 3600))
    .sign(privateKey);
}
