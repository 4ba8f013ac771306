import {
  CreateApiConnectorDocument,
  DeleteApiConnectorDocument,
  GetApiConnectorDocument,
  ListApiConnectorsDocument,
  UpdateApiConnectorDocument,
  UploadApiConnectorClientCertificateDocument,
  type ListApiConnectorsQuery,
} from './generated/graphql';
import { startStack, type GraphQLHttpResponse, type TestStack } from './support/gateway';
import { makePfx, reportedCertificate, type TestPfx } from './support/pfx';

const DAY = 24 * 60 * 60 * 1000;
const MISSING_ID = '00000000-1111-4222-8333-444444444444';
const CANARY_PASSWORD = 'canary-password-3c8b';

describe('the API connector lifecycle', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack.close();
    expect(stack.logs.join('\n')).not.toContain(CANARY_PASSWORD);
  });
  beforeEach(() => stack.emulator.reset());

  async function create(displayName: string, password = CANARY_PASSWORD) {
    const response = await stack.execute(CreateApiConnectorDocument, {
      input: {
        displayName,
        targetUrl: `https://someapi.com/${encodeURIComponent(displayName)}`,
        authenticationConfiguration: { basic: { username: 'MyUsername', password } },
      },
    });
    expect(response.body.errors).toBeUndefined();
    return response.body.data!.createApiConnector;
  }

  const upstreamCalls = () => stack.emulator.requests.map((request) => `${request.method} ${request.path}`);

  describe('apiConnectors', () => {
    it('pages through Graph with $top and the skip token, over three pages', async () => {
      const names = ['one', 'two', 'three', 'four', 'five', 'six', 'seven'];
      for (const name of names) await create(name);
      stack.emulator.requests.length = 0;

      const seen: string[] = [];
      const pages: Array<{ size: number; hasNextPage: boolean }> = [];
      let after: string | null = null;
      do {
        const response: GraphQLHttpResponse<ListApiConnectorsQuery> = await stack.execute(
          ListApiConnectorsDocument,
          { first: 3, after },
        );
        expect(response.body.errors).toBeUndefined();
        const connection: ListApiConnectorsQuery['apiConnectors'] = response.body.data!.apiConnectors;
        seen.push(...connection.edges.map((edge) => edge.node.displayName));
        pages.push({ size: connection.edges.length, hasNextPage: connection.pageInfo.hasNextPage });
        after = connection.pageInfo.endCursor ?? null;
        expect(after === null).toBe(!connection.pageInfo.hasNextPage);
      } while (after);

      expect(seen).toEqual(names);
      expect(pages).toEqual([
        { size: 3, hasNextPage: true },
        { size: 3, hasNextPage: true },
        { size: 1, hasNextPage: false },
      ]);
      const calls = upstreamCalls();
      expect(calls[0]).toBe('GET /v1.0/identity/apiConnectors?$top=3');
      expect(calls.slice(1)).toEqual([
        expect.stringMatching(/^GET \/v1\.0\/identity\/apiConnectors\?\$top=3&\$skiptoken=[^&]+$/),
        expect.stringMatching(/^GET \/v1\.0\/identity\/apiConnectors\?\$top=3&\$skiptoken=[^&]+$/),
      ]);
    });

    it('lists with the default page size of 25 and returns masked passwords', async () => {
      await create('only');
      const response = await stack.execute(ListApiConnectorsDocument, {});
      expect(response.body.data!.apiConnectors).toEqual({
        edges: [
          {
            node: {
              id: expect.any(String),
              displayName: 'only',
              targetUrl: 'https://someapi.com/only',
              authenticationConfiguration: {
                __typename: 'BasicAuthentication',
                username: 'MyUsername',
                password: '******',
              },
            },
          },
        ],
        pageInfo: { hasNextPage: false, endCursor: null },
      });
      expect(upstreamCalls()).toEqual([
        'POST /v1.0/identity/apiConnectors',
        'GET /v1.0/identity/apiConnectors?$top=25',
      ]);
    });

    it.each([
      [0, 'first must be at least 1', 'min'],
      [101, 'first must be at most 100', 'max'],
    ])('refuses first: %i without calling Graph', async (first, message, constraint) => {
      const response = await stack.execute(ListApiConnectorsDocument, { first });
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        {
          code: 'BAD_USER_INPUT',
          invalidFields: [{ path: 'first', constraints: [constraint], messages: [message] }],
        },
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it.each([
      ['a URL', 'https://evil.example/v1.0/identity/apiConnectors?$skiptoken=x'],
      ['a cursor of another format', 'eyJ1cmwiOiJodHRwczovL2V2aWwuZXhhbXBsZSJ9'],
      ['binary inside the cursor format', `v1.${Buffer.from([0, 1, 2, 255]).toString('base64url')}`],
    ])('refuses %s as a cursor without calling Graph', async (_case, after) => {
      const response = await stack.execute(ListApiConnectorsDocument, { first: 2, after });
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        {
          code: 'BAD_USER_INPUT',
          invalidFields: [
            {
              path: 'after',
              constraints: ['isCursor'],
              messages: ['after must be a pageInfo.endCursor returned by this API'],
            },
          ],
        },
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it('sends whatever a forged cursor holds only as a skip token to the configured Graph root', async () => {
      const forged = `v1.${Buffer.from('https://evil.example/steal').toString('base64url')}`;
      const response = await stack.execute(ListApiConnectorsDocument, { first: 2, after: forged });
      expect(upstreamCalls()).toEqual([
        'GET /v1.0/identity/apiConnectors?$top=2&$skiptoken=https%3A%2F%2Fevil.example%2Fsteal',
      ]);
      expect(response.body.errors!.map((error) => error.extensions!.code)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('apiConnector', () => {
    it('returns one connector by id', async () => {
      const created = await create('Test API');
      const response = await stack.execute(GetApiConnectorDocument, { id: created.id });
      expect(response.body).toEqual({ data: { apiConnector: created } });
    });

    it('returns null without an error when Graph has no such connector', async () => {
      const response = await stack.execute(GetApiConnectorDocument, { id: MISSING_ID });
      expect(response.body).toEqual({ data: { apiConnector: null } });
      expect(upstreamCalls()).toEqual([`GET /v1.0/identity/apiConnectors/${MISSING_ID}`]);
    });

    it('refuses an id that is not a GUID without calling Graph', async () => {
      const response = await stack.execute(GetApiConnectorDocument, { id: '../../users' });
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        {
          code: 'BAD_USER_INPUT',
          invalidFields: [
            {
              path: 'id',
              constraints: ['matches'],
              messages: ['id must be a GUID, such as 45715bb8-13f9-4bf6-927f-ef96c102d394'],
            },
          ],
        },
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });
  });

  describe('updateApiConnector', () => {
    it('changes only the fields given and answers with the connector as it now is', async () => {
      const created = await create('Before');
      const response = await stack.execute(UpdateApiConnectorDocument, {
        id: created.id,
        input: { displayName: 'After' },
      });
      expect(response.body).toEqual({ data: { updateApiConnector: { ...created, displayName: 'After' } } });
      expect(stack.emulator.requests.at(-2)!.body).toEqual({ displayName: 'After' });
      expect(upstreamCalls().slice(-2)).toEqual([
        `PATCH /v1.0/identity/apiConnectors/${created.id}`,
        `GET /v1.0/identity/apiConnectors/${created.id}`,
      ]);
    });

    it('moves a connector from basic to certificate authentication by replacing the configuration', async () => {
      const created = await create('Switching');
      const pfx = makePfx({ password: CANARY_PASSWORD });
      const response = await stack.execute(UpdateApiConnectorDocument, {
        id: created.id,
        input: {
          targetUrl: 'https://someapi.com/v2',
          authenticationConfiguration: {
            pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: CANARY_PASSWORD },
          },
        },
      });
      expect(response.body.data!.updateApiConnector).toEqual({
        id: created.id,
        displayName: 'Switching',
        targetUrl: 'https://someapi.com/v2',
        authenticationConfiguration: {
          __typename: 'ClientCertificateAuthentication',
          certificateList: [reportedCertificate(pfx, true)],
        },
      });
      expect(response.text).not.toContain(CANARY_PASSWORD);
    });

    it('moves a connector back from certificate to basic authentication', async () => {
      const pfx = makePfx();
      const created = await stack.execute(CreateApiConnectorDocument, {
        input: {
          displayName: 'Cert',
          targetUrl: 'https://someapi.com/cert',
          authenticationConfiguration: {
            pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
          },
        },
      });
      const id = created.body.data!.createApiConnector.id;
      const response = await stack.execute(UpdateApiConnectorDocument, {
        id,
        input: { authenticationConfiguration: { basic: { username: 'again', password: CANARY_PASSWORD } } },
      });
      expect(response.body.data!.updateApiConnector.authenticationConfiguration).toEqual({
        __typename: 'BasicAuthentication',
        username: 'again',
        password: '******',
      });
    });

    it.each([
      [
        'nothing to change',
        {},
        [
          {
            path: 'input',
            constraints: ['isNotEmptyObject'],
            messages: ['input must change at least one field'],
          },
        ],
      ],
      [
        'a null field',
        { displayName: null },
        [
          {
            path: 'input.displayName',
            constraints: ['isDefined'],
            messages: ['displayName must not be null'],
          },
        ],
      ],
      [
        'a null configuration',
        { authenticationConfiguration: null },
        [
          {
            path: 'input.authenticationConfiguration',
            constraints: ['isDefined'],
            messages: ['authenticationConfiguration must not be null'],
          },
        ],
      ],
      [
        'an http URL',
        { targetUrl: 'http://someapi.com' },
        [
          {
            path: 'input.targetUrl',
            constraints: ['isUrl'],
            messages: ['targetUrl must be an absolute https URL without user name or password'],
          },
        ],
      ],
    ])('refuses %s without calling Graph', async (_case, input, invalidFields) => {
      const response = await stack.execute(UpdateApiConnectorDocument, {
        id: MISSING_ID,
        input: input as never,
      });
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', invalidFields },
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it('answers NOT_FOUND for a connector that does not exist', async () => {
      const response = await stack.execute(UpdateApiConnectorDocument, {
        id: MISSING_ID,
        input: { displayName: 'x' },
      });
      expect(response.body.errors!.map((error) => [error.message, error.extensions!.code])).toEqual([
        ['Microsoft Graph has no such API connector (404 Request_ResourceNotFound).', 'NOT_FOUND'],
      ]);
    });
  });

  describe('deleteApiConnector', () => {
    it('deletes a connector and answers with its id', async () => {
      const created = await create('Doomed');
      const response = await stack.execute(DeleteApiConnectorDocument, { id: created.id });
      expect(response.body).toEqual({ data: { deleteApiConnector: created.id } });
      const after = await stack.execute(GetApiConnectorDocument, { id: created.id });
      expect(after.body).toEqual({ data: { apiConnector: null } });
    });

    it('answers NOT_FOUND when the connector does not exist', async () => {
      const response = await stack.execute(DeleteApiConnectorDocument, { id: MISSING_ID });
      expect(response.body.data).toBeNull();
      expect(response.body.errors!.map((error) => [error.message, error.extensions!.code])).toEqual([
        ['Microsoft Graph has no such API connector (404 Request_ResourceNotFound).', 'NOT_FOUND'],
      ]);
    });
  });

  describe('uploadApiConnectorClientCertificate', () => {
    const upload = (id: string, pfx: TestPfx) =>
      stack.execute(UploadApiConnectorClientCertificateDocument, {
        id,
        input: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
      });

    it('keeps every certificate and makes only the newest valid one active (rotation)', async () => {
      const created = await create('Rotating');
      const older = makePfx({
        notBefore: new Date(Date.now() - 30 * DAY),
        notAfter: new Date(Date.now() + 30 * DAY),
      });
      const newer = makePfx({
        encryption: 'legacy',
        notBefore: new Date(Date.now() - DAY),
        notAfter: new Date(Date.now() + 365 * DAY),
      });

      const first = await upload(created.id, older);
      expect(first.body.data!.uploadApiConnectorClientCertificate.authenticationConfiguration).toEqual({
        __typename: 'ClientCertificateAuthentication',
        certificateList: [reportedCertificate(older, true)],
      });
      const second = await upload(created.id, newer);
      expect(second.body.data!.uploadApiConnectorClientCertificate.authenticationConfiguration).toEqual({
        __typename: 'ClientCertificateAuthentication',
        certificateList: [reportedCertificate(older, false), reportedCertificate(newer, true)],
      });
    });

    it('lists an expired or not yet valid certificate without making it active', async () => {
      const created = await create('Careful');
      const valid = makePfx();
      const expired = makePfx({
        notBefore: new Date(Date.now() - 60 * DAY),
        notAfter: new Date(Date.now() - DAY),
      });
      const future = makePfx({
        notBefore: new Date(Date.now() + DAY),
        notAfter: new Date(Date.now() + 60 * DAY),
      });
      await upload(created.id, valid);
      await upload(created.id, expired);
      const response = await upload(created.id, future);
      expect(response.body.data!.uploadApiConnectorClientCertificate.authenticationConfiguration).toEqual({
        __typename: 'ClientCertificateAuthentication',
        certificateList: [
          reportedCertificate(valid, true),
          reportedCertificate(expired, false),
          reportedCertificate(future, false),
        ],
      });
    });

    it('refuses a certificate whose password does not open it, without calling Graph', async () => {
      const pfx = makePfx();
      const response = await stack.execute(UploadApiConnectorClientCertificateDocument, {
        id: MISSING_ID,
        input: { pkcs12Value: pfx.pkcs12Value, password: CANARY_PASSWORD },
      });
      expect(response.body.errors!.map((error) => error.extensions)).toEqual([
        {
          code: 'BAD_USER_INPUT',
          invalidFields: [
            {
              path: 'input.pkcs12Value',
              constraints: ['isOpenablePkcs12'],
              messages: ['pkcs12Value does not open with the given password'],
            },
          ],
        },
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it('answers NOT_FOUND for a connector that does not exist', async () => {
      const response = await upload(MISSING_ID, makePfx());
      expect(response.body.errors!.map((error) => error.extensions!.code)).toEqual(['NOT_FOUND']);
    });
  });
});
