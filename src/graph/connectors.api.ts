import { Client, GraphRequest, ResponseType } from '@microsoft/microsoft-graph-client';
import type { GraphQLError } from 'graphql';
import type { RequestLogger } from '../logger';
import { UpstreamCall } from './client';
import type {
  ApiConnector,
  AuthenticationConfiguration,
  AuthenticationConfigurationInput,
  NewApiConnector,
  Pkcs12CertificateInformation,
} from './connector.model';
import {
  fromGraphResponse,
  fromTransportFailure,
  unexpectedGraphAnswer,
  type GraphCorrelation,
} from './errors';

/**
 * identity/apiConnectors over HTTP: one method per Graph operation, and the mapping between Graph's
 * JSON and the model. https://learn.microsoft.com/graph/api/resources/identityapiconnector
 * One instance per GraphQL request, bound to the caller's Graph token.
 */
export class ConnectorsApi {
  constructor(
    private readonly client: Client,
    private readonly accessToken: string,
    private readonly timeoutMs: number,
    private readonly logger: RequestLogger,
  ) {}

  /** POST /identity/apiConnectors -> 201 + the connector. */
  async create(connector: NewApiConnector): Promise<ApiConnector> {
    const body = {
      displayName: connector.displayName,
      targetUrl: connector.targetUrl,
      authenticationConfiguration: toGraphAuthentication(connector.authenticationConfiguration),
    };
    const answer = await this.send(
      'create',
      (request) => request.post(body),
      secretsOf(connector.authenticationConfiguration),
    );
    return toConnector(answer);
  }

  private async send(
    operation: string,
    perform: (request: GraphRequest) => Promise<Response>,
    secrets: readonly string[],
    path = '/identity/apiConnectors',
  ): Promise<GraphAnswer> {
    const call = new UpstreamCall(this.accessToken, this.timeoutMs);
    const request = this.client
      .api(path)
      .responseType(ResponseType.RAW)
      .option('signal', call.signal)
      .middlewareOptions(call.middlewareOptions());
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
      this.logUpstream(operation, failure, started);
      throw failure;
    }
    const correlation = {
      requestId: response.headers.get('request-id'),
      clientRequestId: call.clientRequestId,
    };
    if (!response.ok) {
      const failure = fromGraphResponse(response.status, response.headers, text, correlation, secrets);
      this.logUpstream(operation, failure, started);
      throw failure;
    }
    this.logger.info(
      { graph: { operation, status: response.status, ...correlation }, durationMs: elapsed(started) },
      'graph call',
    );
    if (text === '') return { json: undefined, correlation };
    try {
      return { json: JSON.parse(text), correlation };
    } catch {
      throw unexpectedGraphAnswer('the body is not JSON', correlation);
    }
  }

  private logUpstream(operation: string, error: GraphQLError, started: number): void {
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

interface GraphAnswer {
  json: unknown;
  correlation: GraphCorrelation;
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
  certificateList?: Array<{
    thumbprint: string;
    notBefore: number | null;
    notAfter: number | null;
    isActive: boolean;
  }>;
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
        certificateList: (json.certificateList ?? []).map(fromGraphCertificate),
      };
    default:
      return { kind: 'unknown', odataType: json['@odata.type'] ?? '(none)' };
  }
}

/** Graph sends notBefore/notAfter as Int64 seconds since the Unix epoch. */
function fromGraphCertificate(
  json: NonNullable<GraphAuthentication['certificateList']>[number],
): Pkcs12CertificateInformation {
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
