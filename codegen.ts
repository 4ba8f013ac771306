import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the operations in test/operations, generated from schema.graphql: what a frontend
 * does with this API, and what the tests use. `npm run codegen` writes them; `npm test` fails when
 * they are stale.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTimeISO: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
