import { randomBytes } from 'node:crypto';
import { CreateApiConnectorDocument, type CreateApiConnectorInput } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import { makePfx, type TestPfx } from './support/pfx';

/** Secrets that must never come back: searched for in every response and every log line. */
const CANARY_PASSWORD = 'canary-password-7f3a; at "x" {}';
const CANARY_PFX_PASSWORD = 'canary-pfx-password-91c2';

const valid = (overrides: Partial<CreateApiConnectorInput> = {}): CreateApiConnectorInput => ({
  displayName: 'Test API',
  targetUrl: 'https://someapi.com/api',
  authenticationConfiguration: { basic: { username: 'MyUsername', password: CANARY_PASSWORD } },
  ...overrides,
});

describe('createApiConnector input validation', () => {
  let stack: TestStack;
  let pfx: TestPfx;
  beforeAll(async () => {
    stack = await startStack();
    pfx = makePfx({ password: CANARY_PFX_PASSWORD });
  });
  afterAll(async () => {
    await stack.close();
    const logs = stack.logs.join('\n');
    expect(logs).not.toContain('canary-password');
    expect(logs).not.toContain(CANARY_PFX_PASSWORD);
    expect(logs).not.toContain(pfx.pkcs12Value.slice(0, 40));
  });
  beforeEach(() => stack.emulator.reset());

  async function expectRejected(input: CreateApiConnectorInput, invalidFields: unknown[]) {
    const response = await stack.execute(CreateApiConnectorDocument, { input });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toHaveLength(1);
    const [error] = response.body.errors!;
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', invalidFields });
    expect(error.path).toEqual(['createApiConnector']);
    expect(stack.emulator.requests).toHaveLength(0);
    expectNoCanary(response.text);
    return error;
  }

  function expectNoCanary(text: string) {
    expect(text).not.toContain('canary-password');
    expect(text).not.toContain(CANARY_PFX_PASSWORD);
    expect(text).not.toContain(pfx.pkcs12Value.slice(0, 40));
  }

  it.each([
    ['http: URLs', 'http://someapi.com/api'],
    ['javascript: URLs', 'javascript:alert(1)'],
    ['relative URLs', '/api/validate'],
    ['URLs carrying credentials', 'https://user:secret@someapi.com/api'],
    ['text that is not a URL', 'not a url'],
  ])('rejects %s as targetUrl, naming the field and the rule', async (_case, targetUrl) => {
    const error = await expectRejected(valid({ targetUrl }), [
      {
        path: 'input.targetUrl',
        constraints: ['isUrl'],
        messages: ['targetUrl must be an absolute https URL without user name or password'],
      },
    ]);
    expect(error.message).toBe(
      'Invalid input: targetUrl must be an absolute https URL without user name or password.',
    );
    expect(error.message).not.toContain(targetUrl);
  });

  it('rejects a targetUrl longer than 2048 characters', async () => {
    await expectRejected(valid({ targetUrl: `https://someapi.com/${'a'.repeat(2048)}` }), [
      {
        path: 'input.targetUrl',
        constraints: ['maxLength'],
        messages: ['targetUrl must be at most 2048 characters long'],
      },
    ]);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
  ])('rejects a displayName that is %s', async (_case, displayName) => {
    await expectRejected(valid({ displayName }), [
      {
        path: 'input.displayName',
        constraints: ['isNotBlank'],
        messages: ['displayName must not be empty or only spaces'],
      },
    ]);
  });

  it('rejects a displayName with control characters or over 256 characters', async () => {
    await expectRejected(valid({ displayName: 'Test\u0000API' }), [
      {
        path: 'input.displayName',
        constraints: ['hasNoControlCharacters'],
        messages: ['displayName must not contain control characters'],
      },
    ]);
    await expectRejected(valid({ displayName: 'x'.repeat(257) }), [
      {
        path: 'input.displayName',
        constraints: ['maxLength'],
        messages: ['displayName must be at most 256 characters long'],
      },
    ]);
  });

  it('rejects an empty username and an empty or oversized password, reporting every field at once', async () => {
    await expectRejected(valid({ authenticationConfiguration: { basic: { username: '', password: '' } } }), [
      {
        path: 'input.authenticationConfiguration.basic.username',
        constraints: ['isNotBlank'],
        messages: ['username must not be empty or only spaces'],
      },
      {
        path: 'input.authenticationConfiguration.basic.password',
        constraints: ['isNotBlank'],
        messages: ['password must not be empty or only spaces'],
      },
    ]);
    await expectRejected(
      valid({
        authenticationConfiguration: {
          basic: { username: 'u', password: `canary-password-${'x'.repeat(300)}` },
        },
      }),
      [
        {
          path: 'input.authenticationConfiguration.basic.password',
          constraints: ['maxLength'],
          messages: ['password must be at most 256 characters long'],
        },
      ],
    );
  });

  it('rejects a certificate whose password does not open it', async () => {
    const error = await expectRejected(
      valid({
        authenticationConfiguration: {
          pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: 'canary-password-wrong' },
        },
      }),
      [
        {
          path: 'input.authenticationConfiguration.pkcs12Certificate.pkcs12Value',
          constraints: ['isOpenablePkcs12'],
          messages: ['pkcs12Value does not open with the given password'],
        },
      ],
    );
    expect(error.message).toBe('Invalid input: pkcs12Value does not open with the given password.');
  });

  it.each([
    ['is not base64', 'this is not base64!', 'pkcs12Value is not valid base64'],
    [
      'is base64 of something else',
      randomBytes(600).toString('base64'),
      'pkcs12Value is not a PKCS#12 (PFX) file',
    ],
    [
      'is a certificate, not a PFX',
      Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----').toString('base64'),
      'pkcs12Value is not a PKCS#12 (PFX) file',
    ],
  ])('rejects a pkcs12Value that %s', async (_case, pkcs12Value, message) => {
    await expectRejected(
      valid({
        authenticationConfiguration: { pkcs12Certificate: { pkcs12Value, password: CANARY_PFX_PASSWORD } },
      }),
      [
        {
          path: 'input.authenticationConfiguration.pkcs12Certificate.pkcs12Value',
          constraints: ['isOpenablePkcs12'],
          messages: [message],
        },
      ],
    );
  });

  it('rejects a pkcs12Value over 64 KiB without trying to open it', async () => {
    const pkcs12Value = 'A'.repeat(90_000);
    await expectRejected(
      valid({
        authenticationConfiguration: { pkcs12Certificate: { pkcs12Value, password: CANARY_PFX_PASSWORD } },
      }),
      [
        {
          path: 'input.authenticationConfiguration.pkcs12Certificate.pkcs12Value',
          constraints: ['maxLength'],
          messages: ['pkcs12Value must be at most 87384 characters long'],
        },
      ],
    );
  });

  describe('@oneOf authenticationConfiguration', () => {
    const both = {
      basic: { username: 'MyUsername', password: CANARY_PASSWORD },
      pkcs12Certificate: { pkcs12Value: 'AAAA', password: CANARY_PFX_PASSWORD },
    };

    it.each([
      ['both members', both],
      ['no member', {}],
    ])(
      'rejects %s given in variables, without echoing the value',
      async (_case, authenticationConfiguration) => {
        const response = await stack.execute(CreateApiConnectorDocument, {
          input: valid({ authenticationConfiguration: authenticationConfiguration as never }),
        });
        expect(response.body.errors).toEqual([
          {
            message:
              'Variable "$input" got invalid value at "input.authenticationConfiguration"; Exactly one key must be specified for OneOf type "AuthenticationConfigurationInput".',
            locations: [{ line: 1, column: 29 }],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ]);
        expect(stack.emulator.requests).toHaveLength(0);
        expectNoCanary(response.text);
      },
    );

    it('rejects a null member given in variables', async () => {
      const response = await stack.execute(CreateApiConnectorDocument, {
        input: valid({ authenticationConfiguration: { basic: null } as never }),
      });
      expect(response.body.errors!.map((error) => error.message)).toEqual([
        'Variable "$input" got invalid value at "input.authenticationConfiguration.basic"; Field "basic" must be non-null.',
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it.each([
      [
        'both members',
        `{ basic: { username: "u", password: "${CANARY_PASSWORD.replace(/"/g, '\\"')}" }, pkcs12Certificate: { pkcs12Value: "AAAA", password: "${CANARY_PFX_PASSWORD}" } }`,
      ],
      ['no member', '{}'],
    ])('rejects %s written in the document', async (_case, literal) => {
      const response = await stack.post(
        {
          query: `mutation { createApiConnector(input: { displayName: "Test API", targetUrl: "https://someapi.com/api", authenticationConfiguration: ${literal} }) { id } }`,
        },
        { authorization: `Bearer ${stack.token}` },
      );
      expect(response.status).toBe(400);
      expect(response.body.errors!.map((error) => [error.message, error.extensions?.code])).toEqual([
        [
          'OneOf Input Object "AuthenticationConfigurationInput" must specify exactly one key.',
          'GRAPHQL_VALIDATION_FAILED',
        ],
      ]);
      expect(stack.emulator.requests).toHaveLength(0);
    });
  });

  describe('values graphql-js would quote', () => {
    it('does not echo an unknown field, a wrongly typed secret or a missing field', async () => {
      const input = {
        displayName: 'Test API',
        targetUrl: 'https://someapi.com/api',
        authenticationConfiguration: {
          basic: { username: 'u', password: { nested: CANARY_PASSWORD }, extra: CANARY_PASSWORD },
        },
      };
      const response = await stack.execute(CreateApiConnectorDocument, { input: input as never });
      expect(response.body.errors!.map((error) => error.message)).toEqual([
        'Variable "$input" got invalid value at "input.authenticationConfiguration.basic.password"; String cannot represent a non string value.',
        'Variable "$input" got invalid value at "input.authenticationConfiguration.basic"; Field "extra" is not defined by type "BasicAuthenticationInput".',
      ]);
      expectNoCanary(response.text);
    });

    it('does not echo a secret written as a wrongly typed literal', async () => {
      const response = await stack.post(
        {
          query: `mutation { createApiConnector(input: { displayName: "Test API", targetUrl: "https://someapi.com/api", authenticationConfiguration: { basic: { username: "u", password: 987654321123 } } }) { id } }`,
        },
        { authorization: `Bearer ${stack.token}` },
      );
      expect(response.status).toBe(400);
      expect(response.body.errors!.map((error) => error.message)).toEqual([
        'String cannot represent a non string value.',
      ]);
      expect(response.text).not.toContain('987654321123');
    });
  });
});
