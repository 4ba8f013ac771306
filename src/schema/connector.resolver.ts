import { Args, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiConnector, ApiConnectorChanges, NewApiConnector } from '../graph/connector.model';
import { notFound } from '../errors';
import {
  ApiConnectorIdArgs,
  ApiConnectorsArgs,
  CreateApiConnectorArgs,
  UpdateApiConnectorArgs,
  UploadApiConnectorClientCertificateArgs,
} from './connector.args';
import { IdentityApiConnector, IdentityApiConnectorConnection } from './connector.type';
import type { GatewayContext } from './context';
import { decodeCursor, encodeCursor } from './cursor';

/**
 * identity/apiConnectors as GraphQL: validate (declared on the argument classes), call Graph, return.
 * Every operation needs a token granting APIConnectors.ReadWrite.All, reads included.
 * Mutations answer with the connector as it now is (deleteApiConnector: with the id it removed).
 */
@Resolver(() => IdentityApiConnector)
export class ApiConnectorResolver {
  @Query(() => IdentityApiConnectorConnection, {
    description: 'The API connectors of the tenant, a page at a time (GET /identity/apiConnectors).',
  })
  async apiConnectors(
    @Args() { first, after }: ApiConnectorsArgs,
    @Ctx() context: GatewayContext,
  ): Promise<IdentityApiConnectorConnection> {
    const skipToken = after ? decodeCursor(after) : undefined;
    const page = await (await context.connectors()).list(first, skipToken);
    return {
      edges: page.connectors.map((node) => ({ node })),
      pageInfo: {
        hasNextPage: page.nextSkipToken !== null,
        endCursor: page.nextSkipToken === null ? null : encodeCursor(page.nextSkipToken),
      },
    } as IdentityApiConnectorConnection;
  }

  @Query(() => IdentityApiConnector, {
    nullable: true,
    description:
      'One API connector, or null when there is none with this id (GET /identity/apiConnectors/{id}).',
  })
  async apiConnector(
    @Args() { id }: ApiConnectorIdArgs,
    @Ctx() context: GatewayContext,
  ): Promise<ApiConnector | null> {
    return (await context.connectors()).get(id);
  }

  @Mutation(() => IdentityApiConnector, {
    description: 'Creates an API connector (POST /identity/apiConnectors).',
  })
  async createApiConnector(
    @Args() { input }: CreateApiConnectorArgs,
    @Ctx() context: GatewayContext,
  ): Promise<ApiConnector> {
    // graphql-js has enforced @oneOf: exactly one of basic / pkcs12Certificate is set.
    return (await context.connectors()).create(input as NewApiConnector);
  }

  @Mutation(() => IdentityApiConnector, {
    description:
      'Changes an API connector (PATCH /identity/apiConnectors/{id}) and answers with it as it now is. A new authenticationConfiguration replaces the current one.',
  })
  async updateApiConnector(
    @Args() { id, input }: UpdateApiConnectorArgs,
    @Ctx() context: GatewayContext,
  ): Promise<ApiConnector> {
    const connectors = await context.connectors();
    await connectors.update(id, input as ApiConnectorChanges);
    // Graph answers the PATCH with 204 and no body: read the connector back.
    const updated = await connectors.get(id);
    if (!updated) throw notFound(`API connector ${id} was deleted while it was being updated.`);
    return updated;
  }

  @Mutation(() => IdentityApiConnector, {
    description:
      'Adds a client certificate to an API connector (POST /identity/apiConnectors/{id}/uploadClientCertificate). The newest currently valid certificate becomes the active one; a basic-authentication connector switches to certificate authentication.',
  })
  async uploadApiConnectorClientCertificate(
    @Args() { id, input }: UploadApiConnectorClientCertificateArgs,
    @Ctx() context: GatewayContext,
  ): Promise<ApiConnector> {
    return (await context.connectors()).uploadClientCertificate(id, input);
  }

  @Mutation(() => ID, {
    description:
      'Deletes an API connector (DELETE /identity/apiConnectors/{id}) and answers with its id. A connector that does not exist is a NOT_FOUND error.',
  })
  async deleteApiConnector(
    @Args() { id }: ApiConnectorIdArgs,
    @Ctx() context: GatewayContext,
  ): Promise<string> {
    await (await context.connectors()).delete(id);
    return id;
  }
}
