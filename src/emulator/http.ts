import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestBody } from './connector';
import { GRAPH_JSON_CONTENT_TYPE, GraphError, graphErrorBody } from './errors';

/** The emulator's HTTP plumbing: reading request bodies and writing answers with Graph's headers. */

/** What the server writes: a JSON body, a Graph error, a raw HTML body (an injected fault) or nothing. */
export interface Outgoing {
  status: number;
  json?: object;
  error?: { code: string; message: string };
  html?: string;
  headers?: Record<string, string>;
}

/** Graph's correlation ids: `request-id` is new for each call, `client-request-id` echoes the caller's. */
export interface RequestIds {
  requestId: string;
  clientRequestId: string;
}

export function errorAnswer(failure: GraphError): Outgoing {
  return {
    status: failure.status,
    error: { code: failure.code, message: failure.message },
    headers: failure.headers,
  };
}

/**
 * Reads the whole body; bytes past `limitBytes` are read and dropped, so that the client, still sending,
 * gets the 413 instead of a broken pipe. Undefined when the client goes away mid-body.
 */
export async function readBody(
  req: IncomingMessage,
  limitBytes: number,
): Promise<{ body: RequestBody; tooLarge: boolean } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    }
  } catch {
    return undefined;
  }
  if (size > limitBytes) return { body: { kind: 'none' }, tooLarge: true };
  if (size === 0) return { body: { kind: 'none' }, tooLarge: false };
  try {
    // fatal: bytes that are not UTF-8 make the body malformed rather than silently replaced.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    return { body: { kind: 'json', value: JSON.parse(text) as unknown }, tooLarge: false };
  } catch {
    return { body: { kind: 'malformed' }, tooLarge: false };
  }
}

/** Writes an answer; every one, success or error, carries `request-id` and `client-request-id`. */
export function send(res: ServerResponse, outgoing: Outgoing, ids: RequestIds, at: Date): void {
  res.statusCode = outgoing.status;
  res.setHeader('request-id', ids.requestId);
  res.setHeader('client-request-id', ids.clientRequestId);
  for (const [name, value] of Object.entries(outgoing.headers ?? {})) res.setHeader(name, value);
  const json = outgoing.error
    ? graphErrorBody(outgoing.error.code, outgoing.error.message, ids, at)
    : outgoing.json;
  if (json !== undefined) {
    write(res, GRAPH_JSON_CONTENT_TYPE, JSON.stringify(json));
  } else if (outgoing.html !== undefined) {
    write(res, 'text/html; charset=utf-8', outgoing.html);
  } else {
    res.end();
  }
}

function write(res: ServerResponse, contentType: string, text: string): void {
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
