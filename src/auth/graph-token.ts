import { unauthenticated } from '../errors';
import { bearerToken } from './bearer';

/**
 * Which token goes to Microsoft Graph for a caller. Resolvers never see tokens: the GraphQL context
 * asks this source once per request that calls Graph.
 */
export interface GraphTokenSource {
  /**
   * The Graph access token to use on behalf of the caller who sent this Authorization header.
   * Throws UNAUTHENTICATED (or FORBIDDEN) as a GraphQLError, before anything is sent upstream.
   */
  graphTokenFor(authorization: string | undefined): Promise<string>;
}

/** The caller already holds a Graph token: it is forwarded as is. */
export const passthroughTokenSource: GraphTokenSource = {
  async graphTokenFor(authorization) {
    const token = bearerToken(authorization);
    if (!token) {
      throw unauthenticated('This operation calls Microsoft Graph: send "Authorization: Bearer <access token>".');
    }
    return token;
  },
};
