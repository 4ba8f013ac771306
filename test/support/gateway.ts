import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { FastifyInstance } from 'fastify';
import { print, type ExecutionResult } from 'graphql';
import { createGraphTokenSource, type GraphTokenSource } from '../../src/auth';
import { loadConfig, type Config } from '../../src/config';
import { startEmulator, type EmulatorOptions, type GraphEmulator } from '../../src/emulator/server';
import { createLogger, type Logger } from '../../src/logger';
import { createGateway } from '../../src/server';
import { makeGraphToken } from './tokens';

/**
 * The whole service as a test sees it: the emulator and the gateway on ephemeral ports of 127.0.0.1,
 * talking real HTTP, with every log line of both captured.
 */
export interface TestStack {
  emulator: GraphEmulator;
  gateway: FastifyInstance;
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** Every log line written by the gateway and the emulator, as written. */
  logs: string[];
  /** A valid delegated Graph token for the emulator. */
  token: string;
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLHttpResponse<TData>>;
  post(body: unknown, headers?: Record<string, string>): Promise<GraphQLHttpResponse<unknown>>;
  close(): Promise<void>;
}

export interface GraphQLHttpResponse<TData> {
  status: number;
  headers: Headers;
  body: ExecutionResult<TData>;
  /** The raw response text, for searching for canaries. */
  text: string;
}

export async function startStack(
  options: {
    env?: Record<string, string>;
    emulator?: EmulatorOptions;
    /**
     * Which token goes to Graph. Default: the source the environment configures (AUTH_MODE,
     * passthrough unless set), built like main.ts builds it. A factory is called with the stack's
     * config and logger (so its logs are captured) and its source closed with the stack; a source
     * given as is belongs to the test.
     */
    tokens?: GraphTokenSource | ((config: Config, logger: Logger) => Promise<GraphTokenSource>);
  } = {},
): Promise<TestStack> {
  const logs: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
  const emulator = await startEmulator({
    logger: logger.child({ component: 'emulator' }),
    ...options.emulator,
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    GRAPH_BASE_URL: emulator.url,
    GRAPHQL_STACK_TRACES: 'false',
    ...options.env,
  });
  const ownTokens =
    typeof options.tokens === 'function'
      ? await options.tokens(config, logger)
      : options.tokens
        ? undefined
        : await createGraphTokenSource(config, logger);
  const tokens = ownTokens ?? (options.tokens as GraphTokenSource);
  const gateway = await createGateway({ config, logger, graphBaseUrl: config.graph.baseUrl, tokens });
  await gateway.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(gateway.server.address() as { port: number }).port}/graphql`;
  const token = await makeGraphToken();

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text), text };
  };

  return {
    emulator,
    gateway,
    url,
    logs,
    token,
    post,
    async execute(document, variables, options = {}) {
      const bearer = options.token === undefined ? token : options.token;
      const response = await post(
        { query: print(document), variables },
        { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...options.headers },
      );
      return response as GraphQLHttpResponse<never>;
    },
    async close() {
      await gateway.close();
      await ownTokens?.close?.();
      await emulator.close();
    },
  };
}

function parseJson(text: string): ExecutionResult<never> {
  try {
    return JSON.parse(text) as ExecutionResult<never>;
  } catch {
    return { errors: [] } as unknown as ExecutionResult<never>;
  }
}
