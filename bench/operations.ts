/**
 * The payloads of the bench, each as the REST call a client of Graph makes (direct, naive and lean
 * proxy) and as the GraphQL operation that does the same through the gateway. The GraphQL selections
 * ask for every field the REST answer carries.
 */
export const PAYLOADS = ['basic-create', 'certificate-create', 'get', 'list', 'typename'] as const;
/**
 * `{ __typename }`: answered by the gateway alone (gateways only). What its HTTP + GraphQL stack costs
 * a request with no upstream call: a floor under every other payload.
 */
export const GATEWAY_ONLY_PAYLOADS: readonly Payload[] = ['typename'];
export type Payload = (typeof PAYLOADS)[number];

/** What one run sends again and again. */
export interface HttpCall {
  method: 'GET' | 'POST';
  /** Path and query, from the server's origin. */
  path: string;
  body?: string;
}

export interface PayloadInputs {
  /** A connector that exists in the emulator (for get). */
  connectorId: string;
  /** A base64 PFX and its password (for certificate create). */
  pfx: { pkcs12Value: string; password: string };
}

/** Page size of list, the same on both sides. */
export const LIST_PAGE_SIZE = 25;

const FIELDS = `fragment ApiConnectorFields on IdentityApiConnector {
  id
  displayName
  targetUrl
  authenticationConfiguration {
    __typename
    ... on BasicAuthentication { username password }
    ... on ClientCertificateAuthentication { certificateList { thumbprint notBefore notAfter isActive } }
  }
}`;

const CREATE = `mutation CreateApiConnector($input: CreateApiConnectorInput!) {
  createApiConnector(input: $input) { ...ApiConnectorFields }
}
${FIELDS}`;
const GET = `query GetApiConnector($id: ID!) {
  apiConnector(id: $id) { ...ApiConnectorFields }
}
${FIELDS}`;
const LIST = `query ListApiConnectors($first: Int) {
  apiConnectors(first: $first) { edges { node { ...ApiConnectorFields } } pageInfo { hasNextPage endCursor } }
}
${FIELDS}`;
/** Answered by the gateway alone: no Graph call, no token needed. */
export const TYPENAME_PROBE = JSON.stringify({ query: '{ __typename }' });

const DISPLAY_NAME = 'Bench API';
const TARGET_URL = 'https://api.contoso.com/bench';
const BASIC = { username: 'bench-user', password: 'bench-password' };

/** Graph's JSON for a new connector. */
function graphConnector(displayName: string, authenticationConfiguration: object): string {
  return JSON.stringify({ displayName, targetUrl: TARGET_URL, authenticationConfiguration });
}

const GRAPH_BASIC = { '@odata.type': '#microsoft.graph.basicAuthentication', ...BASIC };

export function restCall(payload: Payload, inputs: PayloadInputs): HttpCall {
  const collection = '/v1.0/identity/apiConnectors';
  switch (payload) {
    case 'basic-create':
      return { method: 'POST', path: collection, body: graphConnector(DISPLAY_NAME, GRAPH_BASIC) };
    case 'certificate-create':
      return {
        method: 'POST',
        path: collection,
        body: graphConnector(DISPLAY_NAME, {
          '@odata.type': '#microsoft.graph.pkcs12Certificate',
          ...inputs.pfx,
        }),
      };
    case 'get':
      return { method: 'GET', path: `${collection}/${inputs.connectorId}` };
    case 'list':
      return { method: 'GET', path: `${collection}?$top=${LIST_PAGE_SIZE}` };
    case 'typename':
      throw new Error('typename is answered by a gateway alone: it has no REST call');
  }
}

export function graphqlCall(payload: Payload, inputs: PayloadInputs): HttpCall {
  const post = (query: string, variables: object): HttpCall => ({
    method: 'POST',
    path: '/graphql',
    body: JSON.stringify({ query, variables }),
  });
  const create = (authenticationConfiguration: object) => ({
    displayName: DISPLAY_NAME,
    targetUrl: TARGET_URL,
    authenticationConfiguration,
  });
  switch (payload) {
    case 'basic-create':
      return post(CREATE, { input: create({ basic: BASIC }) });
    case 'certificate-create':
      return post(CREATE, { input: create({ pkcs12Certificate: inputs.pfx }) });
    case 'get':
      return post(GET, { id: inputs.connectorId });
    case 'list':
      return post(LIST, { first: LIST_PAGE_SIZE });
    case 'typename':
      return { method: 'POST', path: '/graphql', body: TYPENAME_PROBE };
  }
}

/** The body of a basic create, for seeding the emulator. */
export function seedConnectorBody(index: number): string {
  return graphConnector(`${DISPLAY_NAME} ${index}`, GRAPH_BASIC);
}
