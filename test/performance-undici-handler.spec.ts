import { ResponseType, type Client, type Context } from '@microsoft/microsoft-graph-client';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGraphClient } from '../src/graph/client';
import { BufferedResponse, UndiciHttpHandler } from '../src/graph/undici-handler';
import { UpstreamCall } from '../src/graph/upstream-call';
import { sendJson, startFakeGraph, type FakeGraph } from './support/fake-graph';

/**
 * The Graph client's last middleware sends through undici instead of fetch (docs/performance.md).
 * These tests pin what the middlewares above it rely on.
 */
const connector = {
  id: '45715bb8-13f9-4bf6-927f-ef96c102d394',
  displayName: 'Test API',
  targetUrl: 'https://someapi.com/api',
};

describe('sending Graph requests through undici', () => {
  const fakes: FakeGraph[] = [];
  afterEach(async () => {
    await Promise.all(fakes.splice(0).map((fake) => fake.close()));
  });

  async function fake(...args: Parameters<typeof startFakeGraph>): Promise<FakeGraph> {
    const started = await startFakeGraph(...args);
    fakes.push(started);
    return started;
  }

  function post(client: Client, call: UpstreamCall): Promise<Response> {
    return client
      .api('/identity/apiConnectors')
      .responseType(ResponseType.RAW)
      .option('signal', call.signal)
      .middlewareOptions([call])
      .post({ displayName: connector.displayName });
  }

  it('never lets the token follow a redirect to another host, and answers with the real URL', async () => {
    // 127.0.0.1 and localhost are different hosts to the URL rules, and to the token check.
    const elsewhere = await fake((_request, response) => sendJson(response, 201, connector), 'localhost');
    const graph = await fake((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/v1.0/identity/apiConnectors` });
      response.end();
    });
    const client = createGraphClient({ baseUrl: graph.url, apiVersion: 'v1.0' });

    const response = await post(client, new UpstreamCall('caller-token', 5000));

    expect(response).toBeInstanceOf(BufferedResponse);
    expect(graph.requests.map((request) => request.headers.authorization)).toEqual(['Bearer caller-token']);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0].headers.authorization).toBeUndefined();
    expect(elsewhere.requests[0].method).toBe('POST');
    expect(response.url).toBe(`${elsewhere.url}/v1.0/identity/apiConnectors`);
    expect(response.status).toBe(201);
    expect(JSON.parse(await response.text())).toEqual(connector);
  });

  it('keeps the token on a redirect within the configured Graph root', async () => {
    const graph = await fake((request, response) => {
      if (request.url === '/v1.0/identity/apiConnectors') {
        response.writeHead(308, { location: `http://127.0.0.1:${port()}/v1.0/identity/moved` });
        response.end();
      } else {
        sendJson(response, 201, connector);
      }
    });
    const port = () => new URL(graph.url).port;
    const client = createGraphClient({ baseUrl: graph.url, apiVersion: 'v1.0' });

    const response = await post(client, new UpstreamCall('caller-token', 5000));

    expect(graph.requests.map((request) => [request.url, request.headers.authorization])).toEqual([
      ['/v1.0/identity/apiConnectors', 'Bearer caller-token'],
      ['/v1.0/identity/moved', 'Bearer caller-token'],
    ]);
    expect(response.url).toBe(`${graph.url}/v1.0/identity/moved`);
  });

  it('answers like fetch: status, headers by any case, a body read once', async () => {
    const graph = await fake((_request, response) => {
      response.writeHead(429, [
        ['Retry-After', '7'],
        ['X-Multi', 'a'],
        ['X-Multi', 'b'],
        ['content-type', 'application/json'],
      ]);
      response.end('\uFEFF{"error":{"code":"TooManyRequests"}}');
    });
    const context: Context = {
      request: `${graph.url}/v1.0/me?$top=1`,
      options: { method: 'GET', headers: {} },
    };

    await new UndiciHttpHandler().execute(context);
    const response = context.response!;

    expect(graph.requests[0].url).toBe('/v1.0/me?$top=1');
    expect([response.status, response.ok, response.url]).toEqual([429, false, `${graph.url}/v1.0/me?$top=1`]);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(response.headers.get('RETRY-AFTER')).toBe('7');
    expect(response.headers.get('x-multi')).toBe('a, b');
    expect(response.headers.get('request-id')).toBeNull();
    expect(await response.json()).toEqual({ error: { code: 'TooManyRequests' } });
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('ends a request at its signal, with the signal reason, as fetch does', async () => {
    const graph = await fake(() => undefined); // never answers
    const context: Context = {
      request: `${graph.url}/v1.0/identity/apiConnectors`,
      options: { method: 'GET', headers: {}, signal: AbortSignal.timeout(100) },
    };

    const failure = await new UndiciHttpHandler().execute(context).catch((error: Error) => error);

    expect((failure as Error).name).toBe('TimeoutError');
  });

  it("leaves Node's own fetch working in a process that has loaded undici@7", async () => {
    // Jest gives each test file its own global object, so this runs where it matters: a real process.
    const server = createServer((request, response) => {
      let length = 0;
      request.on('data', (chunk: Buffer) => (length += chunk.length));
      request.on('end', () => response.end(`${request.method} ${length}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const handler = join(__dirname, '..', 'dist', 'src', 'graph', 'undici-handler.js');
    const script = `
      require(${JSON.stringify(handler)});
      fetch(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-length': '3' }, body: 'abc' })
        .then((response) => response.text())
        .then((text) => console.log(text), (error) => { console.log(String(error.cause ?? error)); process.exitCode = 1; });
    `;
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
      expect(stdout.trim()).toBe('POST 3');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('the deadline of one upstream operation', () => {
  it('aborts with a TimeoutError when the operation outlives it', async () => {
    const call = new UpstreamCall('caller-token', 20);
    expect(call.deadline).toBeGreaterThan(Date.now());
    await new Promise((resolve) => call.signal.addEventListener('abort', resolve));
    expect((call.signal.reason as DOMException).name).toBe('TimeoutError');
    expect((call.signal.reason as DOMException).message).toBe('The operation was aborted due to timeout');
  });

  it('holds no timer once the operation is over', async () => {
    const call = new UpstreamCall('caller-token', 20);
    call.finish();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(call.signal.aborted).toBe(false);
  });
});
