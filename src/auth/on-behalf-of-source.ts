import type { Config, OnBehalfOfAuthConfig } from '../config';
import { CLOUDS } from '../graph/clouds';
import type { Logger } from '../logger';
import { requireBearerToken } from './bearer';
import { loadClientCredential } from './client-credential';
import type { GraphTokenSource } from './graph-token';
import type { TokenSourceOptions } from './index';
import { IncomingTokenValidator } from './incoming-token';
import { OnBehalfOfExchange } from './on-behalf-of';
import { fetchIdentityProviderHttp, OpenIdConfiguration } from './openid-metadata';
import { connectRedis, RedisTokenCache } from './redis-token-cache';
import { SigningKeys } from './signing-keys';

/**
 * The on-behalf-of token source (AUTH_MODE=obo): validate the caller's token for this API, then
 * exchange it for a Graph token. Its own module so that passthrough never loads msal-node or redis.
 */
export async function createOnBehalfOfTokenSource(
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
