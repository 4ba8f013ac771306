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
  };
  graphql: {
    introspection: boolean;
    /** Serve Apollo Sandbox at GET /graphql. */
    landingPage: boolean;
    /** Put stack traces in error responses. */
    stackTraces: boolean;
  };
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
    },
    graphql: {
      introspection: bool(env, 'GRAPHQL_INTROSPECTION', development),
      landingPage: bool(env, 'GRAPHQL_LANDING_PAGE', development),
      stackTraces: bool(env, 'GRAPHQL_STACK_TRACES', development),
    },
  };
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
