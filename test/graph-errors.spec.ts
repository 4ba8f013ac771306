import {
  CreateApiConnectorDocument,
  GetApiConnectorDocument,
  UpdateApiConnectorDocument,
} from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import { makeGraphToken } from './support/tokens';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CANARY_PASSWORD = 'canary-password-0d9e';
const MISSING_ID = '00000000-1111-4222-8333-444444444444';

const input = {
  displayName: 'Test API',
  targetUrl: 'https://someapi.com/api',
  authenticationConfiguration: { basic: { username: 'MyUsername', password: CANARY_PASSWORD } },
};

describe('Graph errors reaching the caller', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPH_TIMEOUT_MS: '1500' } });
  });
  afterAll(async () => {
    await stack.close();
    expect(stack.logs.join('\n')).not.toContain(CANARY_PASSWORD);
  });
  beforeEach(() => stack.emulator.reset());

  /** A read, whose failures are never ambiguous (creates that fail with 5xx: resilience.spec.ts). */
  async function getWith(fault: Parameters<TestStack['emulator']['faults']['add']>[0]) {
    stack.emulator.faults.add({ method: 'GET', ...fault });
    const response = await stack.execute(GetApiConnectorDocument, { id: MISSING_ID });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ apiConnector: null });
    expect(response.body.errors).toHaveLength(1);
    return response.body.errors![0];
  }

  async function createWith(options: { token?: string | null; headers?: Record<string, string> } = {}) {
    const response = await stack.execute(CreateApiConnectorDocument, { input }, options);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    expect(response.text).not.toContain(CANARY_PASSWORD);
    return response.body.errors![0];
  }

  describe('the caller token', () => {
    it('answers UNAUTHENTICATED without calling Graph when there is no token', async () => {
      const error = await createWith({ token: null });
      expect(error.message).toBe(
        'This operation calls Microsoft Graph: send "Authorization: Bearer <access token>".',
      );
      expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'missing_token' });
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it('answers UNAUTHENTICATED without calling Graph when the header is not a bearer token', async () => {
      const error = await createWith({ token: null, headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(error.message).toBe('The Authorization header must be "Bearer <access token>".');
      expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'invalid_authorization_header' });
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it('answers UNAUTHENTICATED for an expired token without calling Graph', async () => {
      const expired = await makeGraphToken({ expiresInSeconds: -600 });
      const error = await createWith({ token: expired });
      expect(error.message).toBe('The access token has expired: acquire a new one.');
      expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'token_expired' });
      expect(stack.emulator.requests).toHaveLength(0);
      expect(stack.logs.join('\n')).not.toContain(expired);
    });

    it('answers FORBIDDEN for a token without APIConnectors.ReadWrite.All without calling Graph', async () => {
      const error = await createWith({ token: await makeGraphToken({ scp: 'User.Read' }) });
      expect(error.message).toBe(
        'The access token does not grant APIConnectors.ReadWrite.All (delegated in scp or application in roles).',
      );
      expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason: 'missing_permission' });
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it("still maps Graph's own 401 for a token whose claims look right to UNAUTHENTICATED", async () => {
      stack.emulator.faults.add({ status: 401 });
      const error = await createWith();
      expect(error.message).toBe(
        'Microsoft Graph did not accept the access token (401 InvalidAuthenticationToken).',
      );
      expect(error.extensions).toEqual({
        code: 'UNAUTHENTICATED',
        graph: {
          status: 401,
          code: 'InvalidAuthenticationToken',
          message: expect.any(String),
          requestId: expect.stringMatching(GUID),
          clientRequestId: stack.emulator.requests[0].headers['client-request-id'],
        },
      });
      expect(stack.emulator.requests).toHaveLength(1);
    });

    it('never logs the caller token', async () => {
      await stack.execute(CreateApiConnectorDocument, { input });
      expect(stack.logs.join('\n')).not.toContain(stack.token);
      expect(stack.logs.join('\n')).not.toContain(stack.token.split('.')[2]);
    });
  });

  describe('injected Graph failures', () => {
    it.each([
      [
        400,
        'BadRequest',
        'BAD_USER_INPUT',
        'Microsoft Graph rejected the request as invalid (400 BadRequest).',
      ],
      [
        403,
        'Authorization_RequestDenied',
        'FORBIDDEN',
        'The access token does not grant APIConnectors.ReadWrite.All (403 Authorization_RequestDenied).',
      ],
      [
        409,
        'Directory_ConcurrencyViolation',
        'CONFLICT',
        'Microsoft Graph reported a conflicting concurrent change; try again (409 Directory_ConcurrencyViolation).',
      ],
      [
        503,
        'serviceNotAvailable',
        'UPSTREAM_UNAVAILABLE',
        'Microsoft Graph is unavailable (503 serviceNotAvailable).',
      ],
    ])('maps Graph %i %s to %s', async (status, graphCode, code, message) => {
      stack.emulator.faults.add({ method: 'POST', path: '/identity/apiConnectors', status });
      const error = await createWith();
      expect(error.message).toBe(message);
      expect(error.extensions).toEqual({
        code,
        graph: {
          status,
          code: graphCode,
          message: expect.any(String),
          requestId: expect.stringMatching(GUID),
          clientRequestId: stack.emulator.requests[0].headers['client-request-id'],
        },
      });
      // A write that failed with 5xx may have been processed: it is not repeated.
      expect(stack.emulator.requests).toHaveLength(1);
    });

    it('maps Graph 500 generalException to UPSTREAM_UNAVAILABLE', async () => {
      const error = await getWith({ status: 500 });
      expect(error.message).toBe('Microsoft Graph is unavailable (500 generalException).');
      expect(error.extensions).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        graph: {
          status: 500,
          code: 'generalException',
          message: expect.any(String),
          requestId: expect.stringMatching(GUID),
          clientRequestId: stack.emulator.requests[0].headers['client-request-id'],
        },
      });
      expect(stack.emulator.requests).toHaveLength(1);
    });

    it('maps a non-JSON 502 page to UPSTREAM_UNAVAILABLE with no Graph code', async () => {
      const error = await getWith({ status: 502, body: '<html><body>Bad gateway</body></html>' });
      expect(error.message).toBe('Microsoft Graph is unavailable (502).');
      expect(error.extensions).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        graph: {
          status: 502,
          code: null,
          message: null,
          requestId: expect.stringMatching(GUID),
          clientRequestId: expect.stringMatching(GUID),
        },
      });
    });

    it('repeats a create that Graph throttled once with a short Retry-After, then succeeds', async () => {
      stack.emulator.faults.add({ method: 'POST', status: 429, retryAfter: 0 });
      const response = await stack.execute(CreateApiConnectorDocument, { input });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data!.createApiConnector.displayName).toBe('Test API');
      expect(stack.emulator.requests.map((request) => request.method)).toEqual(['POST', 'POST']);
    });

    it('answers THROTTLED at once with retryAfterSeconds when Retry-After is beyond the deadline', async () => {
      stack.emulator.faults.add({ method: 'POST', status: 429, retryAfter: 120 });
      const started = Date.now();
      const error = await createWith();
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error.message).toBe(
        'Microsoft Graph is throttling requests; try again later (429 TooManyRequests).',
      );
      expect(error.extensions).toEqual({
        code: 'THROTTLED',
        retryAfterSeconds: 120,
        graph: {
          status: 429,
          code: 'TooManyRequests',
          message: expect.any(String),
          requestId: expect.stringMatching(GUID),
          clientRequestId: expect.stringMatching(GUID),
        },
      });
      expect(stack.emulator.requests).toHaveLength(1);
    });

    it('bounds every upstream call by GRAPH_TIMEOUT_MS', async () => {
      const error = await getWith({ action: 'hang' });
      expect(error.message).toBe('Microsoft Graph did not answer within 1500 ms.');
      expect(error.extensions).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        graph: {
          status: null,
          code: 'timeout',
          message: null,
          requestId: null,
          clientRequestId: expect.stringMatching(GUID),
        },
      });
    });

    it('maps a connection reset on every attempt to UPSTREAM_UNAVAILABLE', async () => {
      const error = await getWith({ action: 'reset', times: 3 });
      expect(error.message).toBe('Microsoft Graph could not be reached.');
      expect(error.extensions).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        graph: {
          status: null,
          code: 'networkError',
          message: null,
          requestId: null,
          clientRequestId: expect.stringMatching(GUID),
        },
      });
    });

    it("logs Graph's request-id for every call on the request's access line", async () => {
      await stack.execute(CreateApiConnectorDocument, { input });
      const line = stack.logs
        .map((entry) => JSON.parse(entry))
        .findLast((entry) => entry.msg === 'request completed');
      expect(line).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
      expect(line.graph).toEqual([
        {
          operation: 'create',
          status: 201,
          requestId: expect.stringMatching(GUID),
          clientRequestId: stack.emulator.requests[0].headers['client-request-id'],
          durationMs: expect.any(Number),
        },
      ]);
      expect(stack.logs.map((entry) => JSON.parse(entry).msg)).not.toContain('graph call');
    });

    it('puts every Graph call of a request on its one access line, in order', async () => {
      const { id } = (await stack.execute(CreateApiConnectorDocument, { input })).body.data!
        .createApiConnector;
      stack.emulator.requests.length = 0;
      await stack.execute(UpdateApiConnectorDocument, { id, input: { displayName: 'Renamed' } });
      const line = stack.logs
        .map((entry) => JSON.parse(entry))
        .findLast((entry) => entry.msg === 'request completed');
      expect(
        line.graph.map((call: { operation: string; status: number }) => [call.operation, call.status]),
      ).toEqual([
        ['update', 204],
        ['get', 200],
      ]);
      expect(line.graph.map((call: { clientRequestId: string }) => call.clientRequestId)).toEqual(
        stack.emulator.requests.map((request) => request.headers['client-request-id']),
      );
    });
  });
});
