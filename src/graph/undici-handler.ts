import './keep-builtin-fetch';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher } from 'undici';

/**
 * The last Graph-client middleware: sends the request with undici's `request` on a keep-alive pool per
 * origin, and hands back a small Response over the buffered body. It replaces the client's
 * HTTPMessageHandler, whose global fetch (Request objects, web streams, AbortSignal plumbing) cost more
 * CPU than the rest of a request's hop together (docs/performance.md).
 *
 * What the middlewares above still rely on, and get:
 * - `response.url` is the URL this hop asked for: the RedirectHandler compares its origin with the
 *   Location's to drop Authorization on a redirect to another host (with `url: ""` it would keep it);
 * - redirects are never followed here (undici's `request` does not), so the RedirectHandler and the
 *   caller-token check run again for every hop;
 * - `signal` aborts the request with the signal's reason (TimeoutError at the deadline), as fetch does;
 * - the body is read whole before the middlewares see the answer: an answer that is retried or
 *   redirected leaves nothing open on its connection.
 */
export interface UndiciHandlerOptions {
  /** Default: an Agent with keep-alive pools and MAX_RESPONSE_BYTES. */
  dispatcher?: Dispatcher;
}

/** Far above any identity/apiConnectors answer (a page of 999 connectors); a larger one is a failure. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export class UndiciHttpHandler implements Middleware {
  private readonly dispatcher: Dispatcher;

  constructor(options: UndiciHandlerOptions = {}) {
    this.dispatcher = options.dispatcher ?? new Agent({ maxResponseSize: MAX_RESPONSE_BYTES });
  }

  async execute(context: Context): Promise<void> {
    const options = context.options ?? {};
    if (typeof context.request !== 'string') {
      // A Request object carries its own body and headers: fetch reads those, as the default handler did.
      context.response = await fetch(context.request, options);
      return;
    }
    const url = new URL(context.request);
    const answer = await this.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: (options.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
      headers: headersOf(options.headers),
      body: bodyOf(options.body),
      signal: options.signal ?? undefined,
    });
    const bytes = await answer.body.bytes();
    context.response = new BufferedResponse(
      context.request,
      answer.statusCode,
      answer.headers,
      bytes,
    ) as unknown as Response;
  }
}

type HeadersInput = Record<string, string> | Headers | string[][] | undefined;

function headersOf(headers: HeadersInit | undefined): Record<string, string> | undefined {
  const given = headers as HeadersInput;
  if (given === undefined || given === null) return undefined;
  if (Array.isArray(given)) return Object.fromEntries(given);
  if (typeof (given as Headers).forEach === 'function' && typeof (given as Headers).get === 'function') {
    const plain: Record<string, string> = {};
    (given as Headers).forEach((value, name) => (plain[name] = value));
    return plain;
  }
  // The Graph client's own shape: a plain object (GraphRequest.updateRequestOptions builds it).
  return given as Record<string, string>;
}

function bodyOf(body: BodyInit | null | undefined): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  // FormData, Blob, streams: never sent by this service; refusing beats sending "[object Blob]".
  throw new TypeError(`The Graph client passed a request body this handler does not send (${typeof body}).`);
}

/**
 * The Headers interface over undici's header object (names already lower-case; a repeated header is
 * an array, joined as fetch joins it).
 */
export class BufferedHeaders {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.raw['set-cookie'];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  }

  forEach(callback: (value: string, name: string, headers: BufferedHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  *entries(): IterableIterator<[string, string]> {
    for (const name of Object.keys(this.raw).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/**
 * What the Graph client and this service read of a fetch Response, over a body already in memory:
 * about a tenth of the cost of `new Response()`. Like fetch's, the body can be read once.
 */
export class BufferedResponse {
  readonly ok: boolean;
  readonly headers: BufferedHeaders;
  readonly redirected = false;
  readonly statusText = '';
  readonly type = 'basic';
  private used = false;
  private stream?: ReadableStream<Uint8Array> | null;

  constructor(
    /** The URL this hop asked for (fetch's `response.url` with `redirect: 'manual'`). */
    readonly url: string,
    readonly status: number,
    headers: IncomingHttpHeaders,
    private readonly content: Uint8Array,
  ) {
    this.ok = status >= 200 && status <= 299;
    this.headers = new BufferedHeaders(headers);
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  /** A stream over the buffered bytes (the same one at every read); null when there are none. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream === undefined) {
      const content = this.content;
      this.stream =
        content.byteLength === 0
          ? null
          : new ReadableStream<Uint8Array>({
              start(controller) {
                controller.enqueue(content);
                controller.close();
              },
            });
    }
    return this.stream;
  }

  async text(): Promise<string> {
    const bytes = this.consume();
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    // fetch decodes UTF-8 without the byte order mark.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async bytes(): Promise<Uint8Array> {
    return this.consume();
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async blob(): Promise<Blob> {
    return new Blob([await this.arrayBuffer()], { type: this.headers.get('content-type') ?? '' });
  }

  clone(): BufferedResponse {
    if (this.used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(this.url, this.status, rawHeaders(this.headers), this.content);
  }

  private consume(): Uint8Array {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.content;
  }
}

function rawHeaders(headers: BufferedHeaders): IncomingHttpHeaders {
  return (headers as unknown as { raw: IncomingHttpHeaders }).raw;
}
