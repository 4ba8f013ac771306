import { composeServices } from '@apollo/composition';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'graphql';

/**
 * `npm run supergraph`: composes schema.graphql with the example userFlows subgraph into a supergraph
 * file for a local router (Apollo Router: `router --supergraph supergraph.graphql`).
 *   --api-connectors URL   this service (default http://localhost:4000/graphql)
 *   --user-flows URL       the example subgraph, `npm run example:user-flows` (default http://localhost:4001/graphql)
 *   --out FILE             default supergraph.graphql
 */
const root = join(__dirname, '..', '..');
const { values } = parseArgs({
  options: {
    'api-connectors': { type: 'string', default: 'http://localhost:4000/graphql' },
    'user-flows': { type: 'string', default: 'http://localhost:4001/graphql' },
    out: { type: 'string', default: join(root, 'supergraph.graphql') },
  },
});

const result = composeServices([
  {
    name: 'apiConnectors',
    url: values['api-connectors'],
    typeDefs: parse(readFileSync(join(root, 'schema.graphql'), 'utf8')),
  },
  {
    name: 'userFlows',
    url: values['user-flows'],
    typeDefs: parse(readFileSync(join(root, 'examples', 'user-flows.subgraph.graphql'), 'utf8')),
  },
]);
if (result.errors) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
writeFileSync(values.out!, result.supergraphSdl);
console.log(`wrote ${values.out}`);
