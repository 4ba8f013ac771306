/**
 * The operation Apollo Sandbox opens with in development: the basic-authentication request of
 * Graph's "Create identityApiConnector" page, as GraphQL.
 */
export const sandboxExample = {
  document: `mutation CreateApiConnector($input: CreateApiConnectorInput!) {
  createApiConnector(input: $input) {
    id
    displayName
    targetUrl
    authenticationConfiguration {
      __typename
      ... on BasicAuthentication {
        username
        password
      }
      ... on ClientCertificateAuthentication {
        certificateList {
          thumbprint
          notBefore
          notAfter
          isActive
        }
      }
    }
  }
}
`,
  variables: {
    input: {
      displayName: 'Test API',
      targetUrl: 'https://someapi.com/api',
      authenticationConfiguration: { basic: { username: 'MyUsername', password: 'MyPassword' } },
    },
  },
};
