import { ConfigError, loadConfig } from '../src/config';

describe('configuration from the environment', () => {
  it('uses the built-in emulator with no configuration in development', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      mode: 'development',
      host: 'localhost',
      port: 4000,
      logLevel: 'info',
      graph: {
        cloud: 'global',
        apiVersion: 'v1.0',
        baseUrl: 'https://graph.microsoft.com',
        embeddedEmulator: true,
        timeoutMs: 10000,
      },
      http: { bodyLimitBytes: 262144, corsOrigins: [], shutdownGraceMs: 10000, requestTimeoutMs: 30000 },
      graphql: {
        introspection: true,
        landingPage: true,
        stackTraces: true,
        hideSchemaDetails: false,
        limits: { maxDepth: 10, maxAliases: 15, maxDirectives: 20, maxTokens: 2000, maxCost: 5000 },
      },
      auth: { mode: 'passthrough', clockToleranceSeconds: 60, allowedTenants: [] },
    });
  });

  it('never falls back to the emulator in production, and turns developer conveniences off', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.graph).toMatchObject({ embeddedEmulator: false, baseUrl: 'https://graph.microsoft.com' });
    expect(config.graphql).toMatchObject({
      introspection: false,
      landingPage: false,
      stackTraces: false,
      hideSchemaDetails: true,
    });
    expect(config.host).toBe('0.0.0.0');
  });

  it.each([
    ['global', 'https://graph.microsoft.com'],
    ['usgov', 'https://graph.microsoft.us'],
    ['usgovdod', 'https://dod-graph.microsoft.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn'],
  ])('sends %s cloud calls to %s', (cloud, graphRoot) => {
    expect(loadConfig({ NODE_ENV: 'production', GRAPH_CLOUD: cloud }).graph.baseUrl).toBe(graphRoot);
  });

  it('lets GRAPH_BASE_URL replace the Graph root in every mode, and turns the implicit emulator off', () => {
    for (const NODE_ENV of ['production', 'development']) {
      const config = loadConfig({ NODE_ENV, GRAPH_CLOUD: 'china', GRAPH_BASE_URL: 'http://127.0.0.1:4100/' });
      expect(config.graph).toMatchObject({
        baseUrl: 'http://127.0.0.1:4100',
        embeddedEmulator: false,
        cloud: 'china',
      });
    }
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GRAPH_API_VERSION: 'beta',
      GRAPH_TIMEOUT_MS: '2500',
      BODY_LIMIT_BYTES: '65536',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      SHUTDOWN_GRACE_MS: '500',
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_LANDING_PAGE: 'false',
      GRAPHQL_STACK_TRACES: 'false',
      GRAPHQL_HIDE_SCHEMA_DETAILS: 'true',
      REQUEST_TIMEOUT_MS: '5000',
      GRAPHQL_MAX_DEPTH: '6',
      GRAPHQL_MAX_ALIASES: '3',
      GRAPHQL_MAX_DIRECTIVES: '4',
      GRAPHQL_MAX_TOKENS: '500',
      GRAPHQL_MAX_COST: '100',
    });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'warn',
      graph: { apiVersion: 'beta', timeoutMs: 2500 },
      http: {
        bodyLimitBytes: 65536,
        corsOrigins: ['https://a.example', 'https://b.example'],
        shutdownGraceMs: 500,
        requestTimeoutMs: 5000,
      },
      graphql: {
        introspection: false,
        landingPage: false,
        stackTraces: false,
        hideSchemaDetails: true,
        limits: { maxDepth: 6, maxAliases: 3, maxDirectives: 4, maxTokens: 500, maxCost: 100 },
      },
    });
  });

  it.each([
    [{ GRAPH_CLOUD: 'moon' }, 'GRAPH_CLOUD must be one of global, usgov, usgovdod, china; got "moon".'],
    [{ GRAPH_API_VERSION: 'v2' }, 'GRAPH_API_VERSION must be one of v1.0, beta; got "v2".'],
    [{ PORT: 'http' }, 'PORT must be an integer from 0 to 65535; got "http".'],
    [{ GRAPH_BASE_URL: 'graph.local' }, 'GRAPH_BASE_URL must be an absolute URL; got "graph.local".'],
    [
      { GRAPH_BASE_URL: 'ftp://graph.local' },
      'GRAPH_BASE_URL must be an http or https URL; got "ftp://graph.local".',
    ],
    [
      { GRAPH_BASE_URL: 'https://user:pw@graph.local' },
      'GRAPH_BASE_URL must not carry credentials, a query or a fragment.',
    ],
    [{ GRAPHQL_INTROSPECTION: 'yes' }, 'GRAPHQL_INTROSPECTION must be true or false; got "yes".'],
    [
      { GRAPH_EMULATOR: 'true', GRAPH_BASE_URL: 'https://graph.local' },
      'GRAPH_EMULATOR=true and GRAPH_BASE_URL are both set: choose one upstream.',
    ],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  describe('auth', () => {
    const CLIENT_ID = '6731de76-14a6-49ae-97bc-6eba6914391e';
    const TENANT_ID = 'aaaabbbb-0000-cccc-1111-dddd2222eeee';
    const obo = { AUTH_MODE: 'obo', AUTH_TENANT_ID: TENANT_ID, AUTH_CLIENT_ID: CLIENT_ID };

    it('passes the caller token through, checked, by default in development and production', () => {
      expect(loadConfig({ NODE_ENV: 'production' }).auth).toEqual({
        mode: 'passthrough',
        clockToleranceSeconds: 60,
        allowedTenants: [],
      });
    });

    it('reads the on-behalf-of settings with their defaults', () => {
      expect(loadConfig({ ...obo, AUTH_CLIENT_SECRET: 's3cr3t~value' }).auth).toEqual({
        mode: 'obo',
        clockToleranceSeconds: 60,
        allowedTenants: [],
        tenantId: TENANT_ID,
        clientId: CLIENT_ID,
        audiences: [CLIENT_ID, `api://${CLIENT_ID}`],
        requiredScope: 'access_as_user',
        credential: { type: 'secret', secret: 's3cr3t~value' },
        identityProviderTimeoutMs: 10000,
        tokenCache: { type: 'memory' },
      });
    });

    it('reads every on-behalf-of setting', () => {
      const config = loadConfig({
        ...obo,
        AUTH_TENANT_ID: 'organizations',
        AUTH_CLIENT_CERTIFICATE_PATH: '/run/secrets/gateway.pem',
        AUTH_AUDIENCES: 'api://connectors.contoso.com, ' + CLIENT_ID,
        AUTH_REQUIRED_SCOPE: 'Connectors.Manage',
        AUTH_ALLOWED_TENANTS: `${TENANT_ID.toUpperCase()},11111111-2222-3333-4444-555555555555`,
        AUTH_CLOCK_TOLERANCE_SECONDS: '5',
        AUTH_IDP_TIMEOUT_MS: '2500',
        TOKEN_CACHE: 'redis',
        REDIS_URL: 'rediss://:pw@cache.contoso.net:6380/2',
      });
      expect(config.auth).toEqual({
        mode: 'obo',
        clockToleranceSeconds: 5,
        allowedTenants: [TENANT_ID, '11111111-2222-3333-4444-555555555555'],
        tenantId: 'organizations',
        clientId: CLIENT_ID,
        audiences: ['api://connectors.contoso.com', CLIENT_ID],
        requiredScope: 'Connectors.Manage',
        credential: { type: 'certificate', certificatePath: '/run/secrets/gateway.pem' },
        identityProviderTimeoutMs: 2500,
        tokenCache: { type: 'redis', url: 'rediss://:pw@cache.contoso.net:6380/2' },
      });
    });

    it('finds Redis on 127.0.0.1:6379 when REDIS_URL is not set', () => {
      const config = loadConfig({ ...obo, AUTH_CLIENT_SECRET: 'x', TOKEN_CACHE: 'redis' });
      expect(config.auth).toMatchObject({ tokenCache: { type: 'redis', url: 'redis://127.0.0.1:6379' } });
    });

    it.each([
      [{ AUTH_MODE: 'jwt' }, 'AUTH_MODE must be one of passthrough, obo; got "jwt".'],
      [{ TOKEN_CACHE: 'disk' }, 'TOKEN_CACHE must be one of memory, redis; got "disk".'],
      [
        { TOKEN_CACHE: 'redis' },
        'TOKEN_CACHE=redis needs AUTH_MODE=obo: passthrough acquires no tokens to cache.',
      ],
      [
        { AUTH_ALLOWED_TENANTS: 'contoso.com' },
        'AUTH_ALLOWED_TENANTS must list tenant ids (GUIDs); got "contoso.com".',
      ],
      [
        { AUTH_CLOCK_TOLERANCE_SECONDS: '3600' },
        'AUTH_CLOCK_TOLERANCE_SECONDS must be an integer from 0 to 300; got "3600".',
      ],
      [{ AUTH_MODE: 'obo' }, 'AUTH_MODE=obo needs AUTH_TENANT_ID.'],
      [{ AUTH_MODE: 'obo', AUTH_TENANT_ID: TENANT_ID }, 'AUTH_MODE=obo needs AUTH_CLIENT_ID.'],
      [
        { ...obo, AUTH_TENANT_ID: 'common' },
        'AUTH_TENANT_ID must be a tenant id, a tenant domain or "organizations"; got "common".',
      ],
      [
        { ...obo, AUTH_CLIENT_ID: 'gateway' },
        'AUTH_CLIENT_ID must be the application (client) id, a GUID; got "gateway".',
      ],
      [
        obo,
        'AUTH_MODE=obo needs a client credential: set AUTH_CLIENT_CERTIFICATE_PATH (a PEM file with the private key and the certificate) or AUTH_CLIENT_SECRET.',
      ],
      [
        { ...obo, AUTH_CLIENT_SECRET: 'x', AUTH_CLIENT_CERTIFICATE_PATH: '/k.pem' },
        'AUTH_CLIENT_SECRET and AUTH_CLIENT_CERTIFICATE_PATH are both set: choose one client credential.',
      ],
      [
        { ...obo, AUTH_CLIENT_SECRET: 'x', AUTH_REQUIRED_SCOPE: 'a b' },
        'AUTH_REQUIRED_SCOPE must be one scope name; got "a b".',
      ],
      [
        { ...obo, AUTH_CLIENT_SECRET: 'x', TOKEN_CACHE: 'redis', REDIS_URL: 'http://user:pw@cache:6379' },
        'REDIS_URL must be a redis:// or rediss:// URL.',
      ],
    ])('refuses %j with a clear message', (env, message) => {
      expect(() => loadConfig(env)).toThrow(new ConfigError(message));
    });

    it('never quotes the client secret or a Redis password in an error', () => {
      const attempts = [
        { ...obo, AUTH_CLIENT_SECRET: 'canary-secret-31c1', AUTH_CLIENT_CERTIFICATE_PATH: '/k.pem' },
        { ...obo, AUTH_CLIENT_SECRET: 'x', TOKEN_CACHE: 'redis', REDIS_URL: 'redis//:canary-secret-31c1@h' },
      ];
      for (const env of attempts) {
        expect(() => loadConfig(env)).toThrow(ConfigError);
        try {
          loadConfig(env);
        } catch (error) {
          expect((error as Error).message).not.toContain('canary-secret-31c1');
        }
      }
    });
  });
});
