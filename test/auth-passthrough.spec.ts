import { generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { createDevelopmentToken } from '../src/auth/development-token';
import { createPassthroughTokenSource } from '../src/auth/passthrough';
import { checkGraphToken } from '../src/auth/token-claims';
import { API_CONNECTORS_PERMISSION, CLOUDS, GRAPH_APP_ID } from '../src/graph/clouds';
import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import { makeGraphToken, TEST_TENANT_ID } from './support/tokens';

/**
 * AUTH_MODE=passthrough (the default): the caller's Graph token is checked locally, so that a wrong
 * token fails fast with a precise reason and never reaches Graph; a token that passes is forwarded
 * as is, and Graph stays the authority.
 */

const input = {
  displayName: 'Passthrough',
  targetUrl: 'https://api.contoso.com/passthrough',
  authenticationConfiguration: { basic: { username: 'u', password: 'canary-password-77aa' } },
};

let signingKey: Awaited<ReturnType<typeof generateKeyPair>> | undefined;

/** A token with exactly these claims and header (makeGraphToken fixes a few of them). */
async function tokenWith(claims: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  signingKey ??= await generateKeyPair('RS256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...header })
    .sign(signingKey.privateKey);
}

function unsecured(claims: JWTPayload): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const graphClaims = (claims: JWTPayload = {}): JWTPayload => ({
  aud: GRAPH_APP_ID,
  scp: API_CONNECTORS_PERMISSION,
  tid: TEST_TENANT_ID,
  exp: nowSeconds() + 3600,
  ...claims,
});

describe('passthrough: local checks before anything reaches Graph', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  async function rejected(token: string) {
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(stack.emulator.requests).toHaveLength(0);
    expect(response.text).not.toContain(token);
    return response.body.errors![0];
  }

  it.each<[string, () => Promise<string>, string, string, string]>([
    [
      'a value that is not a JWT',
      async () => 'not-a-jwt',
      'UNAUTHENTICATED',
      'malformed_token',
      'The access token is not a well-formed JWT.',
    ],
    [
      'an unsecured token (alg none)',
      async () => unsecured(graphClaims()),
      'UNAUTHENTICATED',
      'alg_not_allowed',
      'The access token is not signed with an allowed algorithm (Entra ID signs with RS256).',
    ],
    [
      'an expired token',
      () => makeGraphToken({ expiresInSeconds: -600 }),
      'UNAUTHENTICATED',
      'token_expired',
      'The access token has expired: acquire a new one.',
    ],
    [
      'a token without exp',
      () => tokenWith({ ...graphClaims(), exp: undefined }),
      'UNAUTHENTICATED',
      'malformed_token',
      'The access token is not a well-formed JWT: it has no exp claim.',
    ],
    [
      'a token not valid yet',
      () => tokenWith(graphClaims({ nbf: nowSeconds() + 3600 })),
      'UNAUTHENTICATED',
      'token_not_yet_valid',
      'The access token is not valid yet (nbf is in the future).',
    ],
    [
      "a token for another API (the gateway's own, say)",
      () => makeGraphToken({ aud: 'api://6731de76-14a6-49ae-97bc-6eba6914391e' }),
      'UNAUTHENTICATED',
      'wrong_audience',
      'The access token is for another audience: its aud must be Microsoft Graph in this cloud (https://graph.microsoft.com or 00000003-0000-0000-c000-000000000000).',
    ],
    [
      'a token for Graph in another cloud',
      () => makeGraphToken({ aud: 'https://graph.microsoft.us' }),
      'UNAUTHENTICATED',
      'wrong_audience',
      'The access token is for another audience: its aud must be Microsoft Graph in this cloud (https://graph.microsoft.com or 00000003-0000-0000-c000-000000000000).',
    ],
    [
      'a token without APIConnectors.ReadWrite.All',
      () => makeGraphToken({ scp: 'User.Read Directory.Read.All' }),
      'FORBIDDEN',
      'missing_permission',
      'The access token does not grant APIConnectors.ReadWrite.All (delegated in scp or application in roles).',
    ],
    [
      'an app-only token whose roles lack the permission',
      () => makeGraphToken({ roles: ['Application.Read.All'] }),
      'FORBIDDEN',
      'missing_permission',
      'The access token does not grant APIConnectors.ReadWrite.All (delegated in scp or application in roles).',
    ],
  ])('rejects %s', async (_case, makeToken, code, reason, message) => {
    const error = await rejected(await makeToken());
    expect(error.message).toBe(message);
    expect(error.extensions).toEqual({ code, reason });
  });

  it('forwards a delegated token that passes, unchanged', async () => {
    const response = await stack.execute(CreateApiConnectorDocument, { input });
    expect(response.body.errors).toBeUndefined();
    expect(stack.emulator.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${stack.token}`,
    ]);
  });

  it('forwards an application token with APIConnectors.ReadWrite.All in roles', async () => {
    const token = await makeGraphToken({ roles: [API_CONNECTORS_PERMISSION] });
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors).toBeUndefined();
    expect(stack.emulator.requests).toHaveLength(1);
  });

  it('accepts the development token printed by npm start', async () => {
    const token = await createDevelopmentToken();
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors).toBeUndefined();
  });

  it('never logs a rejected token', async () => {
    const token = await makeGraphToken({ scp: 'User.Read' });
    await rejected(token);
    expect(stack.logs.join('\n')).not.toContain(token.split('.')[2]);
  });
});

describe('passthrough: tenant allow-list', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { AUTH_ALLOWED_TENANTS: TEST_TENANT_ID.toUpperCase() } });
  });
  afterAll(() => stack.close());

  it('serves a tenant on the list', async () => {
    const response = await stack.execute(CreateApiConnectorDocument, { input });
    expect(response.body.errors).toBeUndefined();
  });

  it('answers FORBIDDEN tenant_not_allowed for another tenant, without calling Graph', async () => {
    stack.emulator.reset();
    const token = await makeGraphToken({ tid: '99999999-8888-7777-6666-555555555555' });
    const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
    expect(response.body.errors![0].message).toBe(
      'The access token is from a tenant this gateway does not serve.',
    );
    expect(response.body.errors![0].extensions).toEqual({ code: 'FORBIDDEN', reason: 'tenant_not_allowed' });
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe("passthrough: Graph's audiences in every cloud", () => {
  const rules = (cloud: keyof typeof CLOUDS) => ({
    cloud: CLOUDS[cloud],
    clockToleranceSeconds: 60,
    allowedTenants: [],
  });

  it.each(Object.keys(CLOUDS) as Array<keyof typeof CLOUDS>)(
    'accepts the %s Graph root, with or without the slash, and Graph app id',
    async (cloud) => {
      for (const aud of [
        CLOUDS[cloud].graphRoot,
        `${CLOUDS[cloud].graphRoot}/`,
        GRAPH_APP_ID,
        [GRAPH_APP_ID],
      ]) {
        const token = await tokenWith(graphClaims({ aud }));
        expect(checkGraphToken(token, rules(cloud)).aud).toEqual(aud);
      }
    },
  );

  it("rejects another cloud's Graph root even when GRAPH_BASE_URL points at an emulator", async () => {
    const stack = await startStack({ env: { GRAPH_CLOUD: 'china' } });
    try {
      const token = await makeGraphToken({ aud: 'https://graph.microsoft.com' });
      const response = await stack.execute(CreateApiConnectorDocument, { input }, { token });
      expect(response.body.errors![0].extensions).toEqual({
        code: 'UNAUTHENTICATED',
        reason: 'wrong_audience',
      });
      expect(response.body.errors![0].message).toContain('https://microsoftgraph.chinacloudapi.cn');
      expect(stack.emulator.requests).toHaveLength(0);
    } finally {
      await stack.close();
    }
  });

  it('allows the clock tolerance on exp and nbf, and no more', async () => {
    const now = Date.now();
    const at = (claims: JWTPayload) => tokenWith(graphClaims(claims));
    const seconds = Math.floor(now / 1000);
    expect(() => checkGraphToken('x', rules('global'), now)).toThrow('not a well-formed JWT');
    expect(checkGraphToken(await at({ exp: seconds - 30 }), rules('global'), now)).toBeDefined();
    await expect(
      at({ exp: seconds - 61 }).then((t) => checkGraphToken(t, rules('global'), now)),
    ).rejects.toThrow('The access token has expired');
    expect(checkGraphToken(await at({ nbf: seconds + 30 }), rules('global'), now)).toBeDefined();
    await expect(
      at({ nbf: seconds + 61 }).then((t) => checkGraphToken(t, rules('global'), now)),
    ).rejects.toThrow('not valid yet');
  });

  it('checks a token once, and afterwards only its lifetime, until it expires', async () => {
    let now = Date.now();
    const source = createPassthroughTokenSource({ ...rules('global'), now: () => now });
    const seconds = Math.floor(now / 1000);
    const token = await tokenWith(graphClaims({ exp: seconds + 120 }));
    const header = `Bearer ${token}`;

    await expect(source.graphTokenFor(header)).resolves.toBe(token);
    now += 150_000; // 30 s past exp: within the 60 s tolerance
    await expect(source.graphTokenFor(header)).resolves.toBe(token);
    now += 31_000; // 61 s past exp
    await expect(source.graphTokenFor(header)).rejects.toThrow('The access token has expired');
    await expect(source.graphTokenFor(header)).rejects.toThrow('The access token has expired');

    // A token that failed a check is not remembered: it fails again for the same reason.
    const wrongAudience = `Bearer ${await tokenWith(graphClaims({ aud: 'api://other', exp: seconds + 3600 }))}`;
    await expect(source.graphTokenFor(wrongAudience)).rejects.toThrow('audience');
    await expect(source.graphTokenFor(wrongAudience)).rejects.toThrow('audience');
  });
});
