import { MAX_ATTEMPTS, retryDelayMs } from '../src/graph/retry-policy';
import {
  CreateApiConnectorDocument,
  GetApiConnectorDocument,
  ListApiConnectorsDocument,
  UpdateApiConnectorDocument,
  UploadApiConnectorClientCertificateDocument,
} from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import { makePfx, reportedCertificate } from './support/pfx';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const basicInput = {
  displayName: 'Resilient API',
  targetUrl: 'https://someapi.com/api',
  authenticationConfiguration: { basic: { username: 'MyUsername', password: 'canary-password-77a0' } },
};

describe('the retry policy', () => {
  const base = { method: 'GET', attempt: 1, now: 0, deadline: 10_000 };

  it('waits what Retry-After says, in seconds or as an HTTP date', () => {
    expect(retryDelayMs({ ...base, method: 'POST', status: 429, retryAfter: '2' })).toBe(2000);
    const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
    expect(retryDelayMs({ ...base, status: 429, retryAfter: inThreeSeconds })).toBeGreaterThanOrEqual(2000);
    expect(retryDelayMs({ ...base, status: 429, retryAfter: inThreeSeconds })).toBeLessThanOrEqual(3000);
  });

  it('backs off exponentially with jitter when Graph gives no Retry-After', () => {
    const at = (attempt: number, random: number) =>
      retryDelayMs({ ...base, attempt, status: 429 }, () => random);
    expect([at(1, 0), at(1, 1), at(2, 0), at(2, 1)]).toEqual([250, 500, 500, 1000]);
  });

  it('never waits past the deadline, and stops after MAX_ATTEMPTS', () => {
    expect(retryDelayMs({ ...base, status: 429, retryAfter: '120' })).toBeNull();
    expect(retryDelayMs({ ...base, attempt: MAX_ATTEMPTS, status: 429, retryAfter: '0' })).toBeNull();
  });

  it('repeats 503, 504 and network failures for reads only', () => {
    for (const outcome of [{ status: 503 }, { status: 504 }, { networkError: true }]) {
      expect(retryDelayMs({ ...base, ...outcome, retryAfter: '1' })).toBe(1000);
      for (const method of ['POST', 'PATCH', 'DELETE']) {
        expect(retryDelayMs({ ...base, ...outcome, method, retryAfter: '1' })).toBeNull();
      }
    }
    expect(retryDelayMs({ ...base, status: 500 })).toBeNull();
    expect(retryDelayMs({ ...base, status: 400 })).toBeNull();
  });
});

describe('upstream faults', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_TIMEOUT_MS: '3000' } });
  });
  afterAll(async () => {
    await stack.close();
    expect(stack.logs.join('\n')).not.toContain('canary-password');
  });
  beforeEach(() => stack.emulator.reset());

  const calls = () => stack.emulator.requests.map((request) => request.method);
  const createBasic = () => stack.execute(CreateApiConnectorDocument, { input: basicInput });
  const storedConnectors = async () => {
    const response = await stack.execute(ListApiConnectorsDocument, { first: 100 });
    return response.body.data!.apiConnectors.edges.map((edge) => edge.node);
  };

  describe('throttling', () => {
    it('repeats a throttled create after an HTTP-date Retry-After', async () => {
      stack.emulator.faults.add({
        method: 'POST',
        status: 429,
        retryAfter: new Date(Date.now() + 1000).toUTCString(),
      });
      const response = await createBasic();
      expect(response.body.errors).toBeUndefined();
      expect(calls()).toEqual(['POST', 'POST']);
    });

    it('repeats a throttled create with a backoff when Graph gives no Retry-After', async () => {
      stack.emulator.faults.add({ method: 'POST', status: 429 });
      const response = await createBasic();
      expect(response.body.errors).toBeUndefined();
      expect(calls()).toEqual(['POST', 'POST']);
    });

    it(`sends at most ${MAX_ATTEMPTS} requests upstream in a throttling storm, then answers THROTTLED`, async () => {
      stack.emulator.faults.add({ status: 429, retryAfter: 0, times: Infinity });
      const response = await createBasic();
      expect(
        response.body.errors!.map((error) => [error.extensions!.code, error.extensions!.retryAfterSeconds]),
      ).toEqual([['THROTTLED', 0]]);
      expect(calls()).toEqual(['POST', 'POST', 'POST']);
    });
  });

  describe('reads', () => {
    it.each([
      ['503', { status: 503 }],
      ['504', { status: 504 }],
      ['a reset connection', { action: 'reset' as const }],
    ])('repeats a GET that failed with %s', async (_case, fault) => {
      const created = (await createBasic()).body.data!.createApiConnector;
      stack.emulator.requests.length = 0;
      stack.emulator.faults.add({ method: 'GET', ...fault });
      const response = await stack.execute(GetApiConnectorDocument, { id: created.id });
      expect(response.body).toEqual({ data: { apiConnector: created } });
      expect(calls()).toEqual(['GET', 'GET']);
    });
  });

  describe('writes that end ambiguously', () => {
    it('returns the connector when Graph created it but the response was lost', async () => {
      stack.emulator.faults.add({ method: 'POST', action: 'lose-response' });
      const response = await createBasic();
      expect(response.body.errors).toBeUndefined();
      const stored = await storedConnectors();
      expect(stored).toHaveLength(1);
      expect(response.body.data!.createApiConnector).toEqual(stored[0]);
      // One POST only: the create was reconciled by listing, never repeated.
      expect(calls()).toEqual(['POST', 'GET', 'GET']);
    });

    it('finds a lost certificate create by the certificate thumbprint', async () => {
      const pfx = makePfx();
      stack.emulator.faults.add({ method: 'POST', action: 'lose-response' });
      const response = await stack.execute(CreateApiConnectorDocument, {
        input: {
          ...basicInput,
          authenticationConfiguration: {
            pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
          },
        },
      });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.createApiConnector.authenticationConfiguration).toEqual({
        __typename: 'ClientCertificateAuthentication',
        certificateList: [reportedCertificate(pfx)],
      });
      expect(await storedConnectors()).toHaveLength(1);
    });

    it.each([
      ['500', { status: 500 }],
      ['502 with an HTML page', { status: 502, body: '<html>Bad gateway</html>' }],
      ['a timeout', { action: 'hang' as const }],
    ])(
      'answers UPSTREAM_OUTCOME_UNKNOWN with the request ids when a create ends with %s and nothing matches',
      async (_case, fault) => {
        stack.emulator.faults.add({ method: 'POST', ...fault });
        const response = await createBasic();
        expect(response.body.data).toBeNull();
        const [error] = response.body.errors!;
        expect(error.message).toBe(
          'Microsoft Graph may or may not have carried out this change: check the API connectors before trying again.',
        );
        expect(error.extensions).toEqual({
          code: 'UPSTREAM_OUTCOME_UNKNOWN',
          candidates: [],
          graph: expect.objectContaining({
            clientRequestId: stack.emulator.requests[0].headers['client-request-id'],
          }),
        });
        expect(calls().filter((method) => method === 'POST')).toEqual(['POST']);
      },
    );

    it('answers the existing connector when an identical one was already there and Graph failed', async () => {
      const existing = (await createBasic()).body.data!.createApiConnector;
      stack.emulator.faults.add({ method: 'POST', status: 500 });
      const response = await createBasic();
      expect(response.body).toEqual({ data: { createApiConnector: existing } });
      expect(await storedConnectors()).toHaveLength(1);
    });

    it('lists both candidates when the lost create made a second identical connector', async () => {
      const existing = (await createBasic()).body.data!.createApiConnector;
      stack.emulator.faults.add({ method: 'POST', action: 'lose-response' });
      const response = await createBasic();
      const stored = await storedConnectors();
      expect(stored).toHaveLength(2);
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        {
          code: 'UPSTREAM_OUTCOME_UNKNOWN',
          candidates: stored.map((connector) => connector.id),
          graph: expect.objectContaining({ status: null, code: 'networkError', requestId: null }),
        },
      ]);
      expect(stored.map((connector) => connector.id)).toContain(existing.id);
    });

    it('returns the connector when an uploaded certificate arrived but the response was lost', async () => {
      const created = (await createBasic()).body.data!.createApiConnector;
      const pfx = makePfx();
      stack.emulator.faults.add({ method: 'POST', path: 'uploadClientCertificate', action: 'lose-response' });
      const response = await stack.execute(UploadApiConnectorClientCertificateDocument, {
        id: created.id,
        input: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
      });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.uploadApiConnectorClientCertificate.authenticationConfiguration).toEqual({
        __typename: 'ClientCertificateAuthentication',
        certificateList: [reportedCertificate(pfx)],
      });
    });

    it('does not repeat a PATCH that failed with 503, and says so', async () => {
      const created = (await createBasic()).body.data!.createApiConnector;
      stack.emulator.requests.length = 0;
      stack.emulator.faults.add({ method: 'PATCH', status: 503, retryAfter: 1 });
      const response = await stack.execute(UpdateApiConnectorDocument, {
        id: created.id,
        input: { displayName: 'x' },
      });
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        {
          code: 'UPSTREAM_UNAVAILABLE',
          graph: {
            status: 503,
            code: 'serviceNotAvailable',
            message: expect.any(String),
            requestId: expect.stringMatching(GUID),
            clientRequestId: expect.stringMatching(GUID),
          },
        },
      ]);
      expect(calls()).toEqual(['PATCH']);
    });
  });
});

describe('random upstream faults (emulator)', () => {
  it('fails a seeded share of requests, the same ones on every run', async () => {
    const { startEmulator } = await import('../src/emulator/server');
    const pattern = async () => {
      const emulator = await startEmulator({ recordRequests: false });
      try {
        const control = await fetch(`${emulator.url}/_emulator/faults/random`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            seed: 42,
            rate: 0.25,
            faults: [{ status: 503 }, { status: 429, retryAfter: 1 }],
          }),
        });
        expect(control.status).toBe(204);
        const statuses: number[] = [];
        for (let index = 0; index < 200; index++) {
          statuses.push((await fetch(`${emulator.url}/v1.0/identity/apiConnectors`)).status);
        }
        const stats = await (await fetch(`${emulator.url}/_emulator/stats`)).json();
        expect(stats).toEqual({ requests: 200, byMethod: { GET: 200 } });
        expect(emulator.requests).toEqual([]);
        return statuses;
      } finally {
        await emulator.close();
      }
    };
    const first = await pattern();
    expect(await pattern()).toEqual(first);
    const faulted = first.filter((status) => status === 503 || status === 429).length;
    // Unauthenticated calls get 401 when no fault is drawn.
    expect(first.filter((status) => status === 401)).toHaveLength(200 - faulted);
    expect(faulted).toBeGreaterThan(30);
    expect(faulted).toBeLessThan(70);
  });
});

describe('graceful shutdown', () => {
  it('lets in-flight requests finish and refuses new ones', async () => {
    const stack = await startStack();
    stack.emulator.faults.add({ method: 'POST', latencyMs: 400, times: 3 });
    const inFlight = Array.from({ length: 3 }, () =>
      stack.execute(CreateApiConnectorDocument, { input: basicInput }),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = stack.gateway.close();
    const refused = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    }).then(
      (response) => response.status,
      (error: Error) => error.name,
    );
    const finished = await Promise.all(inFlight);
    await closing;
    await stack.emulator.close();
    expect(
      finished.map((response) => [response.status, response.body.data?.createApiConnector.displayName]),
    ).toEqual([
      [200, 'Resilient API'],
      [200, 'Resilient API'],
      [200, 'Resilient API'],
    ]);
    // A new connection is refused; a request on a kept-alive connection gets 503.
    expect(['TypeError', 503]).toContain(refused);
  });
});
