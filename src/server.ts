import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import DataLoader from 'dataloader';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { randomUUID } from 'node:crypto';
import { passthroughTokenSource, type GraphTokenSource } from './auth/graph-token';
import type { Config } from './config';
import { ErrorCode, formatErrorFor } from './errors';
import { createGraphClient } from './graph/client';
import { ConnectorsApi, type GraphCallRecord } from './graph/connectors.api';
import type { Logger } from './logger';
import { queryLimits } from './query-limits';
import { buildSubgraph } from './schema/build';
import type { GatewayContext } from './schema/context';
import { sandboxExample } from './schema/examples';

export interface GatewayOptions {
  config: Config;
  logger: Logger;
  /** Where Graph calls go: the cloud's Graph root, GRAPH_BASE_URL, or the embedded emulator. */
  graphBaseUrl: string;
  /** Put into Apollo Sandbox's Authorization header, so the first click on Run works (development only). */
  sandboxToken?: string;
  /** Which token goes to Graph for a caller; default: the caller's own (passthrough). */
  tokens?: GraphTokenSource;
}

/**
 * The HTTP application: health endpoints, CORS, body limit, and Apollo Server at /graphql.
 * Not yet listening: main.ts (or a test) calls listen().
 */
export async function createGateway(options: GatewayOptions): Promise<FastifyInstance> {
  const { config, logger } = options;
  const tokens = options.tokens ?? passthroughTokenSource;
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    // One access line per request (logAccess) instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
  });
  app.setErrorHandler(httpErrorHandler);
  closeConnectionsWhenDone(app);
  logAccess(app);

  const graphClient = createGraphClient({
    baseUrl: options.graphBaseUrl,
    apiVersion: config.graph.apiVersion,
  });
  const { schema } = await buildSubgraph();
  const limits = queryLimits(config.graphql.limits);
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    hideSchemaDetailsFromClientErrors: config.graphql.hideSchemaDetails,
    // One operation per HTTP request (GraphQL over HTTP); the default, stated because it is a limit.
    allowBatchedHttpRequests: false,
    introspection: config.graphql.introspection,
    includeStacktraceInErrorResponses: config.graphql.stackTraces,
    csrfPrevention: true,
    logger,
    formatError: formatErrorFor(config.mode),
    plugins: [
      fastifyApolloDrainPlugin(app),
      landingPage(options),
      logInternalErrors(),
      ...limits.plugins,
      // Installed by default, unused here, and costly on every request: cache-control hints (this API
      // sets none; it wraps every field resolver) and federated tracing (ftv1, for Apollo Studio).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();

  await app.register(cors, { origin: config.http.corsOrigins.length ? config.http.corsOrigins : false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ready', graph: { apiVersion: config.graph.apiVersion } }));
  await app.register(fastifyApollo(apollo), {
    path: '/graphql',
    context: async (request): Promise<GatewayContext> => {
      let api: Promise<ConnectorsApi> | undefined;
      const connectors = () =>
        (api ??= tokens
          .graphTokenFor(request.headers.authorization)
          .then(
            (token) =>
              new ConnectorsApi(
                graphClient,
                token,
                config.graph.timeoutMs,
                request.log,
                graphCallsOf(request),
              ),
          ));
      return {
        logger: request.log,
        connectors,
        connectorById: new DataLoader(async (ids) => {
          const graph = await connectors();
          return Promise.all(ids.map((id) => graph.get(id).catch((error: Error) => error)));
        }),
      };
    },
  });
  return app;
}

function landingPage(options: GatewayOptions): ApolloServerPlugin {
  if (!options.config.graphql.landingPage) return ApolloServerPluginLandingPageDisabled();
  return ApolloServerPluginLandingPageLocalDefault({
    embed: true,
    includeCookies: false,
    document: sandboxExample.document,
    variables: sandboxExample.variables,
    headers: options.sandboxToken ? { Authorization: `Bearer ${options.sandboxToken}` } : {},
  });
}

function logInternalErrors(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (!error.extensions.code || error.extensions.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              contextValue.logger.error(
                { err: error.originalError ?? error, path: error.path },
                'internal error',
              );
            }
          }
        },
      };
    },
  };
}

/**
 * Failures before GraphQL runs (malformed JSON, body too large, unsupported content type) answer in
 * the GraphQL response shape, with the HTTP status fastify chose (GraphQL over HTTP §7.1.2).
 */
function httpErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'unhandled error');
  const message = status === 500 ? 'Internal server error' : error.message;
  return reply.status(status).send({
    errors: [
      {
        message,
        extensions: {
          code: status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : 'BAD_REQUEST',
          ...(error.code ? { reason: error.code } : {}),
        },
      },
    ],
  });
}

/**
 * Graceful shutdown: fastify's close() stops accepting connections and lets in-flight requests finish,
 * but a keep-alive connection that goes idle afterwards would hold the process until its timeout.
 * Answers sent while closing say `Connection: close`, so each connection ends with its last answer.
 */
function closeConnectionsWhenDone(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The Graph calls this request made, for its access line; null until it makes one. */
    graphCalls: GraphCallRecord[] | null;
  }
}

function graphCallsOf(request: FastifyRequest): GraphCallRecord[] {
  return (request.graphCalls ??= []);
}

/**
 * One line per answered request: method, path (never the query string), status, duration, and the
 * Graph calls it made (operation, status, Graph's request-id, client-request-id, duration).
 */
function logAccess(app: FastifyInstance): void {
  // Declared on every request up front, so that requests keep one shape (fastify's advice).
  app.decorateRequest('graphCalls', null);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?', 1)[0],
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
        graph: request.graphCalls ?? undefined,
      },
      'request completed',
    );
  });
}
