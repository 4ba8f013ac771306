import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { API_CONNECTORS_PERMISSION, GRAPH_APP_ID } from '../graph/clouds';

/**
 * A bearer token for the built-in emulator: a real RS256 JWT with the claims Graph checks
 * (audience, expiry, delegated permission). The emulator, like Graph's front door as seen from a
 * client, checks claims only, so the key is thrown away. Real Graph rejects this token.
 */
export async function createDevelopmentToken(options: { validForSeconds?: number } = {}): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({
    scp: API_CONNECTORS_PERMISSION,
    name: 'Development User',
    preferred_username: 'developer@contoso.onmicrosoft.com',
    oid: randomUUID(),
    tid: '00000000-0000-0000-0000-000000000000',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setAudience(GRAPH_APP_ID)
    .setIssuer('https://sts.windows.net/00000000-0000-0000-0000-000000000000/')
    .setIssuedAt()
    .setExpirationTime(`${options.validForSeconds ?? 12 * 60 * 60}s`)
    .sign(privateKey);
}
