import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import { readPkcs12 } from '../pkcs12/read';
import type { ApiConnector, NewApiConnector } from './connector.model';

/**
 * Writes that end ambiguously. A POST answered 500/502/504, or not answered at all (timeout, reset,
 * lost response), may have been carried out by Graph — so it is never repeated blindly. Instead the
 * gateway looks at what Graph now holds (reference/graph-api-connectors.md, "Throttling and retries"):
 * - create: the connectors with the same displayName, targetUrl and credentials (username, or the
 *   certificate's thumbprint). Exactly one: it is the answer (either this request made it, or it
 *   already existed and this request made nothing). None or several: UPSTREAM_OUTCOME_UNKNOWN with
 *   the candidate ids, and the caller decides.
 * - uploadClientCertificate: the connector holds the certificate's thumbprint: it is the answer;
 *   otherwise UPSTREAM_OUTCOME_UNKNOWN.
 * Graph's directory is eventually consistent: a connector created a moment ago may not be listed yet,
 * which is why "none found" is reported as unknown rather than as "not created".
 */
const AMBIGUOUS_STATUSES = new Set([500, 502, 504]);

/** Did this failure of a write leave its outcome unknown? */
export function isAmbiguous(error: unknown): error is GraphQLError {
  if (!(error instanceof GraphQLError) || error.extensions.code !== ErrorCode.UPSTREAM_UNAVAILABLE)
    return false;
  const status = (error.extensions.graph as { status: number | null } | undefined)?.status;
  return status === null || status === undefined || AMBIGUOUS_STATUSES.has(status);
}

/** The connectors that a create of `connector` would have made. */
export function matchingConnectors(candidates: ApiConnector[], connector: NewApiConnector): ApiConnector[] {
  const { basic, pkcs12Certificate } = connector.authenticationConfiguration;
  const thumbprint = pkcs12Certificate
    ? readPkcs12(pkcs12Certificate.pkcs12Value, pkcs12Certificate.password).thumbprint
    : undefined;
  return candidates.filter((candidate) => {
    if (candidate.displayName !== connector.displayName || candidate.targetUrl !== connector.targetUrl)
      return false;
    const auth = candidate.authenticationConfiguration;
    if (basic) return auth?.kind === 'basic' && auth.username === basic.username;
    return (
      auth?.kind === 'clientCertificate' &&
      auth.certificateList.some((cert) => cert.thumbprint === thumbprint)
    );
  });
}

/** Does the connector hold the certificate of this PFX? */
export function holdsCertificate(connector: ApiConnector, pkcs12Value: string, password: string): boolean {
  const { thumbprint } = readPkcs12(pkcs12Value, password);
  const auth = connector.authenticationConfiguration;
  return (
    auth?.kind === 'clientCertificate' && auth.certificateList.some((cert) => cert.thumbprint === thumbprint)
  );
}

export function outcomeUnknown(cause: GraphQLError, candidates: string[] | null): GraphQLError {
  return new GraphQLError(
    'Microsoft Graph may or may not have carried out this change: check the API connectors before trying again.',
    {
      extensions: {
        code: ErrorCode.UPSTREAM_OUTCOME_UNKNOWN,
        graph: cause.extensions.graph,
        /** Connectors that match the request, when they could be listed. */
        candidates,
      },
    },
  );
}
