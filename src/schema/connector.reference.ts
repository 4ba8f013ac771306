import type { ApiConnector } from '../graph/connector.model';
import { GUID } from './connector.args';
import type { GatewayContext } from './context';

/**
 * IdentityApiConnector as a federation entity (`@key(fields: "id")`): another subgraph names a
 * connector by id and the router asks this one for its fields through `_entities`. One Graph call per
 * distinct connector of a request (the context's loader), never one per field; an id that is not a
 * GUID, or that Graph does not know, resolves to null.
 */
export async function resolveApiConnectorReference(
  reference: { id: string },
  context: GatewayContext,
): Promise<ApiConnector | null> {
  if (typeof reference.id !== 'string' || !GUID.test(reference.id)) return null;
  return context.connectorById.load(reference.id);
}
