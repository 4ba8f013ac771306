import { createDevelopmentToken } from '../auth/development-token';
import { ConfigError, loadEmulatorConfig, type EmulatorConfig } from '../config';
import { createLogger } from '../logger';
import { startEmulator } from './server';

/**
 * `npm run emulator`: the Graph emulator on its own (EMULATOR_HOST, EMULATOR_PORT, default
 * localhost:4100), for a gateway started with GRAPH_BASE_URL pointing at it, or for any Graph client.
 */
async function main(): Promise<void> {
  let config: EmulatorConfig;
  try {
    config = loadEmulatorConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  const emulator = await startEmulator({
    host: config.host,
    port: config.port,
    logger,
    recordRequests: false,
  });
  logger.info(
    { url: `${emulator.url}/v1.0`, beta: `${emulator.url}/beta` },
    'Microsoft Graph emulator listening',
  );
  const token = await createDevelopmentToken();
  // Printed for people, on stdout next to the JSON log (never through the logger, which redacts
  // tokens): the token is only good for the emulator.
  process.stdout.write(
    [
      '',
      `  Graph emulator:  ${emulator.url}/v1.0  (faults: POST ${emulator.url}/_emulator/faults)`,
      `  Development token (valid 12 hours):`,
      `    Authorization: Bearer ${token}`,
      '',
    ].join('\n') + '\n',
  );

  const stop = (signal: string): void => {
    logger.info({ signal }, 'Microsoft Graph emulator stopping');
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'Microsoft Graph emulator did not close cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
