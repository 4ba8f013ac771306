import { RetryHandlerOptions, type FetchOptions } from '@microsoft/microsoft-graph-client';

/**
 * When an upstream call is tried again (the one place that decides). Graph's guidance
 * (https://learn.microsoft.com/graph/throttling): 429 means "not processed" and is safe to repeat for
 * any method after Retry-After; 503/504 on a write may have been processed, so only reads repeat them.
 * A retry is made only when its wait fits before the call's deadline; otherwise the 429/503 is answered
 * at once, and THROTTLED hands Retry-After to the caller.
 */
const INITIAL_DELAY_SECONDS = 1;
const MAX_RETRIES = 2;
const RETRY_ANY_METHOD = new Set([429]);
const RETRY_READS_ONLY = new Set([503, 504]);

/** Retry options for one call that must end by `deadline` (epoch ms). */
export function retryOptionsUntil(deadline: number): RetryHandlerOptions {
  return new RetryHandlerOptions(
    INITIAL_DELAY_SECONDS,
    MAX_RETRIES,
    (delay, attempt, _request, options, response) => shouldRetry(delay, attempt, options, response, deadline),
  );
}

function shouldRetry(
  delaySeconds: number,
  attempt: number,
  options: FetchOptions | undefined,
  response: Response,
  deadline: number,
): boolean {
  const method = (options?.method ?? 'GET').toUpperCase();
  const retryable =
    RETRY_ANY_METHOD.has(response.status) || (method === 'GET' && RETRY_READS_ONLY.has(response.status));
  if (!retryable) return false;
  // The RetryHandler waits Retry-After when given, else about delay * 2^attempt (plus jitter under 1 s).
  const waitSeconds =
    retryAfterSeconds(response.headers.get('retry-after')) ?? delaySeconds * 2 ** attempt + 1;
  return Date.now() + waitSeconds * 1000 < deadline;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
