import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, type Logger } from '../logger';
import type { RequestBody } from './connector';
import { handleControl, isControlPath, type EmulatorStats } from './control';
import { defaultErrorFor, GraphError } from './errors';
import { faultAnswer, FaultInjector } from './faults';
import { errorAnswer, readBody, send, type Outgoing } from './http';
import { handleGraphRequest } from './routes';
import { ConnectorStore } from './store';

/**
 * The built-in Microsoft Graph emulator: a real HTTP server that answers identity/apiConnectors calls
 * the way Graph does (reference/graph-api-connectors.md), checks tokens by the emulator's token rule,
 * injects faults on demand and records what reached it, so tests can assert on the wire.
 * node:http rather than a framework: faults need the raw socket (hang, reset, drop after processing),
 * and Graph's own answers for unknown routes and methods are simpler without a router in between.
 */

export interface EmulatorOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port; default 0, an ephemeral port (see `url`). */
  port?: number;
  /** One info line per request; default silent. */
  logger?: Logger;
  /** Page size of a list without `$top` (1-999); default 100. */
  pageSize?: number;
  /** The emulator's clock: token expiry, certificate validity (`isActive`), error dates. Default: system time. */
  now?: () => Date;
  /** Largest request body accepted; larger ones get 413. Default 1 MiB. */
  bodyLimitBytes?: number;
  /**
   * Keep every request in `requests` (default true, for tests). A long-running emulator (the dev
   * server, `npm run emulator`, benchmarks) turns it off: `stats` still counts them.
   */
  recordRequests?: boolean;
}

/** A Graph call as it reached the emulator (control routes are not recorded). */
export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Header names lower-cased, values as received. */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
}

export interface GraphEmulator {
  /** Origin such as `http://127.0.0.1:43123`, without trailing slash or version: Graph roots are `${url}/v1.0` and `${url}/beta`. */
  readonly url: string;
  readonly faults: FaultInjector;
  /** Every Graph call received since start or the last reset, oldest first (when recordRequests is on). */
  readonly requests: RecordedRequest[];
  /** How many Graph calls arrived since start or the last reset. */
  readonly stats: EmulatorStats;
  /** Empties the store, the faults and the recorded requests. */
  reset(): void;
  /** Stops listening and ends every connection, hung ones included. */
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 100;
/** Many times the largest legitimate body (a PFX is at most 64 KiB, see pkcs12/read.ts). */
const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 999)) {
    throw new RangeError('pageSize must be an integer from 1 to 999.');
  }
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createLogger('silent');
  const now = options.now ?? (() => new Date());
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const store = new ConnectorStore();
  const faults = new FaultInjector();
  const requests: RecordedRequest[] = [];
  const recordRequests = options.recordRequests ?? true;
  const stats: EmulatorStats = { requests: 0, byMethod: {} };
  // Aborted by close(): ends the wait of requests delayed by a latency fault.
  const closing = new AbortController();
  let origin = '';

  function reset(): void {
    store.clear();
    faults.clear();
    requests.length = 0;
    stats.requests = 0;
    stats.byMethod = {};
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    const requestId = randomUUID();
    const callerId = req.headers['client-request-id'];
    const ids = {
      requestId,
      clientRequestId: typeof callerId === 'string' && callerId !== '' ? callerId : requestId,
    };
    // Never the Authorization header nor the body: they carry the secrets.
    const log = (status: number | undefined, fault?: string): void => {
      const durationMs = Math.round(performance.now() - started);
      logger.info(
        { method, path, status, requestId, clientRequestId: ids.clientRequestId, durationMs, fault },
        'graph emulator request',
      );
    };

    const received = await readBody(req, bodyLimitBytes);
    if (!received) return; // the client went away before its body arrived
    if (isControlPath(path)) {
      const outgoing = handleControl(method, path, received.body, { faults, reset, stats });
      send(res, outgoing, ids, now());
      return log(outgoing.status);
    }
    stats.requests += 1;
    stats.byMethod[method] = (stats.byMethod[method] ?? 0) + 1;
    if (recordRequests) {
      requests.push({
        method,
        path,
        headers: { ...req.headers },
        body: received.body.kind === 'json' ? received.body.value : undefined,
      });
    }

    const fault = faults.take(method, path);
    if (fault?.latencyMs) {
      try {
        await sleep(fault.latencyMs, undefined, { signal: closing.signal });
      } catch {
        return; // close() was called and is ending the connection
      }
    }
    const action = fault?.action ?? 'respond';
    if (action === 'hang') return log(undefined, action);
    if (action === 'reset') {
      req.socket.resetAndDestroy();
      return log(undefined, action);
    }
    const at = now();
    const outgoing =
      fault?.status !== undefined
        ? faultAnswer({ ...fault, status: fault.status })
        : graphAnswer(method, path, req.headers.authorization, received, at);
    if (action === 'lose-response') {
      req.socket.destroy();
      return log(undefined, action);
    }
    send(res, outgoing, ids, at);
    log(outgoing.status, fault ? action : undefined);
  }

  /** Graph's own answer; a body over the limit is refused before anything else looks at it. */
  function graphAnswer(
    method: string,
    url: string,
    authorization: string | undefined,
    received: { body: RequestBody; tooLarge: boolean },
    at: Date,
  ): Outgoing {
    if (received.tooLarge) {
      const message = `The request body is larger than ${bodyLimitBytes} bytes.`;
      return errorAnswer(new GraphError(413, 'RequestEntityTooLarge', message));
    }
    try {
      const response = handleGraphRequest(
        { method, url, authorization, body: received.body },
        { store, origin, pageSize, now: at },
      );
      return { status: response.status, json: response.body };
    } catch (caught) {
      if (caught instanceof GraphError) return errorAnswer(caught);
      logger.error({ err: caught }, 'graph emulator failure');
      return errorAnswer(new GraphError(500, 'generalException', defaultErrorFor(500).message));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((caught: unknown) => {
      logger.error({ err: caught }, 'graph emulator failure');
      res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: origin,
    faults,
    requests,
    stats,
    reset,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing.abort();
        server.close((failure) => (failure ? reject(failure) : resolve()));
        // Hung requests never finish on their own: end every connection, not only idle ones.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
