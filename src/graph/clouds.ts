/**
 * The national clouds in which Microsoft Graph runs: the one table every other module reads.
 * https://learn.microsoft.com/graph/deployments#microsoft-graph-and-graph-explorer-service-root-endpoints
 */
export const CLOUD_NAMES = ['global', 'usgov', 'usgovdod', 'china'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface Cloud {
  /** Root of Microsoft Graph in this cloud, without the version segment. */
  graphRoot: string;
  /** Microsoft Entra login host (authority) for this cloud. */
  loginHost: string;
  /** Scope an application asks for to call Graph in this cloud. */
  graphScope: string;
}

export const CLOUDS: Readonly<Record<CloudName, Cloud>> = {
  global: {
    graphRoot: 'https://graph.microsoft.com',
    loginHost: 'https://login.microsoftonline.com',
    graphScope: 'https://graph.microsoft.com/.default',
  },
  usgov: {
    graphRoot: 'https://graph.microsoft.us',
    loginHost: 'https://login.microsoftonline.us',
    graphScope: 'https://graph.microsoft.us/.default',
  },
  usgovdod: {
    graphRoot: 'https://dod-graph.microsoft.us',
    loginHost: 'https://login.microsoftonline.us',
    graphScope: 'https://dod-graph.microsoft.us/.default',
  },
  china: {
    graphRoot: 'https://microsoftgraph.chinacloudapi.cn',
    loginHost: 'https://login.chinacloudapi.cn',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
};

export const GRAPH_API_VERSIONS = ['v1.0', 'beta'] as const;
export type GraphApiVersion = (typeof GRAPH_API_VERSIONS)[number];

/** Microsoft Graph's application id: a token whose `aud` is this id is a Graph token in every cloud. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The permission every identity/apiConnectors operation needs, delegated (`scp`) or application (`roles`). */
export const API_CONNECTORS_PERMISSION = 'APIConnectors.ReadWrite.All';
