import { randomUUID } from 'node:crypto';
import type { MiddlewareOptions } from '@microsoft/microsoft-graph-client';

/**
 * What one GraphQL request hands to the Graph client's middleware for one upstream operation
 * (retries included): the caller's token, the correlation id, and the deadline.
 *
 * The deadline is one timer that the caller ends with `finish()` as soon as the operation is over.
 * (`AbortSignal.timeout()` would keep its timer, and a weak reference, alive for the whole timeout
 * after every call: at 1000 calls a second and a 30 s timeout, 30,000 of them.)
 */
export class UpstreamCall implements MiddlewareOptions {
  /** Sent as `client-request-id`; Graph echoes it and logs it on its side. */
  readonly clientRequestId = randomUUID();
  /** Epoch milliseconds by which the operation, retries and waits included, must be over. */
  readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly accessToken: string,
    timeoutMs: number,
  ) {
    this.deadline = Date.now() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(timeoutError()), timeoutMs);
    this.timer.unref();
  }

  /** Aborts the request in flight (and a retry's wait) at the deadline, with a TimeoutError as fetch's. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The operation is over (answered or failed): its deadline no longer matters. */
  finish(): void {
    clearTimeout(this.timer);
  }
}

/** What `AbortSignal.timeout()` aborts with. */
function timeoutError(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}
