import type { ConnectorsApi } from '../graph/connectors.api';
import type { RequestLogger } from '../logger';

/** What every resolver receives for one GraphQL request. */
export interface GatewayContext {
  /**
   * identity/apiConnectors on behalf of the caller. Throws UNAUTHENTICATED, before any upstream call,
   * when the request carries no bearer token.
   */
  connectors(): Promise<ConnectorsApi>;
  logger: RequestLogger;
}
