import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, generateKeyPairSync, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import {
  exportJWK,
  generateKeyPair,
  importX509,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';
import forge from 'node-forge';
import { createGraphTokenSource, type TokenSourceOptions } from '../../src/auth';
import type { Config } from '../../src/config';
import { API_CONNECTORS_PERMISSION, CLOUDS, GRAPH_APP_ID } from '../../src/graph/clouds';
import type { Logger } from '../../src/logger';

/**
 * A local stand-in for Microsoft Entra ID on 127.0.0.1, for the on-behalf-of tests: the tenant's
 * OpenID configuration, its signing keys (JWKS, with rotation), and the token endpoint's
 * on-behalf-of grant with client secret or certificate credentials, answering like Entra ID does
 * (AADSTS errors, claims challenges). Keys are real RS256 keys made here.
 *
 * The gateway keeps the real https authority of its cloud: `networkClient` (msal's INetworkModule,
 * given to createGraphTokenSource) sends every request for a cloud login host here instead, with
 * the host it was meant for in `x-original-host`, and refuses any other host.
 */
export interface FakeIdentityProvider {
  /** http://127.0.0.1:PORT */
  url: string;
  tenantId: string;
  /** The gateway's app registration: client id, and its secret and certificate credentials. */
  clientId: string;
  clientSecret: string;
  /** A PEM file with the private key and the certificate registered as a credential. */
  certificatePath: string;
  networkClient: INetworkModule;
  /** Every request that reached it, in order. */
  requests: IdpRequest[];
  /** The token requests (POST .../oauth2/v2.0/token) so far. */
  tokenRequests(): IdpRequest[];
  /** Access tokens issued by the token endpoint, in order. */
  issued: string[];
  /** A token for the gateway's API, as a frontend would get it: valid unless `claims` says otherwise. */
  callerToken(options?: CallerTokenOptions): Promise<string>;
  /** Publishes a new signing key and signs with it from now on; `retireOld` removes the old one. */
  rotateKeys(options?: { retireOld?: boolean }): Promise<void>;
  /** Answers the next token requests with these instead of a token (one each, in order). */
  failNextTokenRequests(...answers: TokenAnswer[]): void;
  /** Scopes granted in the next Graph tokens; default APIConnectors.ReadWrite.All and User.Read. */
  grantedScopes: string[];
  /** expires_in of the next Graph tokens, in seconds. Default 3599. */
  tokenLifetimeSeconds: number;
  close(): Promise<void>;
}

export interface IdpRequest {
  method: string;
  /** The login host the gateway addressed, e.g. login.microsoftonline.us. */
  host: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The urlencoded body of a POST, decoded. */
  form: Record<string, string>;
  /** The access token the token endpoint issued for this request, if it issued one. */
  accessToken?: string;
}

export interface CallerTokenOptions {
  /** The cloud whose login host issues the token; default global. */
  cloud?: keyof typeof CLOUDS;
  claims?: JWTPayload;
  /** Claims to drop from the defaults (e.g. `scp` for an app-only token). */
  without?: string[];
  /** Header `alg`; 'none' gives an unsecured JWT. */
  alg?: string;
  /** Sign with a key the JWKS does not publish (same kid as the current one) or an unknown kid. */
  key?: 'current' | 'foreign-same-kid' | 'unknown-kid';
  expiresInSeconds?: number;
}

export type TokenAnswer =
  { status: number; body: Record<string, unknown> } | { action: 'hang' } | { action: 'html'; status: number };

/** The login hosts of the cloud table: the only hosts the network client routes. */
const LOGIN_HOSTS = new Set(Object.values(CLOUDS).map((cloud) => new URL(cloud.loginHost).host));

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
}

export async function startIdentityProvider(
  options: { tenantId?: string; tenantDomain?: string } = {},
): Promise<FakeIdentityProvider> {
  const tenantId = options.tenantId ?? randomUUID();
  const tenantDomain = options.tenantDomain ?? 'contoso.onmicrosoft.com';
  const clientId = randomUUID();
  const clientSecret = `canary-client-secret-${randomBytes(8).toString('hex')}`;
  const certificate = makeCertificate();
  const certificateKey = await importX509(certificate.certPem, 'PS256');
  const certificateKeyRs = await importX509(certificate.certPem, 'RS256');
  const frontendAppId = randomUUID();

  let keys: SigningKey[] = [await newKey()];
  const requests: IdpRequest[] = [];
  const issued: string[] = [];
  const answers: TokenAnswer[] = [];
  const state = { grantedScopes: [API_CONNECTORS_PERMISSION, 'User.Read'], tokenLifetimeSeconds: 3599 };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const host = String(request.headers['x-original-host'] ?? '');
      const path = new URL(request.url!, 'http://idp').pathname;
      const form =
        request.method === 'POST'
          ? Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()))
          : {};
      const recorded: IdpRequest = { method: request.method!, host, path, headers: request.headers, form };
      requests.push(recorded);
      handle(recorded, response).catch((error: Error) => send(response, 500, { error: error.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  /** The tenant a path names: its id, its domain, or `organizations`. */
  function tenantOf(segment: string): string | undefined {
    if (segment === tenantId || segment === tenantDomain) return tenantId;
    if (segment === 'organizations') return 'organizations';
    return /^[0-9a-f-]{36}$/.test(segment) ? segment : undefined;
  }

  async function handle(request: IdpRequest, response: ServerResponse): Promise<void> {
    const [, segment, ...rest] = request.path.split('/');
    const tenant = tenantOf(segment);
    const route = rest.join('/');
    const origin = `https://${request.host}`;
    if (!tenant || !LOGIN_HOSTS.has(request.host)) {
      return send(response, 400, aadError('invalid_tenant', 90002, `Tenant '${segment}' not found.`));
    }
    if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
      const tenantPart = tenant === 'organizations' ? '{tenantid}' : tenant;
      return send(response, 200, {
        issuer: `${origin}/${tenantPart}/v2.0`,
        jwks_uri: `${origin}/${segment}/discovery/v2.0/keys`,
        token_endpoint: `${origin}/${segment}/oauth2/v2.0/token`,
        authorization_endpoint: `${origin}/${segment}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${origin}/${segment}/oauth2/v2.0/logout`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
      });
    }
    if (request.method === 'GET' && route === 'discovery/v2.0/keys') {
      return send(response, 200, { keys: keys.map((key) => key.jwk) });
    }
    if (request.method === 'POST' && route === 'oauth2/v2.0/token') {
      const answer = answers.shift();
      if (answer && 'action' in answer && answer.action === 'hang') return; // never answers
      if (answer && 'action' in answer) {
        response.writeHead(answer.status, { 'content-type': 'text/html' });
        return void response.end('<html>Service Unavailable</html>');
      }
      if (answer) return send(response, answer.status, answer.body);
      return send(response, ...(await onBehalfOf(request, `${origin}/${segment}/oauth2/v2.0/token`)));
    }
    return send(response, 404, aadError('invalid_request', 900561, 'The endpoint does not exist.'));
  }

  /** The OBO grant: https://learn.microsoft.com/entra/identity-platform/v2-oauth2-on-behalf-of-flow */
  async function onBehalfOf(request: IdpRequest, tokenEndpoint: string): Promise<[number, object]> {
    const { form } = request;
    if (
      form.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
      form.requested_token_use !== 'on_behalf_of'
    ) {
      return [400, aadError('unsupported_grant_type', 70003, 'The app requested an unsupported grant type.')];
    }
    if (form.client_id !== clientId) {
      return [
        400,
        aadError(
          'unauthorized_client',
          700016,
          `Application with identifier '${form.client_id}' was not found.`,
        ),
      ];
    }
    if (!(await clientAuthenticated(form, tokenEndpoint))) {
      return [401, aadError('invalid_client', 7000215, 'Invalid client secret provided.')];
    }
    let caller: JWTPayload;
    try {
      ({ payload: caller } = await jwtVerify(form.assertion ?? '', verificationKey, {
        algorithms: ['RS256'],
        audience: [clientId, `api://${clientId}`],
        clockTolerance: 300,
      }));
    } catch {
      return [400, aadError('invalid_grant', 50013, 'Assertion failed signature validation.')];
    }
    const graphScope = (form.scope ?? '').split(' ').find((scope) => scope.endsWith('/.default'));
    const graphRoot = graphScope?.slice(0, -'/.default'.length);
    if (!graphRoot || !Object.values(CLOUDS).some((cloud) => cloud.graphRoot === graphRoot)) {
      return [
        400,
        aadError('invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.'),
      ];
    }
    const nowSeconds = Math.floor(Date.now() / 1000);
    // A Graph access token as Entra ID issues it (v1 format): what the emulator, like Graph, checks.
    const key = keys[0];
    const accessToken = await new SignJWT({
      scp: state.grantedScopes.join(' '),
      tid: caller.tid,
      oid: caller.oid,
      upn: caller.preferred_username,
      appid: clientId,
      ver: '1.0',
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .setAudience(GRAPH_APP_ID)
      .setIssuer(`https://sts.windows.net/${caller.tid}/`)
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + state.tokenLifetimeSeconds)
      .sign(key.privateKey);
    issued.push(accessToken);
    request.accessToken = accessToken;
    return [
      200,
      {
        token_type: 'Bearer',
        // Entra ID lists the granted permissions, and echoes the .default that was asked for.
        scope: [...state.grantedScopes.map((scope) => `${graphRoot}/${scope}`), graphScope].join(' '),
        expires_in: state.tokenLifetimeSeconds,
        ext_expires_in: state.tokenLifetimeSeconds,
        access_token: accessToken,
        client_info: Buffer.from(JSON.stringify({ uid: caller.oid, utid: caller.tid })).toString('base64url'),
      },
    ];
  }

  async function clientAuthenticated(form: Record<string, string>, tokenEndpoint: string): Promise<boolean> {
    if (form.client_secret !== undefined) return form.client_secret === clientSecret;
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return false;
    for (const key of [certificateKey, certificateKeyRs]) {
      try {
        // Entra ID allows 5 minutes of skew (msal rounds its timestamps to the nearest second).
        await jwtVerify(form.client_assertion ?? '', key, {
          audience: tokenEndpoint,
          issuer: clientId,
          subject: clientId,
          clockTolerance: 300,
        });
        return true;
      } catch {
        // the other algorithm
      }
    }
    return false;
  }

  async function verificationKey(header: { kid?: string }): Promise<KeyLike> {
    const key = keys.find((candidate) => candidate.kid === header.kid);
    if (!key) throw new Error('unknown kid');
    return key.publicKey;
  }

  const networkClient: INetworkModule = {
    sendGetRequestAsync: <T>(target: string, requestOptions?: NetworkRequestOptions, timeout?: number) =>
      forward<T>('GET', target, requestOptions, timeout),
    sendPostRequestAsync: <T>(target: string, requestOptions?: NetworkRequestOptions) =>
      forward<T>('POST', target, requestOptions),
  };

  /** Like msal's own HTTP client (fetch, JSON body), but to this server. */
  async function forward<T>(
    method: string,
    target: string,
    requestOptions?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const parsed = new URL(target);
    if (parsed.protocol !== 'https:' || !LOGIN_HOSTS.has(parsed.host)) {
      throw new Error(`the gateway addressed ${parsed.origin}, which is not a login host of the cloud table`);
    }
    const response = await fetch(`${url}${parsed.pathname}${parsed.search}`, {
      method,
      headers: { ...requestOptions?.headers, 'x-original-host': parsed.host },
      body: method === 'POST' ? (requestOptions?.body ?? '') : undefined,
      signal: timeout ? AbortSignal.timeout(timeout) : undefined,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, body: (await response.json()) as T };
  }

  return {
    url,
    tenantId,
    clientId,
    clientSecret,
    certificatePath: certificate.path,
    networkClient,
    requests,
    tokenRequests: () => requests.filter((request) => request.path.endsWith('/oauth2/v2.0/token')),
    issued,
    get grantedScopes() {
      return state.grantedScopes;
    },
    set grantedScopes(value) {
      state.grantedScopes = value;
    },
    get tokenLifetimeSeconds() {
      return state.tokenLifetimeSeconds;
    },
    set tokenLifetimeSeconds(value) {
      state.tokenLifetimeSeconds = value;
    },
    async callerToken(tokenOptions = {}) {
      const cloud = CLOUDS[tokenOptions.cloud ?? 'global'];
      const tid = (tokenOptions.claims?.tid as string | undefined) ?? tenantId;
      const nowSeconds = Math.floor(Date.now() / 1000);
      const claims: JWTPayload = {
        aud: clientId,
        iss: `${cloud.loginHost}/${tid}/v2.0`,
        iat: nowSeconds,
        nbf: nowSeconds,
        exp: nowSeconds + (tokenOptions.expiresInSeconds ?? 3600),
        tid,
        oid: randomUUID(),
        preferred_username: 'admin@contoso.onmicrosoft.com',
        name: 'Contoso Admin',
        azp: frontendAppId,
        scp: 'access_as_user',
        ver: '2.0',
        ...tokenOptions.claims,
      };
      for (const claim of tokenOptions.without ?? []) delete claims[claim];
      const alg = tokenOptions.alg ?? 'RS256';
      if (alg === 'none') {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
      }
      let key = keys[0];
      if (tokenOptions.key === 'foreign-same-kid') key = { ...(await newKey()), kid: key.kid };
      if (tokenOptions.key === 'unknown-kid') key = await newKey();
      return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT', kid: key.kid }).sign(key.privateKey);
    },
    async rotateKeys(rotation = {}) {
      const next = await newKey();
      keys = rotation.retireOld ? [next] : [next, ...keys];
    },
    failNextTokenRequests(...next) {
      answers.push(...next);
    },
    close: () =>
      new Promise((resolve) => {
        rmSync(dirname(certificate.path), { recursive: true, force: true });
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(15).toString('base64url');
  // Entra ID's JWKS entries carry no `alg`: kty, use, kid, x5t, n, e (and x5c).
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig' };
  return { kid, privateKey, publicKey, jwk };
}

function aadError(error: string, code: number, description: string): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: correlationId,
  };
}

function send(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** A self-signed certificate and its key, as one PEM file, like AUTH_CLIENT_CERTIFICATE_PATH wants. */
function makeCertificate(): { path: string; certPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const subject = [{ name: 'commonName', value: 'graph-api-connectors-gateway' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const path = join(mkdtempSync(join(tmpdir(), 'idp-cert-')), 'gateway.pem');
  writeFileSync(path, `${keyPem}${certPem}`, { mode: 0o600 });
  // Sanity: what the gateway will read.
  new X509Certificate(certPem);
  return { path, certPem };
}

/** The hash the token cache keys with, to search Redis keys in tests. */
export function sha256Base64Url(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The environment of a gateway in on-behalf-of mode registered with this identity provider. */
export function oboEnv(
  idp: FakeIdentityProvider,
  credential: 'secret' | 'certificate' = 'secret',
): Record<string, string> {
  return {
    AUTH_MODE: 'obo',
    AUTH_TENANT_ID: idp.tenantId,
    AUTH_CLIENT_ID: idp.clientId,
    ...(credential === 'secret'
      ? { AUTH_CLIENT_SECRET: idp.clientSecret }
      : { AUTH_CLIENT_CERTIFICATE_PATH: idp.certificatePath }),
  };
}

/**
 * The token source for startStack, built from the stack's config like main.ts does, but talking to
 * this identity provider; an unknown kid refetches the keys at once (no cooldown) unless told.
 */
export function tokensVia(idp: FakeIdentityProvider, options: Partial<TokenSourceOptions> = {}) {
  return (config: Config, logger: Logger) =>
    createGraphTokenSource(config, logger, {
      networkClient: idp.networkClient,
      signingKeysCooldownMs: 0,
      ...options,
    });
}
