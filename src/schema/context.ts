import type DataLoader from 'dataloader';
import type { ApiConnector } from '../graph/connector.model';
import type { ConnectorsApi } from '../graph/connectors.api';
import type { RequestLogger } from '../logger';

/** What every resolver receives for one GraphQL request. */
export interface GatewayContext {
  /**
   * identity/apiConnectors on behalf of the caller. Throws UNAUTHENTICATED, before any upstream call,
   * when the request carries no bearer token.
   */
  connectors(): Promise<ConnectorsApi>;
  /** Connectors by id, each fetched once per request whatever asks for it (federation entities). */
  connectorById: DataLoader<string, ApiConnector | null>;
  logger: RequestLogger;
}
