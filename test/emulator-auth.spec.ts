import { startEmulator, type GraphEmulator } from '../src/emulator/server';
import { httpRequest, type HttpOptions, type HttpResult } from './support/http';
import { makeGraphToken, TEST_TENANT_ID } from './support/tokens';

/** The emulator's token rule (DESIGN.md), tenant partitioning and Graph's correlation headers. */

let emulator: GraphEmulator;

beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

const CONNECTORS = '/v1.0/identity/apiConnectors';
const BODY = {
  displayName: 'Tenant check',
  targetUrl: 'https://api.contoso.com/tenant',
  authenticationConfiguration: {
    '@odata.type': '#microsoft.graph.basicAuthentication',
    username: 'u',
    password: 'p',
  },
};

function graph(path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return httpRequest(`${emulator.url}${path}`, options);
}

function expectGraphError(result: HttpResult, status: number, code: string, message: string): void {
  expect(result.status).toBe(status);
  expect(result.json).toEqual({
    error: {
      code,
      message,
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        'request-id': result.headers.get('request-id'),
        'client-request-id': result.headers.get('client-request-id'),
      },
    },
  });
}

/** A JWT that no key signed: the emulator, like the rule says, reads claims without verifying. */
function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('the token rule', () => {
  it.each<[string, HttpOptions, string]>([
    ['no Authorization header', {}, 'Access token is empty.'],
    ['a Basic scheme', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }, 'Access token is empty.'],
    [
      'a bearer value that is not a JWT',
      { token: 'not-a-jwt' },
      'Access token is malformed: it is not a JWT in compact serialization.',
    ],
    [
      'a JWT whose payload is not JSON',
      { token: 'eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln' },
      'Access token is malformed: it is not a JWT in compact serialization.',
    ],
  ])('answers 401 InvalidAuthenticationToken to %s', async (_, options, message) => {
    const rejected = await graph(CONNECTORS, options);

    expectGraphError(rejected, 401, 'InvalidAuthenticationToken', message);
  });

  it('answers 401 to an expired token', async () => {
    const rejected = await graph(CONNECTORS, { token: await makeGraphToken({ expiresInSeconds: -60 }) });

    expectGraphError(
      rejected,
      401,
      'InvalidAuthenticationToken',
      'Lifetime validation failed, the token is expired.',
    );
  });

  it('answers 401 to a token without expiry', async () => {
    const token = unsignedJwt({ aud: 'https://graph.microsoft.com', scp: 'APIConnectors.ReadWrite.All' });

    const rejected = await graph(CONNECTORS, { token });

    expectGraphError(
      rejected,
      401,
      'InvalidAuthenticationToken',
      'Access token is malformed: it has no expiry (exp).',
    );
  });

  it('answers 401 to a token for another audience', async () => {
    const rejected = await graph(CONNECTORS, {
      token: await makeGraphToken({ aud: 'https://management.azure.com' }),
    });

    expectGraphError(
      rejected,
      401,
      'InvalidAuthenticationToken',
      'Access token validation failure. Invalid audience.',
    );
  });

  it('checks the token before resolving the URL', async () => {
    const rejected = await graph('/v1.0/no/such/resource');

    expectGraphError(rejected, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  });

  it.each<[string, Parameters<typeof makeGraphToken>[0]]>([
    ['a delegated token without the permission', { scp: 'User.Read Directory.Read.All' }],
    ['an application token without the permission', { roles: ['User.Read.All'] }],
  ])('answers 403 Authorization_RequestDenied to %s', async (_, claims) => {
    const rejected = await graph(CONNECTORS, { token: await makeGraphToken(claims) });

    expectGraphError(
      rejected,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  });

  it.each<[string, Parameters<typeof makeGraphToken>[0]]>([
    [
      'a delegated token with the permission among others',
      { scp: 'openid User.Read APIConnectors.ReadWrite.All' },
    ],
    ['an application token with the permission in roles', { roles: ['APIConnectors.ReadWrite.All'] }],
    ['a token for the Graph resource URI', { aud: 'https://graph.microsoft.com' }],
  ])('accepts %s', async (_, claims) => {
    const created = await graph(CONNECTORS, {
      method: 'POST',
      token: await makeGraphToken(claims),
      body: BODY,
    });

    expect(created.status).toBe(201);
  });

  it('does not verify signatures, and keeps tokens without tid in a default partition', async () => {
    const token = unsignedJwt({
      aud: '00000003-0000-0000-c000-000000000000',
      scp: 'APIConnectors.ReadWrite.All',
      exp: Math.floor(Date.now() / 1000) + 600,
    });

    const created = await graph(CONNECTORS, { method: 'POST', token, body: BODY });
    const listed = await graph(CONNECTORS, { token });
    const inTestTenant = await graph(CONNECTORS, { token: await makeGraphToken() });

    expect(created.status).toBe(201);
    expect(listed.json.value.map((c: { id: string }) => c.id)).toEqual([created.json.id]);
    expect(inTestTenant.json.value).toEqual([]);
  });
});

describe('tenants', () => {
  it("keeps each tenant's connectors apart", async () => {
    const contoso = await makeGraphToken({ tid: TEST_TENANT_ID });
    const fabrikam = await makeGraphToken({ tid: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    const created = await graph(CONNECTORS, { method: 'POST', token: contoso, body: BODY });

    const fabrikamList = await graph(CONNECTORS, { token: fabrikam });
    const fabrikamGet = await graph(`${CONNECTORS}/${created.json.id}`, { token: fabrikam });
    const fabrikamDelete = await graph(`${CONNECTORS}/${created.json.id}`, {
      method: 'DELETE',
      token: fabrikam,
    });
    const contosoList = await graph(CONNECTORS, { token: contoso });

    expect(fabrikamList.json.value).toEqual([]);
    expect(fabrikamGet.status).toBe(404);
    expect(fabrikamGet.json.error.code).toBe('Request_ResourceNotFound');
    expect(fabrikamDelete.status).toBe(404);
    expect(contosoList.json.value.map((c: { id: string }) => c.id)).toEqual([created.json.id]);
  });
});

describe('correlation headers and recording', () => {
  it("echoes the caller's client-request-id on success and in error bodies", async () => {
    const token = await makeGraphToken();
    const ok = await graph(CONNECTORS, {
      token,
      headers: { 'client-request-id': 'c0ffee00-1111-2222-3333-444455556666' },
    });
    const failed = await graph(`${CONNECTORS}/missing`, {
      token,
      headers: { 'client-request-id': 'trace-42' },
    });

    expect(ok.headers.get('client-request-id')).toBe('c0ffee00-1111-2222-3333-444455556666');
    expect(ok.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.headers.get('request-id')).not.toBe(failed.headers.get('request-id'));
    expect(failed.headers.get('client-request-id')).toBe('trace-42');
    expect(failed.json.error.innerError['client-request-id']).toBe('trace-42');
    expect(failed.json.error.innerError['request-id']).toBe(failed.headers.get('request-id'));
  });

  it('records what reached Graph: method, path and query, lower-cased headers, parsed body', async () => {
    const token = await makeGraphToken();

    await graph(`${CONNECTORS}?$top=5`, { token, headers: { 'Client-Request-Id': 'abc' } });
    await graph(CONNECTORS, { method: 'POST', token, body: BODY });
    await graph(CONNECTORS, { method: 'POST', token, body: '{not json' });

    expect(emulator.requests.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'GET', path: `${CONNECTORS}?$top=5`, body: undefined },
      { method: 'POST', path: CONNECTORS, body: BODY },
      { method: 'POST', path: CONNECTORS, body: undefined },
    ]);
    expect(emulator.requests[0].headers.authorization).toBe(`Bearer ${token}`);
    expect(emulator.requests[0].headers['client-request-id']).toBe('abc');
    expect(emulator.requests[1].headers['content-type']).toBe('application/json');
  });
});
