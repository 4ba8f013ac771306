import { randomUUID } from 'node:crypto';
import type { MiddlewareOptions } from '@microsoft/microsoft-graph-client';

/**
 * What one GraphQL request hands to the Graph client's middleware for one upstream operation
 * (retries included): the caller's token, the correlation id, and the deadline.
 */
export class UpstreamCall implements MiddlewareOptions {
  /** Sent as `client-request-id`; Graph echoes it and logs it on its side. */
  readonly clientRequestId = randomUUID();
  /** Epoch milliseconds by which the operation, retries and waits included, must be over. */
  readonly deadline: number;
  /** Aborts the request in flight (and a retry's wait) at the deadline. */
  readonly signal: AbortSignal;

  constructor(
    readonly accessToken: string,
    timeoutMs: number,
  ) {
    this.deadline = Date.now() + timeoutMs;
    this.signal = AbortSignal.timeout(timeoutMs);
  }
}
