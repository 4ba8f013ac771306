import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'graphql';

/**
 * A real federated setup around the service: the example userFlows subgraph, composition with
 * @apollo/composition, and @apollo/gateway routing requests to both subgraphs over HTTP.
 */
export const USER_FLOWS_SDL = readFileSync(
  join(__dirname, '..', '..', 'examples', 'user-flows.subgraph.graphql'),
  'utf8',
);

export interface Supergraph {
  /** The gateway's GraphQL endpoint. */
  url: string;
  supergraphSdl: string;
  close(): Promise<void>;
}

/** userFlows answers the given flows, each naming a connector id (or none). */
export async function startSupergraph(
  apiConnectorsUrl: string,
  apiConnectorsSdl: string,
  flows: Array<{ id: string; connectorId: string | null }>,
): Promise<Supergraph> {
  const userFlows = new ApolloServer({
    schema: buildSubgraphSchema([
      {
        typeDefs: parse(USER_FLOWS_SDL),
        resolvers: {
          Query: { userFlows: () => flows },
          B2xIdentityUserFlow: {
            postAttributeCollection: (flow: { connectorId: string | null }) =>
              flow.connectorId === null ? null : { __typename: 'IdentityApiConnector', id: flow.connectorId },
          },
        },
      },
    ]),
  });
  const userFlowsServer = await startStandaloneServer(userFlows, { listen: { host: '127.0.0.1', port: 0 } });

  const composition = composeServices([
    { name: 'apiConnectors', typeDefs: parse(apiConnectorsSdl), url: apiConnectorsUrl },
    { name: 'userFlows', typeDefs: parse(USER_FLOWS_SDL), url: userFlowsServer.url },
  ]);
  if (composition.errors) throw new Error(composition.errors.map((error) => error.message).join('\n'));
  const supergraphSdl = composition.supergraphSdl;

  const gateway = new ApolloServer<{ authorization?: string }>({
    gateway: new ApolloGateway({
      supergraphSdl,
      // The router propagates the caller's Authorization header to the subgraphs.
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<{ authorization?: string }>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http!.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
  const gatewayServer = await startStandaloneServer(gateway, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });

  return {
    url: gatewayServer.url,
    supergraphSdl,
    async close() {
      await gateway.stop();
      await userFlows.stop();
    },
  };
}
