import { GraphQLError } from 'graphql';
import { createUnionType, Directive, Field, ID, ObjectType } from 'type-graphql';
import { ErrorCode } from '../errors';
import type { AuthenticationConfiguration as AuthenticationConfigurationModel } from '../graph/connector.model';

/**
 * The GraphQL output types: Microsoft Graph's identityApiConnector and its authentication
 * configurations, with Graph's field names. Resolvers return the model objects of graph/connector.model.ts.
 */

@ObjectType({
  description: 'Username and password that Entra sends to the API with HTTP basic authentication.',
})
export class BasicAuthentication {
  @Field({ description: 'The username the API expects.' })
  username!: string;

  @Field({ description: 'Always "******": Microsoft Graph never returns the password once it is set.' })
  password!: string;
}

@ObjectType({ description: 'One client certificate uploaded for the connector (from a PKCS#12 file).' })
export class Pkcs12CertificateInformation {
  @Field({ description: 'SHA-1 thumbprint of the certificate: 40 upper-case hexadecimal digits.' })
  thumbprint!: string;

  @Field(() => Date, { nullable: true, description: 'Start of the validity period (ISO-8601, UTC).' })
  notBefore!: Date | null;

  @Field(() => Date, { nullable: true, description: 'End of the validity period (ISO-8601, UTC).' })
  notAfter!: Date | null;

  @Field({
    description:
      'Whether Entra presents this certificate to the API. Only the most recently uploaded certificate that is currently valid is active.',
  })
  isActive!: boolean;
}

@ObjectType({ description: 'Entra authenticates to the API with a client certificate (mutual TLS).' })
export class ClientCertificateAuthentication {
  @Field(() => [Pkcs12CertificateInformation], {
    description: 'Every certificate uploaded for the connector, active or not.',
  })
  certificateList!: Pkcs12CertificateInformation[];
}

export const AuthenticationConfiguration = createUnionType({
  name: 'AuthenticationConfiguration',
  description: 'How Entra authenticates to the API: basic authentication or a client certificate.',
  types: () => [BasicAuthentication, ClientCertificateAuthentication] as const,
  resolveType: (source) => {
    const value = source as unknown as AuthenticationConfigurationModel;
    switch (value.kind) {
      case 'basic':
        return BasicAuthentication;
      case 'clientCertificate':
        return ClientCertificateAuthentication;
      default:
        // A type Graph added later: say so rather than answer a silent null.
        throw new GraphQLError(
          `Microsoft Graph returned an authentication configuration of type "${value.odataType}", which this API does not support.`,
          { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, odataType: value.odataType } },
        );
    }
  },
});

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'An API connector: a web API that Entra External ID / Azure AD B2C user flows call during sign-up (Microsoft Graph identityApiConnector).',
})
export class IdentityApiConnector {
  @Field(() => ID, { description: 'Identifier assigned by Microsoft Graph (a GUID).' })
  id!: string;

  @Field({ description: 'Name shown for the connector in the Entra admin center.' })
  displayName!: string;

  @Field({ description: 'The https URL of the API that the user flow calls.' })
  targetUrl!: string;

  @Field(() => AuthenticationConfiguration, {
    nullable: true,
    description: 'How Entra authenticates to the API. Secrets are never returned.',
  })
  authenticationConfiguration!: typeof AuthenticationConfiguration | null;
}

@ObjectType({ description: 'A connector in a list.' })
export class IdentityApiConnectorEdge {
  @Field(() => IdentityApiConnector, { description: 'The connector.' })
  node!: IdentityApiConnector;
}

@ObjectType({ description: 'Where a list page stands (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether more connectors follow this page.' })
  hasNextPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` to get the next page; null on the last page. Opaque: do not parse it.',
  })
  endCursor!: string | null;
}

@ObjectType({
  description:
    'A page of API connectors. Microsoft Graph pages on its side, so a page resumes only from pageInfo.endCursor.',
})
export class IdentityApiConnectorConnection {
  @Field(() => [IdentityApiConnectorEdge], { description: "The connectors of this page, in Graph's order." })
  edges!: IdentityApiConnectorEdge[];

  @Field(() => PageInfo, { description: 'Whether there is a next page, and its cursor.' })
  pageInfo!: PageInfo;
}
