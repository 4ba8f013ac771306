import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import {
  oboEnv,
  startIdentityProvider,
  tokensVia,
  type CallerTokenOptions,
  type FakeIdentityProvider,
} from './support/identity-provider';

/**
 * AUTH_MODE=obo: the frontend sends a token for this API; the gateway validates it against the
 * tenant's keys, exchanges it for a Graph token on behalf of the user (msal, against a fake Entra
 * ID on 127.0.0.1), and calls Graph (the emulator) with that token. Every failure is a distinct
 * error, and none reaches Graph.
 */

const CANARY_PASSWORD = 'canary-password-0b0b';
const input = {
  displayName: 'On behalf of',
  targetUrl: 'https://api.contoso.com/obo',
  authenticationConfiguration: { basic: { username: 'u', password: CANARY_PASSWORD } },
};

describe('on-behalf-of: from a frontend token to Graph', () => {
  let idp: FakeIdentityProvider;
  let stack: TestStack;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await startStack({ env: oboEnv(idp), tokens: tokensVia(idp) });
  });
  afterAll(async () => {
    await stack.close();
    await idp.close();
  });
  beforeEach(() => stack.emulator.reset());

  it('exchanges the caller token and calls Graph with the on-behalf-of token, not the caller token', async () => {
    const callerToken = await idp.callerToken();
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken });

    expect(response.body.errors).toBeUndefined();
    expect(response.body.data!.createApiConnector.displayName).toBe('On behalf of');
    const [exchange] = idp.tokenRequests();
    expect(exchange.host).toBe('login.microsoftonline.com');
    expect(exchange.path).toBe(`/${idp.tenantId}/oauth2/v2.0/token`);
    expect(exchange.form).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      requested_token_use: 'on_behalf_of',
      client_id: idp.clientId,
      client_secret: idp.clientSecret,
      assertion: callerToken,
    });
    expect(exchange.form.scope.split(' ')).toContain('https://graph.microsoft.com/.default');
    // The emulator checks the claims Graph checks (aud Graph, scp APIConnectors.ReadWrite.All): it accepted them.
    expect(stack.emulator.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${idp.issued.at(-1)}`,
    ]);
    expect(stack.emulator.requests[0].headers.authorization).not.toContain(callerToken);
  });

  it('reuses the cached Graph token: a second call makes no token request', async () => {
    const callerToken = await idp.callerToken();
    const before = idp.tokenRequests().length;
    await stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    await stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken });

    expect(idp.tokenRequests()).toHaveLength(before + 1);
    const [first, second] = stack.emulator.requests.map((request) => request.headers.authorization);
    expect(second).toBe(first);
  });

  it('exchanges each caller token for its own Graph token', async () => {
    const before = idp.tokenRequests().length;
    await stack.execute(CreateApiConnectorDocument, { input }, { token: await idp.callerToken() });
    await stack.execute(CreateApiConnectorDocument, { input }, { token: await idp.callerToken() });
    expect(idp.tokenRequests()).toHaveLength(before + 2);
    const [first, second] = stack.emulator.requests.map((request) => request.headers.authorization);
    expect(second).not.toBe(first);
  });

  it('makes one exchange for concurrent requests with the same token', async () => {
    const callerToken = await idp.callerToken();
    const before = idp.tokenRequests().length;
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken })),
    );
    expect(responses.every((response) => response.body.errors === undefined)).toBe(true);
    expect(idp.tokenRequests()).toHaveLength(before + 1);
  });

  it('acquires a new Graph token when the cached one is near expiry (under 5 minutes left)', async () => {
    idp.tokenLifetimeSeconds = 240;
    try {
      const callerToken = await idp.callerToken();
      const before = idp.tokenRequests().length;
      await stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
      await stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
      expect(idp.tokenRequests()).toHaveLength(before + 2);
    } finally {
      idp.tokenLifetimeSeconds = 3599;
    }
  });

  it('fetches the OpenID configuration once, and the signing keys once while no kid is new', async () => {
    await stack.execute(CreateApiConnectorDocument, { input }, { token: await idp.callerToken() });
    const gets = idp.requests.filter((request) => request.method === 'GET').map((request) => request.path);
    expect(gets).toEqual([
      `/${idp.tenantId}/v2.0/.well-known/openid-configuration`,
      `/${idp.tenantId}/discovery/v2.0/keys`,
    ]);
  });

  it('accepts a token signed with a rotated key, fetching the new keys once', async () => {
    await idp.rotateKeys();
    const keyFetches = () => idp.requests.filter((request) => request.path.endsWith('/keys')).length;
    const before = keyFetches();
    const response = await stack.execute(
      CreateApiConnectorDocument,
      { input },
      { token: await idp.callerToken() },
    );
    expect(response.body.errors).toBeUndefined();
    expect(keyFetches()).toBe(before + 1);
    await stack.execute(CreateApiConnectorDocument, { input }, { token: await idp.callerToken() });
    expect(keyFetches()).toBe(before + 1);
  });

  it('never logs or answers with a token or the client secret', async () => {
    const callerToken = await idp.callerToken();
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    const logs = stack.logs.join('\n');
    for (const secret of [callerToken, ...idp.issued, idp.clientSecret, CANARY_PASSWORD]) {
      expect(logs).not.toContain(secret);
      expect(response.text).not.toContain(secret);
    }
    for (const token of [callerToken, ...idp.issued]) expect(logs).not.toContain(token.split('.')[2]);
  });
});

describe('on-behalf-of: validation of the caller token', () => {
  let idp: FakeIdentityProvider;
  let stack: TestStack;
  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await startStack({ env: oboEnv(idp), tokens: tokensVia(idp) });
  });
  afterAll(async () => {
    await stack.close();
    await idp.close();
  });
  beforeEach(() => stack.emulator.reset());

  const otherTenant = '99999999-8888-7777-6666-555555555555';
  const cases: Array<[string, CallerTokenOptions | (() => Promise<string>), string, string, string]> = [
    [
      'a value that is not a JWT',
      async () => 'not.a-jwt',
      'UNAUTHENTICATED',
      'malformed_token',
      'The access token is not a well-formed JWT.',
    ],
    [
      'an unsecured token (alg none)',
      { alg: 'none' },
      'UNAUTHENTICATED',
      'alg_not_allowed',
      'The access token is not signed with an allowed algorithm (Entra ID signs with RS256).',
    ],
    [
      'a token signed with a shared secret (HS256)',
      async () =>
        new SignJWT({ aud: idp.clientId, scp: 'access_as_user', tid: idp.tenantId })
          .setProtectedHeader({ alg: 'HS256' })
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('a-shared-secret-of-sufficient-length!!')),
      'UNAUTHENTICATED',
      'alg_not_allowed',
      'The access token is not signed with an allowed algorithm (Entra ID signs with RS256).',
    ],
    [
      'a token whose signature does not verify',
      { key: 'foreign-same-kid' },
      'UNAUTHENTICATED',
      'invalid_signature',
      'The access token signature is not valid.',
    ],
    [
      'a token signed with a key Entra ID does not publish',
      { key: 'unknown-kid' },
      'UNAUTHENTICATED',
      'unknown_key',
      'The access token is signed with a key that Entra ID does not publish (unknown kid).',
    ],
    [
      'an expired token',
      { expiresInSeconds: -600 },
      'UNAUTHENTICATED',
      'token_expired',
      'The access token has expired: acquire a new one.',
    ],
    [
      'a token not valid yet',
      { claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } },
      'UNAUTHENTICATED',
      'token_not_yet_valid',
      'The access token is not valid yet (nbf is in the future).',
    ],
    [
      'a Graph token (another audience)',
      { claims: { aud: '00000003-0000-0000-c000-000000000000' } },
      'UNAUTHENTICATED',
      'wrong_audience',
      'The access token is for another audience: its aud must be one of {client}, api://{client}.',
    ],
    [
      'a token from another tenant',
      { claims: { iss: `https://login.microsoftonline.com/${otherTenant}/v2.0`, tid: otherTenant } },
      'UNAUTHENTICATED',
      'wrong_issuer',
      `The access token was not issued by Entra ID for this API's cloud and tenant: its iss must be https://login.microsoftonline.com/{tenant}/v2.0.`,
    ],
    [
      'a v1 token (sts.windows.net issuer)',
      { claims: { iss: 'https://sts.windows.net/{tid}/', ver: '1.0' } },
      'UNAUTHENTICATED',
      'wrong_issuer',
      `The access token was not issued by Entra ID for this API's cloud and tenant: its iss must be https://login.microsoftonline.com/{tenant}/v2.0.`,
    ],
    [
      'a token without tid',
      { without: ['tid'] },
      'UNAUTHENTICATED',
      'malformed_token',
      'The access token is not a well-formed JWT: it has no tid claim.',
    ],
    [
      "a token without this API's scope",
      { claims: { scp: 'User.Read' } },
      'FORBIDDEN',
      'missing_scope',
      "The access token does not carry this API's delegated scope access_as_user in scp.",
    ],
    [
      'an app-only token',
      { without: ['scp'], claims: { roles: ['Connectors.Manage'], idtyp: 'app' } },
      'FORBIDDEN',
      'app_only_token',
      "The access token is an app-only token: the on-behalf-of flow needs a user's delegated token.",
    ],
  ];

  it.each(cases)('rejects %s', async (_case, make, code, reason, message) => {
    let token: string;
    if (typeof make === 'function') token = await make();
    else {
      const claims = { ...make.claims };
      if (typeof claims.iss === 'string') claims.iss = claims.iss.replace('{tid}', idp.tenantId);
      token = await idp.callerToken({ ...make, claims });
    }
    const exchangesBefore = idp.tokenRequests().length;
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });

    const error = response.body.errors![0];
    expect(error.extensions).toEqual({ code, reason });
    expect(error.message).toBe(
      message.replaceAll('{client}', idp.clientId).replace('{tenant}', idp.tenantId),
    );
    expect(idp.tokenRequests()).toHaveLength(exchangesBefore);
    expect(stack.emulator.requests).toHaveLength(0);
    expect(response.text).not.toContain(token);
  });

  it('says which audience and issuer it expects', async () => {
    const wrongAudience = await stack.execute(
      CreateApiConnectorDocument,
      { input },
      { token: await idp.callerToken({ claims: { aud: 'api://someone-else' } }) },
    );
    expect(wrongAudience.body.errors![0].message).toBe(
      `The access token is for another audience: its aud must be one of ${idp.clientId}, api://${idp.clientId}.`,
    );
    const wrongIssuer = await stack.execute(
      CreateApiConnectorDocument,
      { input },
      { token: await idp.callerToken({ claims: { iss: 'https://login.microsoftonline.us/x/v2.0' } }) },
    );
    expect(wrongIssuer.body.errors![0].message).toBe(
      `The access token was not issued by Entra ID for this API's cloud and tenant: its iss must be https://login.microsoftonline.com/${idp.tenantId}/v2.0.`,
    );
  });

  it('accepts the Application ID URI as audience', async () => {
    const token = await idp.callerToken({ claims: { aud: `api://${idp.clientId}` } });
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors).toBeUndefined();
  });

  it('rejects a key Entra ID has retired once it has fetched the new keys', async () => {
    const oldKeyToken = await idp.callerToken();
    await idp.rotateKeys({ retireOld: true });
    // The first token with the new kid makes the gateway fetch the keys again.
    const fresh = await stack.execute(
      CreateApiConnectorDocument,
      { input },
      { token: await idp.callerToken() },
    );
    expect(fresh.body.errors).toBeUndefined();
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token: oldKeyToken });
    expect(response.body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'unknown_key' });
  });
});

describe('on-behalf-of: signing keys under a stream of unknown kids', () => {
  it('fetches the keys again at most once per cooldown (30 s by default)', async () => {
    const idp = await startIdentityProvider();
    const stack = await startStack({
      env: oboEnv(idp),
      tokens: tokensVia(idp, { signingKeysCooldownMs: 30_000 }),
    });
    try {
      await stack.execute(CreateApiConnectorDocument, { input }, { token: await idp.callerToken() });
      for (let attempt = 0; attempt < 3; attempt++) {
        const token = await idp.callerToken({ key: 'unknown-kid' });
        const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
        expect(response.body.errors![0].extensions).toEqual({
          code: 'UNAUTHENTICATED',
          reason: 'unknown_key',
        });
      }
      expect(idp.requests.filter((request) => request.path.endsWith('/keys'))).toHaveLength(1);
    } finally {
      await stack.close();
      await idp.close();
    }
  });
});

describe('on-behalf-of: what Entra ID answers', () => {
  let idp: FakeIdentityProvider;
  let stack: TestStack | undefined;
  beforeEach(async () => {
    idp = await startIdentityProvider();
  });
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
    await idp.close();
  });

  async function callWith(env: Record<string, string> = {}) {
    stack = await startStack({ env: { ...oboEnv(idp), ...env }, tokens: tokensVia(idp) });
    const response = await stack.execute(
      CreateApiConnectorDocument,
      { input },
      { token: await idp.callerToken() },
    );
    expect(stack.emulator.requests).toHaveLength(0);
    return response.body.errors![0];
  }

  it('hands a conditional access (MFA) challenge back as UNAUTHENTICATED with the claims', async () => {
    const claims =
      '{"access_token":{"capolids":{"essential":true,"values":["c7f2d1a8-1a38-4f61-a3b3-9a2bd1a40a63"]}}}';
    idp.failNextTokenRequests({
      status: 400,
      body: {
        error: 'interaction_required',
        error_description:
          'AADSTS50076: Due to a configuration change made by your administrator, you must use multi-factor authentication.',
        error_codes: [50076],
        suberror: 'basic_action',
        claims,
      },
    });
    const error = await callWith();
    expect(error.message).toBe(
      'Entra ID requires the user to sign in again (conditional access, MFA or consent): acquire a new token, passing extensions.claims as the claims challenge when present.',
    );
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'interaction_required', claims });
  });

  it('answers UNAUTHENTICATED token_rejected when Entra ID refuses the assertion', async () => {
    idp.failNextTokenRequests({
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'AADSTS50013: Assertion failed signature validation.',
      },
    });
    const error = await callWith();
    expect(error.extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'token_rejected' });
    expect(error.message).toBe(
      'Entra ID refused to exchange the access token (invalid_grant): sign in again.',
    );
  });

  it('answers UPSTREAM_UNAVAILABLE invalid_client when the client secret is wrong, and logs it for the operator', async () => {
    const error = await callWith({ AUTH_CLIENT_SECRET: 'not-the-secret' });
    expect(error.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', reason: 'invalid_client' });
    expect(error.message).toBe(
      "Entra ID refused the gateway's own app registration (invalid_client): its operator must check the client id, credential and permissions.",
    );
    const line = stack!.logs
      .map((entry) => JSON.parse(entry))
      .find((entry) => entry.obo?.errorCode === 'invalid_client');
    expect(line).toMatchObject({
      level: 50,
      msg: 'Entra ID refused the gateway credentials or registration',
    });
    expect(stack!.logs.join('\n')).not.toContain('not-the-secret');
  });

  it('signs in with the certificate credential (a client assertion, no secret)', async () => {
    stack = await startStack({ env: oboEnv(idp, 'certificate'), tokens: tokensVia(idp) });
    const response = await stack.execute(
      CreateApiConnectorDocument,
      { input },
      { token: await idp.callerToken() },
    );
    expect(response.body.errors).toBeUndefined();
    const [exchange] = idp.tokenRequests();
    expect(exchange.form.client_secret).toBeUndefined();
    expect(exchange.form.client_assertion_type).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(stack.logs.join('\n')).not.toContain(exchange.form.client_assertion);
    expect(stack.logs.join('\n')).not.toContain('PRIVATE KEY');
  });

  it('answers FORBIDDEN when the Graph token lacks APIConnectors.ReadWrite.All (no admin consent)', async () => {
    idp.grantedScopes = ['User.Read'];
    const error = await callWith();
    expect(error.extensions).toEqual({ code: 'FORBIDDEN', reason: 'graph_permission_not_granted' });
  });

  it.each<[string, Parameters<FakeIdentityProvider['failNextTokenRequests']>[0]]>([
    ['a 503 page', { action: 'html', status: 503 }],
    ['a 500 error', { status: 500, body: { error: 'temporarily_unavailable' } }],
    ['no answer within AUTH_IDP_TIMEOUT_MS', { action: 'hang' }],
  ])(
    'answers UPSTREAM_UNAVAILABLE identity_provider_unavailable for %s at the token endpoint',
    async (_case, answer) => {
      idp.failNextTokenRequests(answer);
      const started = Date.now();
      const error = await callWith({ AUTH_IDP_TIMEOUT_MS: '500' });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(error.extensions).toEqual({
        code: 'UPSTREAM_UNAVAILABLE',
        reason: 'identity_provider_unavailable',
      });
      expect(error.message).toBe(
        'Entra ID could not be reached to validate or exchange the access token; try again later.',
      );
    },
  );

  it('answers UPSTREAM_UNAVAILABLE identity_provider_unavailable when Entra ID is down', async () => {
    const token = await idp.callerToken();
    stack = await startStack({ env: oboEnv(idp), tokens: tokensVia(idp) });
    await idp.close();
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors![0].extensions).toEqual({
      code: 'UPSTREAM_UNAVAILABLE',
      reason: 'identity_provider_unavailable',
    });
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe('on-behalf-of: a multi-tenant API', () => {
  let idp: FakeIdentityProvider;
  let stack: TestStack;
  const allowed = randomUUID();
  beforeAll(async () => {
    idp = await startIdentityProvider();
    stack = await startStack({
      env: {
        ...oboEnv(idp),
        AUTH_TENANT_ID: 'organizations',
        AUTH_ALLOWED_TENANTS: `${idp.tenantId},${allowed}`,
      },
      tokens: tokensVia(idp),
    });
  });
  afterAll(async () => {
    await stack.close();
    await idp.close();
  });

  it("validates against the tenant's own issuer and exchanges in the caller's tenant", async () => {
    const token = await idp.callerToken({ claims: { tid: allowed } });
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors).toBeUndefined();
    expect(idp.tokenRequests().map((request) => request.path)).toEqual([`/${allowed}/oauth2/v2.0/token`]);
    expect(idp.requests[0].path).toBe('/organizations/v2.0/.well-known/openid-configuration');
  });

  it('answers FORBIDDEN tenant_not_allowed for a tenant not on AUTH_ALLOWED_TENANTS', async () => {
    const before = idp.tokenRequests().length;
    const token = await idp.callerToken({ claims: { tid: randomUUID() } });
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors![0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'tenant_not_allowed' });
    expect(idp.tokenRequests()).toHaveLength(before);
  });

  it('rejects a token whose issuer names another tenant than its tid', async () => {
    const token = await idp.callerToken({
      claims: { tid: allowed, iss: `https://login.microsoftonline.com/${idp.tenantId}/v2.0` },
    });
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'wrong_issuer' });
  });
});
