import { GraphQLError } from 'graphql';
import { formatErrorFor } from '../src/errors';
import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';

const CANARY = 'canary-password-5b1d';

describe('HTTP server', () => {
  describe('in development', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startStack({
        env: { CORS_ORIGINS: 'https://app.contoso.com', BODY_LIMIT_BYTES: '4096' },
      });
    });
    afterAll(async () => {
      await stack.close();
      expect(stack.logs.join('\n')).not.toContain(CANARY);
    });

    it('answers /healthz and /readyz', async () => {
      const health = await fetch(stack.url.replace('/graphql', '/healthz'));
      expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(stack.url.replace('/graphql', '/readyz'));
      expect([ready.status, await ready.json()]).toEqual([
        200,
        { status: 'ready', graph: { apiVersion: 'v1.0' } },
      ]);
    });

    it('serves Apollo Sandbox preloaded with the example operation', async () => {
      const response = await fetch(stack.url, { headers: { accept: 'text/html' } });
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('embeddable-sandbox');
      expect(html).toContain('mutation CreateApiConnector($input: CreateApiConnectorInput!)');
      expect(html).toContain('https://someapi.com/api');
    });

    it('answers introspection', async () => {
      const response = await stack.post({
        query: '{ __type(name: "AuthenticationConfigurationInput") { isOneOf } }',
      });
      expect(response.body).toEqual({ data: { __type: { isOneOf: true } } });
    });

    it('allows CORS only for the configured origins', async () => {
      const preflight = (origin: string) =>
        fetch(stack.url, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,authorization',
          },
        });
      const allowed = await preflight('https://app.contoso.com');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.contoso.com');
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses a body over BODY_LIMIT_BYTES with 413 in the GraphQL error shape', async () => {
      const response = await stack.post({ query: '{ ping }', variables: { padding: 'x'.repeat(5000) } });
      expect(response.status).toBe(413);
      expect(response.body).toEqual({
        errors: [
          {
            message: 'Request body is too large',
            extensions: { code: 'BAD_REQUEST', reason: 'FST_ERR_CTP_BODY_TOO_LARGE' },
          },
        ],
      });
    });

    it('answers malformed JSON with 400 and no stack trace', async () => {
      const response = await stack.post('{"query": ');
      expect(response.status).toBe(400);
      expect(response.body.errors![0].extensions).toEqual({
        code: 'BAD_REQUEST',
        reason: 'FST_ERR_CTP_INVALID_JSON_BODY',
      });
      expect(response.text).not.toContain(' at ');
    });

    it('blocks simple cross-site requests (CSRF prevention)', async () => {
      const response = await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: '{ ping }' }),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(
        /This operation has been blocked as a potential Cross-Site Request Forgery/,
      );
    });

    it('never runs a mutation over GET, and does not log the variables of the URL', async () => {
      const params = new URLSearchParams({
        query: 'mutation($input: CreateApiConnectorInput!) { createApiConnector(input: $input) { id } }',
        variables: JSON.stringify({
          input: {
            displayName: 'x',
            targetUrl: 'https://a.b',
            authenticationConfiguration: { basic: { username: 'u', password: CANARY } },
          },
        }),
      });
      const response = await fetch(`${stack.url}?${params}`, {
        headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${stack.token}` },
      });
      expect(response.status).toBe(405);
      expect(await response.text()).not.toContain(CANARY);
      expect(stack.emulator.requests).toHaveLength(0);
    });

    it('shows stack traces only when GRAPHQL_STACK_TRACES is on, without the values graphql-js quoted', async () => {
      const traced = await startStack({ env: { GRAPHQL_STACK_TRACES: 'true' } });
      try {
        const response = await traced.execute(CreateApiConnectorDocument, {
          input: {
            displayName: 'x',
            targetUrl: 'https://a.b',
            authenticationConfiguration: {
              basic: { username: 'u', password: CANARY },
              pkcs12Certificate: { pkcs12Value: 'A', password: CANARY },
            } as never,
          },
        });
        const [error] = response.body.errors!;
        expect((error.extensions!.stacktrace as string[])[0]).toBe(`GraphQLError: ${error.message}`);
        expect(response.text).not.toContain(CANARY);
      } finally {
        await traced.close();
      }
    });
  });

  describe('in production', () => {
    let stack: TestStack;
    beforeAll(async () => {
      stack = await startStack({ env: { NODE_ENV: 'production', GRAPHQL_STACK_TRACES: '' } });
    });
    afterAll(() => stack.close());

    it('turns introspection and the landing page off', async () => {
      const introspection = await stack.post({ query: '{ __schema { types { name } } }' });
      expect(introspection.status).toBe(400);
      expect(introspection.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('embeddable-sandbox');
    });

    it('has no stack traces in errors', async () => {
      const response = await stack.execute(CreateApiConnectorDocument, {
        input: {
          displayName: '',
          targetUrl: 'https://a.b',
          authenticationConfiguration: { basic: { username: 'u', password: 'p' } },
        },
      });
      expect(response.body.errors![0].extensions!.stacktrace).toBeUndefined();
    });
  });
});

describe('error policy', () => {
  const crash = new GraphQLError('Cannot read properties of undefined (reading "map")', {
    originalError: new TypeError('Cannot read properties of undefined (reading "map")'),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
  const formatted = {
    message: crash.message,
    path: ['createApiConnector'],
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };

  it('says only "Internal server error" for an unexpected failure in production', () => {
    expect(formatErrorFor('production')(formatted, crash)).toEqual({
      message: 'Internal server error',
      path: ['createApiConnector'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps the message of an unexpected failure in development', () => {
    expect(formatErrorFor('development')(formatted, crash).message).toBe(crash.message);
  });
});
