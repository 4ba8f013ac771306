import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiConnector, NewApiConnector } from '../graph/connector.model';
import { CreateApiConnectorInput } from './connector.input';
import { IdentityApiConnector } from './connector.type';
import type { GatewayContext } from './context';

/** identity/apiConnectors as GraphQL: validate (declared on the inputs), call Graph, return. */
@Resolver(() => IdentityApiConnector)
export class ApiConnectorResolver {
  @Query(() => Boolean, {
    description: 'Always true: lets a client check that the API answers (Microsoft Graph is not called).',
  })
  ping(): boolean {
    return true;
  }

  @Mutation(() => IdentityApiConnector, {
    description:
      'Creates an API connector (POST /identity/apiConnectors). Needs a token with APIConnectors.ReadWrite.All.',
  })
  async createApiConnector(
    @Arg('input', () => CreateApiConnectorInput, { description: 'The new connector.' })
    input: CreateApiConnectorInput,
    @Ctx() context: GatewayContext,
  ): Promise<ApiConnector> {
    // graphql-js has enforced @oneOf: exactly one of basic / pkcs12Certificate is set.
    return (await context.connectors()).create(input as NewApiConnector);
  }
}
