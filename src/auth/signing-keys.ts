import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type KeyLike,
} from 'jose';
import type { Logger } from '../logger';
import { authError, AuthReason } from './errors';
import type { IdentityProviderHttp } from './openid-metadata';

export interface SigningKeysOptions {
  /** Where the keys are: the `jwks_uri` of the tenant's OpenID configuration. */
  jwksUri: () => Promise<string>;
  timeoutMs: number;
  logger: Logger;
  /**
   * Least time between two fetches caused by an unknown `kid`, in milliseconds: a stream of tokens
   * with made-up key ids cannot make the gateway hammer Entra ID. Default 30 s (jose's default).
   */
  cooldownMs?: number;
  /** Keys are fetched again after this long even when every kid is known. Default 1 hour. */
  maxAgeMs?: number;
}

/**
 * Entra ID's token signing keys (JWKS) for jose's jwtVerify. Keys rotate: a token signed with a
 * `kid` not in the cached set makes the set be fetched again (at most once per cooldown), so a new
 * key is accepted as soon as Entra ID publishes it, and an unknown one fails as `unknown_key`.
 * https://learn.microsoft.com/entra/identity-platform/signing-key-rollover
 *
 * jose's createRemoteJWKSet does the same but fetches with node:http itself; this class fetches
 * through IdentityProviderHttp so that tests can serve the keys from a local identity provider.
 */
export class SigningKeys {
  private current?: { keys: ReturnType<typeof createLocalJWKSet>; fetchedAt: number };
  private pending?: Promise<NonNullable<SigningKeys['current']>>;
  private readonly cooldownMs: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly http: IdentityProviderHttp,
    private readonly options: SigningKeysOptions,
  ) {
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
  }

  /** The key for a token's protected header, in the shape jwtVerify takes. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<KeyLike> => {
    let set = this.current;
    if (!set || Date.now() - set.fetchedAt >= this.maxAgeMs) set = await this.reload(set);
    try {
      return await set.keys(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - set.fetchedAt < this.cooldownMs) {
        throw error;
      }
      set = await this.reload(set);
      return set.keys(header, token);
    }
  };

  /** One fetch at a time; when it fails, the keys already held are kept (stale beats none). */
  private async reload(previous: SigningKeys['current']): Promise<NonNullable<SigningKeys['current']>> {
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    try {
      this.current = await this.pending;
      return this.current;
    } catch (error) {
      if (previous) return previous;
      throw error;
    }
  }

  private async fetch(): Promise<NonNullable<SigningKeys['current']>> {
    const url = await this.options.jwksUri();
    let status: number | undefined;
    let body: JSONWebKeySet | undefined;
    try {
      const response = await this.http.sendGetRequestAsync<JSONWebKeySet>(url, {}, this.options.timeoutMs);
      status = response.status;
      body = response.body;
    } catch (error) {
      this.options.logger.warn({ url, cause: (error as Error).message }, 'signing keys could not be fetched');
      throw authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE);
    }
    if (status !== 200 || !body || !Array.isArray(body.keys)) {
      this.options.logger.warn({ url, status }, 'signing keys answer is not a JSON Web Key Set');
      throw authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE);
    }
    this.options.logger.debug({ url, keys: body.keys.length }, 'signing keys fetched');
    return { keys: createLocalJWKSet(body), fetchedAt: Date.now() };
  }
}
