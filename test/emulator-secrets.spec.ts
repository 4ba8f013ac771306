import { randomUUID } from 'node:crypto';
import { startEmulator, type GraphEmulator } from '../src/emulator/server';
import { createLogger } from '../src/logger';
import { httpRequest, type HttpOptions, type HttpResult } from './support/http';
import { makePfx } from './support/pfx';
import { makeGraphToken } from './support/tokens';

/** Secrets sent to the emulator never come back in a response nor reach its log; each call logs one line. */

const CONNECTORS = '/v1.0/identity/apiConnectors';

let emulator: GraphEmulator;
let token: string;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
  });
  token = await makeGraphToken();
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset();
  lines.length = 0;
});

function graph(path: string, options: HttpOptions = {}): Promise<HttpResult> {
  return httpRequest(`${emulator.url}${path}`, { token, ...options });
}

it('never echoes or logs a canary password, PFX password, PFX file or token', async () => {
  const basicPassword = `canary-password-${randomUUID()}`;
  const pfx = makePfx({ password: `canary-pkcs12-${randomUUID()}` });
  const basic = (password: string) => ({
    '@odata.type': '#microsoft.graph.basicAuthentication',
    username: 'canary-user',
    password,
  });
  const certificate = {
    '@odata.type': '#microsoft.graph.pkcs12Certificate',
    pkcs12Value: pfx.pkcs12Value,
    password: pfx.password,
  };
  const body = {
    displayName: 'Canary',
    targetUrl: 'https://api.contoso.com/canary',
    authenticationConfiguration: basic(basicPassword),
  };
  const responses: HttpResult[] = [];
  const send = async (path: string, options: HttpOptions) => {
    const response = await graph(path, options);
    responses.push(response);
    return response;
  };

  const created = await send(CONNECTORS, { method: 'POST', body });
  const id = created.json.id as string;
  await send(CONNECTORS, { method: 'POST', body: { ...body, authenticationConfiguration: certificate } });
  await send(CONNECTORS, {
    method: 'POST',
    body: { ...body, authenticationConfiguration: { ...certificate, password: basicPassword } },
  });
  await send(CONNECTORS, {
    method: 'POST',
    body: { ...body, authenticationConfiguration: { ...certificate, pkcs12Value: basicPassword } },
  });
  await send(CONNECTORS, { method: 'POST', body: { ...body, displayName: undefined } });
  await send(CONNECTORS, {
    method: 'POST',
    body: `{"authenticationConfiguration": {"password": "${basicPassword}"`,
  });
  await send(`${CONNECTORS}/${id}`, {
    method: 'PATCH',
    body: { authenticationConfiguration: basic(basicPassword) },
  });
  await send(`${CONNECTORS}/${id}`, {
    method: 'PATCH',
    body: { authenticationConfiguration: { ...basic(basicPassword), extra: 1 } },
  });
  await send(`${CONNECTORS}/${id}/uploadClientCertificate`, {
    method: 'POST',
    body: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
  });
  await send(`${CONNECTORS}/${id}/uploadClientCertificate`, {
    method: 'POST',
    body: { pkcs12Value: pfx.pkcs12Value, password: basicPassword },
  });
  await send(`${CONNECTORS}/${id}`, {});
  await send(CONNECTORS, {});
  await send(CONNECTORS, { token: `${basicPassword}.${basicPassword}.x` });
  emulator.faults.add({ status: 503 });
  await send(CONNECTORS, { method: 'POST', body });

  expect(responses.map((response) => response.status)).toEqual([
    201, 201, 400, 400, 400, 400, 204, 400, 200, 400, 200, 200, 401, 503,
  ]);
  const secrets = [basicPassword, pfx.password, pfx.pkcs12Value.slice(0, 32), token];
  for (const text of [...responses.map((response) => response.text), ...lines]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  expect(lines).toHaveLength(responses.length);
});

it('logs one info line per request: method, path, status, ids and duration, nothing else', async () => {
  const answered = await graph(`${CONNECTORS}?$top=2`, { headers: { 'client-request-id': 'log-check-1' } });
  emulator.faults.add({ action: 'reset' });
  await graph(CONNECTORS).catch(() => undefined);
  await httpRequest(`${emulator.url}/_emulator/reset`, { method: 'POST' });

  const logged = lines.map((line) => JSON.parse(line));
  expect(logged).toEqual([
    {
      level: 30,
      time: expect.any(String),
      msg: 'graph emulator request',
      method: 'GET',
      path: `${CONNECTORS}?$top=2`,
      status: 200,
      requestId: answered.headers.get('request-id'),
      clientRequestId: 'log-check-1',
      durationMs: expect.any(Number),
    },
    {
      level: 30,
      time: expect.any(String),
      msg: 'graph emulator request',
      method: 'GET',
      path: CONNECTORS,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      durationMs: expect.any(Number),
      fault: 'reset',
    },
    {
      level: 30,
      time: expect.any(String),
      msg: 'graph emulator request',
      method: 'POST',
      path: '/_emulator/reset',
      status: 204,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientRequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      durationMs: expect.any(Number),
    },
  ]);
});
