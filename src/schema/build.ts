import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { lexicographicSortSchema, parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap } from 'type-graphql';
import type { GatewayContext } from './context';
import { resolveApiConnectorReference } from './connector.reference';
import { ApiConnectorResolver } from './connector.resolver';
import { validateArguments } from './validation';

/**
 * The GraphQL API as an Apollo Federation 2 subgraph, following type-graphql's federation pattern:
 * the classes are built into a schema, printed with their directives (@key, @oneOf), and that SDL is
 * what buildSubgraphSchema serves — and what schema.graphql holds, for `rover subgraph publish`.
 *
 * @oneOf (https://github.com/graphql/graphql-spec/pull/825): type-graphql cannot declare a OneOf input,
 * so classes carry @Directive("@oneOf"); graphql-js then builds the input as OneOf from the SDL and
 * enforces "exactly one field" itself, for literals and variables. Federation 2.14 does not know the
 * directive: it is declared below, linked, and kept through composition with @composeDirective
 * (without it composition drops @oneOf silently). Routers do not enforce it; this subgraph does.
 */
const FEDERATION_HEADER = `extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@composeDirective"])
  @link(url: "https://specs.graphql.org/oneOf/v1.0", import: ["@oneOf"])
  @composeDirective(name: "@oneOf")

directive @oneOf on INPUT_OBJECT
`;

export interface Subgraph {
  /** The executable schema: the API plus federation's _service and _entities. */
  schema: GraphQLSchema;
  /** The subgraph SDL: schema.graphql. */
  sdl: string;
}

export async function buildSubgraph(): Promise<Subgraph> {
  const classes = await buildSchema({
    resolvers: [ApiConnectorResolver],
    validateFn: validateArguments,
    // Federation's directives are declared by the header, not by type-graphql.
    skipCheck: true,
  });
  const sdl = `${FEDERATION_HEADER}\n${printSchemaWithDirectives(lexicographicSortSchema(classes))}\n`;
  const classResolvers = createResolversMap(classes);
  const resolvers = {
    ...classResolvers,
    IdentityApiConnector: {
      ...classResolvers.IdentityApiConnector,
      __resolveReference: resolveApiConnectorReference,
    },
  } as GraphQLResolverMap<GatewayContext>;
  return { schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]), sdl };
}
