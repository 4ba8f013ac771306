import autocannon from 'autocannon';
import type { HttpCall } from './operations';
import { cpuMicros, memoryMiB } from './processes';

/**
 * One load run with autocannon, and what the servers spent on it. Latencies are taken from
 * autocannon's per-response event in fractional milliseconds (its own histogram keeps whole ms).
 */
export interface LoadOptions {
  url: string;
  call: HttpCall;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** Per-request variation of the call (soak: the id of a connector that exists now). */
  setupBody?: () => string;
}

export interface LoadOutcome {
  /** Answers with a 2xx status and no GraphQL `errors`. */
  ok: number;
  /** Non-2xx answers, GraphQL errors, connection errors and timeouts. */
  failed: number;
  seconds: number;
  /** Latency of every answer, in ms. */
  latencies: Float64Array;
}

export async function load(options: LoadOptions): Promise<LoadOutcome> {
  const latencies: number[] = [];
  const started = performance.now();
  let instance: autocannon.Instance;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${options.url}${options.call.path}`,
        method: options.call.method,
        headers: { ...options.headers, ...(options.call.body ? { 'content-type': 'application/json' } : {}) },
        body: options.call.body,
        connections: options.connections,
        duration: options.seconds,
        // A GraphQL answer with `errors` is a failure even with status 200.
        verifyBody: (body) => !String(body).includes('"errors":'),
        ...(options.setupBody
          ? { requests: [{ setupRequest: (request) => ({ ...request, body: options.setupBody!() }) }] }
          : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const seconds = (performance.now() - started) / 1000;
  const failed = result.non2xx + result.errors + result.timeouts + result.mismatches;
  return { ok: result['2xx'] - result.mismatches, failed, seconds, latencies: Float64Array.from(latencies) };
}

/** CPU and memory of the server processes while `work` runs. */
export async function watch<T>(
  pids: Record<string, number>,
  work: () => Promise<T>,
): Promise<{ value: T; cpuMicros: Record<string, number>; rssMaxMiB: Record<string, number> }> {
  const cpuBefore = mapValues(pids, cpuMicros);
  const rssMaxMiB = mapValues(pids, (pid) => memoryMiB(pid).rss);
  const sampler = setInterval(() => {
    for (const [name, pid] of Object.entries(pids)) {
      rssMaxMiB[name] = Math.max(rssMaxMiB[name], memoryMiB(pid).rss);
    }
  }, 250);
  try {
    const value = await work();
    const cpuAfter = mapValues(pids, cpuMicros);
    return { value, cpuMicros: mapValues(pids, (_pid, name) => cpuAfter[name] - cpuBefore[name]), rssMaxMiB };
  } finally {
    clearInterval(sampler);
  }
}

function mapValues<T>(
  object: Record<string, number>,
  map: (value: number, key: string) => T,
): Record<string, T> {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, map(value, key)]));
}

/** The p-th percentile (0-100) of sorted values, nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function concatSorted(parts: Float64Array[]): Float64Array {
  const all = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  return all.sort();
}
