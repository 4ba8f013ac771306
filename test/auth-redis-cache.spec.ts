import { createClient } from 'redis';
import { TOKEN_CACHE_KEY_PREFIX } from '../src/auth/redis-token-cache';
import { loadConfig } from '../src/config';
import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import {
  oboEnv,
  sha256Base64Url,
  startIdentityProvider,
  tokensVia,
  type FakeIdentityProvider,
} from './support/identity-provider';

/**
 * TOKEN_CACHE=redis: replicas share on-behalf-of tokens through Redis (msal's DistributedCachePlugin).
 * These tests need a Redis server at REDIS_URL (default redis://127.0.0.1:6379): .ci/run starts one.
 * Without it they fail, on purpose: a skipped test would hide that the shared cache went untested.
 */
const input = {
  displayName: 'Shared cache',
  targetUrl: 'https://api.contoso.com/shared',
  authenticationConfiguration: { basic: { username: 'u', password: 'p' } },
};

type Redis = ReturnType<typeof createClient>;

describe('on-behalf-of tokens shared by replicas through Redis', () => {
  let idp: FakeIdentityProvider;
  let redis: Redis;
  let redisEnv: Record<string, string>;
  const stacks: TestStack[] = [];

  async function replica(
    env: Record<string, string> = {},
    credential: 'secret' | 'certificate' = 'secret',
  ): Promise<TestStack> {
    const stack = await startStack({
      env: { ...oboEnv(idp, credential), ...redisEnv, ...env },
      tokens: tokensVia(idp),
    });
    stacks.push(stack);
    return stack;
  }

  const keys = () => redis.keys(`${TOKEN_CACHE_KEY_PREFIX}:${idp.clientId}:*`);

  beforeAll(async () => {
    idp = await startIdentityProvider();
    redisEnv = {
      TOKEN_CACHE: 'redis',
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    };
    const config = loadConfig({ ...oboEnv(idp), ...redisEnv });
    const url =
      config.auth.mode === 'obo' && config.auth.tokenCache.type === 'redis' ? config.auth.tokenCache.url : '';
    redis = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
    } catch (error) {
      throw new Error(
        `These tests need Redis at ${url} (${(error as Error).message}). .ci/run starts it; locally: ` +
          "apt-get install redis-server && redis-server --daemonize yes --save ''",
      );
    }
  });

  afterAll(async () => {
    await Promise.all(stacks.splice(0).map((stack) => stack.close()));
    if (redis?.isOpen) {
      const left = await keys();
      if (left.length) await redis.del(left);
      await redis.close();
    }
    await idp?.close();
  });

  it('lets a second gateway use the Graph token the first one acquired, with no token request', async () => {
    const [first, second] = [await replica(), await replica()];
    const callerToken = await idp.callerToken();

    const one = await first.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    const two = await second.execute(CreateApiConnectorDocument, { input }, { token: callerToken });

    expect(one.body.errors).toBeUndefined();
    expect(two.body.errors).toBeUndefined();
    expect(idp.tokenRequests()).toHaveLength(1);
    expect(second.emulator.requests[0].headers.authorization).toBe(`Bearer ${idp.issued[0]}`);
    expect(first.emulator.requests[0].headers.authorization).toBe(`Bearer ${idp.issued[0]}`);
  });

  it('serves a replica started later, and the same replica again, from Redis', async () => {
    const callerToken = await idp.callerToken();
    const before = idp.tokenRequests().length;
    const early = await replica();
    await early.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    await early.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    const late = await replica();
    const response = await late.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    expect(response.body.errors).toBeUndefined();
    expect(idp.tokenRequests()).toHaveLength(before + 1);
  });

  it('keeps concurrent callers apart: each replica hands each caller its own Graph token', async () => {
    const [first, second] = [await replica(), await replica()];
    const callers = await Promise.all([1, 2, 3, 4, 5].map(() => idp.callerToken()));
    const before = idp.tokenRequests().length;
    const sent = (stack: TestStack, token: string) =>
      stack
        .execute(CreateApiConnectorDocument, { input }, { token })
        .then(() => stack.emulator.requests.at(-1));

    await Promise.all(callers.map((token) => sent(first, token)));
    expect(idp.tokenRequests()).toHaveLength(before + 5);
    const graphTokenOf = new Map(
      idp
        .tokenRequests()
        .slice(before)
        .map((request) => [request.form.assertion, request.accessToken]),
    );
    for (const token of callers) {
      const request = await sent(second, token);
      expect(request!.headers.authorization).toBe(`Bearer ${graphTokenOf.get(token)}`);
    }
    expect(idp.tokenRequests()).toHaveLength(before + 5);
  });

  it('keys entries by a hash of the caller token, never a token, and stores them encrypted until the token expires', async () => {
    const callerToken = await idp.callerToken();
    const gateway = await replica();
    await gateway.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    const graphToken = idp.issued.at(-1)!;

    const all = await keys();
    const key = `${TOKEN_CACHE_KEY_PREFIX}:${idp.clientId}:${sha256Base64Url(callerToken)}`;
    expect(all).toContain(key);
    for (const name of await redis.keys('*')) {
      for (const token of [callerToken, graphToken, ...idp.issued]) {
        expect(name).not.toContain(token);
        expect(name).not.toContain(token.split('.')[1]);
        expect(name).not.toContain(token.split('.')[2]);
      }
    }
    const value = (await redis.get(key))!;
    expect(value).toMatch(/^v1\./);
    for (const secret of [callerToken, graphToken.split('.')[2], idp.clientSecret, 'AccessToken']) {
      expect(value).not.toContain(secret);
    }
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(3599 - 60);
    expect(ttl).toBeLessThanOrEqual(3599 + 5);
  });

  it('treats entries written under another credential as misses', async () => {
    const callerToken = await idp.callerToken();
    const withSecret = await replica();
    const withCertificate = await replica({}, 'certificate');
    const before = idp.tokenRequests().length;
    await withSecret.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    const response = await withCertificate.execute(
      CreateApiConnectorDocument,
      { input },
      { token: callerToken },
    );
    expect(response.body.errors).toBeUndefined();
    expect(idp.tokenRequests()).toHaveLength(before + 2);
  });

  it('keeps serving, from Entra ID, when Redis cannot be reached', async () => {
    const gateway = await replica({ REDIS_URL: 'redis://127.0.0.1:1' });
    const callerToken = await idp.callerToken();
    const before = idp.tokenRequests().length;
    const one = await gateway.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    const two = await gateway.execute(CreateApiConnectorDocument, { input }, { token: callerToken });
    expect(one.body.errors).toBeUndefined();
    expect(two.body.errors).toBeUndefined();
    expect(idp.tokenRequests()).toHaveLength(before + 2);
    expect(gateway.logs.join('\n')).toContain('Redis token cache unreachable');
  });

  it('never logs a token or the client secret', () => {
    const logs = stacks.flatMap((stack) => stack.logs).join('\n');
    expect(logs).not.toBe('');
    for (const token of idp.issued) expect(logs).not.toContain(token.split('.')[2]);
    expect(logs).not.toContain(idp.clientSecret);
  });
});
