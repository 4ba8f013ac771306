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
      http: { bodyLimitBytes: 262144, corsOrigins: [], shutdownGraceMs: 10000 },
      graphql: { introspection: true, landingPage: true, stackTraces: true },
    });
  });

  it('never falls back to the emulator in production, and turns developer conveniences off', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.graph).toMatchObject({ embeddedEmulator: false, baseUrl: 'https://graph.microsoft.com' });
    expect(config.graphql).toEqual({ introspection: false, landingPage: false, stackTraces: false });
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
      },
      graphql: { introspection: false, landingPage: false, stackTraces: false },
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
});
