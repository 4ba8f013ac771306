import { MapperKind, mapSchema, getDirective } from '@graphql-tools/utils';
import { GraphQLInputObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ApiConnectorResolver } from './connector.resolver';
import { validateArguments } from './validation';

/**
 * The executable GraphQL schema, built from the type-graphql classes. type-graphql cannot declare a
 * OneOf input (https://github.com/graphql/graphql-spec/pull/825): classes carry @Directive("@oneOf") and
 * the built schema is rewritten so that graphql-js enforces "exactly one field" itself, for literals
 * and variables alike.
 */
export async function buildGatewaySchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [ApiConnectorResolver],
    validateFn: validateArguments,
  });
  return applyOneOf(schema);
}

function applyOneOf(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.INPUT_OBJECT_TYPE]: (type) =>
      getDirective(schema, type, 'oneOf')?.length
        ? new GraphQLInputObjectType({ ...type.toConfig(), isOneOf: true })
        : type,
  });
}

/** schema.graphql: the contract clients generate code from, sorted so that diffs stay small. */
export function printGatewaySchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema));
}
