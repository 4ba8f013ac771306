import autocannon from 'autocannon';
import { readdirSync, readlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDevelopmentToken } from '../src/auth/development-token';
import { makePfx } from '../test/support/pfx';
import { percentile } from './measure';
import { freePort, memoryMiB, send, startNode, waitUntilAnswered, type Server } from './processes';

/**
 * `npm run bench:load`: the gateway under sustained load with upstream faults (reference/hardening.md).
 *
 * 1. mixed: creates (basic and certificate) and reads at once for --seconds, while the emulator fails a
 *    seeded share of calls (--fault-rate) with 500, 503, 504 or 429. Every answer is tallied by its
 *    GraphQL error code: only the codes those faults map to may appear (no INTERNAL_SERVER_ERROR, no
 *    HTTP 5xx). Also: p50/p99, gateway RSS before/after, sockets the gateway holds open afterwards.
 * 2. storm: every upstream call answers 429 (Retry-After: 0); upstream calls per client request must
 *    stay at or under the retry policy's 3 attempts.
 * 3. shutdown: SIGTERM in the middle of load with slow upstream answers; in-flight requests must end
 *    with answers, the process must exit 0, and later connections must be refused.
 * Results: a table on stdout and bench/results/load-<time>.json.
 */
const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '16' },
    'fault-rate': { type: 'string', default: '0.05' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const FAULT_RATE = Number(args['fault-rate']);
/** What each injected fault may legitimately come back as (DESIGN.md error codes). */
const EXPECTED_CODES = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_OUTCOME_UNKNOWN', 'THROTTLED']);

const CREATE = `mutation($input: CreateApiConnectorInput!) { createApiConnector(input: $input) { id displayName } }`;
const GET = `query($id: ID!) { apiConnector(id: $id) { id displayName } }`;

interface Tally {
  answers: number;
  byCode: Record<string, number>;
  httpStatus: Record<string, number>;
  latencies: number[];
}

async function main(): Promise<void> {
  const token = await createDevelopmentToken({ validForSeconds: 3600 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const emulator = await startServer('emulator');
  const gateway = await startServer('gateway', emulator.url);
  const pid = gateway.process.pid!;
  const pfx = makePfx();
  const seeded = await send(`${gateway.url}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: CREATE, variables: { input: basicInput(0) } }),
  });
  const seededId = (JSON.parse(seeded.text) as { data: { createApiConnector: { id: string } } }).data
    .createApiConnector.id;

  try {
    // 1. mixed load with random faults
    await control(emulator, '/_emulator/faults/random', {
      seed: 7,
      rate: FAULT_RATE,
      faults: [{ status: 500 }, { status: 503 }, { status: 504 }, { status: 429, retryAfter: 0 }],
    });
    const rssBefore = memoryMiB(pid).rss;
    const statsBefore = await stats(emulator);
    let counter = 0;
    const [creates, reads] = await Promise.all([
      run(gateway, headers, CONNECTIONS / 2, { seconds: SECONDS }, () =>
        JSON.stringify({
          query: CREATE,
          variables: {
            input:
              ++counter % 4 === 0
                ? {
                    ...basicInput(counter),
                    authenticationConfiguration: {
                      pkcs12Certificate: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
                    },
                  }
                : basicInput(counter),
          },
        }),
      ),
      run(gateway, headers, CONNECTIONS / 2, { seconds: SECONDS }, () =>
        JSON.stringify({ query: GET, variables: { id: seededId } }),
      ),
    ]);
    const statsAfter = await stats(emulator);
    await control(emulator, '/_emulator/faults', undefined, 'DELETE');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const mixed = {
      creates: summarize(creates),
      reads: summarize(reads),
      unexpected: [...unexpectedOf(creates), ...unexpectedOf(reads)],
      upstreamCallsPerRequest:
        (statsAfter.requests - statsBefore.requests) / (creates.answers + reads.answers),
      rssBeforeMiB: round(rssBefore),
      rssAfterMiB: round(memoryMiB(pid).rss),
      peakRssMiB: round(memoryMiB(pid).peak),
      openSocketsAfter: openSockets(pid),
    };

    // 2. throttling storm: a fixed number of requests, so that every one has ended when Graph calls are counted
    await control(emulator, '/_emulator/faults', { status: 429, retryAfter: 0, times: 1_000_000 });
    const stormBefore = await stats(emulator);
    const storm = await run(gateway, headers, CONNECTIONS, { amount: 1000 }, () =>
      JSON.stringify({ query: CREATE, variables: { input: basicInput(++counter) } }),
    );
    const stormAfter = await stats(emulator);
    await control(emulator, '/_emulator/faults', undefined, 'DELETE');
    const throttling = {
      ...summarize(storm),
      upstreamCallsPerRequest: (stormAfter.requests - stormBefore.requests) / storm.answers,
    };

    // 3. graceful shutdown under load
    await control(emulator, '/_emulator/faults', { latencyMs: 300, times: 1_000_000 });
    const exited = new Promise<number | null>((resolve) =>
      gateway.process.once('exit', (code) => resolve(code)),
    );
    const underLoad = run(gateway, headers, CONNECTIONS, { seconds: 4 }, () =>
      JSON.stringify({ query: GET, variables: { id: seededId } }),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const signalled = performance.now();
    gateway.process.kill('SIGTERM');
    const exitCode = await exited;
    const shutdownMs = performance.now() - signalled;
    const during = await underLoad;
    const refusedAfter = await send(`${gateway.url}/graphql`, {
      method: 'POST',
      headers,
      body: '{"query":"{ __typename }"}',
    }).then(
      () => false,
      () => true,
    );
    const shutdown = {
      exitCode,
      shutdownMs: Math.round(shutdownMs),
      answered: during.answers,
      byHttpStatus: during.httpStatus,
      byCode: during.byCode,
      refusedAfter,
    };

    const report = {
      date: new Date().toISOString(),
      node: process.version,
      seconds: SECONDS,
      connections: CONNECTIONS,
      faultRate: FAULT_RATE,
      mixed,
      throttling,
      shutdown,
    };
    print(report);
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    const file = join(ROOT, 'bench', 'results', `load-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    console.log(`\nwrote ${file}`);
    const ok =
      mixed.unexpected.length === 0 &&
      throttling.upstreamCallsPerRequest <= 3 &&
      exitCode === 0 &&
      refusedAfter &&
      Object.keys(during.httpStatus).every((status) => status === '200');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await gateway.stop();
    await emulator.stop();
  }
}

function basicInput(index: number) {
  return {
    displayName: `Load ${index}`,
    targetUrl: `https://someapi.com/${index}`,
    authenticationConfiguration: { basic: { username: 'load', password: 'load-password' } },
  };
}

async function startServer(name: 'emulator' | 'gateway', upstream?: string): Promise<Server> {
  const port = await freePort();
  const server =
    name === 'emulator'
      ? startNode('emulator', join(DIST, 'src', 'emulator', 'main.js'), port, {
          EMULATOR_HOST: '127.0.0.1',
          EMULATOR_PORT: String(port),
          LOG_LEVEL: 'warn',
        })
      : startNode('gateway', join(DIST, 'src', 'main.js'), port, {
          NODE_ENV: 'production',
          GRAPH_BASE_URL: upstream,
          HOST: '127.0.0.1',
          PORT: String(port),
          GRAPH_TIMEOUT_MS: '5000',
          LOG_LEVEL: undefined,
        });
  const probe = name === 'emulator' ? '/_emulator/stats' : '/healthz';
  await waitUntilAnswered(
    server,
    () => send(`${server.url}${probe}`),
    (answer) => answer.status === 200,
    performance.now(),
  );
  return server;
}

async function control(emulator: Server, path: string, body: unknown, method = 'POST'): Promise<void> {
  const answer = await send(`${emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (answer.status !== 204) throw new Error(`emulator control ${path}: ${answer.status} ${answer.text}`);
}

async function stats(emulator: Server): Promise<{ requests: number }> {
  return JSON.parse((await send(`${emulator.url}/_emulator/stats`)).text) as { requests: number };
}

/** autocannon against /graphql, tallying every answer by HTTP status and GraphQL error code. */
function run(
  gateway: Server,
  headers: Record<string, string>,
  connections: number,
  length: { seconds: number } | { amount: number },
  body: () => string,
): Promise<Tally> {
  const tally: Tally = { answers: 0, byCode: {}, httpStatus: {}, latencies: [] };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${gateway.url}/graphql`,
        method: 'POST',
        headers,
        connections,
        ...('seconds' in length ? { duration: length.seconds } : { amount: length.amount }),
        requests: [
          {
            setupRequest: (request) => ({ ...request, body: body() }),
            onResponse: (status, responseBody) => {
              tally.answers += 1;
              tally.httpStatus[status] = (tally.httpStatus[status] ?? 0) + 1;
              const codes = errorCodes(responseBody);
              for (const code of codes.length ? codes : ['ok'])
                tally.byCode[code] = (tally.byCode[code] ?? 0) + 1;
            },
          },
        ],
      },
      (error) => (error ? reject(error) : resolve(tally)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => tally.latencies.push(responseTime));
  });
}

function errorCodes(body: string): string[] {
  try {
    const parsed = JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> };
    return (parsed.errors ?? []).map((error) => error.extensions?.code ?? 'NO_CODE');
  } catch {
    return ['NOT_JSON'];
  }
}

function summarize(tally: Tally) {
  const sorted = Float64Array.from(tally.latencies).sort();
  return {
    answers: tally.answers,
    byHttpStatus: tally.httpStatus,
    byCode: tally.byCode,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
  };
}

/** Answers that no injected fault explains: HTTP 5xx, or an error code the faults do not map to. */
function unexpectedOf(tally: Tally): string[] {
  const statuses = Object.keys(tally.httpStatus)
    .filter((status) => Number(status) >= 500)
    .map((status) => `HTTP ${status}`);
  const codes = Object.keys(tally.byCode).filter((code) => code !== 'ok' && !EXPECTED_CODES.has(code));
  return [...statuses, ...codes];
}

function openSockets(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function print(report: Record<string, unknown>): void {
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
