import pino, { type DestinationStream, type Logger } from 'pino';
import { LOG_REDACT_PATHS, REDACTED } from './redact';

export type { Logger };

/**
 * Structured JSON logs on stdout (or on `destination`, which tests use to read every line).
 * Secrets are redacted by path before a line is written, whatever code logged it.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: LOG_REDACT_PATHS, censor: REDACTED },
    },
    destination,
  );
}
