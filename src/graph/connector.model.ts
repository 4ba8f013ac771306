/**
 * Microsoft Graph's identityApiConnector as this service works with it, told apart from Graph's JSON
 * (`@odata.type` discriminators, epoch-second dates) which only connectors.api.ts reads and writes.
 * https://learn.microsoft.com/graph/api/resources/identityapiconnector
 */
export interface ApiConnector {
  id: string;
  displayName: string;
  targetUrl: string;
  authenticationConfiguration: AuthenticationConfiguration | null;
}

export type AuthenticationConfiguration =
  BasicAuthentication | ClientCertificateAuthentication | UnknownAuthentication;

export interface BasicAuthentication {
  kind: 'basic';
  username: string;
  /** Graph never returns the secret: this is always "******". */
  password: string;
}

export interface ClientCertificateAuthentication {
  kind: 'clientCertificate';
  certificateList: Pkcs12CertificateInformation[];
}

/** A configuration type Graph added after this service was written: reported, not hidden. */
export interface UnknownAuthentication {
  kind: 'unknown';
  odataType: string;
}

export interface Pkcs12CertificateInformation {
  thumbprint: string;
  notBefore: Date | null;
  notAfter: Date | null;
  isActive: boolean;
}

/** What a caller may set on create; secrets travel only upstream. */
export interface NewApiConnector {
  displayName: string;
  targetUrl: string;
  authenticationConfiguration: AuthenticationConfigurationInput;
}

export type AuthenticationConfigurationInput =
  | { basic: { username: string; password: string }; pkcs12Certificate?: undefined }
  | { pkcs12Certificate: { pkcs12Value: string; password: string }; basic?: undefined };

/** What a caller may change: every field optional; a new configuration replaces the old one whole. */
export interface ApiConnectorChanges {
  displayName?: string;
  targetUrl?: string;
  authenticationConfiguration?: AuthenticationConfigurationInput;
}

export interface Pkcs12CertificateUpload {
  pkcs12Value: string;
  password: string;
}

/** One page of connectors, and where the next one starts (Graph's `$skiptoken`), if there is one. */
export interface ApiConnectorPage {
  connectors: ApiConnector[];
  nextSkipToken: string | null;
}
