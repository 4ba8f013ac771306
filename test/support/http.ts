/** A small fetch wrapper for tests that speak HTTP directly: JSON in, text and parsed JSON out. */
export interface HttpResult {
  status: number;
  headers: Headers;
  /** The raw body, for exact comparisons and for searching for canaries. */
  text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests index into arbitrary JSON
  json: any;
}

export interface HttpOptions {
  method?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** A string is sent as is; anything else as JSON. Either way with `Content-Type: application/json`. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: { ...headers, ...options.headers },
    body:
      options.body === undefined || typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
