import {
  CLOUD_NAMES,
  CLOUDS,
  GRAPH_API_VERSIONS,
  type CloudName,
  type GraphApiVersion,
} from './graph/clouds';

/**
 * Everything the service reads from its environment, parsed and checked once at start-up.
 * No other module reads process.env.
 */
export interface Config {
  /** `production` when NODE_ENV=production; everything else is development. */
  mode: 'development' | 'production';
  host: string;
  port: number;
  logLevel: string;
  graph: {
    cloud: CloudName;
    apiVersion: GraphApiVersion;
    /** GRAPH_BASE_URL when set, else the cloud's Graph root; replaced by the embedded emulator's URL at start. */
    baseUrl: string;
    /** True when the service starts its own in-process Graph emulator and sends every call there. */
    embeddedEmulator: boolean;
    /** Upper bound on one upstream call, in milliseconds. */
    timeoutMs: number;
  };
  http: {
    /** Largest request body accepted, in bytes. */
    bodyLimitBytes: number;
    /** Origins allowed by CORS; empty means no cross-origin browser access. */
    corsOrigins: string[];
    /** Time given to in-flight requests on SIGTERM/SIGINT before the process exits, in milliseconds. */
    shutdownGraceMs: number;
    /** Upper bound on one HTTP request, from its first byte to the last byte of the answer, in milliseconds. */
    requestTimeoutMs: number;
  };
  graphql: {
    introspection: boolean;
    /** Serve Apollo Sandbox at GET /graphql. */
    landingPage: boolean;
    /** Put stack traces in error responses. */
    stackTraces: boolean;
    /** Leave "Did you mean ...?" suggestions out of errors, so they do not reveal the schema. */
    hideSchemaDetails: boolean;
    /** Bounds on one operation's document (query-limits.ts). */
    limits: QueryLimits;
  };
  /** Who the caller is and which token goes to Graph (docs/authentication.md). */
  auth: AuthConfig;
}

export const AUTH_MODES = ['passthrough', 'obo'] as const;
export const TOKEN_CACHES = ['memory', 'redis'] as const;

/** Settings both modes share. */
interface CommonAuthConfig {
  /** Leeway for `exp` and `nbf` against this host's clock, in seconds. */
  clockToleranceSeconds: number;
  /** Tenant ids (`tid`) whose callers are served; empty means every tenant the token checks accept. */
  allowedTenants: string[];
}

/** The caller sends a Graph token; it is checked locally, then forwarded. */
export interface PassthroughAuthConfig extends CommonAuthConfig {
  mode: 'passthrough';
}

/** The caller sends a token for this API; it is validated, then exchanged for a Graph token (on-behalf-of). */
export interface OnBehalfOfAuthConfig extends CommonAuthConfig {
  mode: 'obo';
  /** The API's tenant: a tenant id or domain, or `organizations` for a multi-tenant API. */
  tenantId: string;
  /** The API's application (client) id. */
  clientId: string;
  /** Accepted `aud` values of incoming tokens: the client id and the Application ID URI. */
  audiences: string[];
  /** The delegated scope of this API that incoming tokens must carry in `scp`. */
  requiredScope: string;
  /** How the API proves its identity to Entra ID. */
  credential: { type: 'secret'; secret: string } | { type: 'certificate'; certificatePath: string };
  /** Upper bound on one call to the identity provider (metadata, keys, token), in milliseconds. */
  identityProviderTimeoutMs: number;
  /** Where on-behalf-of tokens are cached: this process, or Redis shared by every replica. */
  tokenCache: { type: 'memory' } | { type: 'redis'; url: string };
}

export type AuthConfig = PassthroughAuthConfig | OnBehalfOfAuthConfig;

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Lexical tokens in the document: bounds parsing work whatever the document's shape. */
  maxTokens: number;
  /** graphql-armor's static cost estimate (fields weighted by depth). */
  maxCost: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const development = mode === 'development';
  const cloud = oneOf(env, 'GRAPH_CLOUD', CLOUD_NAMES, 'global');
  const baseUrlOverride = optionalUrl(env, 'GRAPH_BASE_URL');
  // The emulator is the default only in development and only when no upstream was chosen: production
  // never falls back to it implicitly.
  const embeddedEmulator = bool(env, 'GRAPH_EMULATOR', development && !baseUrlOverride);
  if (embeddedEmulator && baseUrlOverride) {
    throw new ConfigError('GRAPH_EMULATOR=true and GRAPH_BASE_URL are both set: choose one upstream.');
  }
  return {
    mode,
    host: env.HOST || (development ? 'localhost' : '0.0.0.0'),
    port: int(env, 'PORT', 4000, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    graph: {
      cloud,
      apiVersion: oneOf(env, 'GRAPH_API_VERSION', GRAPH_API_VERSIONS, 'v1.0'),
      baseUrl: baseUrlOverride ?? CLOUDS[cloud].graphRoot,
      embeddedEmulator,
      timeoutMs: int(env, 'GRAPH_TIMEOUT_MS', 10_000, 1, 120_000),
    },
    http: {
      bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 256 * 1024, 1024, 16 * 1024 * 1024),
      corsOrigins: list(env, 'CORS_ORIGINS'),
      shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
      requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    },
    graphql: {
      introspection: bool(env, 'GRAPHQL_INTROSPECTION', development),
      landingPage: bool(env, 'GRAPHQL_LANDING_PAGE', development),
      stackTraces: bool(env, 'GRAPHQL_STACK_TRACES', development),
      hideSchemaDetails: bool(env, 'GRAPHQL_HIDE_SCHEMA_DETAILS', !development),
      limits: {
        maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 1, 100),
        maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1000),
        maxDirectives: int(env, 'GRAPHQL_MAX_DIRECTIVES', 20, 0, 1000),
        maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 2000, 10, 100_000),
        maxCost: int(env, 'GRAPHQL_MAX_COST', 5000, 1, 1_000_000),
      },
    },
    auth: loadAuthConfig(env),
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant id, a verified domain (contoso.onmicrosoft.com), or `organizations` (multi-tenant). */
const TENANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

function loadAuthConfig(env: Env): AuthConfig {
  const mode = oneOf(env, 'AUTH_MODE', AUTH_MODES, 'passthrough');
  const tokenCacheType = oneOf(env, 'TOKEN_CACHE', TOKEN_CACHES, 'memory');
  const common: CommonAuthConfig = {
    clockToleranceSeconds: int(env, 'AUTH_CLOCK_TOLERANCE_SECONDS', 60, 0, 300),
    allowedTenants: list(env, 'AUTH_ALLOWED_TENANTS').map((tenant) => {
      if (!GUID.test(tenant)) {
        throw new ConfigError(`AUTH_ALLOWED_TENANTS must list tenant ids (GUIDs); got "${tenant}".`);
      }
      return tenant.toLowerCase();
    }),
  };
  if (mode === 'passthrough') {
    if (tokenCacheType === 'redis') {
      throw new ConfigError(
        'TOKEN_CACHE=redis needs AUTH_MODE=obo: passthrough acquires no tokens to cache.',
      );
    }
    return { mode, ...common };
  }

  const tenantId = required(env, 'AUTH_TENANT_ID', 'AUTH_MODE=obo');
  if (!TENANT.test(tenantId) || tenantId === 'common' || tenantId === 'consumers') {
    throw new ConfigError(
      `AUTH_TENANT_ID must be a tenant id, a tenant domain or "organizations"; got "${tenantId}".`,
    );
  }
  const clientId = required(env, 'AUTH_CLIENT_ID', 'AUTH_MODE=obo');
  if (!GUID.test(clientId)) {
    throw new ConfigError(`AUTH_CLIENT_ID must be the application (client) id, a GUID; got "${clientId}".`);
  }
  const audiences = list(env, 'AUTH_AUDIENCES');
  const requiredScope = env.AUTH_REQUIRED_SCOPE || 'access_as_user';
  if (!/^[^\s]+$/.test(requiredScope)) {
    throw new ConfigError(`AUTH_REQUIRED_SCOPE must be one scope name; got "${requiredScope}".`);
  }
  return {
    mode,
    ...common,
    tenantId,
    clientId: clientId.toLowerCase(),
    audiences: audiences.length ? audiences : [clientId.toLowerCase(), `api://${clientId.toLowerCase()}`],
    requiredScope,
    credential: clientCredential(env),
    identityProviderTimeoutMs: int(env, 'AUTH_IDP_TIMEOUT_MS', 10_000, 100, 120_000),
    tokenCache:
      tokenCacheType === 'redis'
        ? { type: 'redis', url: redisUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379') }
        : { type: 'memory' },
  };
}

/** Exactly one credential; the secret's value is never quoted in an error. */
function clientCredential(env: Env): OnBehalfOfAuthConfig['credential'] {
  const secret = env.AUTH_CLIENT_SECRET;
  const certificatePath = env.AUTH_CLIENT_CERTIFICATE_PATH;
  if (secret && certificatePath) {
    throw new ConfigError(
      'AUTH_CLIENT_SECRET and AUTH_CLIENT_CERTIFICATE_PATH are both set: choose one client credential.',
    );
  }
  if (secret) return { type: 'secret', secret };
  if (certificatePath) return { type: 'certificate', certificatePath };
  throw new ConfigError(
    'AUTH_MODE=obo needs a client credential: set AUTH_CLIENT_CERTIFICATE_PATH (a PEM file with the private key and the certificate) or AUTH_CLIENT_SECRET.',
  );
}

function required(env: Env, name: string, because: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new ConfigError(`${because} needs ${name}.`);
  return value;
}

/** A redis: or rediss: URL; never quoted back, since it may carry a password. */
function redisUrl(env: Env, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new ConfigError(`${name} must be a redis:// or rediss:// URL.`);
  }
  return value;
}

/** Settings of the standalone emulator (`npm run emulator`). */
export interface EmulatorConfig {
  host: string;
  port: number;
  logLevel: string;
}

export function loadEmulatorConfig(env: Env = process.env): EmulatorConfig {
  return {
    host: env.EMULATOR_HOST || 'localhost',
    port: int(env, 'EMULATOR_PORT', 4100, 0, 65535),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  };
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got "${value}".`);
  }
  return parsed;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(`${name} must be true or false; got "${value}".`);
}

function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function optionalUrl(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL; got "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an http or https URL; got "${value}".`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must not carry credentials, a query or a fragment.`);
  }
  return url.href.replace(/\/+$/, '');
}
