import { Pkcs12Error, readPkcs12 } from '../pkcs12/read';
import { badRequest } from './errors';
import type { ConnectorAuthentication, StoredCertificate, StoredConnector } from './store';

/**
 * identityApiConnector's JSON in both directions: request bodies checked the way Graph checks them
 * (400 `BadRequest`, with messages that name the property and never quote its value), and the entity
 * rendered the way Graph returns it (write-only secrets never come back).
 * https://learn.microsoft.com/graph/api/resources/identityapiconnector
 */

/** A request body as the server received it: absent, JSON, or bytes that are not UTF-8 JSON. */
export type RequestBody = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'malformed' };

export type ConnectorFields = Omit<StoredConnector, 'id'>;

const CONNECTOR_TYPE = 'microsoft.graph.identityApiConnector';
const BASIC_TYPE = 'microsoft.graph.basicAuthentication';
const PKCS12_TYPE = 'microsoft.graph.pkcs12Certificate';
const CERTIFICATE_RESPONSE_TYPE = 'microsoft.graph.clientCertificateAuthentication';

/** Graph masks the basic password in every response. */
const MASKED_PASSWORD = '******';

/** POST /identity/apiConnectors: displayName, targetUrl and authenticationConfiguration are required. */
export function parseCreate(body: RequestBody): ConnectorFields {
  const object = requireObject(body);
  checkProperties(
    object,
    ['id', 'displayName', 'targetUrl', 'authenticationConfiguration'],
    CONNECTOR_TYPE,
    '',
  );
  return {
    displayName: requireString(object, 'displayName', ''),
    targetUrl: requireString(object, 'targetUrl', ''),
    authentication: parseAuthentication(required(object, 'authenticationConfiguration', '')),
  };
}

/**
 * PATCH /identity/apiConnectors/{id}: only the properties sent change, and `authenticationConfiguration`
 * replaces the whole configuration (how a connector switches from basic to certificate).
 * `id` is read-only: Graph ignores it in a body, as it does on create.
 */
export function parseUpdate(body: RequestBody): Partial<ConnectorFields> {
  const object = requireObject(body);
  checkProperties(
    object,
    ['id', 'displayName', 'targetUrl', 'authenticationConfiguration'],
    CONNECTOR_TYPE,
    '',
  );
  const update: Partial<ConnectorFields> = {};
  if ('displayName' in object) update.displayName = requireString(object, 'displayName', '');
  if ('targetUrl' in object) update.targetUrl = requireString(object, 'targetUrl', '');
  if ('authenticationConfiguration' in object) {
    update.authentication = parseAuthentication(object.authenticationConfiguration);
  }
  return update;
}

/** POST /identity/apiConnectors/{id}/uploadClientCertificate: `{pkcs12Value, password}`. */
export function parseUpload(body: RequestBody): StoredCertificate {
  const object = requireObject(body);
  checkProperties(object, ['pkcs12Value', 'password'], 'uploadClientCertificate', '');
  return readCertificate(object, '');
}

/**
 * The entity as Graph returns it. Among the certificates valid at `now` (notBefore <= now < notAfter)
 * only the most recently uploaded is active; older, expired and not-yet-valid ones stay listed inactive.
 */
export function renderConnector(connector: StoredConnector, now: Date): Record<string, unknown> {
  return {
    id: connector.id,
    displayName: connector.displayName,
    targetUrl: connector.targetUrl,
    authenticationConfiguration: renderAuthentication(connector.authentication, now),
  };
}

function renderAuthentication(authentication: ConnectorAuthentication, now: Date): Record<string, unknown> {
  if (authentication.kind === 'basic') {
    return { '@odata.type': `#${BASIC_TYPE}`, username: authentication.username, password: MASKED_PASSWORD };
  }
  const time = now.getTime();
  const active = authentication.certificates.findLastIndex(
    (certificate) => certificate.notBefore.getTime() <= time && time < certificate.notAfter.getTime(),
  );
  return {
    '@odata.type': `#${CERTIFICATE_RESPONSE_TYPE}`,
    certificateList: authentication.certificates.map((certificate, index) => ({
      thumbprint: certificate.thumbprint,
      // Int64 seconds since the Unix epoch, as Graph's pkcs12CertificateInformation defines them.
      notBefore: Math.floor(certificate.notBefore.getTime() / 1000),
      notAfter: Math.floor(certificate.notAfter.getTime() / 1000),
      isActive: index === active,
    })),
  };
}

/**
 * The request side of the polymorphic configuration, told apart by `@odata.type`; Graph's docs show the
 * type both with and without the leading `#`, and both are accepted.
 */
function parseAuthentication(value: unknown): ConnectorAuthentication {
  const path = 'authenticationConfiguration.';
  if (!isObject(value)) throw badRequest("The property 'authenticationConfiguration' must be an object.");
  const type = value['@odata.type'];
  const name = typeof type === 'string' ? type.replace(/^#/, '') : undefined;
  if (name === BASIC_TYPE) {
    checkProperties(value, ['username', 'password'], BASIC_TYPE, path);
    requireString(value, 'password', path);
    return { kind: 'basic', username: requireString(value, 'username', path) };
  }
  if (name === PKCS12_TYPE) {
    checkProperties(value, ['pkcs12Value', 'password'], PKCS12_TYPE, path);
    return { kind: 'certificate', certificates: [readCertificate(value, path)] };
  }
  throw badRequest(
    `The property 'authenticationConfiguration' needs an '@odata.type' of #${BASIC_TYPE} or #${PKCS12_TYPE}.`,
  );
}

/** Opens the PFX as Graph does on upload; the password may be empty, for a PFX without one. */
function readCertificate(object: Record<string, unknown>, path: string): StoredCertificate {
  const pkcs12Value = required(object, 'pkcs12Value', path);
  const password = required(object, 'password', path);
  if (typeof pkcs12Value !== 'string')
    throw badRequest(`The property '${path}pkcs12Value' must be a string.`);
  if (typeof password !== 'string') throw badRequest(`The property '${path}password' must be a string.`);
  try {
    return readPkcs12(pkcs12Value, password);
  } catch (error) {
    if (error instanceof Pkcs12Error) throw badRequest(`The property '${path}pkcs12Value' ${error.message}.`);
    throw error;
  }
}

function requireObject(body: RequestBody): Record<string, unknown> {
  if (body.kind === 'none') throw badRequest('Empty Payload. JSON content expected.');
  if (body.kind === 'malformed') {
    throw badRequest('Unable to read JSON request payload. Please ensure the payload is valid UTF-8 JSON.');
  }
  if (!isObject(body.value)) throw badRequest('The request body must be a JSON object.');
  return body.value;
}

/** OData rejects properties the type does not define; instance annotations (`@odata.*`) are allowed. */
function checkProperties(
  object: Record<string, unknown>,
  allowed: string[],
  type: string,
  path: string,
): void {
  const unknown = Object.keys(object).find((key) => !allowed.includes(key) && !key.startsWith('@odata.'));
  if (unknown !== undefined) {
    throw badRequest(`The property '${path}${unknown}' does not exist on type '${type}'.`);
  }
}

function required(object: Record<string, unknown>, name: string, path: string): unknown {
  if (object[name] === undefined) throw badRequest(`The property '${path}${name}' is required.`);
  return object[name];
}

function requireString(object: Record<string, unknown>, name: string, path: string): string {
  const value = required(object, name, path);
  if (typeof value !== 'string' || value === '') {
    throw badRequest(`The property '${path}${name}' must be a non-empty string.`);
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
