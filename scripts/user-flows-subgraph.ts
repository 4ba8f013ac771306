import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'graphql';

/**
 * `npm run example:user-flows -- --connector <id> [--connector <id> ...] [--port 4001]`: the example
 * userFlows subgraph, with one user flow per connector id given, for trying a router locally.
 */
const { values } = parseArgs({
  options: {
    connector: { type: 'string', multiple: true, default: [] },
    port: { type: 'string', default: '4001' },
  },
});
const flows = values.connector!.map((connectorId, index) => ({
  id: `B2X_1_Example${index + 1}`,
  connectorId,
}));
const typeDefs = parse(
  readFileSync(join(__dirname, '..', '..', 'examples', 'user-flows.subgraph.graphql'), 'utf8'),
);

async function main(): Promise<void> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema([
      {
        typeDefs,
        resolvers: {
          Query: { userFlows: () => flows },
          B2xIdentityUserFlow: {
            postAttributeCollection: (flow: { connectorId: string }) => ({ id: flow.connectorId }),
          },
        },
      },
    ]),
  });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(values.port) } });
  console.log(`userFlows subgraph at ${url} with ${flows.length} user flow(s)`);
}

void main();
