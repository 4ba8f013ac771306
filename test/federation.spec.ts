import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateApiConnectorDocument } from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';
import { makePfx } from './support/pfx';
import { startSupergraph, type Supergraph } from './support/supergraph';

const SDL = readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8');
const CANARY_PASSWORD = 'canary-password-e41f';
const MISSING_ID = '00000000-1111-4222-8333-444444444444';

describe('as a subgraph of a federated supergraph', () => {
  let stack: TestStack;
  let supergraph: Supergraph;
  let first: string;
  let second: string;

  beforeAll(async () => {
    stack = await startStack();
    const created = await Promise.all(
      ['Partner check', 'Invite code'].map((displayName) =>
        stack.execute(CreateApiConnectorDocument, {
          input: {
            displayName,
            targetUrl: 'https://someapi.com/api',
            authenticationConfiguration: { basic: { username: 'MyUsername', password: CANARY_PASSWORD } },
          },
        }),
      ),
    );
    [first, second] = created.map((response) => response.body.data!.createApiConnector.id);
    supergraph = await startSupergraph(stack.url, SDL, [
      { id: 'B2X_1_PartnerSignUp', connectorId: first },
      { id: 'B2X_1_PartnerSignUpAgain', connectorId: first },
      { id: 'B2X_1_InviteOnly', connectorId: second },
      { id: 'B2X_1_Deleted', connectorId: MISSING_ID },
      { id: 'B2X_1_Broken', connectorId: 'not-a-guid' },
      { id: 'B2X_1_Plain', connectorId: null },
    ]);
  });
  afterAll(async () => {
    await supergraph.close();
    await stack.close();
    expect(stack.logs.join('\n')).not.toContain(CANARY_PASSWORD);
  });
  beforeEach(() => (stack.emulator.requests.length = 0));

  async function viaRouter(body: unknown, token: string | null = stack.token) {
    const response = await fetch(supergraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) };
  }

  it('keeps @oneOf through composition', () => {
    expect(supergraph.supergraphSdl).toContain(
      '@link(url: "https://specs.graphql.org/oneOf/v1.0", import: ["@oneOf"])',
    );
    expect(supergraph.supergraphSdl).toMatch(
      /input AuthenticationConfigurationInput\s+@join__type\(graph: APICONNECTORS\)\s+@oneOf/,
    );
  });

  it('resolves connectors named by another subgraph through _entities, one Graph call per connector', async () => {
    const response = await viaRouter({
      query: `{ userFlows { id postAttributeCollection { id displayName authenticationConfiguration { ... on BasicAuthentication { username password } } } } }`,
    });

    const connector = (id: string, displayName: string) => ({
      id,
      displayName,
      authenticationConfiguration: { username: 'MyUsername', password: '******' },
    });
    expect(response.body.data).toEqual({
      userFlows: [
        { id: 'B2X_1_PartnerSignUp', postAttributeCollection: connector(first, 'Partner check') },
        { id: 'B2X_1_PartnerSignUpAgain', postAttributeCollection: connector(first, 'Partner check') },
        { id: 'B2X_1_InviteOnly', postAttributeCollection: connector(second, 'Invite code') },
        { id: 'B2X_1_Deleted', postAttributeCollection: null },
        { id: 'B2X_1_Broken', postAttributeCollection: null },
        { id: 'B2X_1_Plain', postAttributeCollection: null },
      ],
    });
    // A connector Graph does not know resolves to null, which the gateway notes (and nothing else).
    expect(response.body.errors).toBeUndefined();
    const calls = stack.emulator.requests.map((request) => `${request.method} ${request.path}`).sort();
    expect(calls).toEqual(
      [first, second, MISSING_ID].map((id) => `GET /v1.0/identity/apiConnectors/${id}`).sort(),
    );
    expect(
      stack.emulator.requests.every((request) => request.headers.authorization === `Bearer ${stack.token}`),
    ).toBe(true);
  });

  it.each(['basic', 'certificate'])(
    'runs createApiConnector with %s authentication through the router',
    async (kind) => {
      const pfx = makePfx({ password: CANARY_PASSWORD });
      const authenticationConfiguration =
        kind === 'basic'
          ? { basic: { username: 'MyUsername', password: CANARY_PASSWORD } }
          : { pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: CANARY_PASSWORD } };
      const response = await viaRouter({
        query: `mutation($input: CreateApiConnectorInput!) { createApiConnector(input: $input) { displayName authenticationConfiguration { __typename ... on ClientCertificateAuthentication { certificateList { thumbprint isActive } } } } }`,
        variables: {
          input: { displayName: 'Routed', targetUrl: 'https://someapi.com/api', authenticationConfiguration },
        },
      });

      expect(response.body).toEqual({
        data: {
          createApiConnector: {
            displayName: 'Routed',
            authenticationConfiguration:
              kind === 'basic'
                ? { __typename: 'BasicAuthentication' }
                : {
                    __typename: 'ClientCertificateAuthentication',
                    certificateList: [{ thumbprint: pfx.thumbprint, isActive: true }],
                  },
          },
        },
      });
      expect(stack.emulator.requests.map((request) => request.headers.authorization)).toEqual([
        `Bearer ${stack.token}`,
      ]);
      expect(response.text).not.toContain(CANARY_PASSWORD);
    },
  );

  it('still enforces @oneOf behind the router, and nothing echoes the secrets', async () => {
    const response = await viaRouter({
      query: `mutation($input: CreateApiConnectorInput!) { createApiConnector(input: $input) { id } }`,
      variables: {
        input: {
          displayName: 'Both',
          targetUrl: 'https://someapi.com/api',
          authenticationConfiguration: {
            basic: { username: 'MyUsername', password: CANARY_PASSWORD },
            pkcs12Certificate: { pkcs12Value: 'AAAA', password: CANARY_PASSWORD },
          },
        },
      },
    });

    // The subgraph answers 400 (invalid variables); the router passes its body on in extensions.response.
    expect(response.body.data).toBeNull();
    expect(response.body.errors).toEqual([
      {
        message: '400: Bad Request',
        extensions: {
          code: 'INTERNAL_SERVER_ERROR',
          response: {
            url: stack.url,
            status: 400,
            statusText: 'Bad Request',
            body: {
              errors: [
                {
                  message:
                    'Variable "$input" got invalid value at "input.authenticationConfiguration"; Exactly one key must be specified for OneOf type "AuthenticationConfigurationInput".',
                  locations: [{ line: 1, column: 10 }],
                  extensions: { code: 'BAD_USER_INPUT' },
                },
              ],
            },
          },
        },
      },
    ]);
    expect(response.text).not.toContain(CANARY_PASSWORD);
    expect(stack.emulator.requests).toHaveLength(0);
  });

  it('answers UNAUTHENTICATED through the router when the caller sends no token', async () => {
    const response = await viaRouter(
      { query: `{ userFlows { postAttributeCollection { displayName } } }` },
      null,
    );
    expect(
      response.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code),
    ).toContain('UNAUTHENTICATED');
    expect(stack.emulator.requests).toHaveLength(0);
  });
});

describe('federation entry points in production (introspection off)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => stack.close());

  it('answers _service { sdl } with the subgraph SDL', async () => {
    const response = await stack.post({ query: '{ _service { sdl } }' });
    const sdl = (response.body.data as { _service: { sdl: string } })._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.graphql.org/oneOf/v1.0", import: ["@oneOf"])');
    expect(sdl).toContain('@composeDirective(name: "@oneOf")');
    expect(sdl).toMatch(/type IdentityApiConnector\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/input AuthenticationConfigurationInput\s+@oneOf/);
  });

  it('resolves _entities representations', async () => {
    const created = await stack.execute(CreateApiConnectorDocument, {
      input: {
        displayName: 'Entity',
        targetUrl: 'https://someapi.com/api',
        authenticationConfiguration: { basic: { username: 'u', password: 'p' } },
      },
    });
    const id = created.body.data!.createApiConnector.id;
    const response = await stack.post(
      {
        query:
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on IdentityApiConnector { id displayName } } }',
        variables: { r: [{ __typename: 'IdentityApiConnector', id }] },
      },
      { authorization: `Bearer ${stack.token}` },
    );
    expect(response.body).toEqual({ data: { _entities: [{ id, displayName: 'Entity' }] } });
  });
});
