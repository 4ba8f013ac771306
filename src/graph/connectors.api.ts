import { Client, GraphRequest, ResponseType } from '@microsoft/microsoft-graph-client';
import type { GraphQLError } from 'graphql';
import type { RequestLogger } from '../logger';
import { UpstreamCall } from './upstream-call';
import { holdsCertificate, isAmbiguous, matchingConnectors, outcomeUnknown } from './reconcile';
import type {
  ApiConnector,
  ApiConnectorChanges,
  ApiConnectorPage,
  AuthenticationConfiguration,
  AuthenticationConfigurationInput,
  NewApiConnector,
  Pkcs12CertificateInformation,
  Pkcs12CertificateUpload,
} from './connector.model';
import {
  fromGraphResponse,
  fromTransportFailure,
  unexpectedGraphAnswer,
  type GraphCorrelation,
} from './errors';

/** One answered Graph call, for the request's access log line. */
export interface GraphCallRecord {
  operation: string;
  status: number;
  /** Graph's `request-id`: what Microsoft support asks for. */
  requestId: string | null;
  clientRequestId: string;
  durationMs: number;
}

/**
 * identity/apiConnectors over HTTP: one method per Graph operation, and the mapping between Graph's
 * JSON and the model. https://learn.microsoft.com/graph/api/resources/identityapiconnector
 * One instance per GraphQL request, bound to the caller's Graph token.
 *
 * Every answered call is appended to `calls` (the server logs them on the request's one access line);
 * a failed call is also logged at once, as a warning.
 */
export class ConnectorsApi {
  constructor(
    private readonly client: Client,
    private readonly accessToken: string,
    private readonly timeoutMs: number,
    private readonly logger: RequestLogger,
    private readonly calls: GraphCallRecord[] = [],
  ) {}

  /** GET /identity/apiConnectors?$top=N[&$skiptoken=...] -> 200 with `value` and maybe `@odata.nextLink`. */
  async list(top: number, skipToken?: string): Promise<ApiConnectorPage> {
    const answer = await this.send('list', (request) => {
      request.top(top);
      // The Graph client joins query values as given: the token is encoded here.
      if (skipToken !== undefined) request.query({ $skiptoken: encodeURIComponent(skipToken) });
      return request.get();
    });
    const json = answer.json as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
    if (!Array.isArray(json?.value))
      throw unexpectedGraphAnswer('the list has no value array', answer.correlation);
    return {
      connectors: json.value.map((item) => toConnector({ json: item, correlation: answer.correlation })),
      nextSkipToken: skipTokenOf(json['@odata.nextLink'], answer.correlation),
    };
  }

  /** GET /identity/apiConnectors/{id} -> 200, or null when Graph answers 404. */
  async get(id: string): Promise<ApiConnector | null> {
    const answer = await this.send('get', (request) => request.get(), [], connectorPath(id), {
      notFoundIsNull: true,
    });
    return answer === null ? null : toConnector(answer);
  }

  /** POST /identity/apiConnectors -> 201 + the connector. */
  async create(connector: NewApiConnector): Promise<ApiConnector> {
    const body = {
      displayName: connector.displayName,
      targetUrl: connector.targetUrl,
      authenticationConfiguration: toGraphAuthentication(connector.authenticationConfiguration),
    };
    try {
      const answer = await this.send(
        'create',
        (request) => request.post(body),
        secretsOf(connector.authenticationConfiguration),
      );
      return toConnector(answer);
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      return this.reconcileCreate(connector, error);
    }
  }

  /** PATCH /identity/apiConnectors/{id} (partial) -> 204. */
  async update(id: string, changes: ApiConnectorChanges): Promise<void> {
    const body: Record<string, unknown> = {};
    if (changes.displayName !== undefined) body.displayName = changes.displayName;
    if (changes.targetUrl !== undefined) body.targetUrl = changes.targetUrl;
    if (changes.authenticationConfiguration !== undefined) {
      body.authenticationConfiguration = toGraphAuthentication(changes.authenticationConfiguration);
    }
    const secrets = changes.authenticationConfiguration ? secretsOf(changes.authenticationConfiguration) : [];
    await this.send('update', (request) => request.patch(body), secrets, connectorPath(id));
  }

  /** DELETE /identity/apiConnectors/{id} -> 204. */
  async delete(id: string): Promise<void> {
    await this.send('delete', (request) => request.delete(), [], connectorPath(id));
  }

  /** POST /identity/apiConnectors/{id}/uploadClientCertificate -> 200 + the whole connector. */
  async uploadClientCertificate(id: string, certificate: Pkcs12CertificateUpload): Promise<ApiConnector> {
    const body = { pkcs12Value: certificate.pkcs12Value, password: certificate.password };
    try {
      const answer = await this.send(
        'uploadClientCertificate',
        (request) => request.post(body),
        [certificate.pkcs12Value, certificate.password],
        `${connectorPath(id)}/uploadClientCertificate`,
      );
      return toConnector(answer);
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const connector = await this.get(id).catch(() => null);
      if (connector && holdsCertificate(connector, certificate.pkcs12Value, certificate.password)) {
        this.logger.warn({ graph: error.extensions.graph, id }, 'ambiguous certificate upload reconciled');
        return connector;
      }
      throw outcomeUnknown(error, connector ? [connector.id] : null);
    }
  }

  /** See reconcile.ts: after an ambiguous create, the one matching connector or UPSTREAM_OUTCOME_UNKNOWN. */
  private async reconcileCreate(connector: NewApiConnector, cause: GraphQLError): Promise<ApiConnector> {
    let all: ApiConnector[];
    try {
      all = await this.listAll();
    } catch {
      throw outcomeUnknown(cause, null);
    }
    const matches = matchingConnectors(all, connector);
    if (matches.length !== 1)
      throw outcomeUnknown(
        cause,
        matches.map((match) => match.id),
      );
    this.logger.warn({ graph: cause.extensions.graph, id: matches[0].id }, 'ambiguous create reconciled');
    return matches[0];
  }

  /** Every connector of the tenant, a bounded number of pages. */
  private async listAll(): Promise<ApiConnector[]> {
    const connectors: ApiConnector[] = [];
    let skipToken: string | undefined;
    for (let page = 0; page < RECONCILE_MAX_PAGES; page++) {
      const result = await this.list(RECONCILE_PAGE_SIZE, skipToken);
      connectors.push(...result.connectors);
      if (result.nextSkipToken === null) return connectors;
      skipToken = result.nextSkipToken;
    }
    throw new Error('too many connectors to reconcile');
  }

  private async send(
    operation: string,
    perform: (request: GraphRequest) => Promise<Response>,
    secrets?: readonly string[],
    path?: string,
  ): Promise<GraphAnswer>;
  private async send(
    operation: string,
    perform: (request: GraphRequest) => Promise<Response>,
    secrets: readonly string[],
    path: string,
    options: { notFoundIsNull: true },
  ): Promise<GraphAnswer | null>;
  private async send(
    operation: string,
    perform: (request: GraphRequest) => Promise<Response>,
    secrets: readonly string[] = [],
    path = CONNECTORS_PATH,
    options: { notFoundIsNull?: boolean } = {},
  ): Promise<GraphAnswer | null> {
    const call = new UpstreamCall(this.accessToken, this.timeoutMs);
    const request = this.client
      .api(path)
      .responseType(ResponseType.RAW)
      .option('signal', call.signal)
      .middlewareOptions([call]);
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await perform(request);
      text = await response.text();
    } catch (error) {
      const failure = fromTransportFailure(
        error,
        { requestId: null, clientRequestId: call.clientRequestId },
        this.timeoutMs,
      );
      this.logFailure(operation, failure, started);
      throw failure;
    } finally {
      call.finish();
    }
    const correlation = {
      requestId: response.headers.get('request-id'),
      clientRequestId: call.clientRequestId,
    };
    const notFoundIsNull = response.status === 404 && options.notFoundIsNull;
    if (!response.ok && !notFoundIsNull) {
      const failure = fromGraphResponse(response.status, response.headers, text, correlation, secrets);
      this.logFailure(operation, failure, started);
      throw failure;
    }
    this.calls.push({ operation, status: response.status, ...correlation, durationMs: elapsed(started) });
    if (notFoundIsNull) return null;
    if (text === '') return { json: undefined, correlation };
    try {
      return { json: JSON.parse(text), correlation };
    } catch {
      throw unexpectedGraphAnswer('the body is not JSON', correlation);
    }
  }

  private logFailure(operation: string, error: GraphQLError, started: number): void {
    this.logger.warn(
      {
        graph: { operation, ...(error.extensions.graph as object) },
        code: error.extensions.code,
        durationMs: elapsed(started),
      },
      'graph call failed',
    );
  }
}

const CONNECTORS_PATH = '/identity/apiConnectors';
/** Reconciliation reads at most 50 pages of 100 connectors: far more than a tenant configures. */
const RECONCILE_PAGE_SIZE = 100;
const RECONCILE_MAX_PAGES = 50;

/** Ids are checked to be GUIDs before any call; encoding keeps the path intact whatever happens. */
function connectorPath(id: string): string {
  return `${CONNECTORS_PATH}/${encodeURIComponent(id)}`;
}

interface GraphAnswer {
  json: unknown;
  correlation: GraphCorrelation;
}

/**
 * Graph pages with an absolute `@odata.nextLink` "to follow as given". This service keeps only its
 * `$skiptoken`: the next page is always asked of the configured Graph root, at identity/apiConnectors,
 * so nothing a client or an upstream sends can make it fetch another URL.
 */
function skipTokenOf(nextLink: unknown, correlation: GraphCorrelation): string | null {
  if (nextLink === undefined || nextLink === null) return null;
  let url: URL;
  try {
    url = new URL(String(nextLink));
  } catch {
    throw unexpectedGraphAnswer('@odata.nextLink is not a URL', correlation);
  }
  const skipToken = url.searchParams.get('$skiptoken');
  if (!/\/identity\/apiConnectors\/?$/i.test(url.pathname) || !skipToken) {
    throw unexpectedGraphAnswer('@odata.nextLink does not continue identity/apiConnectors', correlation);
  }
  return skipToken;
}

function toConnector({ json, correlation }: GraphAnswer): ApiConnector {
  if (!isConnectorJson(json))
    throw unexpectedGraphAnswer('the body is not an identityApiConnector', correlation);
  return {
    id: json.id,
    displayName: json.displayName,
    targetUrl: json.targetUrl,
    authenticationConfiguration: fromGraphAuthentication(json.authenticationConfiguration),
  };
}

function isConnectorJson(json: unknown): json is GraphApiConnector {
  const value = json as GraphApiConnector | null;
  return (
    typeof value?.id === 'string' &&
    typeof value.displayName === 'string' &&
    typeof value.targetUrl === 'string'
  );
}

/** Graph's JSON for identityApiConnector (responses). */
interface GraphApiConnector {
  id: string;
  displayName: string;
  targetUrl: string;
  authenticationConfiguration?: GraphAuthentication | null;
}

type GraphAuthentication = {
  '@odata.type'?: string;
  username?: string;
  password?: string;
  certificateList?: GraphCertificate[];
};

type GraphCertificate = {
  thumbprint: string;
  notBefore: number | null;
  notAfter: number | null;
  isActive: boolean;
};

/** Requests use pkcs12Certificate; responses answer with clientCertificateAuthentication. */
function toGraphAuthentication(input: AuthenticationConfigurationInput): Record<string, string> {
  if (input.basic) {
    return { '@odata.type': '#microsoft.graph.basicAuthentication', ...input.basic };
  }
  return { '@odata.type': '#microsoft.graph.pkcs12Certificate', ...input.pkcs12Certificate };
}

const MASKED_PASSWORD = '******';

function fromGraphAuthentication(
  json: GraphAuthentication | null | undefined,
): AuthenticationConfiguration | null {
  if (!json) return null;
  const odataType = (json['@odata.type'] ?? '').replace(/^#/, '');
  switch (odataType) {
    case 'microsoft.graph.basicAuthentication':
      // Graph masks the password; the constant makes sure no secret is ever passed on, whatever comes back.
      return { kind: 'basic', username: json.username ?? '', password: MASKED_PASSWORD };
    case 'microsoft.graph.clientCertificateAuthentication':
      return {
        kind: 'clientCertificate',
        certificateList: Array.isArray(json.certificateList)
          ? json.certificateList.map(fromGraphCertificate)
          : [],
      };
    default:
      return { kind: 'unknown', odataType: json['@odata.type'] ?? '(none)' };
  }
}

/** Graph sends notBefore/notAfter as Int64 seconds since the Unix epoch. */
function fromGraphCertificate(json: GraphCertificate): Pkcs12CertificateInformation {
  return {
    thumbprint: json.thumbprint,
    notBefore: json.notBefore == null ? null : new Date(json.notBefore * 1000),
    notAfter: json.notAfter == null ? null : new Date(json.notAfter * 1000),
    isActive: json.isActive,
  };
}

function secretsOf(input: AuthenticationConfigurationInput): string[] {
  return input.basic
    ? [input.basic.password]
    : [input.pkcs12Certificate.pkcs12Value, input.pkcs12Certificate.password];
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
