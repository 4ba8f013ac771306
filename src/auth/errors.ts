import { GraphQLError } from 'graphql';
import { ErrorCode, forbidden, unauthenticated } from '../errors';
import { API_CONNECTORS_PERMISSION } from '../graph/clouds';

/**
 * Every way a caller's token can fail, before anything reaches Graph: the one table of auth errors.
 * Each answers with `extensions.code` (what the client should do) and `extensions.reason` (what
 * exactly went wrong); docs/authentication.md lists them all, and a test keeps the two in step.
 * No message ever quotes a token, a secret or a claim value from the token.
 */
export const AuthReason = {
  MISSING_TOKEN: 'missing_token',
  INVALID_AUTHORIZATION_HEADER: 'invalid_authorization_header',
  MALFORMED_TOKEN: 'malformed_token',
  ALG_NOT_ALLOWED: 'alg_not_allowed',
  UNKNOWN_KEY: 'unknown_key',
  INVALID_SIGNATURE: 'invalid_signature',
  TOKEN_EXPIRED: 'token_expired',
  TOKEN_NOT_YET_VALID: 'token_not_yet_valid',
  WRONG_AUDIENCE: 'wrong_audience',
  WRONG_ISSUER: 'wrong_issuer',
  INTERACTION_REQUIRED: 'interaction_required',
  TOKEN_REJECTED: 'token_rejected',
  TENANT_NOT_ALLOWED: 'tenant_not_allowed',
  MISSING_PERMISSION: 'missing_permission',
  MISSING_SCOPE: 'missing_scope',
  APP_ONLY_TOKEN: 'app_only_token',
  GRAPH_PERMISSION_NOT_GRANTED: 'graph_permission_not_granted',
  IDENTITY_PROVIDER_UNAVAILABLE: 'identity_provider_unavailable',
  INVALID_CLIENT: 'invalid_client',
} as const;
export type AuthReason = (typeof AuthReason)[keyof typeof AuthReason];

interface AuthErrorRule {
  code: ErrorCode;
  /** The message; `detail` is a value chosen by this service (never copied from the token). */
  message: (detail?: string) => string;
}

/**
 * UNAUTHENTICATED: get (or send) another token. FORBIDDEN: the token is fine but may not do this.
 * UPSTREAM_UNAVAILABLE: Entra ID could not be used (down, or it refused the gateway's own
 * credentials); another token would not help, so it is not UNAUTHENTICATED.
 */
export const AUTH_ERRORS: Readonly<Record<AuthReason, AuthErrorRule>> = {
  missing_token: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'This operation calls Microsoft Graph: send "Authorization: Bearer <access token>".',
  },
  invalid_authorization_header: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'The Authorization header must be "Bearer <access token>".',
  },
  malformed_token: {
    code: ErrorCode.UNAUTHENTICATED,
    message: (detail) => `The access token is not a well-formed JWT${detail ? `: ${detail}` : ''}.`,
  },
  alg_not_allowed: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'The access token is not signed with an allowed algorithm (Entra ID signs with RS256).',
  },
  unknown_key: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'The access token is signed with a key that Entra ID does not publish (unknown kid).',
  },
  invalid_signature: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'The access token signature is not valid.',
  },
  token_expired: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'The access token has expired: acquire a new one.',
  },
  token_not_yet_valid: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'The access token is not valid yet (nbf is in the future).',
  },
  wrong_audience: {
    code: ErrorCode.UNAUTHENTICATED,
    message: (expected) => `The access token is for another audience: its aud must be ${expected}.`,
  },
  wrong_issuer: {
    code: ErrorCode.UNAUTHENTICATED,
    message: (expected) =>
      `The access token was not issued by Entra ID for this API's cloud and tenant: its iss must be ${expected}.`,
  },
  interaction_required: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () =>
      'Entra ID requires the user to sign in again (conditional access, MFA or consent): acquire a new token, passing extensions.claims as the claims challenge when present.',
  },
  token_rejected: {
    code: ErrorCode.UNAUTHENTICATED,
    message: () => 'Entra ID refused to exchange the access token (invalid_grant): sign in again.',
  },
  tenant_not_allowed: {
    code: ErrorCode.FORBIDDEN,
    message: () => 'The access token is from a tenant this gateway does not serve.',
  },
  missing_permission: {
    code: ErrorCode.FORBIDDEN,
    message: () =>
      `The access token does not grant ${API_CONNECTORS_PERMISSION} (delegated in scp or application in roles).`,
  },
  missing_scope: {
    code: ErrorCode.FORBIDDEN,
    message: (scope) => `The access token does not carry this API's delegated scope ${scope} in scp.`,
  },
  app_only_token: {
    code: ErrorCode.FORBIDDEN,
    message: () =>
      "The access token is an app-only token: the on-behalf-of flow needs a user's delegated token.",
  },
  graph_permission_not_granted: {
    code: ErrorCode.FORBIDDEN,
    message: () =>
      `Entra ID issued a Graph token without ${API_CONNECTORS_PERMISSION}: the gateway's app registration needs that delegated permission, with admin consent.`,
  },
  identity_provider_unavailable: {
    code: ErrorCode.UPSTREAM_UNAVAILABLE,
    message: () => 'Entra ID could not be reached to validate or exchange the access token; try again later.',
  },
  invalid_client: {
    code: ErrorCode.UPSTREAM_UNAVAILABLE,
    message: (errorCode) =>
      `Entra ID refused the gateway's own app registration (${errorCode ?? 'invalid_client'}): its operator must check the client id, credential and permissions.`,
  },
};

export function authError(
  reason: AuthReason,
  detail?: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  const rule = AUTH_ERRORS[reason];
  const message = rule.message(detail);
  if (rule.code === ErrorCode.UNAUTHENTICATED) return unauthenticated(message, { reason, ...extensions });
  if (rule.code === ErrorCode.FORBIDDEN) return forbidden(message, { reason, ...extensions });
  return new GraphQLError(message, { extensions: { code: rule.code, reason, ...extensions } });
}

/** The reason of an error made by authError, if it is one. */
export function authReasonOf(error: unknown): AuthReason | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const reason = error.extensions.reason;
  return typeof reason === 'string' && reason in AUTH_ERRORS ? (reason as AuthReason) : undefined;
}
