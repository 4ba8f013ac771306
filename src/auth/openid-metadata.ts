import type { INetworkModule } from '@azure/msal-node';
import type { Logger } from '../logger';
import { authError, AuthReason } from './errors';

/**
 * How the gateway GETs from the identity provider (OpenID metadata, signing keys). It is msal's
 * network interface, so that one object (system.networkClient in msal) can carry every request
 * to Entra ID: tests pass one that routes the login hosts to a fake identity provider on
 * 127.0.0.1; production uses fetch, and msal its own default client.
 */
export type IdentityProviderHttp = Pick<INetworkModule, 'sendGetRequestAsync'>;

export const fetchIdentityProviderHttp: IdentityProviderHttp = {
  async sendGetRequestAsync<T>(url: string, _options?: unknown, timeout?: number) {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(timeout ?? 10_000),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, body: body as T };
  },
};

/** The fields of an OpenID Provider Configuration document this service uses. */
export interface OpenIdMetadata {
  /** For a multi-tenant authority (`organizations`), holds `{tenantid}`. */
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
  authorization_endpoint: string;
}

/**
 * The tenant's OpenID configuration, from `${loginHost}/${tenant}/v2.0/.well-known/openid-configuration`
 * (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri).
 * Fetched on first use and kept for a day; a failed refresh keeps the last good document.
 */
export class OpenIdConfiguration {
  private cached?: { metadata: OpenIdMetadata; fetchedAt: number };
  private pending?: Promise<OpenIdMetadata>;

  constructor(
    private readonly http: IdentityProviderHttp,
    private readonly options: { loginHost: string; tenant: string; timeoutMs: number; logger: Logger },
    private readonly maxAgeMs = 24 * 60 * 60 * 1000,
  ) {}

  get url(): string {
    return `${this.options.loginHost}/${this.options.tenant}/v2.0/.well-known/openid-configuration`;
  }

  async get(): Promise<OpenIdMetadata> {
    if (this.cached && Date.now() - this.cached.fetchedAt < this.maxAgeMs) return this.cached.metadata;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    try {
      return await this.pending;
    } catch (error) {
      if (this.cached) return this.cached.metadata;
      throw error;
    }
  }

  private async fetch(): Promise<OpenIdMetadata> {
    let status: number | undefined;
    let metadata: Partial<OpenIdMetadata> | undefined;
    try {
      const response = await this.http.sendGetRequestAsync<Partial<OpenIdMetadata>>(
        this.url,
        {},
        this.options.timeoutMs,
      );
      status = response.status;
      metadata = response.body;
    } catch (error) {
      this.options.logger.warn(
        { url: this.url, cause: (error as Error).message },
        'OpenID configuration could not be fetched',
      );
      throw authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE);
    }
    // The keys must come from the cloud's own login host, whatever the document says.
    const sameHost = (url: unknown) =>
      typeof url === 'string' && url.startsWith(`${this.options.loginHost}/`);
    if (
      status !== 200 ||
      !metadata ||
      typeof metadata.issuer !== 'string' ||
      typeof metadata.token_endpoint !== 'string' ||
      typeof metadata.authorization_endpoint !== 'string' ||
      !sameHost(metadata.jwks_uri)
    ) {
      this.options.logger.warn({ url: this.url, status }, 'OpenID configuration is not usable');
      throw authError(AuthReason.IDENTITY_PROVIDER_UNAVAILABLE);
    }
    this.cached = { metadata: metadata as OpenIdMetadata, fetchedAt: Date.now() };
    return this.cached.metadata;
  }
}
