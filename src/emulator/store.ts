import { randomUUID } from 'node:crypto';

/**
 * The emulator's directory: identityApiConnector objects in memory, one partition per tenant, since a
 * Graph token only ever reaches the objects of the tenant it was issued for.
 */

/** A certificate uploaded to a connector, as Graph describes it (the PFX itself is not kept). */
export interface StoredCertificate {
  thumbprint: string;
  notBefore: Date;
  notAfter: Date;
}

/**
 * How Graph authenticates to the connector's API. Graph keeps the basic password to call that API;
 * the emulator calls nothing, so it never keeps a secret it could leak.
 */
export type ConnectorAuthentication =
  | { kind: 'basic'; username: string }
  | { kind: 'certificate'; certificates: StoredCertificate[] /* in upload order */ };

export interface StoredConnector {
  id: string;
  displayName: string;
  targetUrl: string;
  authentication: ConnectorAuthentication;
}

export class ConnectorStore {
  private readonly tenants = new Map<string, Map<string, StoredConnector>>();

  /** The tenant's connectors in creation order, so that paging by position is stable. */
  list(tenant: string): StoredConnector[] {
    return [...this.partition(tenant).values()];
  }

  /** Graph ids are GUIDs, which Graph matches regardless of case. */
  get(tenant: string, id: string): StoredConnector | undefined {
    return this.partition(tenant).get(id.toLowerCase());
  }

  create(tenant: string, fields: Omit<StoredConnector, 'id'>): StoredConnector {
    const connector = { id: randomUUID(), ...fields };
    this.partition(tenant).set(connector.id, connector);
    return connector;
  }

  delete(tenant: string, id: string): boolean {
    return this.partition(tenant).delete(id.toLowerCase());
  }

  clear(): void {
    this.tenants.clear();
  }

  private partition(tenant: string): Map<string, StoredConnector> {
    let connectors = this.tenants.get(tenant);
    if (!connectors) {
      connectors = new Map();
      this.tenants.set(tenant, connectors);
    }
    return connectors;
  }
}
