import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import { describePfx, makePfx, reportedCertificate, type PfxEncryption } from './support/pfx';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('createApiConnector', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it("creates the basic-authentication connector of Graph's create page and never returns the password", async () => {
    const response = await stack.execute(CreateApiConnectorDocument, {
      input: {
        displayName: 'Test API',
        targetUrl: 'https://someapi.com/api',
        authenticationConfiguration: { basic: { username: 'MyUsername', password: 'MyPassword' } },
      },
    });

    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    const connector = response.body.data!.createApiConnector;
    expect(connector.id).toMatch(GUID);
    expect(connector).toEqual({
      id: connector.id,
      displayName: 'Test API',
      targetUrl: 'https://someapi.com/api',
      authenticationConfiguration: {
        __typename: 'BasicAuthentication',
        username: 'MyUsername',
        password: '******',
      },
    });
    expect(response.text).not.toContain('MyPassword');
  });

  it('forwards the request to Graph with the caller token, a fresh client-request-id and Graph JSON', async () => {
    await stack.execute(CreateApiConnectorDocument, {
      input: {
        displayName: 'Test API',
        targetUrl: 'https://someapi.com/api',
        authenticationConfiguration: { basic: { username: 'MyUsername', password: 'MyPassword' } },
      },
    });
    await stack.execute(CreateApiConnectorDocument, {
      input: {
        displayName: 'Second',
        targetUrl: 'https://someapi.com/second',
        authenticationConfiguration: { basic: { username: 'u', password: 'p' } },
      },
    });

    const [first, second] = stack.emulator.requests;
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/v1.0/identity/apiConnectors');
    expect(first.headers.authorization).toBe(`Bearer ${stack.token}`);
    expect(first.headers['content-type']).toMatch(/^application\/json/);
    expect(first.headers['client-request-id']).toMatch(GUID);
    expect(second.headers['client-request-id']).toMatch(GUID);
    expect(second.headers['client-request-id']).not.toBe(first.headers['client-request-id']);
    expect(first.body).toEqual({
      displayName: 'Test API',
      targetUrl: 'https://someapi.com/api',
      authenticationConfiguration: {
        '@odata.type': '#microsoft.graph.basicAuthentication',
        username: 'MyUsername',
        password: 'MyPassword',
      },
    });
  });

  it.each<[PfxEncryption, RegExp]>([
    ['aes', /PBES2, PBKDF2, AES-256-CBC/],
    ['legacy', /pbeWithSHA1And40BitRC2-CBC/],
    ['3des', /pbeWithSHA1And3-KeyTripleDES-CBC/],
  ])(
    'creates a certificate connector from a PFX in %s encryption and reports its thumbprint and validity',
    async (encryption, openSslDescription) => {
      const pfx = makePfx({ encryption, password: 'CertificatePassword' });
      expect(describePfx(pfx)).toMatch(openSslDescription);

      const response = await stack.execute(CreateApiConnectorDocument, {
        input: {
          displayName: 'Test API',
          targetUrl: 'https://someotherapi.com/api',
          authenticationConfiguration: {
            pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: 'CertificatePassword' },
          },
        },
      });

      expect(response.body.errors).toBeUndefined();
      const connector = response.body.data!.createApiConnector;
      expect(connector).toEqual({
        id: expect.stringMatching(GUID),
        displayName: 'Test API',
        targetUrl: 'https://someotherapi.com/api',
        authenticationConfiguration: {
          __typename: 'ClientCertificateAuthentication',
          certificateList: [reportedCertificate(pfx)],
        },
      });
      expect(pfx.thumbprint).toMatch(/^[0-9A-F]{40}$/);
      expect(response.text).not.toContain(pfx.pkcs12Value.slice(0, 64));
      expect(response.text).not.toContain('CertificatePassword');
      expect(stack.emulator.requests[0].body).toEqual({
        displayName: 'Test API',
        targetUrl: 'https://someotherapi.com/api',
        authenticationConfiguration: {
          '@odata.type': '#microsoft.graph.pkcs12Certificate',
          pkcs12Value: pfx.pkcs12Value,
          password: 'CertificatePassword',
        },
      });
    },
  );

  it('accepts a PFX that has an empty password', async () => {
    const pfx = makePfx({ password: '' });
    const response = await stack.execute(CreateApiConnectorDocument, {
      input: {
        displayName: 'No password',
        targetUrl: 'https://someapi.com/api',
        authenticationConfiguration: { pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: '' } },
      },
    });
    expect(response.body.errors).toBeUndefined();
    const auth = response.body.data!.createApiConnector.authenticationConfiguration;
    expect(auth).toEqual({
      __typename: 'ClientCertificateAuthentication',
      certificateList: [reportedCertificate(pfx)],
    });
  });
});
