import type { INetworkModule } from '@azure/msal-node';
import type { Config } from '../config';
import { CLOUDS } from '../graph/clouds';
import type { Logger } from '../logger';
import type { GraphTokenSource } from './graph-token';
import { createPassthroughTokenSource } from './passthrough';

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
  // msal-node and the Redis client are loaded only in this mode: together they cost tens of MiB and a
  // few hundred ms at start-up that passthrough never uses.
  const { createOnBehalfOfTokenSource } = await import('./on-behalf-of-source');
  return createOnBehalfOfTokenSource(auth, config, logger.child({ component: 'auth' }), options);
}
