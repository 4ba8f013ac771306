import { randomUUID } from 'node:crypto';
import {
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  type Context,
  type Middleware,
  type MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import { retryOptionsUntil } from './retry-policy';

/**
 * One @microsoft/microsoft-graph-client per process, shared by every request. What differs per
 * request (the caller's token, the correlation id, the deadline) travels as a middleware option.
 *
 * Chain: Retry -> Redirect -> CallerToken -> HTTPMessage. CallerToken sits after Redirect so that it
 * runs again for every hop: the token is attached only when the hop's URL is under the configured
 * Graph root, and stripped otherwise (a redirect to another host never carries it). fetch itself is
 * told not to follow redirects, so the RedirectHandler is the only one that does.
 */
export interface GraphClientOptions {
  /** Graph root without the version, e.g. https://graph.microsoft.com or the emulator's origin. */
  baseUrl: string;
  apiVersion: string;
  /** Upper bound on one operation, retries included, in milliseconds. */
  timeoutMs: number;
}

/** What one GraphQL request hands to the Graph client for one upstream call. */
export class UpstreamCall implements MiddlewareOptions {
  /** Sent as `client-request-id`; Graph echoes it and logs it on its side. */
  readonly clientRequestId = randomUUID();
  readonly deadline: number;
  readonly signal: AbortSignal;

  constructor(
    readonly accessToken: string,
    timeoutMs: number,
  ) {
    this.deadline = Date.now() + timeoutMs;
    this.signal = AbortSignal.timeout(timeoutMs);
  }

  /** The options to pass to GraphRequest.middlewareOptions() for this call. */
  middlewareOptions(): MiddlewareOptions[] {
    return [this, retryOptionsUntil(this.deadline)];
  }
}

/** Attaches the caller's token to requests for the configured Graph root, and to nothing else. */
class CallerTokenHandler implements Middleware {
  private next!: Middleware;

  constructor(private readonly graphRootPrefix: string) {}

  async execute(context: Context): Promise<void> {
    const call = context.middlewareControl?.getMiddlewareOptions(UpstreamCall) as UpstreamCall | undefined;
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers = (context.options!.headers ??= {}) as Record<string, string>;
    delete headers.Authorization;
    delete headers.authorization;
    if (call && url.startsWith(this.graphRootPrefix)) {
      headers.Authorization = `Bearer ${call.accessToken}`;
    }
    if (call) headers['client-request-id'] = call.clientRequestId;
    context.options!.redirect = 'manual';
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

export function createGraphClient(options: GraphClientOptions): Client {
  // Without per-call options (every call passes them) nothing is retried.
  const retry = new RetryHandler(new RetryHandlerOptions(0, 0));
  const redirect = new RedirectHandler(new RedirectHandlerOptions(3));
  const callerToken = new CallerTokenHandler(`${options.baseUrl}/`);
  const send = new HTTPMessageHandler();
  retry.setNext(redirect);
  redirect.setNext(callerToken);
  callerToken.setNext(send);
  return Client.initWithMiddleware({
    middleware: retry,
    baseUrl: options.baseUrl,
    defaultVersion: options.apiVersion,
  });
}
