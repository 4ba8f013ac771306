import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDevelopmentToken } from '../src/auth/development-token';
import { makePfx } from '../test/support/pfx';
import { concatSorted, load, percentile, watch, type LoadOutcome } from './measure';
import {
  graphqlCall,
  GATEWAY_ONLY_PAYLOADS,
  PAYLOADS,
  restCall,
  seedConnectorBody,
  TYPENAME_PROBE,
  type HttpCall,
  type Payload,
  type PayloadInputs,
} from './operations';
import { freePort, memoryMiB, send, settle, startNode, waitUntilAnswered, type Server } from './processes';

/**
 * `npm run bench`: the gateway against the cost of the upstream itself and of two plain proxies, in one
 * run on one machine, configurations interleaved round by round (docs/performance.md).
 *
 *   direct   the load tool calls the emulator's REST API (the upstream's own cost)
 *   naive    a node:http proxy forwarding with global fetch          (bench/naive-proxy.ts)
 *   lean     the same with undici's request on a keep-alive pool     (bench/lean-proxy.ts)
 *   gateway  `node dist/src/main.js` in production mode, the equivalent GraphQL operations
 *
 * Options: --seconds 3 --warmup 1 --rounds 2 --connections 1,16,64 --certificate-connections 1,16
 *          --payloads basic-create,certificate-create,get,list
 *          --configs direct,naive,lean,gateway --no-burst --soak SECONDS (memory trend run instead)
 *          --variant NAME=PATH/main.js (repeatable): another build of the gateway, measured as one more
 *          configuration in the same interleaved rounds (e.g. the code before a change)
 */

const CONFIGS = ['direct', 'naive', 'lean', 'gateway'] as const;
/** direct, naive, lean, gateway, or the name of a --variant (another build of the gateway). */
type ConfigName = string;

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const RESULTS = join(ROOT, 'bench', 'results');
const SEED_CONNECTORS = 25;

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '1,16,64' },
    // The emulator opens every PFX too (~60 ms of CPU): 64 in flight would wait seconds in its queue.
    'certificate-connections': { type: 'string', default: '1,16' },
    payloads: { type: 'string', default: PAYLOADS.join(',') },
    configs: { type: 'string', default: CONFIGS.join(',') },
    'cold-starts': { type: 'string', default: '3' },
    'no-burst': { type: 'boolean', default: false },
    soak: { type: 'string' },
    label: { type: 'string', default: '' },
    variant: { type: 'string', multiple: true, default: [] },
  },
});

/**
 * Other gateways by name: another build (a main.js), and/or node flags, e.g.
 * `--variant semi8=dist/src/main.js,--max-semi-space-size=8` (commas: npm run re-splits spaces).
 */
const VARIANTS = new Map(
  (args.variant ?? []).map((spec) => {
    const equals = spec.indexOf('=');
    const name = equals > 0 ? spec.slice(0, equals) : '';
    const [path, ...nodeArgs] = spec.slice(equals + 1).split(',');
    if (!name || !path || (CONFIGS as readonly string[]).includes(name)) {
      throw new Error(`--variant wants NAME=PATH/main.js[,NODE_FLAG...] with a new name; got "${spec}".`);
    }
    return [name, { script: resolve(path), nodeArgs }] as const;
  }),
);

function isGateway(config: ConfigName): boolean {
  return config === 'gateway' || VARIANTS.has(config);
}

interface RunRecord {
  payload: Payload;
  connections: number;
  round: number;
  config: ConfigName;
  ok: number;
  failed: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the server under test (the emulator for direct) per answered request. */
  cpuMicrosPerRequest: number;
  /** CPU time of the emulator per answered request: the upstream's share, the same for every config. */
  upstreamCpuMicrosPerRequest: number;
  rssMaxMiB: number;
}

async function main(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const token = await createDevelopmentToken();
  const auth = { authorization: `Bearer ${token}` };
  const emulator = await startEmulator();
  const servers: Server[] = [emulator];
  try {
    if (args.soak) {
      await soak(emulator, auth, Number(args.soak), servers);
      return;
    }
    const pfx = makePfx();
    const inputs: PayloadInputs = {
      connectorId: '',
      pfx: { pkcs12Value: pfx.pkcs12Value, password: pfx.password },
    };
    const configs = [
      ...list(args.configs).filter((name) => (CONFIGS as readonly string[]).includes(name)),
      ...VARIANTS.keys(),
    ];
    const payloads = list(args.payloads) as Payload[];
    const connectionLevels = list(args.connections).map(Number);
    const certificateLevels = list(args['certificate-connections']).map(Number);

    inputs.connectorId = await reseed(emulator, auth);
    const coldStarts = await measureColdStarts(emulator, auth, inputs, Number(args['cold-starts']));

    const targets = await startTargets(emulator, auth, inputs, configs);
    servers.push(...Object.values(targets).filter((server) => server !== emulator));
    const records: RunRecord[] = [];
    const started = Date.now();
    for (const payload of payloads) {
      const levels = payload === 'certificate-create' ? certificateLevels : connectionLevels;
      for (const connections of levels) {
        for (let round = 1; round <= Number(args.rounds); round++) {
          for (const config of configs.filter(
            (name) => isGateway(name) || !GATEWAY_ONLY_PAYLOADS.includes(payload),
          )) {
            inputs.connectorId = await reseed(emulator, auth);
            const record = await measure(
              config,
              targets[config],
              emulator,
              auth,
              inputs,
              payload,
              connections,
              round,
            );
            records.push(record);
            process.stderr.write(
              `${payload} c=${connections} r${round} ${config}: ${record.rps.toFixed(0)} req/s, p99 ${record.p99Ms.toFixed(2)} ms, ${record.cpuMicrosPerRequest.toFixed(0)} µs/req${record.failed ? `, ${record.failed} FAILED` : ''}\n`,
            );
          }
        }
      }
    }
    const burst: BurstResult[] = [];
    for (const config of args['no-burst'] ? [] : configs.filter(isGateway)) {
      burst.push(...(await measureBurst(config, targets[config]!, emulator, auth, inputs)));
    }
    const peakRssMiB = Object.fromEntries(
      Object.entries(targets).map(([config, server]) => [config, memoryMiB(server.process.pid!).peak]),
    );
    const summary = summarize(records, configs);
    const report = {
      date: new Date().toISOString(),
      label: args.label,
      node: process.version,
      cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
      commit: gitCommit(),
      options: args,
      wallSeconds: (Date.now() - started) / 1000,
      coldStarts,
      peakRssMiB,
      summary,
      burst,
      runs: records,
    };
    const file = join(RESULTS, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2));
    writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(report, null, 2));
    process.stdout.write(formatReport(report));
    process.stdout.write(`\nJSON: ${file}\n`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

async function startEmulator(): Promise<Server> {
  const port = await freePort();
  const emulator = startNode('emulator', join(DIST, 'src', 'emulator', 'main.js'), port, {
    EMULATOR_HOST: '127.0.0.1',
    EMULATOR_PORT: String(port),
    // The upstream's logging is not what is measured; it only takes CPU from everyone alike.
    LOG_LEVEL: 'warn',
  });
  await waitUntilAnswered(
    emulator,
    () => send(`${emulator.url}/_emulator/stats`),
    (a) => a.status === 200,
    performance.now(),
  );
  return emulator;
}

/** Empties the emulator and creates SEED_CONNECTORS connectors; answers the id of the first. */
async function reseed(emulator: Server, auth: Record<string, string>): Promise<string> {
  await send(`${emulator.url}/_emulator/reset`, { method: 'POST' });
  let first = '';
  for (let index = 0; index < SEED_CONNECTORS; index++) {
    const answer = await send(`${emulator.url}/v1.0/identity/apiConnectors`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: seedConnectorBody(index),
    });
    if (answer.status !== 201)
      throw new Error(`seeding the emulator failed: ${answer.status} ${answer.text}`);
    first ||= (JSON.parse(answer.text) as { id: string }).id;
  }
  return first;
}

function startServer(config: ConfigName, emulator: Server, port: number): Server {
  if (isGateway(config)) {
    const variant = VARIANTS.get(config);
    return startNode(
      config,
      variant?.script ?? join(DIST, 'src', 'main.js'),
      port,
      {
        NODE_ENV: 'production',
        GRAPH_BASE_URL: emulator.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        // The production default (info): request logging as it is in production.
        LOG_LEVEL: undefined,
      },
      variant?.nodeArgs,
    );
  }
  return startNode(config, join(DIST, 'bench', `${config}-proxy.js`), port, {
    UPSTREAM_URL: emulator.url,
    PORT: String(port),
  });
}

function callFor(config: ConfigName, payload: Payload, inputs: PayloadInputs): HttpCall {
  return isGateway(config) ? graphqlCall(payload, inputs) : restCall(payload, inputs);
}

/** The get payload answered with the connector: what "first answered request" means for cold start. */
function probeOnce(config: ConfigName, server: Server, auth: Record<string, string>, inputs: PayloadInputs) {
  const call = callFor(config, 'get', inputs);
  return send(`${server.url}${call.path}`, {
    method: call.method,
    headers: { ...auth, ...(call.body ? { 'content-type': 'application/json' } : {}) },
    body: call.body,
  });
}

function answeredWithConnector(inputs: PayloadInputs) {
  return (answer: { status: number; text: string }) =>
    answer.status === 200 && answer.text.includes(inputs.connectorId) && !answer.text.includes('"errors"');
}

async function startTargets(
  emulator: Server,
  auth: Record<string, string>,
  inputs: PayloadInputs,
  configs: ConfigName[],
): Promise<Record<ConfigName, Server>> {
  const targets: Record<ConfigName, Server> = {};
  for (const config of configs) {
    if (config === 'direct') {
      targets.direct = emulator;
      continue;
    }
    const server = startServer(config, emulator, await freePort());
    targets[config] = server;
    await waitUntilAnswered(
      server,
      () => probeOnce(config, server, auth, inputs),
      answeredWithConnector(inputs),
      performance.now(),
    );
  }
  return targets;
}

/** Process start to first answered get, `times` times each (median reported). */
async function measureColdStarts(
  emulator: Server,
  auth: Record<string, string>,
  inputs: PayloadInputs,
  times: number,
): Promise<Record<string, { medianMs: number; samplesMs: number[] }>> {
  const results: Record<string, { medianMs: number; samplesMs: number[] }> = {};
  for (const config of ['gateway', ...VARIANTS.keys(), 'lean', 'naive']) {
    const samples: number[] = [];
    for (let index = 0; index < times; index++) {
      const port = await freePort();
      const since = performance.now();
      const server = startServer(config, emulator, port);
      try {
        samples.push(
          await waitUntilAnswered(
            server,
            () => probeOnce(config, server, auth, inputs),
            answeredWithConnector(inputs),
            since,
          ),
        );
      } finally {
        await server.stop();
      }
    }
    const sorted = Float64Array.from(samples).sort();
    results[config] = {
      medianMs: round(percentile(sorted, 50), 0),
      samplesMs: samples.map((ms) => round(ms, 0)),
    };
    process.stderr.write(`cold start ${config}: ${results[config].medianMs} ms\n`);
  }
  return results;
}

async function measure(
  config: ConfigName,
  server: Server | undefined,
  emulator: Server,
  auth: Record<string, string>,
  inputs: PayloadInputs,
  payload: Payload,
  connections: number,
  round: number,
): Promise<RunRecord> {
  if (!server) throw new Error(`${config} is not running`);
  const call = callFor(config, payload, inputs);
  const options = { url: server.url, call, headers: auth, connections };
  const pids = { server: server.process.pid!, emulator: emulator.process.pid! };
  await load({ ...options, seconds: Number(args.warmup) });
  // Requests still in flight when the load tool stops are finished by the servers all the same.
  await settle(Object.values(pids));
  const {
    value: outcome,
    cpuMicros,
    rssMaxMiB,
  } = await watch(pids, () => load({ ...options, seconds: Number(args.seconds) }));
  await settle(Object.values(pids));
  const sorted = outcome.latencies.slice().sort();
  return {
    payload,
    connections,
    round,
    config,
    ok: outcome.ok,
    failed: outcome.failed,
    seconds: round3(outcome.seconds),
    rps: outcome.ok / outcome.seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    cpuMicrosPerRequest: cpuMicros.server / Math.max(1, outcome.ok),
    upstreamCpuMicrosPerRequest: cpuMicros.emulator / Math.max(1, outcome.ok),
    rssMaxMiB: rssMaxMiB.server,
    // Kept for the summary's percentiles; dropped from the JSON file.
    latencies: outcome.latencies,
  } as RunRecord;
}

interface CellSummary {
  payload: Payload;
  connections: number;
  config: ConfigName;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  upstreamCpuMicrosPerRequest: number;
  failed: number;
  rssMaxMiB: number;
  /** Gateway rows: requests/s relative to the naive and the lean proxy in the same rounds. */
  vsNaive?: number;
  vsLean?: number;
}

function summarize(records: RunRecord[], configs: ConfigName[]): CellSummary[] {
  const cells: CellSummary[] = [];
  const keys = [...new Set(records.map((record) => `${record.payload}|${record.connections}`))];
  for (const key of keys) {
    const inCell = records.filter((record) => `${record.payload}|${record.connections}` === key);
    const byConfig: Record<ConfigName, CellSummary> = {};
    for (const config of configs) {
      const runs = inCell.filter((record) => record.config === config);
      if (runs.length === 0) continue;
      const ok = sum(runs.map((run) => run.ok));
      const latencies = concatSorted(
        runs.map((run) => (run as unknown as { latencies: Float64Array }).latencies),
      );
      byConfig[config] = {
        payload: runs[0].payload,
        connections: runs[0].connections,
        config,
        rps: round(ok / sum(runs.map((run) => run.seconds)), 0),
        p50Ms: round(percentile(latencies, 50), 2),
        p99Ms: round(percentile(latencies, 99), 2),
        cpuMicrosPerRequest: round(
          sum(runs.map((run) => run.cpuMicrosPerRequest * run.ok)) / Math.max(1, ok),
          0,
        ),
        upstreamCpuMicrosPerRequest: round(
          sum(runs.map((run) => run.upstreamCpuMicrosPerRequest * run.ok)) / Math.max(1, ok),
          0,
        ),
        failed: sum(runs.map((run) => run.failed)),
        rssMaxMiB: round(Math.max(...runs.map((run) => run.rssMaxMiB)), 0),
      };
    }
    for (const gateway of Object.values(byConfig).filter((cell) => isGateway(cell.config))) {
      if (byConfig.naive) gateway.vsNaive = round(gateway.rps / byConfig.naive.rps, 2);
      if (byConfig.lean) gateway.vsLean = round(gateway.rps / byConfig.lean.rps, 2);
    }
    cells.push(...Object.values(byConfig));
  }
  for (const record of records) delete (record as { latencies?: unknown }).latencies;
  for (const record of records) {
    record.rps = round(record.rps, 0);
    record.p50Ms = round(record.p50Ms, 2);
    record.p99Ms = round(record.p99Ms, 2);
    record.cpuMicrosPerRequest = round(record.cpuMicrosPerRequest, 0);
    record.upstreamCpuMicrosPerRequest = round(record.upstreamCpuMicrosPerRequest, 0);
    record.rssMaxMiB = round(record.rssMaxMiB, 0);
  }
  return cells;
}

interface BurstResult {
  config: ConfigName;
  probe: string;
  burst: boolean;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failed: number;
  certificateCreatesPerSecond?: number;
}

/**
 * Whether a burst of certificate creates stalls basic requests: two probes at 4 connections, each alone
 * and then beside 8 connections of certificate creates. `{ __typename }` is answered by the gateway
 * alone, so its latency shows the gateway's event loop; get goes to the emulator as well, which opens
 * every PFX itself on its own loop (that share is the upstream's).
 */
async function measureBurst(
  config: ConfigName,
  gateway: Server,
  emulator: Server,
  auth: Record<string, string>,
  inputs: PayloadInputs,
): Promise<BurstResult[]> {
  const seconds = Number(args.seconds) + 1;
  const results: BurstResult[] = [];
  for (const name of ['{ __typename }', 'get']) {
    for (const burst of [false, true]) {
      inputs.connectorId = await reseed(emulator, auth);
      const call: HttpCall =
        name === 'get'
          ? graphqlCall('get', inputs)
          : { method: 'POST', path: '/graphql', body: TYPENAME_PROBE };
      const probe = load({ url: gateway.url, call, headers: auth, connections: 4, seconds });
      const certificates = burst
        ? load({
            url: gateway.url,
            call: graphqlCall('certificate-create', inputs),
            headers: auth,
            connections: 8,
            seconds,
          })
        : Promise.resolve(undefined);
      const [outcome, burstOutcome] = await Promise.all([probe, certificates]);
      results.push({
        config,
        probe: name,
        burst,
        ...burstSummary(outcome),
        certificateCreatesPerSecond: burstOutcome
          ? round(burstOutcome.ok / burstOutcome.seconds, 1)
          : undefined,
      });
      process.stderr.write(
        `burst ${config} ${name} ${burst ? 'with' : 'without'} certificate creates: p99 ${results.at(-1)!.p99Ms} ms\n`,
      );
    }
  }
  return results;
}

function burstSummary(outcome: LoadOutcome) {
  const sorted = outcome.latencies.slice().sort();
  return {
    rps: round(outcome.ok / outcome.seconds, 0),
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    maxMs: round(sorted[sorted.length - 1] ?? NaN, 1),
    failed: outcome.failed,
  };
}

/**
 * The memory trend: the gateway under a steady mix of basic create, get and list at 16 connections for
 * `seconds`, its RSS sampled every 5 s. The emulator is emptied and reseeded every 20 s so that the
 * upstream does not slow down as connectors pile up.
 */
async function soak(
  emulator: Server,
  auth: Record<string, string>,
  seconds: number,
  servers: Server[],
): Promise<void> {
  const inputs: PayloadInputs = {
    connectorId: await reseed(emulator, auth),
    pfx: { pkcs12Value: '', password: '' },
  };
  const gateway = startServer('gateway', emulator, await freePort());
  servers.push(gateway);
  await waitUntilAnswered(
    gateway,
    () => probeOnce('gateway', gateway, auth, inputs),
    answeredWithConnector(inputs),
    performance.now(),
  );
  const pid = gateway.process.pid!;
  const samples: Array<{ seconds: number; rssMiB: number }> = [];
  const started = performance.now();
  const sample = () =>
    samples.push({
      seconds: round((performance.now() - started) / 1000, 1),
      rssMiB: round(memoryMiB(pid).rss, 1),
    });
  sample();
  const sampler = setInterval(sample, 5000);
  let cycle = 0;
  const bodies = () => {
    const payload = (['basic-create', 'get', 'list'] as const)[cycle++ % 3];
    return graphqlCall(payload, inputs).body!;
  };
  const reseeder = setInterval(() => {
    reseed(emulator, auth).then(
      (id) => (inputs.connectorId = id),
      () => undefined,
    );
  }, 20_000);
  let outcome: LoadOutcome;
  try {
    outcome = await load({
      url: gateway.url,
      call: graphqlCall('get', inputs),
      headers: auth,
      connections: 16,
      seconds,
      setupBody: bodies,
    });
  } finally {
    clearInterval(sampler);
    clearInterval(reseeder);
  }
  sample();
  const afterFirstMinute = samples.filter((point) => point.seconds >= 60);
  const slope = slopePerMinute(afterFirstMinute.length >= 2 ? afterFirstMinute : samples);
  const minuteMean = (from: number, to: number) => {
    const inRange = samples.filter((point) => point.seconds >= from && point.seconds < to);
    return round(sum(inRange.map((point) => point.rssMiB)) / Math.max(1, inRange.length), 1);
  };
  const report = {
    date: new Date().toISOString(),
    label: args.label,
    node: process.version,
    commit: gitCommit(),
    seconds,
    requests: outcome.ok,
    failed: outcome.failed,
    rps: round(outcome.ok / outcome.seconds, 0),
    peakRssMiB: round(memoryMiB(pid).peak, 1),
    firstMinuteMeanRssMiB: minuteMean(0, 60),
    lastMinuteMeanRssMiB: minuteMean(seconds - 60, seconds + 10),
    slopeMiBPerMinuteAfterFirstMinute: round(slope, 2),
    samples,
  };
  const file = join(RESULTS, `soak-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  const { samples: _samples, ...headline } = report;
  process.stdout.write(`${JSON.stringify(headline, null, 2)}\nJSON: ${file}\n`);
}

/** Least-squares slope of RSS over time, in MiB per minute. */
function slopePerMinute(points: Array<{ seconds: number; rssMiB: number }>): number {
  const n = points.length;
  const meanX = sum(points.map((point) => point.seconds)) / n;
  const meanY = sum(points.map((point) => point.rssMiB)) / n;
  const covariance = sum(points.map((point) => (point.seconds - meanX) * (point.rssMiB - meanY)));
  const variance = sum(points.map((point) => (point.seconds - meanX) ** 2));
  return variance === 0 ? 0 : (covariance / variance) * 60;
}

function formatReport(report: {
  date: string;
  node: string;
  cpu: string;
  summary: CellSummary[];
  coldStarts: Record<string, { medianMs: number }>;
  peakRssMiB: Record<string, number>;
  burst?: BurstResult[];
}): string {
  const lines = [
    `\n${report.date}  Node ${report.node}  ${report.cpu}\n`,
    '| payload | conns | config | req/s | p50 ms | p99 ms | CPU µs/req | upstream CPU µs/req | failed | x naive | x lean |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const cell of report.summary) {
    lines.push(
      `| ${cell.payload} | ${cell.connections} | ${cell.config} | ${cell.rps} | ${cell.p50Ms} | ${cell.p99Ms} | ${cell.cpuMicrosPerRequest} | ${cell.upstreamCpuMicrosPerRequest} | ${cell.failed} | ${cell.vsNaive ?? ''} | ${cell.vsLean ?? ''} |`,
    );
  }
  lines.push(
    '',
    `Peak RSS (VmHWM, MiB): ${Object.entries(report.peakRssMiB)
      .map(([name, mib]) => `${name} ${mib.toFixed(0)}`)
      .join(', ')}`,
  );
  lines.push(
    `Cold start, process start to first answered get (median): ${Object.entries(report.coldStarts)
      .map(([name, cold]) => `${name} ${cold.medianMs} ms`)
      .join(', ')}`,
  );
  if (report.burst?.length) {
    lines.push(
      '',
      '| config | probe (4 conns) | certificate burst (8 conns) | req/s | p50 ms | p99 ms | max ms | failed | certificate creates/s |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const row of report.burst) {
      lines.push(
        `| ${row.config} | ${row.probe} | ${row.burst ? 'yes' : 'no'} | ${row.rps} | ${row.p50Ms} | ${row.p99Ms} | ${row.maxMs} | ${row.failed} | ${row.certificateCreatesPerSecond ?? ''} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function round3(value: number): number {
  return round(value, 3);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
