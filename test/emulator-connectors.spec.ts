import { startEmulator, type GraphEmulator } from '../src/emulator/server';
import { httpRequest, type HttpOptions, type HttpResult } from './support/http';
import { describePfx, makePfx, type TestPfx } from './support/pfx';
import { makeGraphToken } from './support/tokens';

/** identity/apiConnectors on the emulator, over real HTTP, as reference/graph-api-connectors.md describes it. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const DAY = 24 * 60 * 60 * 1000;

let emulator: GraphEmulator;
let token: string;

beforeAll(async () => {
  emulator = await startEmulator();
  token = await makeGraphToken();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

function graph(path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return httpRequest(`${emulator.url}${path}`, { token, ...options });
}

function basicBody(displayName = 'Contoso check') {
  return {
    displayName,
    targetUrl: 'https://api.contoso.com/check',
    authenticationConfiguration: {
      '@odata.type': '#microsoft.graph.basicAuthentication',
      username: 'graph-caller',
      password: 'Secret-1',
    },
  };
}

function certificateConfiguration(pfx: TestPfx, type = '#microsoft.graph.pkcs12Certificate') {
  return { '@odata.type': type, pkcs12Value: pfx.pkcs12Value, password: pfx.password };
}

/** What Graph lists for a certificate: Int64 epoch seconds and the SHA-1 thumbprint. */
function certificateInfo(pfx: TestPfx, isActive: boolean) {
  return {
    thumbprint: pfx.thumbprint,
    notBefore: pfx.notBefore.getTime() / 1000,
    notAfter: pfx.notAfter.getTime() / 1000,
    isActive,
  };
}

async function createBasic(displayName?: string): Promise<Record<string, unknown> & { id: string }> {
  const created = await graph('/v1.0/identity/apiConnectors', {
    method: 'POST',
    body: basicBody(displayName),
  });
  expect(created.status).toBe(201);
  return created.json;
}

function expectGraphError(result: HttpResult, status: number, code: string, message: string): void {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toBe(GRAPH_JSON);
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

describe('creating a connector', () => {
  it('creates a basic connector: 201, a server-assigned GUID, the password masked', async () => {
    const created = await graph('/v1.0/identity/apiConnectors', { method: 'POST', body: basicBody() });

    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe(GRAPH_JSON);
    expect(created.headers.get('request-id')).toMatch(GUID);
    expect(created.headers.get('client-request-id')).toBe(created.headers.get('request-id'));
    expect(created.json).toEqual({
      '@odata.context': `${emulator.url}/v1.0/$metadata#identity/apiConnectors/$entity`,
      id: expect.stringMatching(GUID),
      displayName: 'Contoso check',
      targetUrl: 'https://api.contoso.com/check',
      authenticationConfiguration: {
        '@odata.type': '#microsoft.graph.basicAuthentication',
        username: 'graph-caller',
        password: '******',
      },
    });
    expect(created.text).not.toContain('Secret-1');
  });

  it.each(['aes', 'legacy', '3des'] as const)(
    'creates a certificate connector from a PFX in %s encryption',
    async (encryption) => {
      const pfx = makePfx({ encryption, notBefore: new Date('2024-03-01T10:00:00Z') });
      expect(describePfx(pfx)).toContain(
        {
          aes: 'AES-256-CBC',
          legacy: 'pbeWithSHA1And40BitRC2-CBC',
          '3des': 'pbeWithSHA1And3-KeyTripleDES-CBC',
        }[encryption],
      );

      const created = await graph('/v1.0/identity/apiConnectors', {
        method: 'POST',
        body: { ...basicBody(), authenticationConfiguration: certificateConfiguration(pfx) },
      });

      expect(created.status).toBe(201);
      expect(created.json.authenticationConfiguration).toEqual({
        '@odata.type': '#microsoft.graph.clientCertificateAuthentication',
        certificateList: [certificateInfo(pfx, true)],
      });
      expect(created.json.authenticationConfiguration.certificateList[0].notBefore).toBe(1709287200);
    },
  );

  it('accepts the @odata.type without the leading #, as the docs also show it', async () => {
    const pfx = makePfx();
    const basic = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: {
        ...basicBody(),
        authenticationConfiguration: {
          ...basicBody().authenticationConfiguration,
          '@odata.type': 'microsoft.graph.basicAuthentication',
        },
      },
    });
    const certificate = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: {
        ...basicBody(),
        authenticationConfiguration: certificateConfiguration(pfx, 'microsoft.graph.pkcs12Certificate'),
      },
    });

    expect(basic.status).toBe(201);
    expect(basic.json.authenticationConfiguration['@odata.type']).toBe(
      '#microsoft.graph.basicAuthentication',
    );
    expect(certificate.status).toBe(201);
    expect(certificate.json.authenticationConfiguration.certificateList).toEqual([
      certificateInfo(pfx, true),
    ]);
  });

  it('rejects a certificate whose password does not open it, without echoing either', async () => {
    const pfx = makePfx({ password: 'the-right-one' });
    const rejected = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: {
        ...basicBody(),
        authenticationConfiguration: { ...certificateConfiguration(pfx), password: 'wrong-password-42' },
      },
    });

    expectGraphError(
      rejected,
      400,
      'BadRequest',
      "The property 'authenticationConfiguration.pkcs12Value' does not open with the given password.",
    );
    expect(rejected.text).not.toContain('wrong-password-42');
    expect(rejected.text).not.toContain(pfx.pkcs12Value.slice(0, 40));
    const list = await graph('/v1.0/identity/apiConnectors');
    expect(list.json.value).toEqual([]);
  });

  it.each([
    [
      'a file that is not a PFX',
      Buffer.from('just some text, not PKCS#12').toString('base64'),
      'is not a PKCS#12 (PFX) file',
    ],
    ['text that is not base64', 'not base64 at all!', 'is not valid base64'],
  ])('rejects %s', async (_, pkcs12Value, reason) => {
    const rejected = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: {
        ...basicBody(),
        authenticationConfiguration: {
          '@odata.type': '#microsoft.graph.pkcs12Certificate',
          pkcs12Value,
          password: 'p',
        },
      },
    });

    expectGraphError(
      rejected,
      400,
      'BadRequest',
      `The property 'authenticationConfiguration.pkcs12Value' ${reason}.`,
    );
    expect(rejected.text).not.toContain(pkcs12Value);
  });

  const { displayName: _d, ...withoutDisplayName } = basicBody();
  const { targetUrl: _t, ...withoutTargetUrl } = basicBody();
  const { authenticationConfiguration: _a, ...withoutConfiguration } = basicBody();
  const basic = basicBody().authenticationConfiguration;
  it.each<[string, unknown, string]>([
    ['no displayName', withoutDisplayName, "The property 'displayName' is required."],
    ['no targetUrl', withoutTargetUrl, "The property 'targetUrl' is required."],
    [
      'no authenticationConfiguration',
      withoutConfiguration,
      "The property 'authenticationConfiguration' is required.",
    ],
    [
      'an empty displayName',
      { ...basicBody(), displayName: '' },
      "The property 'displayName' must be a non-empty string.",
    ],
    [
      'a null targetUrl',
      { ...basicBody(), targetUrl: null },
      "The property 'targetUrl' must be a non-empty string.",
    ],
    [
      'an unknown @odata.type',
      { ...basicBody(), authenticationConfiguration: { ...basic, '@odata.type': '#microsoft.graph.oAuth2' } },
      "The property 'authenticationConfiguration' needs an '@odata.type' of #microsoft.graph.basicAuthentication or #microsoft.graph.pkcs12Certificate.",
    ],
    [
      'a basic configuration without username',
      { ...basicBody(), authenticationConfiguration: { '@odata.type': basic['@odata.type'], password: 'p' } },
      "The property 'authenticationConfiguration.username' is required.",
    ],
    [
      'a basic configuration without password',
      { ...basicBody(), authenticationConfiguration: { '@odata.type': basic['@odata.type'], username: 'u' } },
      "The property 'authenticationConfiguration.password' is required.",
    ],
    [
      'a property the type does not define',
      { ...basicBody(), description: 'x' },
      "The property 'description' does not exist on type 'microsoft.graph.identityApiConnector'.",
    ],
    ['a JSON array', [basicBody()], 'The request body must be a JSON object.'],
  ])('rejects a body with %s', async (_, body, message) => {
    const rejected = await graph('/v1.0/identity/apiConnectors', { method: 'POST', body });

    expectGraphError(rejected, 400, 'BadRequest', message);
    expect(emulator.requests).toHaveLength(1);
  });

  it('rejects malformed JSON and an empty body', async () => {
    const malformed = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: '{"displayName": "x",',
    });
    const empty = await graph('/v1.0/identity/apiConnectors', { method: 'POST' });

    expectGraphError(
      malformed,
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure the payload is valid UTF-8 JSON.',
    );
    expectGraphError(empty, 400, 'BadRequest', 'Empty Payload. JSON content expected.');
  });

  it('answers 413 to a body over the limit', async () => {
    const rejected = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: { ...basicBody(), displayName: 'x'.repeat(1024 * 1024) },
    });

    expectGraphError(
      rejected,
      413,
      'RequestEntityTooLarge',
      'The request body is larger than 1048576 bytes.',
    );
  });
});

describe('reading connectors', () => {
  it('gets a connector by id with the $entity context', async () => {
    const created = await createBasic();

    const got = await graph(`/v1.0/identity/apiConnectors/${created.id}`);

    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe(GRAPH_JSON);
    expect(got.json).toEqual(created);
  });

  it('pages a list with $top and an absolute @odata.nextLink on its own origin', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 7; i += 1) ids.push((await createBasic(`Connector ${i}`)).id);

    const pages: HttpResult[] = [await graph('/v1.0/identity/apiConnectors?$top=3')];
    while (pages[pages.length - 1].json['@odata.nextLink']) {
      pages.push(await httpRequest(pages[pages.length - 1].json['@odata.nextLink'], { token }));
    }

    expect(pages.map((page) => page.status)).toEqual([200, 200, 200]);
    expect(pages.map((page) => page.json.value.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((page) => page.json.value.map((connector: { id: string }) => connector.id))).toEqual(
      ids,
    );
    for (const page of pages) {
      expect(page.json['@odata.context']).toBe(`${emulator.url}/v1.0/$metadata#identity/apiConnectors`);
    }
    const nextLinks = pages.slice(0, 2).map((page) => page.json['@odata.nextLink'] as string);
    for (const link of nextLinks) {
      expect(link).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/identity\/apiConnectors\?\$top=3&\$skiptoken=[\w-]+$/,
      );
      expect(link.startsWith(`${emulator.url}/`)).toBe(true);
    }
    expect(nextLinks[0]).not.toBe(nextLinks[1]);
    expect(pages[0].json.value[0]).toEqual({
      id: ids[0],
      displayName: 'Connector 1',
      targetUrl: 'https://api.contoso.com/check',
      authenticationConfiguration: {
        '@odata.type': '#microsoft.graph.basicAuthentication',
        username: 'graph-caller',
        password: '******',
      },
    });
  });

  it('lists an empty collection as an empty value', async () => {
    const list = await graph('/beta/identity/apiConnectors');

    expect(list.status).toBe(200);
    expect(list.json).toEqual({
      '@odata.context': `${emulator.url}/beta/$metadata#identity/apiConnectors`,
      value: [],
    });
  });

  it('uses the configured page size when the caller gives no $top', async () => {
    const small = await startEmulator({ pageSize: 2 });
    try {
      for (let i = 0; i < 3; i += 1) {
        await httpRequest(`${small.url}/v1.0/identity/apiConnectors`, {
          method: 'POST',
          token,
          body: basicBody(),
        });
      }
      const first = await httpRequest(`${small.url}/v1.0/identity/apiConnectors`, { token });
      const second = await httpRequest(first.json['@odata.nextLink'], { token });

      expect(first.json.value).toHaveLength(2);
      expect(first.json['@odata.nextLink']).toMatch(
        new RegExp(`^${small.url}/v1\\.0/identity/apiConnectors\\?\\$skiptoken=[\\w-]+$`),
      );
      expect(second.json.value).toHaveLength(1);
      expect(second.json['@odata.nextLink']).toBeUndefined();
    } finally {
      await small.close();
    }
  });

  it.each(['0', '1000', 'ten', '-1'])('rejects $top=%s', async (top) => {
    const rejected = await graph(`/v1.0/identity/apiConnectors?$top=${top}`);

    expectGraphError(
      rejected,
      400,
      'BadRequest',
      "Invalid value for query option '$top': an integer from 1 to 999 is expected.",
    );
  });

  it('rejects a $skiptoken it did not issue', async () => {
    const rejected = await graph('/v1.0/identity/apiConnectors?$skiptoken=forged');

    expectGraphError(rejected, 400, 'BadRequest', "Invalid value for query option '$skiptoken'.");
  });
});

describe('updating and deleting', () => {
  it('PATCH with authenticationConfiguration replaces basic with a certificate: 204, empty body', async () => {
    const created = await createBasic();
    const pfx = makePfx();

    const patched = await graph(`/v1.0/identity/apiConnectors/${created.id}`, {
      method: 'PATCH',
      body: { authenticationConfiguration: certificateConfiguration(pfx) },
    });

    expect(patched.status).toBe(204);
    expect(patched.text).toBe('');
    expect(patched.headers.get('content-type')).toBeNull();
    expect(patched.headers.get('request-id')).toMatch(GUID);
    const got = await graph(`/v1.0/identity/apiConnectors/${created.id}`);
    expect(got.json).toEqual({
      ...created,
      authenticationConfiguration: {
        '@odata.type': '#microsoft.graph.clientCertificateAuthentication',
        certificateList: [certificateInfo(pfx, true)],
      },
    });
  });

  it('PATCH with a certificate replaces the whole certificate list', async () => {
    const [first, second] = [makePfx(), makePfx()];
    const created = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: { ...basicBody(), authenticationConfiguration: certificateConfiguration(first) },
    });

    await graph(`/v1.0/identity/apiConnectors/${created.json.id}`, {
      method: 'PATCH',
      body: { authenticationConfiguration: certificateConfiguration(second) },
    });

    const got = await graph(`/v1.0/identity/apiConnectors/${created.json.id}`);
    expect(got.json.authenticationConfiguration.certificateList).toEqual([certificateInfo(second, true)]);
  });

  it('PATCH with displayName only changes nothing else', async () => {
    const created = await createBasic();

    const patched = await graph(`/v1.0/identity/apiConnectors/${created.id}`, {
      method: 'PATCH',
      body: { displayName: 'Renamed' },
    });

    expect(patched.status).toBe(204);
    const got = await graph(`/v1.0/identity/apiConnectors/${created.id}`);
    expect(got.json).toEqual({ ...created, displayName: 'Renamed' });
  });

  it('PATCH validates what it is given and answers 404 for a missing id', async () => {
    const created = await createBasic();

    const invalid = await graph(`/v1.0/identity/apiConnectors/${created.id}`, {
      method: 'PATCH',
      body: { targetUrl: 42 },
    });
    const missing = await graph('/v1.0/identity/apiConnectors/9b1f0a53-35e0-4e56-8c59-3a6fbd1e6f10', {
      method: 'PATCH',
      body: { displayName: 'x' },
    });

    expectGraphError(invalid, 400, 'BadRequest', "The property 'targetUrl' must be a non-empty string.");
    expectGraphError(
      missing,
      404,
      'Request_ResourceNotFound',
      "Resource '9b1f0a53-35e0-4e56-8c59-3a6fbd1e6f10' does not exist or one of its queried reference-property objects are not present.",
    );
  });

  it('deletes a connector: 204, then get and delete answer 404 in Graph shape', async () => {
    const created = await createBasic();

    const deleted = await graph(`/v1.0/identity/apiConnectors/${created.id}`, { method: 'DELETE' });
    const got = await graph(`/v1.0/identity/apiConnectors/${created.id}`);
    const again = await graph(`/v1.0/identity/apiConnectors/${created.id}`, { method: 'DELETE' });

    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const message = `Resource '${created.id}' does not exist or one of its queried reference-property objects are not present.`;
    expectGraphError(got, 404, 'Request_ResourceNotFound', message);
    expectGraphError(again, 404, 'Request_ResourceNotFound', message);
  });
});

describe('uploading client certificates', () => {
  const now = Date.now();
  const valid = () => makePfx({ notBefore: new Date(now - 30 * DAY), notAfter: new Date(now + 300 * DAY) });

  it('switches a basic connector to certificate authentication: 200 with the whole entity', async () => {
    const created = await createBasic();
    const pfx = valid();

    const uploaded = await graph(`/v1.0/identity/apiConnectors/${created.id}/uploadClientCertificate`, {
      method: 'POST',
      body: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
    });

    expect(uploaded.status).toBe(200);
    expect(uploaded.headers.get('content-type')).toBe(GRAPH_JSON);
    expect(uploaded.json).toEqual({
      ...created,
      authenticationConfiguration: {
        '@odata.type': '#microsoft.graph.clientCertificateAuthentication',
        certificateList: [certificateInfo(pfx, true)],
      },
    });
  });

  it('keeps earlier certificates: only the newest one valid now is active', async () => {
    const first = valid();
    const expired = makePfx({ notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 35 * DAY) });
    const future = makePfx({ notBefore: new Date(now + 30 * DAY), notAfter: new Date(now + 400 * DAY) });
    const second = valid();
    const created = await graph('/v1.0/identity/apiConnectors', {
      method: 'POST',
      body: { ...basicBody(), authenticationConfiguration: certificateConfiguration(first) },
    });

    const upload = (pfx: TestPfx) =>
      graph(`/v1.0/identity/apiConnectors/${created.json.id}/uploadClientCertificate`, {
        method: 'POST',
        body: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
      });
    const afterExpired = await upload(expired);
    const afterFuture = await upload(future);
    const afterSecond = await upload(second);

    expect(afterExpired.json.authenticationConfiguration.certificateList).toEqual([
      certificateInfo(first, true),
      certificateInfo(expired, false),
    ]);
    expect(afterFuture.json.authenticationConfiguration.certificateList).toEqual([
      certificateInfo(first, true),
      certificateInfo(expired, false),
      certificateInfo(future, false),
    ]);
    expect(afterSecond.json.authenticationConfiguration.certificateList).toEqual([
      certificateInfo(first, false),
      certificateInfo(expired, false),
      certificateInfo(future, false),
      certificateInfo(second, true),
    ]);
  });

  it('rejects an upload that does not open, and a missing connector', async () => {
    const created = await createBasic();
    const pfx = valid();

    const wrong = await graph(`/v1.0/identity/apiConnectors/${created.id}/uploadClientCertificate`, {
      method: 'POST',
      body: { pkcs12Value: pfx.pkcs12Value, password: 'not-it' },
    });
    const missing = await graph(
      '/v1.0/identity/apiConnectors/0d5b2a0e-8a55-4c39-9f0e-3c3d6c51f1a2/uploadClientCertificate',
      { method: 'POST', body: { pkcs12Value: pfx.pkcs12Value, password: pfx.password } },
    );

    expectGraphError(
      wrong,
      400,
      'BadRequest',
      "The property 'pkcs12Value' does not open with the given password.",
    );
    expect((await graph(`/v1.0/identity/apiConnectors/${created.id}`)).json).toEqual(created);
    expectGraphError(
      missing,
      404,
      'Request_ResourceNotFound',
      "Resource '0d5b2a0e-8a55-4c39-9f0e-3c3d6c51f1a2' does not exist or one of its queried reference-property objects are not present.",
    );
  });
});

describe("the emulator's clock (the now option)", () => {
  it('activates a certificate when its validity starts and deactivates it when it ends', async () => {
    let clock = new Date('2031-01-01T00:00:00Z');
    const clocked = await startEmulator({ now: () => clock });
    const longLived = await makeGraphToken({ expiresInSeconds: 20 * 365 * 24 * 60 * 60 });
    try {
      const current = makePfx({
        notBefore: new Date('2030-01-01T00:00:00Z'),
        notAfter: new Date('2032-01-01T00:00:00Z'),
      });
      const next = makePfx({
        notBefore: new Date('2031-06-01T00:00:00Z'),
        notAfter: new Date('2031-09-01T00:00:00Z'),
      });
      const created = await httpRequest(`${clocked.url}/v1.0/identity/apiConnectors`, {
        method: 'POST',
        token: longLived,
        body: { ...basicBody(), authenticationConfiguration: certificateConfiguration(current) },
      });
      await httpRequest(
        `${clocked.url}/v1.0/identity/apiConnectors/${created.json.id}/uploadClientCertificate`,
        {
          method: 'POST',
          token: longLived,
          body: { pkcs12Value: next.pkcs12Value, password: next.password },
        },
      );
      const activeAt = async (date: string) => {
        clock = new Date(date);
        const got = await httpRequest(`${clocked.url}/v1.0/identity/apiConnectors/${created.json.id}`, {
          token: longLived,
        });
        return got.json.authenticationConfiguration.certificateList.map(
          (c: { isActive: boolean }) => c.isActive,
        );
      };

      expect(await activeAt('2031-05-31T23:59:59Z')).toEqual([true, false]);
      expect(await activeAt('2031-06-01T00:00:00Z')).toEqual([false, true]);
      expect(await activeAt('2031-09-01T00:00:00Z')).toEqual([true, false]);
      expect(await activeAt('2032-01-01T00:00:00Z')).toEqual([false, false]);
    } finally {
      await clocked.close();
    }
  });
});

describe("Graph's URL rules", () => {
  it('matches path segments in any case and allows a trailing slash', async () => {
    const created = await graph('/V1.0/IDENTITY/APICONNECTORS/', { method: 'POST', body: basicBody() });
    const got = await graph(`/beta/identity/apiconnectors/${created.json.id.toUpperCase()}/`);
    const pfx = makePfx();
    const uploaded = await graph(`/v1.0/Identity/ApiConnectors/${created.json.id}/UploadClientCertificate/`, {
      method: 'POST',
      body: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
    });

    expect(created.status).toBe(201);
    expect(created.json['@odata.context']).toBe(
      `${emulator.url}/v1.0/$metadata#identity/apiConnectors/$entity`,
    );
    expect(got.status).toBe(200);
    expect(got.json).toEqual({
      ...created.json,
      '@odata.context': `${emulator.url}/beta/$metadata#identity/apiConnectors/$entity`,
    });
    expect(uploaded.status).toBe(200);
  });

  it.each([
    ['/v1.0/identity/apiConnector', 'apiConnector'],
    ['/v1.0/identity/apiConnectors/some-id/rotate', 'rotate'],
    ['/v2.0/identity/apiConnectors', 'v2.0'],
    ['/v1.0/me', 'me'],
  ])('answers %s as Graph answers an unknown segment', async (path, segment) => {
    const rejected = await graph(path);

    expectGraphError(rejected, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  });

  it.each([
    ['PUT', '/v1.0/identity/apiConnectors', 'GET, POST'],
    ['POST', '/v1.0/identity/apiConnectors/9b1f0a53-35e0-4e56-8c59-3a6fbd1e6f10', 'GET, PATCH, DELETE'],
    [
      'GET',
      '/v1.0/identity/apiConnectors/9b1f0a53-35e0-4e56-8c59-3a6fbd1e6f10/uploadClientCertificate',
      'POST',
    ],
  ])('answers %s %s with 405 and Allow', async (method, path, allow) => {
    const rejected = await graph(path, { method });

    expectGraphError(
      rejected,
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
    expect(rejected.headers.get('allow')).toBe(allow);
  });
});
