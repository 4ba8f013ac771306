import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { QueryLimits } from './config';

/**
 * Bounds on the work one GraphQL document can ask for, with graphql-armor
 * (https://escape.tech/graphql-armor/docs): depth, aliases, directives, tokens and a static cost.
 * Each rejection is a 400 with a GraphQL error that names the limit (GRAPHQL_PARSE_FAILED for tokens,
 * GRAPHQL_VALIDATION_FAILED for the others). Introspection is measured like any other query except for
 * depth, which its nested `ofType` needs. Field suggestions are hidden by Apollo Server's own option
 * (hideSchemaDetailsFromClientErrors), not here.
 */
export function queryLimits(limits: QueryLimits) {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // Tokens are bounded by graphql-js's own parser option (parseOptions below): armor's plugin
    // answers an over-long document with a 500.
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.maxCost },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.maxTokens } };
}
