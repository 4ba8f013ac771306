import {
  AuthError,
  ClientAuthError,
  ConfidentialClientApplication,
  DistributedCachePlugin,
  InteractionRequiredAuthError,
  LogLevel,
  ServerError,
  type AuthenticationResult,
  type Configuration,
  type ICacheClient,
  type INetworkModule,
  type OnBehalfOfRequest,
} from '@azure/msal-node';
import { API_CONNECTORS_PERMISSION, type Cloud } from '../graph/clouds';
import type { Logger } from '../logger';
import type { ClientCredential } from './client-credential';
import { authError, AuthReason } from './errors';
import type { Caller } from './incoming-token';
import type { OpenIdConfiguration } from './openid-metadata';
import { IncomingTokenPartition, partitionKey } from './redis-token-cache';

export interface OnBehalfOfOptions {
  clientId: string;
  /** The configured tenant: an id or domain, or `organizations` (the caller's own tenant is used). */
  tenantId: string;
  cloud: Cloud;
  credential: ClientCredential;
  /** The configured tenant's OpenID configuration, handed to msal so that it discovers nothing itself. */
  metadata: OpenIdConfiguration;
  timeoutMs: number;
  logger: Logger;
  /** msal's transport; default msal's own HTTP client. Tests route it to a local identity provider. */
  networkClient?: INetworkModule;
  /** TOKEN_CACHE=redis: the shared cache. Absent: the process's memory. */
  sharedCache?: ICacheClient;
}

/** Entra ID error codes that mean the gateway's own registration is wrong, not the caller's token. */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_scope']);

/**
 * The OAuth 2.0 on-behalf-of exchange with @azure/msal-node: the caller's validated token for this
 * API becomes a Graph token for the cloud's Graph scope (`<graph root>/.default`), on the login host
 * of the cloud table. https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow
 *
 * Caching. msal caches OBO results by a hash of the incoming token and reuses them until 5 minutes
 * before they expire (tokenRenewalOffsetSeconds).
 * - TOKEN_CACHE=memory: one ConfidentialClientApplication for the process; its in-memory cache is the cache.
 * - TOKEN_CACHE=redis: msal-node 7's in-memory TokenCache holds one partition at a time (a plugin's
 *   load replaces it) and its OBO lookup reads memory without calling the plugin, so one application
 *   shared by concurrent callers would swap their partitions under each other. Each exchange thus
 *   gets a light ConfidentialClientApplication over the process's one configuration (credential,
 *   authority metadata, network client, Redis connection), with msal's DistributedCachePlugin on the
 *   caller's partition, loaded before the lookup: msal's own on-behalf-of distributed-cache sample.
 * Concurrent requests with the same token share one exchange.
 */
export class OnBehalfOfExchange {
  private application?: Promise<ConfidentialClientApplication>;
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly multiTenant: boolean;

  constructor(private readonly options: OnBehalfOfOptions) {
    this.multiTenant = options.tenantId === 'organizations';
  }

  async graphTokenFor(incomingToken: string, caller: Caller): Promise<string> {
    const key = partitionKey(this.options.clientId, incomingToken);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.exchange(incomingToken, caller, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async exchange(incomingToken: string, caller: Caller, key: string): Promise<string> {
    const { cloud, logger } = this.options;
    const request: OnBehalfOfRequest = {
      oboAssertion: incomingToken,
      scopes: [cloud.graphScope],
      // A multi-tenant API exchanges in the caller's tenant (OBO must use the user's tenant).
      ...(this.multiTenant ? { authority: `${cloud.loginHost}/${caller.tenantId}` } : {}),
    };
    let result: AuthenticationResult | null;
    try {
      result = await withTimeout(this.acquire(request, key), this.options.timeoutMs);
    } catch (error) {
      throw this.explain(error);
    }
    if (!result?.accessToken) throw authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE);
    logger.debug(
      {
        obo: { fromCache: result.fromCache, tenantId: caller.tenantId, correlationId: result.correlationId },
      },
      'on-behalf-of Graph token',
    );
    // Entra ID answers with the permissions it granted (e.g. https://graph.microsoft.com/User.Read):
    // without APIConnectors.ReadWrite.All every Graph call would fail, so none is made.
    if (!grantsApiConnectors(result.scopes)) throw authError(AuthReason.GRAPH_PERMISSION_NOT_GRANTED);
    return result.accessToken;
  }

  private async acquire(request: OnBehalfOfRequest, key: string): Promise<AuthenticationResult | null> {
    if (!this.options.sharedCache) return (await this.processApplication()).acquireTokenOnBehalfOf(request);
    const plugin = new DistributedCachePlugin(this.options.sharedCache, new IncomingTokenPartition(key));
    const application = new ConfidentialClientApplication({
      ...(await this.configuration()),
      cache: { cachePlugin: plugin },
    });
    // Loads the caller's partition: msal's OBO cache lookup reads memory only.
    await application.getTokenCache().getAllAccounts();
    return application.acquireTokenOnBehalfOf(request);
  }

  /** TOKEN_CACHE=memory: the process's one application, made on first use (once the metadata is known). */
  private processApplication(): Promise<ConfidentialClientApplication> {
    if (!this.application) {
      const made = this.configuration().then(
        (configuration) => new ConfidentialClientApplication(configuration),
      );
      // A failure (the metadata could not be fetched) is not kept: the next request tries again.
      made.catch(() => {
        if (this.application === made) this.application = undefined;
      });
      this.application = made;
    }
    return this.application;
  }

  private async configuration(): Promise<Configuration> {
    const { clientId, tenantId, cloud, credential, networkClient, logger } = this.options;
    return {
      auth: {
        clientId,
        authority: `${cloud.loginHost}/${tenantId}`,
        ...credential.msal,
        // The document the incoming tokens were validated against; for a multi-tenant API each
        // caller's tenant has its own, which msal resolves (from its built-in table for the
        // known login hosts, else by discovery through the network client).
        ...(this.multiTenant ? {} : { authorityMetadata: JSON.stringify(await this.options.metadata.get()) }),
      },
      system: {
        ...(networkClient ? { networkClient } : {}),
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii) logger.debug({ msal: message }, 'msal');
          },
        },
      },
    };
  }

  /** msal's failures as this service's auth errors; the log keeps Entra ID's own codes for operators. */
  private explain(error: unknown): Error {
    const { logger } = this.options;
    if (!(error instanceof AuthError)) return error as Error; // our timeout (already an auth error), or a bug
    const detail = {
      errorCode: error.errorCode,
      subError: error.subError || undefined,
      correlationId: error.correlationId || undefined,
    };
    if (error instanceof InteractionRequiredAuthError) {
      logger.info({ obo: detail }, 'on-behalf-of needs user interaction');
      return authError(
        AuthReason.INTERACTION_REQUIRED,
        undefined,
        error.claims ? { claims: error.claims } : {},
      );
    }
    if (error instanceof ServerError && CLIENT_ERRORS.has(error.errorCode)) {
      logger.error({ obo: detail }, 'Entra ID refused the gateway credentials or registration');
      return authError(AuthReason.INVALID_CLIENT, error.errorCode);
    }
    if (error instanceof ServerError && error.errorCode === 'invalid_grant') {
      logger.info({ obo: detail }, 'Entra ID refused the incoming token');
      return authError(AuthReason.TOKEN_REJECTED);
    }
    if (!(error instanceof ServerError) && !(error instanceof ClientAuthError)) {
      logger.error({ obo: detail }, 'on-behalf-of failed');
    } else {
      logger.warn({ obo: detail }, 'Entra ID unavailable for on-behalf-of');
    }
    return authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE);
  }
}

function grantsApiConnectors(scopes: readonly string[]): boolean {
  const permission = API_CONNECTORS_PERMISSION.toLowerCase();
  return scopes.some((scope) => {
    const lower = scope.toLowerCase();
    return lower === permission || lower.endsWith(`/${permission}`);
  });
}

/** msal's default HTTP client has no timeout on token requests: the wait is bounded here. */
async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
