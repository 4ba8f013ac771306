import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { authError, AuthReason } from './errors';
import type { OpenIdConfiguration } from './openid-metadata';
import type { SigningKeys } from './signing-keys';
import { ALLOWED_ALGORITHMS, checkTenant, rolesOf, scopesOf } from './token-claims';

/** Who called, as a validated token for this API says. */
export interface Caller {
  /** `tid`: the tenant the user signed in to (the on-behalf-of authority of a multi-tenant API). */
  tenantId: string;
}

export interface IncomingTokenRules {
  /** Accepted `aud` values: the API's client id and Application ID URI. */
  audiences: string[];
  /** The API's delegated scope a user token must carry. */
  requiredScope: string;
  clockToleranceSeconds: number;
  /** Lower-case tenant ids; empty: the tenants the issuer check admits. */
  allowedTenants: readonly string[];
}

/**
 * On-behalf-of mode's validation of the caller's token for this API, with jose against the
 * tenant's published keys: signature (RS256 only), issuer (the cloud's login host and the tenant),
 * audience, `exp`/`nbf` with the clock tolerance, then tenant allow-list, user (not app-only)
 * token and the API's scope. Each failure has its own reason (./errors.ts).
 * https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens
 */
export class IncomingTokenValidator {
  constructor(
    private readonly metadata: OpenIdConfiguration,
    private readonly keys: SigningKeys,
    private readonly rules: IncomingTokenRules,
  ) {}

  async validate(token: string): Promise<Caller> {
    // Cheap checks first: a token that is not a JWT, or not RS256, never causes a fetch of keys.
    let unverified: JWTPayload;
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
      unverified = decodeJwt(token);
    } catch {
      throw authError(AuthReason.MALFORMED_TOKEN);
    }
    if (typeof alg !== 'string' || !ALLOWED_ALGORITHMS.includes(alg)) {
      throw authError(AuthReason.ALG_NOT_ALLOWED);
    }
    if (typeof unverified.tid !== 'string' || !/^[0-9a-f-]{36}$/i.test(unverified.tid)) {
      throw authError(AuthReason.MALFORMED_TOKEN, 'it has no tid claim');
    }
    // A multi-tenant authority's issuer is a template: https://login.microsoftonline.com/{tenantid}/v2.0.
    // The tid it is filled with is covered by the signature checked below.
    const issuer = (await this.metadata.get()).issuer.replace('{tenantid}', unverified.tid);

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys.getKey, {
        algorithms: ALLOWED_ALGORITHMS,
        issuer,
        audience: this.rules.audiences,
        clockTolerance: this.rules.clockToleranceSeconds,
        requiredClaims: ['exp', 'iss', 'aud', 'tid'],
      }));
    } catch (error) {
      throw this.explain(error, issuer);
    }

    checkTenant(claims, this.rules.allowedTenants);
    // An app-only token has no user to act for: OBO needs a delegated one.
    // https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference (idtyp, roles)
    const scopes = scopesOf(claims);
    if (claims.idtyp === 'app' || (scopes.length === 0 && rolesOf(claims).length > 0)) {
      throw authError(AuthReason.APP_ONLY_TOKEN);
    }
    if (!scopes.includes(this.rules.requiredScope)) {
      throw authError(AuthReason.MISSING_SCOPE, this.rules.requiredScope);
    }
    return { tenantId: (claims.tid as string).toLowerCase() };
  }

  private explain(error: unknown, issuer: string): Error {
    if (error instanceof errors.JWTExpired) return authError(AuthReason.TOKEN_EXPIRED);
    if (error instanceof errors.JOSEAlgNotAllowed) return authError(AuthReason.ALG_NOT_ALLOWED);
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
      return authError(AuthReason.UNKNOWN_KEY);
    }
    if (error instanceof errors.JWSSignatureVerificationFailed)
      return authError(AuthReason.INVALID_SIGNATURE);
    if (error instanceof errors.JWTClaimValidationFailed) {
      if (error.claim === 'nbf') return authError(AuthReason.TOKEN_NOT_YET_VALID);
      if (error.claim === 'iss') return authError(AuthReason.WRONG_ISSUER, issuer);
      if (error.claim === 'aud') {
        return authError(AuthReason.WRONG_AUDIENCE, `one of ${this.rules.audiences.join(', ')}`);
      }
      return authError(AuthReason.MALFORMED_TOKEN, `its ${error.claim} claim is missing or invalid`);
    }
    if (error instanceof errors.JOSEError) return authError(AuthReason.MALFORMED_TOKEN);
    return error as Error; // already an auth error (identity provider unavailable), or a bug
  }
}
