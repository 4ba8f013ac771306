import { parseCreate, parseUpdate, parseUpload, renderConnector, type RequestBody } from './connector';
import { badRequest, GraphError, methodNotAllowed } from './errors';
import type { ConnectorStore, StoredConnector } from './store';
import { authorize } from './token';

/**
 * Graph's URL space for identity/apiConnectors, under both `/v1.0` and `/beta`. Segments match in any
 * case and a trailing slash is allowed, as Graph's docs spell them both ways.
 * https://learn.microsoft.com/graph/api/resources/identityapiconnector#methods
 */

export interface GraphRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  authorization: string | undefined;
  body: RequestBody;
}

/** What Graph answers: a status and, unless 204, a JSON body. */
export interface GraphResponse {
  status: number;
  body?: Record<string, unknown>;
}

export interface RouteContext {
  store: ConnectorStore;
  /** The emulator's origin, for the absolute URLs Graph returns (`@odata.context`, `@odata.nextLink`). */
  origin: string;
  /** Page size of a list without `$top`. */
  pageSize: number;
  now: Date;
}

const VERSIONS = ['v1.0', 'beta'];
/** Graph's largest `$top`. */
const MAX_TOP = 999;
/** Actions may be addressed by their short or namespace-qualified name. */
const UPLOAD_ACTIONS = ['uploadclientcertificate', 'microsoft.graph.uploadclientcertificate'];

/** Answers one Graph call; a GraphError thrown here becomes Graph's error body. */
export function handleGraphRequest(request: GraphRequest, context: RouteContext): GraphResponse {
  const [pathname, query = ''] = splitUrl(request.url);
  const segments = pathSegments(pathname);
  // Graph authenticates the caller before it resolves the URL: a bad token is a 401 on any path.
  const { tenant } = authorize(request.authorization, context.now);
  const version = segments[0]?.toLowerCase() ?? '';
  if (!VERSIONS.includes(version)) throw segmentNotFound(segments[0] ?? '');
  if (segments[1]?.toLowerCase() !== 'identity') throw segmentNotFound(segments[1] ?? '');
  if (segments[2]?.toLowerCase() !== 'apiconnectors') throw segmentNotFound(segments[2] ?? '');
  if (segments.length > 5) throw segmentNotFound(segments[5]);
  if (segments.length === 5 && !UPLOAD_ACTIONS.includes(segments[4].toLowerCase())) {
    throw segmentNotFound(segments[4]);
  }
  const root = `${context.origin}/${version}`;
  const operation = { request, context, tenant, root };
  if (segments.length === 3) {
    if (request.method === 'GET') return list(operation, new URLSearchParams(query));
    if (request.method === 'POST') return create(operation);
    throw methodNotAllowed('GET, POST');
  }
  const id = segments[3];
  if (segments.length === 5) {
    if (request.method === 'POST') return uploadClientCertificate(operation, id);
    throw methodNotAllowed('POST');
  }
  if (request.method === 'GET') return get(operation, id);
  if (request.method === 'PATCH') return update(operation, id);
  if (request.method === 'DELETE') return remove(operation, id);
  throw methodNotAllowed('GET, PATCH, DELETE');
}

interface Operation {
  request: GraphRequest;
  context: RouteContext;
  tenant: string;
  /** Graph root with the version the caller used, e.g. `http://127.0.0.1:4100/v1.0`. */
  root: string;
}

/**
 * Server-driven paging: a page of `$top` (or the default page size) and, when more remain, an absolute
 * `@odata.nextLink` carrying an opaque `$skiptoken` that the client follows as given.
 */
function list({ context, tenant, root }: Operation, params: URLSearchParams): GraphResponse {
  const topParam = params.get('$top');
  const top = topParam === null ? context.pageSize : parseTop(topParam);
  const skipToken = params.get('$skiptoken');
  const offset = skipToken === null ? 0 : decodeSkipToken(skipToken);
  const connectors = context.store.list(tenant);
  const page = connectors.slice(offset, offset + top);
  const body: Record<string, unknown> = { '@odata.context': `${root}/$metadata#identity/apiConnectors` };
  if (offset + top < connectors.length) {
    const topPart = topParam === null ? '' : `$top=${top}&`;
    body['@odata.nextLink'] =
      `${root}/identity/apiConnectors?${topPart}$skiptoken=${encodeSkipToken(offset + top)}`;
  }
  body.value = page.map((connector) => renderConnector(connector, context.now));
  return { status: 200, body };
}

/** 201 with the created entity; Graph assigns the id. */
function create({ request, context, tenant, root }: Operation): GraphResponse {
  const connector = context.store.create(tenant, parseCreate(request.body));
  return { status: 201, body: entity(root, connector, context.now) };
}

function get({ context, tenant, root }: Operation, id: string): GraphResponse {
  return { status: 200, body: entity(root, find(context, tenant, id), context.now) };
}

/** Partial update: 204 and no body, as Graph answers a PATCH. */
function update({ request, context, tenant }: Operation, id: string): GraphResponse {
  const changes = parseUpdate(request.body);
  Object.assign(find(context, tenant, id), changes);
  return { status: 204 };
}

function remove({ context, tenant }: Operation, id: string): GraphResponse {
  if (!context.store.delete(tenant, id)) throw resourceNotFound(id);
  return { status: 204 };
}

/**
 * Adds a certificate: a basic connector switches to certificate authentication with this one; a
 * certificate connector keeps its earlier certificates. 200 with the whole entity.
 */
function uploadClientCertificate({ request, context, tenant, root }: Operation, id: string): GraphResponse {
  const certificate = parseUpload(request.body);
  const connector = find(context, tenant, id);
  connector.authentication =
    connector.authentication.kind === 'certificate'
      ? { kind: 'certificate', certificates: [...connector.authentication.certificates, certificate] }
      : { kind: 'certificate', certificates: [certificate] };
  return { status: 200, body: entity(root, connector, context.now) };
}

function entity(root: string, connector: StoredConnector, now: Date): Record<string, unknown> {
  return {
    '@odata.context': `${root}/$metadata#identity/apiConnectors/$entity`,
    ...renderConnector(connector, now),
  };
}

function find(context: RouteContext, tenant: string, id: string): StoredConnector {
  const connector = context.store.get(tenant, id);
  if (!connector) throw resourceNotFound(id);
  return connector;
}

function parseTop(value: string): number {
  const top = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(top >= 1 && top <= MAX_TOP)) {
    throw badRequest(`Invalid value for query option '$top': an integer from 1 to ${MAX_TOP} is expected.`);
  }
  return top;
}

/** The skip token is opaque to clients; inside it is the position of the next page. */
function encodeSkipToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodeSkipToken(token: string): number {
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw badRequest("Invalid value for query option '$skiptoken'.");
  return Number(match[1]);
}

/** Path segments, percent-decoded, without the empty ones a leading or trailing slash leaves. */
function pathSegments(pathname: string): string[] {
  const segments = pathname.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  return segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      throw segmentNotFound(segment);
    }
  });
}

function splitUrl(url: string): [string, string?] {
  const index = url.indexOf('?');
  return index < 0 ? [url] : [url.slice(0, index), url.slice(index + 1)];
}

/** Graph's answer to a URL naming no resource it knows. */
function segmentNotFound(segment: string): GraphError {
  return badRequest(`Resource not found for the segment '${segment}'.`);
}

function resourceNotFound(id: string): GraphError {
  return new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}
