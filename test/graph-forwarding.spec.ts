import { CreateApiConnectorDocument } from './generated/graphql';
import { sendJson, startFakeGraph, type FakeGraph } from './support/fake-graph';
import { startStack, type TestStack } from './support/gateway';

const input = {
  displayName: 'Test API',
  targetUrl: 'https://someapi.com/api',
  authenticationConfiguration: { basic: { username: 'MyUsername', password: 'MyPassword' } },
};

const connectorJson = (authenticationConfiguration: unknown) => ({
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/apiConnectors/$entity',
  id: '45715bb8-13f9-4bf6-927f-ef96c102d394',
  displayName: 'Test API',
  targetUrl: 'https://someapi.com/api',
  authenticationConfiguration,
});

describe('forwarding to Microsoft Graph', () => {
  const fakes: FakeGraph[] = [];
  const stacks: TestStack[] = [];
  afterEach(async () => {
    await Promise.all([
      ...fakes.splice(0).map((fake) => fake.close()),
      ...stacks.splice(0).map((stack) => stack.close()),
    ]);
  });

  async function stackOver(graphBaseUrl: string, env: Record<string, string> = {}) {
    const stack = await startStack({ env: { GRAPH_BASE_URL: graphBaseUrl, ...env } });
    stacks.push(stack);
    return stack;
  }

  it('never lets the caller token follow a redirect to another host', async () => {
    // 127.0.0.1 and localhost are different hosts to the URL rules, and to the token check.
    const elsewhere = await startFakeGraph(
      (_request, response) => sendJson(response, 201, connectorJson(null)),
      'localhost',
    );
    fakes.push(elsewhere);
    const graph = await startFakeGraph((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/v1.0/identity/apiConnectors` });
      response.end();
    });
    fakes.push(graph);
    const stack = await stackOver(graph.url);

    const response = await stack.execute(CreateApiConnectorDocument, { input });

    expect(graph.requests).toHaveLength(1);
    expect(graph.requests[0].headers.authorization).toBe(`Bearer ${stack.token}`);
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0].headers.authorization).toBeUndefined();
    expect(response.body.data!.createApiConnector.id).toBe('45715bb8-13f9-4bf6-927f-ef96c102d394');
  });

  it('sends the token under a GRAPH_BASE_URL that has a path, and uses GRAPH_API_VERSION', async () => {
    const graph = await startFakeGraph((_request, response) =>
      sendJson(
        response,
        201,
        connectorJson({
          '@odata.type': '#microsoft.graph.basicAuthentication',
          username: 'MyUsername',
          password: '******',
        }),
      ),
    );
    fakes.push(graph);
    const stack = await stackOver(`${graph.url}/egress/graph`, { GRAPH_API_VERSION: 'beta' });

    const response = await stack.execute(CreateApiConnectorDocument, { input });

    expect(response.body.errors).toBeUndefined();
    expect(
      graph.requests.map((request) => [request.method, request.url, request.headers.authorization]),
    ).toEqual([['POST', '/egress/graph/beta/identity/apiConnectors', `Bearer ${stack.token}`]]);
  });

  it('returns "******" for a basic password whatever Graph answers', async () => {
    const graph = await startFakeGraph((_request, response) =>
      sendJson(
        response,
        201,
        connectorJson({
          '@odata.type': '#microsoft.graph.basicAuthentication',
          username: 'MyUsername',
          password: 'MyPassword',
        }),
      ),
    );
    fakes.push(graph);
    const stack = await stackOver(graph.url);

    const response = await stack.execute(CreateApiConnectorDocument, { input });

    expect(response.body.data!.createApiConnector.authenticationConfiguration).toEqual({
      __typename: 'BasicAuthentication',
      username: 'MyUsername',
      password: '******',
    });
    expect(response.text).not.toContain('MyPassword');
  });

  it('reports an authentication type it does not know as an error on that field, keeping the rest', async () => {
    const graph = await startFakeGraph((_request, response) =>
      sendJson(
        response,
        201,
        connectorJson({ '@odata.type': '#microsoft.graph.futureAuthentication', setting: 1 }),
      ),
    );
    fakes.push(graph);
    const stack = await stackOver(graph.url);

    const response = await stack.execute(CreateApiConnectorDocument, { input });

    expect(response.body.data).toEqual({
      createApiConnector: {
        id: '45715bb8-13f9-4bf6-927f-ef96c102d394',
        displayName: 'Test API',
        targetUrl: 'https://someapi.com/api',
        authenticationConfiguration: null,
      },
    });
    expect(response.body.errors).toEqual([
      {
        message:
          'Microsoft Graph returned an authentication configuration of type "#microsoft.graph.futureAuthentication", which this API does not support.',
        locations: [expect.any(Object)],
        path: ['createApiConnector', 'authenticationConfiguration'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', odataType: '#microsoft.graph.futureAuthentication' },
      },
    ]);
  });

  it('does not take a create answered with something other than a connector as done', async () => {
    const graph = await startFakeGraph((_request, response) => {
      response.writeHead(201, { 'content-type': 'text/html', 'request-id': 'r-1' });
      response.end('<html>captive portal</html>');
    });
    fakes.push(graph);
    const stack = await stackOver(graph.url);

    const response = await stack.execute(CreateApiConnectorDocument, { input });

    // The POST may have created the connector; the list that would find it is no better, so the
    // outcome is reported as unknown (see resilience.spec.ts for reconciliation that succeeds).
    expect(response.body.errors!.map((error) => [error.message, error.extensions])).toEqual([
      [
        'Microsoft Graph may or may not have carried out this change: check the API connectors before trying again.',
        {
          code: 'UPSTREAM_OUTCOME_UNKNOWN',
          candidates: null,
          graph: {
            status: null,
            code: null,
            message: null,
            requestId: 'r-1',
            clientRequestId: expect.any(String),
          },
        },
      ],
    ]);
    expect(graph.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });
});
