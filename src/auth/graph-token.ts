import { requireBearerToken } from './bearer';

/**
 * Which token goes to Microsoft Graph for a caller. Resolvers never see tokens: the GraphQL context
 * asks this source once per request that calls Graph. createGraphTokenSource (./index.ts) builds the
 * one AUTH_MODE asks for.
 */
export interface GraphTokenSource {
  /**
   * The Graph access token to use on behalf of the caller who sent this Authorization header.
   * Throws a GraphQLError (UNAUTHENTICATED, FORBIDDEN or UPSTREAM_UNAVAILABLE, with
   * `extensions.reason`, see ./errors.ts) before anything is sent upstream.
   */
  graphTokenFor(authorization: string | undefined): Promise<string>;
  /** Releases what the source holds (a Redis connection); the process calls it on shutdown. */
  close?(): Promise<void>;
}

/** The caller already holds a Graph token: it is forwarded as is, without local checks. */
export const passthroughTokenSource: GraphTokenSource = {
  async graphTokenFor(authorization) {
    return requireBearerToken(authorization);
  },
};
