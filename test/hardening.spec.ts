import fc from 'fast-check';
import { serverAudits } from 'graphql-http';
import {
  CreateApiConnectorDocument,
  UpdateApiConnectorDocument,
  UploadApiConnectorClientCertificateDocument,
} from './generated/graphql';
import { startStack, type TestStack } from './support/gateway';

const CANARY = 'canary-password-f00d';

describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('passes every MUST audit of graphql-http', async () => {
    const results = await Promise.all(
      serverAudits({ url: stack.url, fetchFn: fetch }).map((audit) => audit.fn()),
    );
    const musts = results.filter((result) => result.name.startsWith('MUST'));
    expect(musts.filter((result) => result.status !== 'ok').map((result) => result.name)).toEqual([]);
    expect(musts).toHaveLength(13);
  });
});

describe('abusive documents and requests', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHQL_MAX_DEPTH: '3' } });
  });
  afterAll(() => stack.close());

  const errorsOf = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await stack.post(body, headers);
    return {
      status: response.status,
      errors: response.body.errors!.map((error) => [error.message, error.extensions?.code]),
    };
  };

  it('refuses a document deeper than GRAPHQL_MAX_DEPTH', async () => {
    expect(await errorsOf({ query: '{ apiConnectors { edges { node { id } } } }' })).toEqual({
      status: 400,
      errors: [['Syntax Error: Query depth limit of 3 exceeded, found 4.', 'GRAPHQL_VALIDATION_FAILED']],
    });
  });

  it('refuses more aliases than GRAPHQL_MAX_ALIASES', async () => {
    const aliases = Array.from(
      { length: 16 },
      (_, index) => `a${index}: apiConnector(id: "${index}") { id }`,
    ).join(' ');
    expect(await errorsOf({ query: `{ ${aliases} }` })).toEqual({
      status: 400,
      errors: [['Syntax Error: Aliases limit of 15 exceeded, found 16.', 'GRAPHQL_VALIDATION_FAILED']],
    });
  });

  it('refuses more directives than GRAPHQL_MAX_DIRECTIVES', async () => {
    const fragments = Array.from(
      { length: 11 },
      () => '... on Query @include(if: true) { __typename @skip(if: false) }',
    );
    expect(await errorsOf({ query: `{ ${fragments.join(' ')} }` })).toEqual({
      status: 400,
      errors: [['Syntax Error: Directives limit of 20 exceeded, found 22.', 'GRAPHQL_VALIDATION_FAILED']],
    });
  });

  it('refuses a document of more tokens than GRAPHQL_MAX_TOKENS before validating it', async () => {
    const fields = Array.from({ length: 2000 }, () => '__typename').join(' ');
    const result = await errorsOf({ query: `{ ${fields} }` });
    expect(result).toEqual({
      status: 400,
      errors: [
        ['Syntax Error: Document contains more that 2000 tokens. Parsing aborted.', 'GRAPHQL_PARSE_FAILED'],
      ],
    });
  });

  it('refuses batched operations', async () => {
    const response = await stack.post([{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(response.status).toBe(400);
    expect(response.text).toContain('Operation batching disabled.');
  });

  it('refuses a body that is not UTF-8 JSON, and a content type it does not read', async () => {
    const notUtf8 = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(notUtf8.status).toBe(400);
    const xml = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<query/>',
    });
    expect(xml.status).toBe(415);
    expect(await xml.json()).toEqual({
      errors: [
        {
          message: 'Unsupported Media Type',
          extensions: { code: 'BAD_REQUEST', reason: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' },
        },
      ],
    });
  });

  it('suggests field names in development only', async () => {
    const development = await errorsOf({ query: '{ apiConector(id: "x") { id } }' });
    expect(development.errors[0][0]).toBe(
      'Cannot query field "apiConector" on type "Query". Did you mean "apiConnector" or "apiConnectors"?',
    );
    const production = await startStack({ env: { NODE_ENV: 'production' } });
    try {
      const response = await production.post({ query: '{ apiConector(id: "x") { id } }' });
      expect(response.body.errors!.map((error) => error.message)).toEqual([
        'Cannot query field "apiConector" on type "Query".',
      ]);
    } finally {
      await production.close();
    }
  });
});

describe('hostile variables at every mutation (property-based)', () => {
  let stack: TestStack;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    stack = await startStack();
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await stack.close();
    expect(unhandled).toEqual([]);
    expect(stack.logs.join('\n')).not.toContain(CANARY);
  });

  // Anything JSON can carry, with the canary planted wherever a string goes.
  const hostile = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(CANARY),
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      tie('object'),
    ),
    object: fc.dictionary(
      fc.constantFrom(
        'displayName',
        'targetUrl',
        'authenticationConfiguration',
        'basic',
        'pkcs12Certificate',
        'username',
        'password',
        'pkcs12Value',
        '__proto__',
        'constructor',
        'x',
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  })).value;

  const mutations = [
    [CreateApiConnectorDocument, (input: unknown) => ({ input })],
    [UpdateApiConnectorDocument, (input: unknown) => ({ id: '00000000-1111-4222-8333-444444444444', input })],
    [UploadApiConnectorClientCertificateDocument, (input: unknown) => ({ id: 'x', input })],
  ] as const;

  it.each(
    mutations.map(
      ([document, variables]) =>
        [
          document.definitions[0].kind === 'OperationDefinition' ? document.definitions[0].name!.value : '',
          document,
          variables,
        ] as const,
    ),
  )(
    '%s answers every input with a GraphQL response, no 5xx and no echoed secret',
    async (_name, document, variables) => {
      await fc.assert(
        fc.asyncProperty(hostile, async (input) => {
          const response = await stack.execute(document as never, variables(input) as never);
          expect(response.status).toBeLessThan(500);
          expect(response.body.errors ?? response.body.data).toBeDefined();
          expect(response.text).not.toContain(CANARY);
        }),
        { numRuns: 150, seed: 20261126 },
      );
    },
  );
});
