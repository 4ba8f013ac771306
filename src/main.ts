import 'reflect-metadata';
import { createDevelopmentToken } from './auth/development-token';
import { createGraphTokenSource, type GraphTokenSource } from './auth';
import { ConfigError, loadConfig, type Config } from './config';
import { startEmulator, type GraphEmulator } from './emulator/server';
import { createLogger } from './logger';
import { createGateway } from './server';

/** Process entry: config -> (embedded emulator) -> gateway -> listen; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  let tokens: GraphTokenSource;
  try {
    tokens = await createGraphTokenSource(config, logger);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }

  let emulator: GraphEmulator | undefined;
  let sandboxToken: string | undefined;
  let graphBaseUrl = config.graph.baseUrl;
  if (config.graph.embeddedEmulator) {
    emulator = await startEmulator({
      logger: logger.child({ component: 'emulator' }),
      recordRequests: false,
    });
    graphBaseUrl = emulator.url;
    // A Graph token for the emulator; in obo mode callers send tokens for this API instead.
    if (config.auth.mode === 'passthrough') sandboxToken = await createDevelopmentToken();
    logger.info(
      { graphBaseUrl: `${graphBaseUrl}/${config.graph.apiVersion}` },
      'Microsoft Graph calls go to the built-in emulator (no GRAPH_BASE_URL, not production)',
    );
  } else {
    logger.info(
      { cloud: config.graph.cloud, graphBaseUrl: `${graphBaseUrl}/${config.graph.apiVersion}` },
      'Microsoft Graph calls go to Graph',
    );
  }
  logger.info({ mode: config.mode, graphql: config.graphql }, 'GraphQL settings');

  const app = await createGateway({ config, logger, graphBaseUrl, sandboxToken, tokens });
  await app.listen({ host: config.host, port: config.port });
  const port = (app.server.address() as { port: number }).port;
  const url = `http://localhost:${port}/graphql`;
  logger.info({ url }, 'GraphQL endpoint listening');
  if (sandboxToken) {
    // Printed for people, on stdout next to the JSON log: the token is for the local emulator only.
    process.stdout.write(
      [
        '',
        `  Apollo Sandbox:  ${url}  (open it in a browser; the example below is preloaded)`,
        `  Development token for the built-in Graph emulator (valid 12 hours):`,
        `    Authorization: Bearer ${sandboxToken}`,
        '',
      ].join('\n') + '\n',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, graceMs: config.http.shutdownGraceMs },
      'shutting down: finishing in-flight requests',
    );
    const force = setTimeout(() => {
      logger.error('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.http.shutdownGraceMs);
    force.unref();
    await app.close();
    await tokens.close?.();
    await emulator?.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
