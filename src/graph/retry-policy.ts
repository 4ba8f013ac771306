import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { UpstreamCall } from './upstream-call';

/**
 * When an upstream call is tried again: the one place that decides, as a Graph-client middleware.
 * Graph's guidance (https://learn.microsoft.com/graph/throttling, reference/graph-api-connectors.md):
 * - 429 means "not processed": any method may repeat it, after Retry-After (seconds or an HTTP date),
 *   or after an exponential backoff with jitter when Graph gives none;
 * - 503/504 and network failures may hide a processed write: only GETs repeat them; a write that ends
 *   that way is left to the caller (connectors.api reconciles creates);
 * - no wait runs past the call's deadline: when Retry-After is longer than what is left, the 429 is
 *   answered at once (THROTTLED with retryAfterSeconds);
 * - at most MAX_ATTEMPTS upstream requests per operation, so a throttling storm is not multiplied.
 */
export const MAX_ATTEMPTS = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 8_000;
const RETRY_ANY_METHOD = new Set([429]);
const RETRY_READS_ONLY = new Set([503, 504]);

export interface AttemptOutcome {
  method: string;
  /** 1 for the first request. */
  attempt: number;
  /** The answer's status and Retry-After, when an answer came. */
  status?: number;
  retryAfter?: string | null;
  /** True when no answer came (connection refused or reset); aborts at the deadline are never retried. */
  networkError?: boolean;
  now: number;
  deadline: number;
}

/** How long to wait before the next attempt, or null to stop with what the last attempt got. */
export function retryDelayMs(outcome: AttemptOutcome, random: () => number = Math.random): number | null {
  if (outcome.attempt >= MAX_ATTEMPTS) return null;
  const isRead = outcome.method === 'GET';
  const retryable = outcome.networkError
    ? isRead
    : outcome.status !== undefined &&
      (RETRY_ANY_METHOD.has(outcome.status) || (isRead && RETRY_READS_ONLY.has(outcome.status)));
  if (!retryable) return null;
  const retryAfter = retryAfterSeconds(outcome.retryAfter);
  const wait = retryAfter !== undefined ? retryAfter * 1000 : backoffMs(outcome.attempt, random);
  return outcome.now + wait < outcome.deadline ? wait : null;
}

/** "Equal jitter": half the exponential step for sure, the other half at random. */
function backoffMs(attempt: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export class RetryPolicyHandler implements Middleware {
  private next!: Middleware;

  async execute(context: Context): Promise<void> {
    const call = context.middlewareControl?.getMiddlewareOptions(UpstreamCall) as UpstreamCall | undefined;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        await this.next.execute(context);
      } catch (error) {
        failure = error;
      }
      const aborted = call?.signal.aborted ?? false;
      const wait =
        call && !aborted
          ? retryDelayMs({
              method,
              attempt,
              status: failure ? undefined : context.response?.status,
              retryAfter: failure ? undefined : context.response?.headers.get('retry-after'),
              networkError: failure !== undefined,
              now: Date.now(),
              deadline: call.deadline,
            })
          : null;
      if (wait === null) {
        if (failure !== undefined) throw failure;
        return;
      }
      // The unread body of the answer being retried would hold its connection.
      await context.response?.body?.cancel().catch(() => undefined);
      context.response = undefined;
      await sleep(wait, undefined, { signal: call!.signal });
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
