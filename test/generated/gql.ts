/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "fragment ApiConnectorFields on IdentityApiConnector {\n  id\n  displayName\n  targetUrl\n  authenticationConfiguration {\n    __typename\n    ... on BasicAuthentication {\n      username\n      password\n    }\n    ... on ClientCertificateAuthentication {\n      certificateList {\n        thumbprint\n        notBefore\n        notAfter\n        isActive\n      }\n    }\n  }\n}": typeof types.ApiConnectorFieldsFragmentDoc,
    "mutation CreateApiConnector($input: CreateApiConnectorInput!) {\n  createApiConnector(input: $input) {\n    ...ApiConnectorFields\n  }\n}": typeof types.CreateApiConnectorDocument,
    "mutation DeleteApiConnector($id: ID!) {\n  deleteApiConnector(id: $id)\n}": typeof types.DeleteApiConnectorDocument,
    "query GetApiConnector($id: ID!) {\n  apiConnector(id: $id) {\n    ...ApiConnectorFields\n  }\n}": typeof types.GetApiConnectorDocument,
    "query ListApiConnectors($first: Int, $after: String) {\n  apiConnectors(first: $first, after: $after) {\n    edges {\n      node {\n        ...ApiConnectorFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": typeof types.ListApiConnectorsDocument,
    "mutation UpdateApiConnector($id: ID!, $input: UpdateApiConnectorInput!) {\n  updateApiConnector(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}": typeof types.UpdateApiConnectorDocument,
    "mutation UploadApiConnectorClientCertificate($id: ID!, $input: Pkcs12CertificateInput!) {\n  uploadApiConnectorClientCertificate(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}": typeof types.UploadApiConnectorClientCertificateDocument,
};
const documents: Documents = {
    "fragment ApiConnectorFields on IdentityApiConnector {\n  id\n  displayName\n  targetUrl\n  authenticationConfiguration {\n    __typename\n    ... on BasicAuthentication {\n      username\n      password\n    }\n    ... on ClientCertificateAuthentication {\n      certificateList {\n        thumbprint\n        notBefore\n        notAfter\n        isActive\n      }\n    }\n  }\n}": types.ApiConnectorFieldsFragmentDoc,
    "mutation CreateApiConnector($input: CreateApiConnectorInput!) {\n  createApiConnector(input: $input) {\n    ...ApiConnectorFields\n  }\n}": types.CreateApiConnectorDocument,
    "mutation DeleteApiConnector($id: ID!) {\n  deleteApiConnector(id: $id)\n}": types.DeleteApiConnectorDocument,
    "query GetApiConnector($id: ID!) {\n  apiConnector(id: $id) {\n    ...ApiConnectorFields\n  }\n}": types.GetApiConnectorDocument,
    "query ListApiConnectors($first: Int, $after: String) {\n  apiConnectors(first: $first, after: $after) {\n    edges {\n      node {\n        ...ApiConnectorFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}": types.ListApiConnectorsDocument,
    "mutation UpdateApiConnector($id: ID!, $input: UpdateApiConnectorInput!) {\n  updateApiConnector(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}": types.UpdateApiConnectorDocument,
    "mutation UploadApiConnectorClientCertificate($id: ID!, $input: Pkcs12CertificateInput!) {\n  uploadApiConnectorClientCertificate(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}": types.UploadApiConnectorClientCertificateDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment ApiConnectorFields on IdentityApiConnector {\n  id\n  displayName\n  targetUrl\n  authenticationConfiguration {\n    __typename\n    ... on BasicAuthentication {\n      username\n      password\n    }\n    ... on ClientCertificateAuthentication {\n      certificateList {\n        thumbprint\n        notBefore\n        notAfter\n        isActive\n      }\n    }\n  }\n}"): (typeof documents)["fragment ApiConnectorFields on IdentityApiConnector {\n  id\n  displayName\n  targetUrl\n  authenticationConfiguration {\n    __typename\n    ... on BasicAuthentication {\n      username\n      password\n    }\n    ... on ClientCertificateAuthentication {\n      certificateList {\n        thumbprint\n        notBefore\n        notAfter\n        isActive\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateApiConnector($input: CreateApiConnectorInput!) {\n  createApiConnector(input: $input) {\n    ...ApiConnectorFields\n  }\n}"): (typeof documents)["mutation CreateApiConnector($input: CreateApiConnectorInput!) {\n  createApiConnector(input: $input) {\n    ...ApiConnectorFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteApiConnector($id: ID!) {\n  deleteApiConnector(id: $id)\n}"): (typeof documents)["mutation DeleteApiConnector($id: ID!) {\n  deleteApiConnector(id: $id)\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query GetApiConnector($id: ID!) {\n  apiConnector(id: $id) {\n    ...ApiConnectorFields\n  }\n}"): (typeof documents)["query GetApiConnector($id: ID!) {\n  apiConnector(id: $id) {\n    ...ApiConnectorFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ListApiConnectors($first: Int, $after: String) {\n  apiConnectors(first: $first, after: $after) {\n    edges {\n      node {\n        ...ApiConnectorFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"): (typeof documents)["query ListApiConnectors($first: Int, $after: String) {\n  apiConnectors(first: $first, after: $after) {\n    edges {\n      node {\n        ...ApiConnectorFields\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateApiConnector($id: ID!, $input: UpdateApiConnectorInput!) {\n  updateApiConnector(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}"): (typeof documents)["mutation UpdateApiConnector($id: ID!, $input: UpdateApiConnectorInput!) {\n  updateApiConnector(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UploadApiConnectorClientCertificate($id: ID!, $input: Pkcs12CertificateInput!) {\n  uploadApiConnectorClientCertificate(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}"): (typeof documents)["mutation UploadApiConnectorClientCertificate($id: ID!, $input: Pkcs12CertificateInput!) {\n  uploadApiConnectorClientCertificate(id: $id, input: $input) {\n    ...ApiConnectorFields\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;