import type { INetworkModule } from '@azure/msal-node';
import type { Config, OnBehalfOfAuthConfig } from '../config';
import { CLOUDS } from '../graph/clouds';
import type { Logger } from '../logger';
import { requireBearerToken } from './bearer';
import { loadClientCredential } from './client-credential';
import type { GraphTokenSource } from './graph-token';
import { IncomingTokenValidator } from './incoming-token';
import { OnBehalfOfExchange } from './on-behalf-of';
import { fetchIdentityProviderHttp, OpenIdConfiguration } from './openid-metadata';
import { createPassthroughTokenSource } from './passthrough';
import { connectRedis, RedisTokenCache } from './redis-token-cache';
import { SigningKeys } from './signing-keys';

export type { GraphTokenSource } from './graph-token';

export interface TokenSourceOptions {
  /**
   * How every request to the identity provider travels (token endpoint, OpenID configuration,
   * signing keys): msal's system.networkClient, also used for the gateway's own GETs. Tests pass
   * one that routes the cloud's login host to a fake identity provider on 127.0.0.1 while msal
   * keeps the real https authority (it refuses http ones). Default: msal's HTTP client for msal,
   * fetch for the rest. Deliberately not configurable from the environment.
   */
  networkClient?: INetworkModule;
  /** Least time between two key fetches caused by an unknown kid, in ms (SigningKeys; default 30 s). */
  signingKeysCooldownMs?: number;
}

/**
 * The token source AUTH_MODE asks for: passthrough (local claim checks, then the caller's Graph
 * token) or obo (validate the caller's token for this API, then exchange it on behalf of the user).
 * Built once per process; in obo mode it holds the one msal configuration and, with
 * TOKEN_CACHE=redis, the Redis connection that close() releases.
 */
export async function createGraphTokenSource(
  config: Config,
  logger: Logger,
  options: TokenSourceOptions = {},
): Promise<GraphTokenSource> {
  const cloud = CLOUDS[config.graph.cloud];
  const auth = config.auth;
  if (auth.mode === 'passthrough') {
    logger.info(
      { auth: { mode: 'passthrough', cloud: config.graph.cloud } },
      'callers send Graph tokens: their claims are checked, then they are forwarded',
    );
    return createPassthroughTokenSource({
      cloud,
      clockToleranceSeconds: auth.clockToleranceSeconds,
      allowedTenants: auth.allowedTenants,
    });
  }
  return createOnBehalfOfTokenSource(auth, config, logger.child({ component: 'auth' }), options);
}

async function createOnBehalfOfTokenSource(
  auth: OnBehalfOfAuthConfig,
  config: Config,
  logger: Logger,
  options: TokenSourceOptions,
): Promise<GraphTokenSource> {
  const cloud = CLOUDS[config.graph.cloud];
  const http = options.networkClient ?? fetchIdentityProviderHttp;
  const credential = loadClientCredential(auth);
  const metadata = new OpenIdConfiguration(http, {
    loginHost: cloud.loginHost,
    tenant: auth.tenantId,
    timeoutMs: auth.identityProviderTimeoutMs,
    logger,
  });
  const keys = new SigningKeys(http, {
    jwksUri: async () => (await metadata.get()).jwks_uri,
    timeoutMs: auth.identityProviderTimeoutMs,
    cooldownMs: options.signingKeysCooldownMs,
    logger,
  });
  const validator = new IncomingTokenValidator(metadata, keys, {
    audiences: auth.audiences,
    requiredScope: auth.requiredScope,
    clockToleranceSeconds: auth.clockToleranceSeconds,
    allowedTenants: auth.allowedTenants,
  });
  const store =
    auth.tokenCache.type === 'redis' ? await connectRedis(auth.tokenCache.url, logger) : undefined;
  const exchange = new OnBehalfOfExchange({
    clientId: auth.clientId,
    tenantId: auth.tenantId,
    cloud,
    credential,
    metadata,
    timeoutMs: auth.identityProviderTimeoutMs,
    logger,
    networkClient: options.networkClient,
    sharedCache: store ? new RedisTokenCache(store, credential.cacheKey, logger) : undefined,
  });
  logger.info(
    {
      auth: {
        mode: 'obo',
        cloud: config.graph.cloud,
        tenantId: auth.tenantId,
        clientId: auth.clientId,
        credential: auth.credential.type,
        tokenCache: auth.tokenCache.type,
      },
    },
    'callers are validated and their tokens exchanged on behalf of them',
  );
  return {
    async graphTokenFor(authorization) {
      const token = requireBearerToken(authorization);
      const caller = await validator.validate(token);
      return exchange.graphTokenFor(token, caller);
    },
    async close() {
      await store?.close();
    },
  };
}
