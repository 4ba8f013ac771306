/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** How Entra authenticates to the API. Set exactly one of the fields. */
export type AuthenticationConfigurationInput =
  {   /** HTTP basic authentication. */
  basic: BasicAuthenticationInput; pkcs12Certificate?: never; }
  |  { basic?: never;   /** Client certificate authentication with a PKCS#12 file. */
  pkcs12Certificate: Pkcs12CertificateInput; };

/** Username and password that Entra sends to the API with HTTP basic authentication. */
export type BasicAuthenticationInput = {
  /** The password the API expects. Write-only: it is never returned. */
  password: string;
  /** The username the API expects. */
  username: string;
};

/** A new API connector. */
export type CreateApiConnectorInput = {
  /** How Entra authenticates to the API. */
  authenticationConfiguration: AuthenticationConfigurationInput;
  /** Name shown for the connector in the Entra admin center (at most 256 characters). */
  displayName: string;
  /** The absolute https URL of the API to call (at most 2048 characters). */
  targetUrl: string;
};

/** A client certificate with its private key, as a PKCS#12 (.pfx) file. */
export type Pkcs12CertificateInput = {
  /** The password that opens the PKCS#12 file (empty for a file without one). Write-only. */
  password: string;
  /** The PKCS#12 (.pfx) file, base64-encoded (at most 64 KiB decoded). Both the OpenSSL 3 default (AES-256) and the legacy 3DES/RC2 encryption are accepted. Write-only. */
  pkcs12Value: string;
};

export type CreateApiConnectorMutationVariables = Exact<{
  input: CreateApiConnectorInput;
}>;


export type CreateApiConnectorMutation = { createApiConnector: { id: string, displayName: string, targetUrl: string, authenticationConfiguration:
      | { __typename: 'BasicAuthentication', username: string, password: string }
      | { __typename: 'ClientCertificateAuthentication', certificateList: Array<{ thumbprint: string, notBefore: string | null, notAfter: string | null, isActive: boolean }> }
     | null } };


export const CreateApiConnectorDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiConnector"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiConnectorInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiConnector"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"targetUrl"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationConfiguration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"BasicAuthentication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"password"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ClientCertificateAuthentication"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"certificateList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"thumbprint"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"notAfter"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiConnectorMutation, CreateApiConnectorMutationVariables>;