import {
  Client,
  RedirectHandler,
  RedirectHandlerOptions,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import { RetryPolicyHandler } from './retry-policy';
import { UndiciHttpHandler } from './undici-handler';
import { UpstreamCall } from './upstream-call';

/**
 * One @microsoft/microsoft-graph-client per process, shared by every request. What differs per
 * request (the caller's token, the correlation id, the deadline) travels as a middleware option.
 *
 * Chain: RetryPolicy -> Redirect -> CallerToken -> UndiciHttp. CallerToken sits after Redirect so that it
 * runs again for every hop: the token is attached only when the hop's URL is under the configured
 * Graph root, and stripped otherwise (a redirect to another host never carries it). The sending
 * handler (undici-handler.ts) never follows redirects, so the RedirectHandler is the only one that does.
 */
export interface GraphClientOptions {
  /** Graph root without the version, e.g. https://graph.microsoft.com or the emulator's origin. */
  baseUrl: string;
  apiVersion: string;
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
  const retry = new RetryPolicyHandler();
  const redirect = new RedirectHandler(new RedirectHandlerOptions(3));
  const callerToken = new CallerTokenHandler(`${options.baseUrl}/`);
  const send = new UndiciHttpHandler();
  retry.setNext(redirect);
  redirect.setNext(callerToken);
  callerToken.setNext(send);
  return Client.initWithMiddleware({
    middleware: retry,
    baseUrl: options.baseUrl,
    defaultVersion: options.apiVersion,
  });
}
