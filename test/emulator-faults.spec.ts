import { FaultSpecError } from '../src/emulator/faults';
import { startEmulator, type GraphEmulator } from '../src/emulator/server';
import { httpRequest, type HttpOptions, type HttpResult } from './support/http';
import { makeGraphToken } from './support/tokens';

/** Fault injection (reference/hardening.md) in memory and over the /_emulator control routes. */

let emulator: GraphEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await makeGraphToken();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const CONNECTORS = '/v1.0/identity/apiConnectors';
const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const BODY = {
  displayName: 'Fault check',
  targetUrl: 'https://api.contoso.com/faults',
  authenticationConfiguration: {
    '@odata.type': '#microsoft.graph.basicAuthentication',
    username: 'u',
    password: 'p',
  },
};

function graph(path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return httpRequest(`${emulator.url}${path}`, { token, ...options });
}

function control(path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return httpRequest(`${emulator.url}${path}`, { method: 'POST', ...options });
}

/** The error fetch reports for a connection that ended without an answer. */
async function connectionFailure(
  request: Promise<unknown>,
): Promise<{ name: string; cause?: { code?: string } }> {
  try {
    await request;
  } catch (error) {
    return error as { name: string; cause?: { code?: string } };
  }
  throw new Error('the request was answered');
}

describe('answering with an injected status', () => {
  it("answers 429 with Retry-After in Graph's error shape, once by default", async () => {
    emulator.faults.add({ status: 429, retryAfter: 7 });

    const throttled = await graph(CONNECTORS, { headers: { 'client-request-id': 'retry-1' } });
    const next = await graph(CONNECTORS);

    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect(throttled.headers.get('content-type')).toBe(GRAPH_JSON);
    expect(throttled.headers.get('client-request-id')).toBe('retry-1');
    expect(throttled.json).toEqual({
      error: {
        code: 'TooManyRequests',
        message: 'Too many requests.',
        innerError: {
          date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
          'request-id': throttled.headers.get('request-id'),
          'client-request-id': 'retry-1',
        },
      },
    });
    expect(next.status).toBe(200);
    expect(emulator.requests).toHaveLength(2);
  });

  it.each([
    [400, 'BadRequest'],
    [401, 'InvalidAuthenticationToken'],
    [403, 'Authorization_RequestDenied'],
    [404, 'Request_ResourceNotFound'],
    [409, 'Directory_ConcurrencyViolation'],
    [429, 'TooManyRequests'],
    [500, 'generalException'],
    [502, 'badGateway'],
    [503, 'serviceNotAvailable'],
    [504, 'gatewayTimeout'],
    [507, 'insufficientStorage'],
  ])('uses the code Graph uses for %i', async (status, code) => {
    emulator.faults.add({ status });

    const failed = await graph(CONNECTORS);

    expect(failed.status).toBe(status);
    expect(failed.json.error.code).toBe(code);
    expect(failed.headers.get('retry-after')).toBeNull();
  });

  it('uses the given code and a Retry-After given as text', async () => {
    emulator.faults.add({ status: 503, code: 'UnknownError', retryAfter: 'Wed, 21 Oct 2037 07:28:00 GMT' });

    const failed = await graph(CONNECTORS);

    expect(failed.status).toBe(503);
    expect(failed.json.error.code).toBe('UnknownError');
    expect(failed.headers.get('retry-after')).toBe('Wed, 21 Oct 2037 07:28:00 GMT');
  });

  it('sends a raw body as text/html, as an intermediary would', async () => {
    emulator.faults.add({ status: 502, body: '<html><body>502 Bad Gateway</body></html>' });

    const failed = await graph(CONNECTORS);

    expect(failed.status).toBe(502);
    expect(failed.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(failed.text).toBe('<html><body>502 Bad Gateway</body></html>');
    expect(failed.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an injected status without processing the request', async () => {
    emulator.faults.add({ method: 'POST', status: 500 });

    const failed = await graph(CONNECTORS, { method: 'POST', body: BODY });
    const list = await graph(CONNECTORS);

    expect(failed.status).toBe(500);
    expect(list.json.value).toEqual([]);
  });
});

describe('matching', () => {
  it('matches method and a case-insensitive path substring, in the order faults were added', async () => {
    emulator.faults.add({ method: 'post', path: '/IDENTITY/apiconnectors', status: 503 });
    emulator.faults.add({ path: 'apiConnectors', status: 429, times: 2 });
    emulator.faults.add({ status: 500 });

    const statuses = [];
    for (const method of ['GET', 'POST', 'POST', 'GET', 'GET']) {
      statuses.push((await graph(CONNECTORS, method === 'POST' ? { method, body: BODY } : {})).status);
    }

    expect(statuses).toEqual([429, 503, 429, 500, 200]);
  });

  it('applies a fault to every matching request with times: Infinity, until cleared', async () => {
    emulator.faults.add({ path: '$top', status: 503, times: Infinity });

    const first = await graph(`${CONNECTORS}?$top=1`);
    const second = await graph(`${CONNECTORS}?$top=1`);
    const unmatched = await graph(CONNECTORS);
    emulator.faults.clear();
    const cleared = await graph(`${CONNECTORS}?$top=1`);

    expect([first.status, second.status, unmatched.status, cleared.status]).toEqual([503, 503, 200, 200]);
  });

  it.each<[string, object, string]>([
    ['an unknown field', { status: 500, statsu: 1 }, "Unknown fault field 'statsu'"],
    ['a status outside 400-599', { status: 200 }, "'status' must be an integer from 400 to 599."],
    [
      'an unknown action',
      { action: 'explode' },
      "'action' must be one of respond, hang, reset, lose-response.",
    ],
    ['a body without status', { body: '<html/>' }, "'body' needs a 'status'."],
    ['a status with a hang', { status: 500, action: 'hang' }, "'status' does not apply to action 'hang'."],
    [
      'nothing to do',
      { path: 'x' },
      "A fault needs a 'status', a 'latencyMs' or an 'action' other than 'respond'.",
    ],
    ['zero times', { status: 500, times: 0 }, "'times' must be a positive integer (or Infinity)."],
  ])('refuses a spec with %s', (_, spec, message) => {
    expect(() => emulator.faults.add(spec)).toThrow(FaultSpecError);
    expect(() => emulator.faults.add(spec)).toThrow(message);
  });
});

describe('latency and broken connections', () => {
  it('delays a normal answer by latencyMs', async () => {
    emulator.faults.add({ latencyMs: 300 });

    const started = Date.now();
    const delayed = await graph(CONNECTORS);

    expect(delayed.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('delays an injected status too', async () => {
    emulator.faults.add({ latencyMs: 200, status: 504 });

    const started = Date.now();
    const failed = await graph(CONNECTORS);

    expect(failed.status).toBe(504);
    expect(failed.json.error.code).toBe('gatewayTimeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('hangs until the client gives up', async () => {
    emulator.faults.add({ action: 'hang' });

    const failure = await connectionFailure(graph(CONNECTORS, { signal: AbortSignal.timeout(300) }));
    const next = await graph(CONNECTORS);

    expect(failure.name).toBe('TimeoutError');
    expect(next.status).toBe(200);
    expect(emulator.requests).toHaveLength(2);
  });

  it('resets the connection without processing the request', async () => {
    emulator.faults.add({ action: 'reset' });

    const failure = await connectionFailure(graph(CONNECTORS, { method: 'POST', body: BODY }));
    const list = await graph(CONNECTORS);

    expect(failure.name).toBe('TypeError');
    expect(failure.cause?.code).toBe('ECONNRESET');
    expect(list.json.value).toEqual([]);
    expect(emulator.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('loses the response of a create that really happened', async () => {
    emulator.faults.add({ method: 'POST', action: 'lose-response' });

    const failure = await connectionFailure(graph(CONNECTORS, { method: 'POST', body: BODY }));
    const list = await graph(CONNECTORS);

    expect(failure.name).toBe('TypeError');
    expect(list.json.value).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        displayName: 'Fault check',
        targetUrl: 'https://api.contoso.com/faults',
        authenticationConfiguration: {
          '@odata.type': '#microsoft.graph.basicAuthentication',
          username: 'u',
          password: '******',
        },
      },
    ]);
  });

  it('ends hung requests on close()', async () => {
    const own = await startEmulator();
    own.faults.add({ action: 'hang' });
    const hung = connectionFailure(httpRequest(`${own.url}${CONNECTORS}`, { token }));
    await waitFor(() => own.requests.length === 1);

    await own.close();

    expect((await hung).name).toBe('TypeError');
  });
});

describe('control routes', () => {
  it('adds faults over HTTP, with no token, without recording the call', async () => {
    const added = await control('/_emulator/faults', {
      body: { path: 'apiConnectors', status: 429, retryAfter: 2 },
    });
    const throttled = await graph(CONNECTORS);

    expect(added.status).toBe(204);
    expect(added.text).toBe('');
    expect(added.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(emulator.requests.map((request) => request.path)).toEqual([CONNECTORS]);
  });

  it('refuses an invalid spec over HTTP with 400 BadRequest', async () => {
    const refused = await control('/_emulator/faults', { body: { status: 'soon' } });
    const malformed = await control('/_emulator/faults', { body: '{' });

    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: 'BadRequest',
      message: "'status' must be an integer from 400 to 599.",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.message).toBe('A fault is a JSON object.');
  });

  it('is never matched by faults', async () => {
    emulator.faults.add({ status: 500, times: Infinity });

    const cleared = await control('/_emulator/faults', { method: 'DELETE' });
    const ok = await graph(CONNECTORS);

    expect(cleared.status).toBe(204);
    expect(ok.status).toBe(200);
  });

  it('resets the store, the faults and the recorded requests', async () => {
    await graph(CONNECTORS, { method: 'POST', body: BODY });
    emulator.faults.add({ status: 500 });
    const recorded = emulator.requests;

    const reset = await control('/_Emulator/Reset/');

    expect(reset.status).toBe(204);
    expect(recorded).toHaveLength(0);
    const list = await graph(CONNECTORS);
    expect(list.status).toBe(200);
    expect(list.json.value).toEqual([]);
  });

  it('answers 405 to a wrong method and 404 to an unknown control route', async () => {
    const wrongMethod = await control('/_emulator/reset', { method: 'GET' });
    const unknown = await control('/_emulator/nothing');

    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('Request_ResourceNotFound');
    expect(emulator.requests).toHaveLength(0);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5000) throw new Error('condition not met in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
